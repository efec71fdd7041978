// SSTable writer and reader against a plain model (a sorted array): point lookups at random
// snapshots, cursors with random bounds, seeks and both directions, over random entries with
// tombstones, many versions of a key, empty and block-spanning values, with and without reading
// ahead; the writer's order check.
// Damage and crash safety are in sstable-damage.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { compareBytes } from '../../src/storage/compare-bytes.js';
import type { CursorOptions, KeyBound } from '../../src/storage/cursor.js';
import type { LsmCursor } from '../../src/lsm/entry.js';
import type { SstEntry } from '../../src/lsm/sstable-format.js';
import { SstableReader, type SstLookup } from '../../src/lsm/sstable-reader.js';
import { writeSstableFile, type SstWriterOptions } from '../../src/lsm/sstable-writer.js';

const DIR = '/data/lsm';

function newEngine(): FaultInjectingEngine {
  const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
  engine.mkdir(DIR);
  engine.syncDir('/data');
  return engine;
}

/** Sorts by key ascending, CSN descending, dropping repeated (key, CSN) pairs. */
function sortEntries(entries: SstEntry[]): SstEntry[] {
  const sorted = [...entries].sort((a, b) => compareBytes(a.key, b.key) || b.csn - a.csn);
  return sorted.filter((e, i) => i === 0 || !(e.key.equals(sorted[i - 1]!.key) && e.csn === sorted[i - 1]!.csn));
}

const smallKey = fc.uint8Array({ maxLength: 4, max: 3 }).map((a) => Buffer.from(a));
const value = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 300, max: 40_000 }), fc.integer({ min: 0, max: 255 })).map(([n, b]) => Buffer.alloc(n, b)) },
);
const entryArb = fc.record({ key: smallKey, csn: fc.integer({ min: 1, max: 40 }), value });
const entriesArb = fc.array(entryArb, { maxLength: 120 }).map(sortEntries);
const optionsArb: fc.Arbitrary<SstWriterOptions> = fc.record({
  blockSize: fc.constantFrom(64, 512, 16 * 1024),
  partitionKeys: fc.constantFrom(1, 8, 1024),
});
/** Bytes read ahead on a block miss (0: one block per read). */
const readAheadArb = fc.constantFrom(0, 0, 200, 4096);
const boundArb: fc.Arbitrary<KeyBound | undefined> = fc.option(fc.record({ key: smallKey, inclusive: fc.boolean() }), { nil: undefined });

function modelGet(entries: readonly SstEntry[], key: Buffer, snapshot: number): SstLookup {
  const hit = entries.find((e) => e.key.equals(key) && e.csn <= snapshot);
  if (hit === undefined) return { kind: 'absent' };
  return hit.value === null ? { kind: 'tombstone', csn: hit.csn } : { kind: 'value', csn: hit.csn, value: hit.value };
}

function inBounds(key: Buffer, o: CursorOptions): boolean {
  if (o.lower !== undefined) {
    const c = compareBytes(key, o.lower.key);
    if (c < 0 || (c === 0 && !o.lower.inclusive)) return false;
  }
  if (o.upper !== undefined) {
    const c = compareBytes(key, o.upper.key);
    if (c > 0 || (c === 0 && !o.upper.inclusive)) return false;
  }
  return true;
}

const show = (e: SstEntry) => `${e.key.toString('hex')}@${e.csn}=${e.value === null ? 'X' : `${e.value.length}:${e.value.subarray(0, 4).toString('hex')}`}`;

async function build(entries: SstEntry[], options: SstWriterOptions = {}, readAheadBytes = 0): Promise<{ engine: FaultInjectingEngine; reader: SstableReader }> {
  const engine = newEngine();
  await writeSstableFile(engine, DIR, '000001.sst', entries, options);
  return { engine, reader: await SstableReader.open(engine, `${DIR}/000001.sst`, { cacheBlocks: 2, readAheadBytes }) };
}

