// io_uring specifics the shared contract suite does not reach: long linked batches landing in
// order, more operations than the ring holds, concurrent batches, a failure in mid-chain,
// shutdown with operations pending, large buffers, and the ring's lifetime in a process (an
// idle ring never keeps node alive; exiting or ending a worker with operations in flight is
// clean). Skipped, with the reason in the suite's name, where io_uring cannot be set up.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UringEngine, type FileHandle, type IoOp } from '../../src/io/index.js';
import { openRing } from '../../src/io/native-binding.js';
import { getFile, ioError, ioRejection, putFile, uringSkipReason } from './engine-fixtures.js';

const ADDON = fileURLToPath(new URL('../../native/build/Release/treeline_uring.node', import.meta.url));
const suite = uringSkipReason === null ? 'UringEngine' : `UringEngine (skipped: ${uringSkipReason})`;

describe.skipIf(uringSkipReason !== null)(suite, () => {
  let root: string;
  let engine: UringEngine;
  let file: FileHandle;
  const at = (name: string): string => path.join(root, name);

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'treeline-uring-'));
    engine = new UringEngine({ ringEntries: 4 });
    file = engine.open(at('data'), 'create');
  });

  afterEach(async () => {
    engine.close(file);
    await engine.shutdown();
    await rm(root, { recursive: true, force: true });
  });

  it('rounds the ring size and refuses impossible sizes', () => {
    expect(engine.capacity).toBe(4);
    const odd = new UringEngine({ ringEntries: 5 });
    expect(odd.capacity).toBe(8);
    void odd.shutdown();
    for (const ringEntries of [0, -1, 1.5, 65536]) ioError(() => new UringEngine({ ringEntries }), 'EINVAL');
  });

  it('a batch of many linked writes and a final fdatasync lands in order', async () => {
    // 300 overlapping 4 KiB writes over 15 KiB through a 4-entry ring: only order gives the model.
    const model = Buffer.alloc(15 * 1024);
    const ops: IoOp[] = [];
    for (let i = 0; i < 300; i++) {
      const position = ((i * 7919) % 12) * 1024;
      const buffer = Buffer.alloc(4096, i % 251);
      buffer.copy(model, position);
      ops.push({ op: 'write', file, buffer, position });
    }
    ops.push({ op: 'sync', file, dataOnly: true });
    expect(await engine.submit(ops)).toEqual([]);
    expect(readFileSync(at('data')).equals(model)).toBe(true);
  });

  it('queues operations beyond the ring size and completes them all', async () => {
    const writes = Array.from({ length: 200 }, (_, i) => engine.write(file, Buffer.from([i % 256]), i));
    await Promise.all(writes);
    const buffers = Array.from({ length: 200 }, () => Buffer.alloc(1));
    const counts = await Promise.all(buffers.map((buffer, i) => engine.read(file, buffer, i)));
    expect(counts).toEqual(new Array(200).fill(1));
    expect(buffers.map((b) => b[0])).toEqual(Array.from({ length: 200 }, (_, i) => i % 256));
  });

  it('concurrent batches each run in their own order', async () => {
    const batches = Array.from({ length: 20 }, (_, i) => {
      const readBack = Buffer.alloc(8);
      const position = i * 8;
      const ops: IoOp[] = [
        { op: 'write', file, buffer: Buffer.from('xxxxxxxx'), position },
        { op: 'write', file, buffer: Buffer.from(`batch${String(i).padStart(3, '0')}`), position },
        { op: 'read', file, buffer: readBack, position },
        { op: 'sync', file },
      ];
      return engine.submit(ops).then((counts) => ({ counts, text: readBack.toString() }));
    });
    const results = await Promise.all(batches);
    results.forEach(({ counts, text }, i) => {
      expect(counts).toEqual([8]);
      expect(text).toBe(`batch${String(i).padStart(3, '0')}`);
    });
  });

  it('a failure in mid-chain rejects the batch and skips the rest, also across ring segments', async () => {
    putFile(engine, at('ro'), 'read only');
    const readOnly = engine.open(at('ro'), 'read');
    const ops: IoOp[] = Array.from({ length: 10 }, (_, i) => ({ op: 'write', file, buffer: Buffer.from([0x61 + i]), position: i }));
    ops.splice(6, 0, { op: 'write', file: readOnly, buffer: Buffer.from('no'), position: 0 });
    const error = await ioRejection(engine.submit(ops), 'EBADF');
    expect(error.operation).toBe('write');
    expect(error.path).toBe(at('ro'));
    expect(getFile(engine, at('data'))).toBe('abcdef');
    engine.close(readOnly);
  });

  it('shutdown with operations pending is refused (files open) and nothing breaks', async () => {
    const pending = Array.from({ length: 50 }, (_, i) => engine.write(file, Buffer.alloc(4096, i), i * 4096));
    pending.push(engine.sync(file));
    await ioRejection(engine.shutdown(), 'EBUSY');
    ioError(() => engine.close(file), 'EBUSY');
    await Promise.all(pending);
    expect(engine.size(file)).toBe(50 * 4096);
  });

  it('closing the ring waits for queued and in-flight operations', async () => {
    const ring = openRing(2);
    const fd = (file as unknown as { fd: number }).fd;
    const settled: number[] = [];
    const ops = Array.from({ length: 40 }, (_, i) => ring.submit([1, fd, Buffer.alloc(512, i), i * 512], 1).then(() => settled.push(i)));
    await ring.close();
    expect(settled.length).toBe(40);
    await Promise.all(ops);
    await expect(ring.submit([2, fd, null, 0], 1)).rejects.toMatchObject({ code: 'ESHUTDOWN' });
    await ring.close(); // idempotent
  });

  it('reads and writes large buffers whole, and reads stop at end of file', async () => {
    const big = Buffer.alloc(24 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    await engine.write(file, big, 4096);
    const back = Buffer.alloc(32 * 1024 * 1024);
    expect(await engine.read(file, back, 4096)).toBe(big.length);
    expect(back.subarray(0, big.length).equals(big)).toBe(true);
    const [count] = await engine.submit([{ op: 'read', file, buffer: back, position: 0 }, { op: 'sync', file }]);
    expect(count).toBe(big.length + 4096);
  });

  it('an idle ring does not keep the process alive; exiting with operations in flight is clean', async () => {
    const script = at('child.cjs');
    await writeFile(script, CHILD_SCRIPT);
    const expected: Record<string, string> = { idle: 'idle', exit: '', worker: 'terminated' };
    for (const mode of Object.keys(expected)) {
      const child = spawnSync(process.execPath, [script, mode, ADDON, at('child.dat')], { encoding: 'utf8', timeout: 20_000 });
      expect(child.stderr, mode).toBe('');
      expect(child.status, mode).toBe(0);
      expect(child.stdout.trim(), mode).toBe(expected[mode]);
    }
  });
});

/** Starts 64 linked write+fdatasync pairs on a 4-entry ring, then: idle (waits, then must exit
 *  on its own), exit (process.exit at once) or worker (a worker does it and is terminated). */
const CHILD_SCRIPT = `
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const [mode, addon, target] = isMainThread ? process.argv.slice(2) : workerData;
function busyRing() {
  const { Ring } = require(addon);
  const fd = fs.openSync(target, 'w+');
  const ring = new Ring(4);
  const writes = [];
  for (let i = 0; i < 64; i++) writes.push(ring.submit([1, fd, Buffer.alloc(65536, i), i * 65536, 3, fd, null, 0], 2));
  return Promise.all(writes);
}
if (!isMainThread) {
  void busyRing();
  parentPort.postMessage('busy');
} else if (mode === 'worker') {
  const worker = new Worker(__filename, { workerData: [mode, addon, target] });
  worker.on('message', () => worker.terminate().then(() => console.log('terminated')));
} else {
  const done = busyRing();
  if (mode === 'exit') process.exit(0);
  done.then(() => console.log('idle'));
}
`;
