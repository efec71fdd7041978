// The node:fs I/O engine (`--io sync`, and the fallback where io_uring is missing): synchronous
// calls use fs.*Sync, asynchronous ones the callback API on libuv's thread pool, so they never
// block the event loop. Every failure is an IoError carrying the operation, path and errno code.
// Invariant: a handle's fd is used only while the handle is open and owned by this engine, and
// a handle is never closed while one of its asynchronous operations is still running (the fd
// number could be reused by another file and the late write would land there).
import fs from 'node:fs';
import path from 'node:path';
import { IoError, type FileHandle, type IoEngine, type IoOp, type OpenMode } from './engine.js';
import { checkOffset, checkOpKind, toIoError } from './checks.js';

const { O_RDONLY, O_RDWR, O_CREAT, O_DIRECTORY } = fs.constants;

const OPEN_FLAGS: Record<OpenMode, number> = {
  read: O_RDONLY,
  readwrite: O_RDWR,
  create: O_RDWR | O_CREAT,
};

class NodeFileHandle implements FileHandle {
  /** null once closed. */
  fd: number | null;
  /** Asynchronous operations in flight. */
  pending = 0;

  constructor(
    readonly engine: NodeFsEngine,
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }
}

export class NodeFsEngine implements IoEngine {
  readonly name = 'node-fs';
  private readonly openFiles = new Set<NodeFileHandle>();

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
    const handle = new NodeFileHandle(this, resolved, fd);
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

  read(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
    return this.inFlight(file, 'read', async (fd, filePath) => {
      checkOffset('read', filePath, position);
      let done = 0;
      while (done < buffer.length) {
        const n = await readAt(fd, buffer, done, buffer.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    });
  }

  write(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
    return this.inFlight(file, 'write', async (fd, filePath) => {
      checkOffset('write', filePath, position);
      let done = 0;
      while (done < buffer.length) {
        done += await writeAt(fd, buffer, done, buffer.length - done, position + done);
      }
    });
  }

  sync(file: FileHandle, dataOnly = false): Promise<void> {
    return this.inFlight(file, 'sync', (fd) => syncFd(fd, dataOnly));
  }

  async submit(ops: readonly IoOp[]): Promise<number[]> {
    const counts: number[] = [];
    for (const op of ops) {
      checkOpKind(op);
      if (op.op === 'read') counts.push(await this.read(op.file, op.buffer, op.position));
      else if (op.op === 'write') await this.write(op.file, op.buffer, op.position);
      else await this.sync(op.file, op.dataOnly);
    }
    return counts;
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

  async shutdown(): Promise<void> {
    const [stillOpen] = this.openFiles;
    if (stillOpen !== undefined) {
      throw new IoError('shutdown', stillOpen.path, 'EBUSY', `cannot shut down the I/O engine: "${stillOpen.path}" is still open`);
    }
  }

  /** Runs an asynchronous operation on an open handle, counting it as in flight meanwhile. */
  private async inFlight<T>(file: FileHandle, operation: string, run: (fd: number, filePath: string) => Promise<T>): Promise<T> {
    const handle = this.handleOf(file, operation);
    const fd = this.fdOf(handle, operation);
    handle.pending++;
    try {
      return await run(fd, handle.path);
    } catch (error) {
      throw toIoError(error, operation, handle.path);
    } finally {
      handle.pending--;
    }
  }

  private handleOf(file: FileHandle, operation: string): NodeFileHandle {
    if (!(file instanceof NodeFileHandle) || file.engine !== this) {
      throw new IoError(operation, file?.path ?? '', 'EBADF', `could not ${operation} file "${file?.path}": handle of another engine`);
    }
    return file;
  }

  private fdOf(handle: NodeFileHandle, operation: string): number {
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

function readAt(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}

function writeAt(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.write(fd, buffer, offset, length, position, (error, written) => (error ? reject(error) : resolve(written)));
  });
}

function syncFd(fd: number, dataOnly: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error: NodeJS.ErrnoException | null): void => (error ? reject(error) : resolve());
    if (dataOnly) fs.fdatasync(fd, done);
    else fs.fsync(fd, done);
  });
}