describe('SSTable against a model', () => {
  it('finds the newest version at or below any snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, optionsArb, fc.array(fc.tuple(smallKey, fc.integer({ min: 0, max: 45 })), { maxLength: 40 }), readAheadArb, async (entries, options, probes, readAhead) => {
        const { reader } = await build(entries, options, readAhead);
        expect(reader.entryCount).toBe(entries.length);
        for (const e of entries) {
          expect(reader.mayContain(e.key)).toBe(true);
          expect(reader.get(e.key, e.csn)).toEqual(modelGet(entries, e.key, e.csn));
        }
        for (const [key, snapshot] of probes) expect(reader.get(key, snapshot)).toEqual(modelGet(entries, key, snapshot));
        reader.close();
      }),
      { numRuns: 150 },
    );
  });

  it('scans, bounds and seeks like the model, forward and reverse', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, optionsArb, boundArb, boundArb, fc.boolean(), fc.array(fc.tuple(smallKey, fc.option(fc.integer({ min: 0, max: 41 }), { nil: undefined })), { maxLength: 8 }), readAheadArb, async (entries, options, lower, upper, reverse, seeks, readAhead) => {
        const { reader } = await build(entries, options, readAhead);
        const cursorOptions: CursorOptions = { lower, upper, reverse };
        const inRange = entries.filter((e) => inBounds(e.key, cursorOptions));
        const expected = reverse ? [...inRange].reverse() : inRange;
        const cursor: LsmCursor = reader.cursor(cursorOptions); // the shape the merge cursors take
        const seen: SstEntry[] = [];
        for (; cursor.valid(); cursor.next()) seen.push({ key: Buffer.from(cursor.key()), csn: cursor.csn(), value: cursor.value() });
        expect(seen.map(show)).toEqual(expected.map(show));
        for (const [target, csn] of seeks) {
          cursor.seek(target, csn);
          const atOrAfter = (e: SstEntry) => {
            const c = compareBytes(e.key, target);
            if (csn === undefined) return reverse ? c <= 0 : c >= 0;
            return reverse ? c < 0 || (c === 0 && e.csn >= csn) : c > 0 || (c === 0 && e.csn <= csn);
          };
          const rest = expected.filter(atOrAfter).slice(0, 4);
          const got: SstEntry[] = [];
          for (let i = 0; i < 4 && cursor.valid(); i++, cursor.next()) got.push({ key: Buffer.from(cursor.key()), csn: cursor.csn(), value: cursor.value() });
          expect(got.map(show)).toEqual(rest.map(show));
        }
        cursor.close();
        cursor.close();
        expect(cursor.valid()).toBe(false);
        reader.close();
      }),
      { numRuns: 150 },
    );
  });

  it('reads a file front to back in fewer reads when reading ahead', async () => {
    const entries = Array.from({ length: 2000 }, (_, i) => ({ key: Buffer.from(`k${String(i).padStart(5, '0')}`), csn: 1, value: Buffer.from(`value ${i} `.repeat(3)) }));
    const counts: number[] = [];
    for (const readAhead of [0, 8192]) {
      const { reader } = await build(entries, { blockSize: 512 }, readAhead);
      const c = reader.cursor();
      let n = 0;
      for (; c.valid(); c.next()) expect(c.key()).toEqual(entries[n++]!.key);
      expect(n).toBe(entries.length);
      c.close();
      counts.push(reader.blockReads);
      reader.close();
    }
    expect(counts[0]).toBeGreaterThan(50);
    expect(counts[1]).toBeLessThan(counts[0]! / 4);
  });

  it('keeps many versions of one key across blocks and finds each snapshot', async () => {
    const key = Buffer.from('hot');
    const entries: SstEntry[] = [{ key: Buffer.from('a'), csn: 1, value: Buffer.from('x') }];
    for (let csn = 3000; csn >= 2; csn -= 2) entries.push({ key, csn, value: csn % 10 === 0 ? null : Buffer.from(`v${csn}`) });
    entries.push({ key: Buffer.from('z'), csn: 1, value: Buffer.from('y') });
    const { reader } = await build(entries, { blockSize: 1024, partitionKeys: 1 });
    expect(reader.blocks.length).toBeGreaterThan(20);
    for (let snapshot = 0; snapshot <= 3002; snapshot += 7) expect(reader.get(key, snapshot)).toEqual(modelGet(entries, key, snapshot));
    expect(reader.get(Buffer.from('hot2'), 5000)).toEqual({ kind: 'absent' });
    reader.close();
  });

  it('stores a 1 MiB value and an empty table', async () => {
    const big = Buffer.alloc(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) >>> 5;
    const { reader } = await build([{ key: Buffer.from('k'), csn: 9, value: big }]);
    const got = reader.get(Buffer.from('k'), 9);
    expect(got.kind === 'value' && got.value.equals(big)).toBe(true);
    reader.close();
    const empty = await build([]);
    expect(empty.reader.entryCount).toBe(0);
    expect(empty.reader.get(Buffer.from('k'), 9)).toEqual({ kind: 'absent' });
    expect(empty.reader.mayContain(Buffer.from('k'))).toBe(false);
    expect(empty.reader.cursor().valid()).toBe(false);
    expect(empty.reader.cursor({ reverse: true }).valid()).toBe(false);
    empty.reader.close();
  });

  it('compresses repetitive data blocks with lz4 and records the CSN range', async () => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({ key: Buffer.from(`row/${String(i).padStart(6, '0')}`), csn: 100 + i, value: Buffer.alloc(100, 0x61) }));
    const engine = newEngine();
    const summary = await writeSstableFile(engine, DIR, '000002.sst', entries);
    expect(summary.fileSize).toBeLessThan(summary.payloadBytes / 3);
    const reader = await SstableReader.open(engine, summary.path);
    expect([reader.minCsn, reader.maxCsn, reader.entryCount]).toEqual([100, 5099, 5000]);
    expect(reader.smallest.toString()).toBe('row/000000');
    expect(reader.largest.toString()).toBe('row/004999');
    reader.close();
  });

  it('refuses entries out of order or with a repeated (key, CSN)', async () => {
    const engine = newEngine();
    const a = (key: string, csn: number): SstEntry => ({ key: Buffer.from(key), csn, value: null });
    for (const bad of [[a('b', 1), a('a', 1)], [a('a', 1), a('a', 2)], [a('a', 1), a('a', 1)]]) {
      await expect(writeSstableFile(engine, DIR, 'bad.sst', bad)).rejects.toMatchObject({ code: 'XX000' });
      expect(engine.exists(`${DIR}/bad.sst`)).toBe(false);
      expect(engine.exists(`${DIR}/bad.sst.tmp`)).toBe(false);
    }
  });
});
