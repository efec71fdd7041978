// Server-side files of COPY ... FROM 'file' / TO 'file', with PostgreSQL's errors: the
// SQLSTATE of errno (errcode_for_file_access: ENOENT 58P01, EACCES 42501, EISDIR 42809, ...),
// the C library's wording of it, and the hint about psql's \copy for a missing or forbidden
// file. A relative path is relative to the data directory when read, and refused when written.
// Reading hands out fresh 64 KiB chunks (the loader may keep them); writing is synchronous.
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { DbError, SqlState } from '../../errors.js';

const CHUNK = 64 * 1024;

/** errno name -> [SQLSTATE, strerror text] as PostgreSQL reports them. */
const ERRNO: Record<string, [string, string]> = {
  ENOENT: [SqlState.UndefinedFile, 'No such file or directory'],
  EACCES: [SqlState.InsufficientPrivilege, 'Permission denied'],
  EPERM: [SqlState.InsufficientPrivilege, 'Operation not permitted'],
  EROFS: [SqlState.InsufficientPrivilege, 'Read-only file system'],
  EEXIST: [SqlState.DuplicateFile, 'File exists'],
  ENOTDIR: [SqlState.WrongObjectType, 'Not a directory'],
  EISDIR: [SqlState.WrongObjectType, 'Is a directory'],
  ENOTEMPTY: [SqlState.WrongObjectType, 'Directory not empty'],
  ENOSPC: [SqlState.DiskFull, 'No space left on device'],
  ENFILE: [SqlState.InsufficientResources, 'Too many open files in system'],
  EMFILE: [SqlState.InsufficientResources, 'Too many open files'],
  EIO: [SqlState.IoError, 'Input/output error'],
  ENAMETOOLONG: [SqlState.InternalError, 'File name too long'],
  ELOOP: [SqlState.InternalError, 'Too many levels of symbolic links'],
  EFBIG: [SqlState.InternalError, 'File too large'],
};

function fileError(err: unknown, message: (reason: string) => string, hint?: string): DbError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const [state, reason] = ERRNO[code] ?? [SqlState.InternalError, (err as Error).message];
  const withHint = code === 'ENOENT' || code === 'EACCES' ? hint : undefined;
  return new DbError(state, message(reason), { hint: withHint });
}

const READ_HINT = "COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.";
const WRITE_HINT = "COPY TO instructs the PostgreSQL server process to write a file. You may want a client-side facility such as psql's \\copy.";

/** Reads a file in chunks into `consume`; checks for cancellation between chunks. */
export async function readServerFile(path: string, dataDir: string, consume: (chunk: Buffer) => void, checkCancel: () => void): Promise<void> {
  let handle;
  try {
    handle = await open(isAbsolute(path) ? path : resolve(dataDir, path), 'r');
  } catch (err) {
    throw fileError(err, (reason) => `could not open file "${path}" for reading: ${reason}`, READ_HINT);
  }
  try {
    if ((await handle.stat()).isDirectory()) throw new DbError(SqlState.WrongObjectType, `"${path}" is a directory`);
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = (await handle.read(chunk, 0, CHUNK, null)).bytesRead;
      } catch (err) {
        throw fileError(err, (reason) => `could not read from COPY file: ${reason}`);
      }
      if (n === 0) return;
      checkCancel();
      consume(n === CHUNK ? chunk : chunk.subarray(0, n));
    }
  } finally {
    await handle.close().catch(() => {});
  }
}

/** A file COPY TO writes, buffered into 64 KiB writes. */
export class ServerFileWriter {
  private readonly fd: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Creates or truncates the file (42602 for a relative path). */
  constructor(path: string) {
    if (!isAbsolute(path)) throw new DbError(SqlState.InvalidName, 'relative path not allowed for COPY to file');
    try {
      this.fd = openSync(path, 'w', 0o644);
    } catch (err) {
      throw fileError(err, (reason) => `could not open file "${path}" for writing: ${reason}`, WRITE_HINT);
    }
    if (fstatSync(this.fd).isDirectory()) {
      closeSync(this.fd);
      throw new DbError(SqlState.WrongObjectType, `"${path}" is a directory`);
    }
  }

  write(piece: Buffer): void {
    this.pending.push(piece);
    this.pendingBytes += piece.length;
    if (this.pendingBytes >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    try {
      for (let off = 0; off < data.length; ) off += writeSync(this.fd, data, off, data.length - off);
    } catch (err) {
      throw fileError(err, (reason) => `could not write to COPY file: ${reason}`);
    }
  }

  /** Writes what is buffered and closes the file (also after an error: `flushFirst` false). */
  close(flushFirst = true): void {
    try {
      if (flushFirst) this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}
