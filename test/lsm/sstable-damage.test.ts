// Damaged and half-written SSTables: a flipped byte anywhere (data block, index, filter, meta,
// footer) or a cut-short file is a DbError XX001 naming the file, never data; a power loss before
// the rename (or its directory sync) leaves nothing under the final name; after writeSstableFile
// returns the file survives a power loss intact.
import { describe, expect, it } from 'vitest';
import { DbError } from '../../src/errors.js';
import { FaultInjectingEngine } from '../../src/io/index.js';
import type { SstEntry } from '../../src/lsm/sstable-format.js';
import { SstableReader } from '../../src/lsm/sstable-reader.js';
import { writeSstable, writeSstableFile } from '../../src/lsm/sstable-writer.js';

const DIR = '/data/lsm';
const FILE = `${DIR}/000007.sst`;

function newEngine(): FaultInjectingEngine {
  const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
  engine.mkdir(DIR);
  engine.syncDir('/data');
  return engine;
}

function sampleEntries(n: number): SstEntry[] {
  const out: SstEntry[] = [];
  for (let i = 0; i < n; i++) {
    const key = Buffer.from(`key/${String(i).padStart(5, '0')}`);
    out.push({ key, csn: 20 + i, value: i % 9 === 0 ? null : Buffer.from(`value ${i} `.repeat(1 + (i % 5))) });
    if (i % 4 === 0) out.push({ key, csn: 10, value: Buffer.from('old') });
  }
  return out;
}

/** Opens the file and reads everything: every version by cursor, every key by get. */
async function readEverything(engine: FaultInjectingEngine, entries: readonly SstEntry[]): Promise<void> {
  const reader = await SstableReader.open(engine, FILE, { cacheBlocks: 1 });
  try {
    const cursor = reader.cursor();
    let n = 0;
    for (; cursor.valid(); cursor.next()) {
      const e = entries[n++]!;
      if (!cursor.key().equals(e.key) || cursor.csn() !== e.csn) throw new Error(`entry ${n} differs`);
      const v = cursor.value();
      if ((v === null) !== (e.value === null) || (v !== null && !v.equals(e.value!))) throw new Error(`value ${n} differs`);
    }
    if (n !== entries.length) throw new Error(`scan found ${n} of ${entries.length} entries`);
    for (const e of entries) reader.get(e.key, e.csn);
  } finally {
    reader.close();
  }
}

function flipByte(engine: FaultInjectingEngine, position: number, mask = 0x01): void {
  const file = engine.open(FILE, 'readwrite');
  const b = Buffer.alloc(1);
  engine.readSync(file, b, position);
  b[0]! ^= mask;
  engine.writeSync(file, b, position);
  engine.close(file);
}

async function expectCorrupt(promise: Promise<unknown>): Promise<DbError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DbError);
  expect((err as DbError).code).toBe('XX001');
  expect((err as DbError).message).toContain('000007.sst');
  return err as DbError;
}

describe('SSTable damage', () => {
  it('detects a flipped bit at every byte of a small file', async () => {
    const entries = sampleEntries(40);
    const engine = newEngine();
    const { fileSize } = await writeSstableFile(engine, DIR, '000007.sst', entries, { blockSize: 256, partitionKeys: 4 });
    await readEverything(engine, entries); // intact
    const reasons = new Set<string>();
    for (let pos = 0; pos < fileSize; pos++) {
      for (const mask of [0x01, 0x80]) {
        flipByte(engine, pos, mask);
        const err = await expectCorrupt(readEverything(engine, entries));
        reasons.add(err.message.replace(/.*is corrupt: (data block \d+ at offset \d+: )?/, '').replace(/\d+/g, 'N'));
        flipByte(engine, pos, mask);
      }
    }
    expect([...reasons].sort()).toEqual(
      expect.arrayContaining(['bad magic', 'block checksum mismatch', 'filter section checksum mismatch', 'footer checksum mismatch', 'index section checksum mismatch', 'meta section checksum mismatch']),
    );
  });

  it('names the damaged part: data block, index, filter, footer', async () => {
    const entries = sampleEntries(2000);
    const engine = newEngine();
    await writeSstableFile(engine, DIR, '000007.sst', entries);
    const reader = await SstableReader.open(engine, FILE);
    const { indexOffset, indexLength, filterLength } = reader.footer;
    const second = reader.blocks[1]!;
    reader.close();
    const cases: [number, RegExp][] = [
      [second.offset + 7, /data block 1 at offset \d+: block checksum mismatch/],
      [indexOffset + 9, /index section checksum mismatch/],
      [indexOffset + indexLength + filterLength - 3, /filter section checksum mismatch/],
      [reader.fileSize - 40, /footer checksum mismatch/],
    ];
    for (const [position, reason] of cases) {
      flipByte(engine, position);
      expect((await expectCorrupt(readEverything(engine, entries))).message).toMatch(reason);
      flipByte(engine, position);
    }
    await readEverything(engine, entries);
  });

  it('reports a file cut short, or too short for a footer, as corrupt', async () => {
    const entries = sampleEntries(100);
    const engine = newEngine();
    const { fileSize } = await writeSstableFile(engine, DIR, '000007.sst', entries);
    for (const length of [fileSize - 1, fileSize - 81, 40, 0]) {
      const file = engine.open(FILE, 'readwrite');
      engine.truncateSync(file, length);
      engine.close(file);
      await expectCorrupt(readEverything(engine, entries));
    }
  });
});

describe('SSTable crash safety', () => {
  const entries = sampleEntries(3000);

  it('keeps a finished file across a power loss', async () => {
    const engine = newEngine();
    await writeSstableFile(engine, DIR, '000007.sst', entries);
    engine.powerLoss();
    await readEverything(engine, entries);
    expect(engine.readdir(DIR)).toEqual(['000007.sst']);
  });

  it('leaves nothing under the final name after a power loss before the rename is durable', async () => {
    for (const op of ['write', 'sync', 'rename', 'syncDir'] as const) {
      const engine = newEngine();
      engine.failNext({ op, path: op === 'syncDir' ? DIR : /000007/ });
      await expect(writeSstableFile(engine, DIR, '000007.sst', entries)).rejects.toThrow();
      engine.powerLoss();
      expect(engine.exists(FILE), `after a failed ${op}`).toBe(false);
    }
  });

  it('never shows a half-written file under the final name, wherever the power fails', async () => {
    const outcomes = new Set<string>();
    for (let ticks = 0; !outcomes.has('complete'); ticks += 5) {
      const engine = newEngine();
      const writing = writeSstableFile(engine, DIR, '000007.sst', entries, { writeSize: 16 * 1024 }).catch(() => null);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      engine.powerLoss();
      await writing;
      if (engine.exists(FILE)) await readEverything(engine, entries);
      outcomes.add(engine.exists(FILE) ? 'complete' : 'absent');
    }
    expect(outcomes.has('absent')).toBe(true);
  });

  it('writeSstable alone leaves the file under its own name, for callers that rename themselves', async () => {
    const engine = newEngine();
    const summary = await writeSstable(engine, FILE, entries);
    expect(summary.entryCount).toBe(entries.length);
    expect(engine.count('sync', FILE)).toBe(1);
    await readEverything(engine, entries);
  });
});
