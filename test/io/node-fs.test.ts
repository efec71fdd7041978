// NodeFsEngine details the shared suite cannot reach on a healthy disk: short reads and writes
// from node:fs are looped over, errno and non-errno failures become IoErrors. (The engine
// choice of createIoEngine is in create-engine.test.ts.)
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NodeFsEngine, type FileHandle } from '../../src/io/index.js';
import { ioError, ioRejection } from './engine-fixtures.js';

describe('NodeFsEngine over a misbehaving node:fs', () => {
  let root: string;
  let engine: NodeFsEngine;
  let file: FileHandle;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'treeline-io-node-'));
    engine = new NodeFsEngine();
    file = engine.open(path.join(root, 'f'), 'create');
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    engine.close(file);
    await engine.shutdown();
    await rm(root, { recursive: true, force: true });
  });

  /** Makes node:fs transfer at most 3 bytes per call, like a signal-interrupted syscall. */
  function shortTransfers(): void {
    const writeSync = fs.writeSync;
    const readSync = fs.readSync;
    const write = fs.write;
    const read = fs.read;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
      writeSync(fd, buffer, offset, Math.min(length, 3), position)) as typeof fs.writeSync);
    vi.spyOn(fs, 'readSync').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
      readSync(fd, buffer, offset, Math.min(length, 3), position)) as typeof fs.readSync);
    vi.spyOn(fs, 'write').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number, position: number, callback: never) =>
      write(fd, buffer, offset, Math.min(length, 3), position, callback)) as unknown as typeof fs.write);
    vi.spyOn(fs, 'read').mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number, position: number, callback: never) =>
      read(fd, buffer, offset, Math.min(length, 3), position, callback)) as unknown as typeof fs.read);
  }

  it('loops on short synchronous writes and reads', () => {
    shortTransfers();
    engine.writeSync(file, Buffer.from('a fairly long record'), 2);
    expect(fs.writeSync).toHaveBeenCalledTimes(7);
    const buffer = Buffer.alloc(30);
    expect(engine.readSync(file, buffer, 2)).toBe(20);
    expect(buffer.subarray(0, 20).toString()).toBe('a fairly long record');
  });

  it('loops on short asynchronous writes and reads', async () => {
    shortTransfers();
    await engine.write(file, Buffer.from('0123456789'), 0);
    expect(fs.write).toHaveBeenCalledTimes(4);
    const buffer = Buffer.alloc(12);
    expect(await engine.read(file, buffer, 1)).toBe(9);
    expect(buffer.subarray(0, 9).toString()).toBe('123456789');
  });

  it('turns errno failures into IoErrors with the code', async () => {
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    const error = ioError(() => engine.writeSync(file, Buffer.from('x'), 0), 'ENOSPC');
    expect(error.operation).toBe('write');
    expect(error.path).toBe(path.join(root, 'f'));
    vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, callback: (error: Error | null) => void) =>
      callback(Object.assign(new Error('i/o error'), { code: 'EIO' }))) as typeof fs.fdatasync);
    expect((await ioRejection(engine.sync(file, true), 'EIO')).operation).toBe('sync');
  });

  it('turns non-errno failures into EIO, keeping their message', () => {
    vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw new TypeError('something odd');
    });
    const error = ioError(() => engine.syncSync(file), 'EIO');
    expect(error.message).toContain('something odd');
  });

  it('uses fdatasync for data-only syncs and fsync otherwise', async () => {
    const fdatasyncSync = vi.spyOn(fs, 'fdatasyncSync');
    const fsyncSync = vi.spyOn(fs, 'fsyncSync');
    const fdatasync = vi.spyOn(fs, 'fdatasync');
    engine.syncSync(file, true);
    engine.syncSync(file);
    await engine.sync(file, true);
    expect(fdatasyncSync).toHaveBeenCalledTimes(1);
    expect(fsyncSync).toHaveBeenCalledTimes(1);
    expect(fdatasync).toHaveBeenCalledTimes(1);
  });
});
