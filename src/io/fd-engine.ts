// What the node:fs and io_uring engines share: files are kernel file descriptors opened with
// node:fs, and the synchronous calls and the namespace calls are node:fs's *Sync functions
// (short transfers looped over). Subclasses supply the asynchronous read/write/sync/submit.
// Invariant: a handle's fd is used only while the handle is open and owned by this engine, and
// a handle is never closed while one of its asynchronous operations is still running (the fd
// number could be reused by another file and the late write would land there).
import fs from 'node:fs';
import path from 'node:path';
import { IoError, type FileHandle, type IoEngine, type IoOp, type OpenMode } from './engine.js';
import { checkOffset, toIoError } from './checks.js';

const { O_RDONLY, O_RDWR, O_CREAT, O_DIRECTORY } = fs.constants;

const OPEN_FLAGS: Record<OpenMode, number> = {
  read: O_RDONLY,
  readwrite: O_RDWR,
  create: O_RDWR | O_CREAT,
};

export class FdHandle implements FileHandle {
  /** null once closed. */
  fd: number | null;
  /** Asynchronous operations in flight. */
  pending = 0;

  constructor(
    readonly engine: FdEngine,
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }
}

export abstract class FdEngine implements IoEngine {
  abstract readonly name: string;
  private readonly openFiles = new Set<FdHandle>();

  abstract read(file: FileHandle, buffer: Buffer, position: number): Promise<number>;
  abstract write(file: FileHandle, buffer: Buffer, position: number): Promise<void>;
  abstract sync(file: FileHandle, dataOnly?: boolean): Promise<void>;
  abstract submit(ops: readonly IoOp[]): Promise<number[]>;

  open(filePath: string, mode: OpenMode): FileHandle {
    const resolved = path.resolve(filePath);
    if (!Object.hasOwn(OPEN_FLAGS, mode)) throw new IoError('open', resolved, 'EINVAL', `unknown open mode "${String(mode)}"`);
    let fd: number;
    try {
      fd = fs.openSync(resolved, OPEN_FLAGS[mode], 0o644);
    } catch (error) {
      throw toIoError(error, 'open', resolved);
    }
    // open(2) accepts a directory read-only; a FileHandle is always a regular file.
    try {
      if (fs.fstatSync(fd).isDirectory()) throw new IoError('open', resolved, 'EISDIR');
    } catch (error) {
      fs.closeSync(fd);
      throw toIoError(error, 'open', resolved);
    }
    const handle = new FdHandle(this, resolved, fd);
    this.openFiles.add(handle);
    return handle;
  }

  close(file: FileHandle): void {
    const handle = this.handleOf(file, 'close');
    if (handle.pending > 0) {
      throw new IoError('close', handle.path, 'EBUSY', `could not close file "${handle.path}": ${handle.pending} operation(s) in flight`);
    }
    const fd = this.fdOf(handle, 'close');
    handle.fd = null;
    this.openFiles.delete(handle);
    try {
      fs.closeSync(fd);
    } catch (error) {
      throw toIoError(error, 'close', handle.path);
    }
  }

  size(file: FileHandle): number {
    const handle = this.handleOf(file, 'stat');
    try {
      return fs.fstatSync(this.fdOf(handle, 'stat')).size;
    } catch (error) {
      throw toIoError(error, 'stat', handle.path);
    }
  }

  truncateSync(file: FileHandle, length: number): void {
    const handle = this.handleOf(file, 'truncate');
    checkOffset('truncate', handle.path, length);
    try {
      fs.ftruncateSync(this.fdOf(handle, 'truncate'), length);
    } catch (error) {
      throw toIoError(error, 'truncate', handle.path);
    }
  }

  readSync(file: FileHandle, buffer: Buffer, position: number): number {
    const handle = this.handleOf(file, 'read');
    checkOffset('read', handle.path, position);
    try {
      const fd = this.fdOf(handle, 'read');
      let done = 0;
      while (done < buffer.length) {
        const n = fs.readSync(fd, buffer, done, buffer.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    } catch (error) {
      throw toIoError(error, 'read', handle.path);
    }
  }

  writeSync(file: FileHandle, buffer: Buffer, position: number): void {
    const handle = this.handleOf(file, 'write');
    checkOffset('write', handle.path, position);
    try {
      const fd = this.fdOf(handle, 'write');
      let done = 0;
      while (done < buffer.length) {
        done += fs.writeSync(fd, buffer, done, buffer.length - done, position + done);
      }
    } catch (error) {
      throw toIoError(error, 'write', handle.path);
    }
  }

  syncSync(file: FileHandle, dataOnly = false): void {
    const handle = this.handleOf(file, 'sync');
    try {
      const fd = this.fdOf(handle, 'sync');
      if (dataOnly) fs.fdatasyncSync(fd);
      else fs.fsyncSync(fd);
    } catch (error) {
      throw toIoError(error, 'sync', handle.path);
    }
  }

  exists(filePath: string): boolean {
    return fs.existsSync(path.resolve(filePath));
  }

  mkdir(dirPath: string, recursive = false): void {
    const resolved = path.resolve(dirPath);
    try {
      fs.mkdirSync(resolved, { recursive });
    } catch (error) {
      // "No error if it exists" — as a directory; an existing file stays EEXIST.
      if (!recursive && (error as { code?: unknown }).code === 'EEXIST' && isDirectory(resolved)) return;
      throw toIoError(error, 'mkdir', resolved);
    }
  }

  readdir(dirPath: string): string[] {
    const resolved = path.resolve(dirPath);
    try {
      return fs.readdirSync(resolved).sort();
    } catch (error) {
      throw toIoError(error, 'readdir', resolved);
    }
  }

  rename(from: string, to: string): void {
    const source = path.resolve(from);
    const target = path.resolve(to);
    try {
      fs.renameSync(source, target);
    } catch (error) {
      throw toIoError(error, 'rename', source, target);
    }
  }

  unlink(filePath: string): void {
    const resolved = path.resolve(filePath);
    try {
      fs.unlinkSync(resolved);
    } catch (error) {
      throw toIoError(error, 'unlink', resolved);
    }
  }

  syncDir(dirPath: string): void {
    const resolved = path.resolve(dirPath);
    let fd: number | undefined;
    try {
      fd = fs.openSync(resolved, O_RDONLY | O_DIRECTORY);
      fs.fsyncSync(fd);
    } catch (error) {
      throw toIoError(error, 'syncDir', resolved);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Refuses while a file is open; subclasses then release their own resources. */
  async shutdown(): Promise<void> {
    const [stillOpen] = this.openFiles;
    if (stillOpen !== undefined) {
      throw new IoError('shutdown', stillOpen.path, 'EBUSY', `cannot shut down the I/O engine: "${stillOpen.path}" is still open`);
    }
  }

  /** The handle as this engine's own; EBADF for a handle of another engine. */
  protected handleOf(file: FileHandle, operation: string): FdHandle {
    if (!(file instanceof FdHandle) || file.engine !== this) {
      throw new IoError(operation, file?.path ?? '', 'EBADF', `could not ${operation} file "${file?.path}": handle of another engine`);
    }
    return file;
  }

  /** The open handle's fd; EBADF once closed. */
  protected fdOf(handle: FdHandle, operation: string): number {
    if (handle.fd === null) {
      throw new IoError(operation, handle.path, 'EBADF', `could not ${operation} file "${handle.path}": handle is closed`);
    }
    return handle.fd;
  }
}

function isDirectory(dirPath: string): boolean {
  try {
    return fs.statSync(dirPath).isDirectory();
  } catch {
    return false;
  }
}
