// Opening damaged logs: a file cut at every byte offset opens with exactly the complete
// batches; damage in the middle (bytes that were synced before later commits) is XX001;
// the header and the snapshot of a compacted file are never treated as a torn tail.
import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { readFrame } from '../../../src/storage/kv/format.js';
import { KvBatch, KvLog } from '../../../src/storage/kv/index.js';
import { PATH, b, dump, newEngine, readBytes, recordingLogger, writeBytes } from './helpers.js';

interface Checkpoint {
  /** File size right after the batch became durable. */
  size: number;
  state: Map<string, string>;
}

/** Commits batches one at a time (each its own write group); returns the file and checkpoints. */
async function buildLog(compactAfter?: number): Promise<{ bytes: Buffer; checkpoints: Checkpoint[]; snapshotEnd: number }> {
  const engine = newEngine();
  const log = KvLog.open(engine, PATH, { logger: recordingLogger(), autoCompact: false });
  let snapshotEnd = 32;
  const checkpoints: Checkpoint[] = [{ size: log.stats().fileSize, state: new Map() }];
  for (let i = 0; i < 12; i++) {
    const batch = new KvBatch();
    for (let j = 0; j <= i % 4; j++) batch.put(b(`key-${(i * 7 + j) % 9}`), b(`value ${i}.${j} ${'x'.repeat(i)}`));
    if (i % 3 === 2) batch.delete(b(`key-${i % 9}`));
    await log.write(batch);
    if (i === compactAfter) {
      await log.compact();
      snapshotEnd = log.stats().fileSize;
      checkpoints.length = 0;
    }
    checkpoints.push({ size: log.stats().fileSize, state: dump(log) });
  }
  await log.close();
  return { bytes: readBytes(engine, PATH), checkpoints, snapshotEnd };
}

function openPrefix(bytes: Buffer, length: number) {
  const engine = newEngine();
  writeBytes(engine, PATH, bytes.subarray(0, length));
  const logger = recordingLogger();
  const log = KvLog.open(engine, PATH, { logger });
  return { engine, log, logger };
}

function expectCorrupt(bytes: Buffer, offset: number | RegExp): DbError {
  const engine = newEngine();
  writeBytes(engine, PATH, bytes);
  try {
    KvLog.open(engine, PATH, { logger: recordingLogger() });
  } catch (err) {
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('XX001');
    expect((err as DbError).message).toContain(`"${PATH}"`);
    expect((err as DbError).message).toMatch(typeof offset === 'number' ? new RegExp(`at offset ${offset}\\b`) : offset);
    return err as DbError;
  }
  throw new Error('expected the open to fail with XX001');
}

describe('KvLog recovery from a cut file', () => {
  it('opens a file cut at every byte offset with exactly the complete batches, durably truncated', async () => {
    const { bytes, checkpoints } = await buildLog();
    for (let length = 32; length <= bytes.length; length++) {
      const { engine, log, logger } = openPrefix(bytes, length);
      const complete = checkpoints.filter((c) => c.size <= length).at(-1)!;
      expect(dump(log), `cut at ${length}`).toEqual(complete.state);
      expect(log.stats().fileSize).toBe(complete.size);
      expect(logger.warnings.length).toBe(complete.size === length ? 0 : 1);
      if (complete.size !== length) expect(logger.warnings[0]).toContain(`at offset ${complete.size}`);
      // The cut is durable, and the log appends after it.
      engine.powerLoss();
      expect(readBytes(engine, PATH).length).toBe(complete.size);
      const again = KvLog.open(engine, PATH, { logger });
      await again.put(b('after'), b('cut'));
      await again.close();
      expect(dump(KvLog.open(engine, PATH, { logger })).get('after')).toBe('cut');
    }
  });

  it('keeps exactly the complete batches of a write group cut at every byte offset', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { logger: recordingLogger() });
    await log.put(b('first'), b('0'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const groupStart = log.stats().fileSize;
    const batches = [0, 1, 2, 3].map((i) => new KvBatch().put(b(`g${i}`), b(`v${i}`)).delete(b(`g${i - 1}`)));
    await Promise.all(batches.map((batch) => log.write(batch)));
    await log.close();
    const bytes = readBytes(engine, PATH);
    // Batch ends inside the group, from the frames' own lengths.
    const ends = [groupStart];
    while (ends.at(-1)! < bytes.length) ends.push(ends.at(-1)! + 8 + bytes.readUInt32LE(ends.at(-1)!));
    expect(ends).toHaveLength(5);
    for (let length = groupStart; length <= bytes.length; length++) {
      const complete = ends.filter((end) => end <= length).length - 1;
      const expected = new Map([['first', '0']]);
      if (complete > 0) expected.set(`g${complete - 1}`, `v${complete - 1}`);
      expect(dump(openPrefix(bytes, length).log), `cut at ${length}`).toEqual(expected);
    }
  });

  it('treats a header cut short as corruption (the header is synced before the file is named)', async () => {
    const { bytes } = await buildLog();
    for (const length of [0, 1, 8, 31]) expectCorrupt(bytes.subarray(0, length), 0);
  });

  it('never cuts into the snapshot of a compacted file', async () => {
    const { bytes, checkpoints, snapshotEnd } = await buildLog(5);
    expect(snapshotEnd).toBeGreaterThan(32);
    for (let length = 32; length < snapshotEnd; length++) expectCorrupt(bytes.subarray(0, length), /snapshot/);
    for (let length = snapshotEnd; length <= bytes.length; length++) {
      const { log } = openPrefix(bytes, length);
      expect(dump(log)).toEqual(checkpoints.filter((c) => c.size <= length).at(-1)!.state);
    }
  });

  it('cuts a tail of zeros (an extended file whose data never arrived)', async () => {
    const { bytes, checkpoints } = await buildLog();
    const { log, logger } = openPrefix(Buffer.concat([bytes, Buffer.alloc(4096)]), bytes.length + 4096);
    expect(dump(log)).toEqual(checkpoints.at(-1)!.state);
    expect(logger.warnings).toHaveLength(1);
  });
});

