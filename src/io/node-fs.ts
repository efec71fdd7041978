// The node:fs I/O engine (`--io sync`, and the fallback where io_uring is missing): the file,
// synchronous and namespace calls of FdEngine, plus asynchronous ones on node:fs's callback API
// (libuv's thread pool), so they never block the event loop; short transfers are looped over.
// Every failure is an IoError carrying the operation, path and errno code.
// Invariant: a handle is counted as busy (FdHandle.pending) for as long as an operation on its
// fd runs, so close refuses until it has finished.
import fs from 'node:fs';
import type { FileHandle, IoOp } from './engine.js';
import { checkOffset, checkOpKind, toIoError } from './checks.js';
import { FdEngine } from './fd-engine.js';

export class NodeFsEngine extends FdEngine {
  readonly name = 'node-fs';

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