describe('KvLog recovery from damage', () => {
  it('fails with XX001 at the offset of a damaged record followed by valid ones', async () => {
    const { bytes, checkpoints } = await buildLog();
    for (let k = 1; k < checkpoints.length - 1; k++) {
      const start = checkpoints[k - 1].size;
      const end = checkpoints[k].size;
      for (const at of [start, start + 3, start + 4, start + 8, start + 12, Math.floor((start + end) / 2), end - 1]) {
        const damaged = Buffer.from(bytes);
        damaged[at] ^= 0x5a;
        expectCorrupt(damaged, start);
      }
    }
  });

  it('cuts a complete last record whose checksum fails, with a warning', async () => {
    const { bytes, checkpoints } = await buildLog();
    const damaged = Buffer.from(bytes);
    damaged[bytes.length - 2] ^= 1;
    const { log, logger } = openPrefix(damaged, damaged.length);
    expect(dump(log)).toEqual(checkpoints.at(-2)!.state);
    expect(logger.warnings[0]).toMatch(/checksum mismatch/);
  });

  it('drops a torn write group whole, even when later batches of the same group reached the disk', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { logger: recordingLogger() });
    await log.put(b('before'), b('1'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all([log.put(b('g0'), b('2')), log.put(b('g1'), b('3')), log.put(b('g2'), b('4')), log.put(b('g3'), b('5'))]);
    await log.close();
    const bytes = readBytes(engine, PATH);
    const frames: Array<{ offset: number; groupIndex: number }> = [];
    for (let offset = 32; offset < bytes.length; ) {
      const read = readFrame(bytes, offset);
      if (read.status !== 'ok') throw new Error(`unreadable frame at ${offset}`);
      frames.push({ offset, groupIndex: read.frame.groupIndex });
      offset += read.frame.size;
    }
    // Three flushes: [before]; [g0], which found the log idle; [g1 g2 g3], queued meanwhile.
    expect(frames.map((f) => f.groupIndex)).toEqual([0, 0, 0, 1, 2]);
    // Damage g2: g3 belongs to its group, so the damage may be a torn write: cut at g2.
    const torn = Buffer.from(bytes);
    torn[frames[3].offset + 20] ^= 0xff;
    const { log: reopened, logger } = openPrefix(torn, torn.length);
    expect(dump(reopened)).toEqual(new Map([['before', '1'], ['g0', '2'], ['g1', '3']]));
    expect(logger.warnings[0]).toContain(`at offset ${frames[3].offset}`);
    // Damage [before] instead: the group after it proves it had been synced.
    const early = Buffer.from(bytes);
    early[frames[0].offset + 20] ^= 0xff;
    expect(expectCorrupt(early, frames[0].offset).message).toMatch(new RegExp(`later commit follows at offset ${frames[1].offset}`));
  });

  it('rejects a bad magic number, a bad header checksum and an unknown format version', async () => {
    const { bytes } = await buildLog();
    const magic = Buffer.from(bytes);
    magic[0] = 0x41;
    expect(expectCorrupt(magic, 0).message).toMatch(/magic/);
    const checksum = Buffer.from(bytes);
    checksum[14] ^= 1;
    expect(expectCorrupt(checksum, 0).message).toMatch(/checksum/);
    const version = Buffer.from(bytes);
    version.writeUInt32LE(2, 8);
    version.writeUInt32LE(crc32c(version.subarray(0, 28)), 28);
    const engine = newEngine();
    writeBytes(engine, PATH, version);
    expect(() => KvLog.open(engine, PATH)).toThrow(expect.objectContaining({ code: '0A000', message: expect.stringMatching(/version 2/) }));
  });

  it('rejects a record whose checksum holds but whose sequence is out of order', async () => {
    const { bytes, checkpoints } = await buildLog();
    // Drop the second batch: the third now follows the first with a gap in the sequence.
    const [, first, second] = checkpoints;
    const spliced = Buffer.concat([bytes.subarray(0, first.size), bytes.subarray(second.size)]);
    expect(expectCorrupt(spliced, first.size).message).toMatch(/sequence 3, expected 2/);
  });
});
