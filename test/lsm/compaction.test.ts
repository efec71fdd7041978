// The compaction mechanism against a plain model: random versions spread over L0 files and
// non-overlapping L1 files, random snapshots and dropped relations, merged into L1. Every reader
// (each snapshot, and "now") sees what it saw, dropped entries are gone, no bottom tombstone is
// left alone, outputs are sorted, non-overlapping and cut near the target size at key boundaries,
// and the edit applies to the version. Also: trivial moves, empty outputs, throttling, yielding,
// and failures injected at every step leaving no output behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultInjectingEngine, NodeFsEngine, type FaultOp, type IoEngine } from '../../src/io/index.js';
import { compareBytes } from '../../src/storage/compare-bytes.js';
import { runCompaction, type CompactionOptions, type CompactionResult } from '../../src/lsm/compaction.js';
import type { CompactionTask } from '../../src/lsm/compaction-policy.js';
import { collectEntries, compareEntries, type LsmEntry } from '../../src/lsm/entry.js';
import { EMPTY_VERSION, applyEdit, type SstableMeta } from '../../src/lsm/manifest-format.js';
import { RateLimiter } from '../../src/lsm/rate-limiter.js';
import { BLOCK_TRAILER_SIZE, FOOTER_SIZE, entrySize } from '../../src/lsm/sstable-format.js';
import { SstableReader } from '../../src/lsm/sstable-reader.js';
import { writeSstableFile } from '../../src/lsm/sstable-writer.js';

const DIR = '/data/lsm';
const L0_FILES = 4;
const FIRST_OUTPUT = 100;

/** A relation (the key's first byte) dropped at a CSN: its entries at or below it are dead. */
type Drops = ReadonlyMap<number, number>;
const isDead = (drops: Drops) => (key: Buffer, csn: number) => csn <= (drops.get(key[0]!) ?? -1);

const keyArb = fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 15 })).map(([rel, k]) => Buffer.from([rel, k]));
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a)) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 500, max: 3000 }), fc.nat({ max: 255 })).map(([n, b]) => Buffer.alloc(n, b)) },
);
/** slot < L0_FILES: that L0 file; slot = L0_FILES: level 1. */
const placedEntryArb = fc.record({ key: keyArb, csn: fc.integer({ min: 1, max: 60 }), value: valueArb, slot: fc.nat({ max: L0_FILES }) });
const scenarioArb = fc.record({
  entries: fc.array(placedEntryArb, { minLength: 1, maxLength: 200, size: 'medium' }),
  l1Files: fc.integer({ min: 1, max: 3 }),
  snapshots: fc.array(fc.integer({ min: 0, max: 62 }), { maxLength: 4 }),
  drops: fc.array(fc.tuple(fc.nat({ max: 3 }), fc.integer({ min: 0, max: 60 })), { maxLength: 2 }),
  bottommost: fc.boolean(),
  targetFileBytes: fc.constantFrom(1, 300, 2000, 1 << 20),
  blockSize: fc.constantFrom(64, 1024, 16 * 1024),
});

function newEngine(): FaultInjectingEngine {
  const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
  engine.mkdir(DIR);
  engine.syncDir('/data');
  return engine;
}

const sortEntries = (entries: LsmEntry[]) => entries.sort((a, b) => compareEntries(a.key, a.csn, b.key, b.csn));
const fileName = (id: number) => `${String(id).padStart(6, '0')}.sst`;

interface Setup {
  /** Every input version, in entry order. */
  all: LsmEntry[];
  task: CompactionTask;
  readers: Map<number, SstableReader>;
  inputs: SstableMeta[];
}

/** Writes the L0 files (slots) and `l1Files` non-overlapping L1 files; the task merges them all into L1. */
async function setUp(engine: IoEngine, dir: string, placed: readonly (LsmEntry & { slot: number })[], l1Files: number, bottommost: boolean): Promise<Setup> {
  const unique = new Map<string, LsmEntry & { slot: number }>();
  for (const e of placed) unique.set(`${e.key.toString('hex')}/${e.csn}`, e);
  const all = sortEntries([...unique.values()].map(({ key, csn, value }) => ({ key, csn, value })));
  const slots: LsmEntry[][] = Array.from({ length: L0_FILES + 1 }, () => []);
  for (const e of unique.values()) slots[e.slot]!.push({ key: e.key, csn: e.csn, value: e.value });
  const files: { level: number; entries: LsmEntry[] }[] = slots.slice(0, L0_FILES).map((entries) => ({ level: 0, entries: sortEntries(entries) }));
  // L1: cut between keys into up to l1Files runs.
  const l1 = sortEntries(slots[L0_FILES]!);
  const per = Math.ceil(l1.length / l1Files);
  let run: LsmEntry[] = [];
  for (const e of l1) {
    if (run.length >= per && !run.at(-1)!.key.equals(e.key)) {
      files.push({ level: 1, entries: run });
      run = [];
    }
    run.push(e);
  }
  files.push({ level: 1, entries: run });
  const inputs: SstableMeta[] = [];
  const readers = new Map<number, SstableReader>();
  for (const [i, f] of files.entries()) {
    if (f.entries.length === 0) continue;
    const id = i + 1;
    const s = await writeSstableFile(engine, dir, fileName(id), f.entries, { blockSize: 256 });
    inputs.push({ id, level: f.level, size: s.fileSize, smallest: s.smallest, largest: s.largest, minCsn: s.minCsn, maxCsn: s.maxCsn });
    readers.set(id, await SstableReader.open(engine, s.path));
  }
  const task: CompactionTask = {
    level: 0,
    outputLevel: 1,
    inputs: inputs.filter((f) => f.level === 0),
    overlapping: inputs.filter((f) => f.level === 1),
    bottommost,
    trivialMove: false,
    score: 1,
  };
  return { all, task, readers, inputs };
}

function closeAll(readers: Map<number, SstableReader>): void {
  for (const r of readers.values()) r.close();
}

type Lookup = 'absent' | 'tombstone' | string;

/** The version a reader at `snapshot` finds for `key` (the newest with CSN ≤ snapshot). */
function lookup(entries: readonly LsmEntry[], key: Buffer, snapshot: number): Lookup {
  const hit = entries.find((e) => e.key.equals(key) && e.csn <= snapshot);
  if (hit === undefined) return 'absent';
  return hit.value === null ? 'tombstone' : `${hit.csn}:${hit.value.toString('hex')}`;
}

async function readOutputs(engine: IoEngine, result: CompactionResult): Promise<{ entries: LsmEntry[]; readers: SstableReader[] }> {
  const readers: SstableReader[] = [];
  const entries: LsmEntry[] = [];
  for (const o of result.outputs) {
    const r = await SstableReader.open(engine, o.path);
    readers.push(r);
    entries.push(...collectEntries(r.cursor()));
  }
  return { entries, readers };
}

function options(readers: Map<number, SstableReader>, extra: Partial<CompactionOptions> = {}): CompactionOptions {
  let next = FIRST_OUTPUT;
  return { readers, allocateFileNumber: () => next++, snapshots: [], ...extra };
}

describe('runCompaction against a model', () => {
  it('keeps what every reader sees, drops dropped entries, and cuts sorted outputs near the target', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const { entries: placed, l1Files, snapshots, bottommost, targetFileBytes, blockSize } = sc;
        fc.pre(placed.some((e) => e.slot < L0_FILES));
        const engine = newEngine();
        const { all, task, readers, inputs } = await setUp(engine, DIR, placed, l1Files, bottommost);
        const drops: Drops = new Map(sc.drops);
        const dead = isDead(drops);
        const result = await runCompaction(engine, DIR, task, options(readers, { snapshots, dropEntry: dead, targetFileBytes, writerOptions: { blockSize }, yieldEvery: 7 }));
        const { entries: out, readers: outReaders } = await readOutputs(engine, result);
        const live = all.filter((e) => !dead(e.key, e.csn));

        // Every reader sees the same; without the bottom, a tombstone must still shadow deeper files.
        const keys = [...new Set(all.map((e) => e.key.toString('hex')))].map((k) => Buffer.from(k, 'hex'));
        for (const s of [...snapshots, Infinity]) {
          for (const k of keys) {
            const before = lookup(live, k, s);
            const after = lookup(out, k, s);
            if (bottommost) expect(after === 'tombstone' ? 'absent' : after).toBe(before === 'tombstone' ? 'absent' : before);
            else expect(after).toBe(before);
          }
        }
        // Nothing invented, nothing dead, no bottom tombstone alone.
        const inputSet = new Set(live.map((e) => `${e.key.toString('hex')}/${e.csn}/${e.value?.toString('hex') ?? 'X'}`));
        for (const e of out) expect(inputSet.has(`${e.key.toString('hex')}/${e.csn}/${e.value?.toString('hex') ?? 'X'}`)).toBe(true);
        if (bottommost) {
          for (let i = 0; i < out.length; i++) {
            const last = i + 1 === out.length || !out[i + 1]!.key.equals(out[i]!.key);
            if (last) expect(out[i]!.value).not.toBeNull();
          }
        }

        // Outputs: sorted, non-overlapping, each cut at the first key boundary past the target.
        const per = result.outputs.map((o) => out.filter((e) => compareBytes(e.key, o.smallest) >= 0 && compareBytes(e.key, o.largest) <= 0));
        expect(per.reduce((n, p) => n + p.length, 0)).toBe(out.length);
        for (let i = 0; i < result.outputs.length; i++) {
          const o = result.outputs[i]!;
          const entries = per[i]!;
          expect(entries.length).toBe(o.entryCount);
          expect(entries.length).toBeGreaterThan(0);
          if (i > 0) expect(compareBytes(result.outputs[i - 1]!.largest, o.smallest)).toBeLessThan(0);
          const lastKey = entries.at(-1)!.key;
          const encoded = entries.reduce((n, e) => n + entrySize(e), 0);
          const beforeLastKey = entries.filter((e) => !e.key.equals(lastKey)).reduce((n, e) => n + entrySize(e), 0);
          expect(beforeLastKey).toBeLessThan(targetFileBytes);
          if (i + 1 < result.outputs.length) expect(encoded).toBeGreaterThanOrEqual(targetFileBytes);
          // The file: its entries (compressed or not) plus block trailers and the sections.
          const r = outReaders[i]!;
          const overhead = r.footer.indexLength + r.footer.filterLength + r.footer.metaLength + FOOTER_SIZE + r.blocks.length * BLOCK_TRAILER_SIZE;
          expect(o.fileSize).toBeLessThanOrEqual(encoded + overhead);
        }

        // The edit, the counters, the directory.
        const version0 = applyEdit(EMPTY_VERSION, { added: inputs, nextFileNumber: 1000 });
        const version1 = applyEdit(version0, result.edit);
        expect(version1.levels.flat().map((f) => f.id)).toEqual(result.outputs.map((_, i) => FIRST_OUTPUT + i));
        expect(result.edit.removed).toHaveLength(inputs.length);
        for (const [i, f] of (result.edit.added ?? []).entries()) {
          const o = result.outputs[i]!;
          expect(f).toEqual({ id: FIRST_OUTPUT + i, level: 1, size: o.fileSize, smallest: o.smallest, largest: o.largest, minCsn: o.minCsn, maxCsn: o.maxCsn });
        }
        expect(result.entriesIn).toBe(all.length);
        expect(result.entriesOut).toBe(out.length);
        expect(result.bytesRead).toBe(inputs.reduce((n, f) => n + f.size, 0));
        expect(result.bytesWritten).toBe(result.outputs.reduce((n, o) => n + o.fileSize, 0));
        expect(engine.readdir(DIR)).toEqual([...inputs.map((f) => fileName(f.id)), ...result.outputs.map((_, i) => fileName(FIRST_OUTPUT + i))].sort());
        for (const r of outReaders) r.close();
        closeAll(readers);
        await engine.shutdown();
      }),
      { numRuns: 60 },
    );
  });

  it('adds no file when everything is dropped', async () => {
    const engine = newEngine();
    const placed = [0, 1, 2, 3, 4].map((slot) => ({ key: Buffer.from([1, slot]), csn: 5 + slot, value: Buffer.from('v'), slot }));
    const { task, readers, inputs } = await setUp(engine, DIR, placed, 1, true);
    let allocated = 0;
    const result = await runCompaction(engine, DIR, task, { ...options(readers), allocateFileNumber: () => ++allocated, dropEntry: () => true });
    expect(allocated).toBe(0);
    expect(result.edit).toEqual({ removed: inputs.map((f) => ({ level: f.level, id: f.id })), added: [] });
    expect(result.outputs).toEqual([]);
    expect(result.entriesOut).toBe(0);
    expect(engine.readdir(DIR)).toEqual(inputs.map((f) => fileName(f.id)));
    closeAll(readers);
  });
});

describe('trivial move', () => {
  it('moves the file with no I/O', async () => {
    const engine = newEngine();
    const s = await writeSstableFile(engine, DIR, fileName(7), [{ key: Buffer.from('a'), csn: 3, value: null }, { key: Buffer.from('b'), csn: 9, value: Buffer.from('x') }]);
    const reader = await SstableReader.open(engine, s.path);
    const described = { id: 7, level: 2, size: s.fileSize, smallest: s.smallest, largest: s.largest };
    const task: CompactionTask = { level: 2, outputLevel: 3, inputs: [described], overlapping: [], bottommost: true, trivialMove: true, score: 1.5 };
    engine.resetCounts();
    // The CSN range comes from the description when it has one, else from the reader.
    for (const input of [{ ...described, minCsn: 3, maxCsn: 9 }, described]) {
      const result = await runCompaction(engine, DIR, { ...task, inputs: [input] }, options(new Map([[7, reader]])));
      expect(result.edit).toEqual({ removed: [{ level: 2, id: 7 }], added: [{ ...described, level: 3, minCsn: 3, maxCsn: 9 }] });
      expect(result.outputs).toEqual([]);
      expect(result.bytesWritten + result.bytesRead).toBe(0);
    }
    for (const op of ['open', 'read', 'write', 'sync', 'rename', 'unlink'] as const) expect(engine.count(op)).toBe(0);
    const bad = { ...task, inputs: [described, { ...described, id: 8 }] };
    await expect(runCompaction(engine, DIR, bad, options(new Map([[7, reader]])))).rejects.toThrow(/trivial move/);
    reader.close();
  });
});

/** A fixed scenario: 600 versions of 300 keys over 4 L0 files and 2 L1 files. */
function fixedEntries(): (LsmEntry & { slot: number })[] {
  const out: (LsmEntry & { slot: number })[] = [];
  for (let i = 0; i < 600; i++) {
    const key = Buffer.from([i % 4, (i * 7) % 150]);
    out.push({ key, csn: 1 + i, value: i % 11 === 0 ? null : Buffer.alloc(40 + (i % 50), i), slot: i % 5 });
  }
  return out;
}

describe('failures', () => {
  it('leaves no output behind when a step fails, and succeeds once the fault is past', async () => {
    const engine = newEngine();
    const { task, readers: firstReaders, inputs } = await setUp(engine, DIR, fixedEntries(), 2, false);
    closeAll(firstReaders);
    const inputNames = inputs.map((f) => fileName(f.id)).sort();
    const outputPath = /\/000[1-9]\d\d\.sst(\.tmp)?$/;
    const inputPath = /\/00000\d\.sst$/;
    const rules: { op: FaultOp; path: RegExp }[] = [
      { op: 'open', path: outputPath },
      { op: 'write', path: outputPath },
      { op: 'sync', path: outputPath },
      { op: 'rename', path: outputPath },
      { op: 'syncDir', path: /\/lsm$/ },
      { op: 'read', path: inputPath },
    ];
    for (const rule of rules) {
      let failures = 0;
      // Every one of the first calls, then ever sparser ones up to the last.
      for (let skip = 0; ; skip = skip < 8 ? skip + 1 : Math.ceil(skip * 1.3)) {
        expect(skip).toBeLessThan(10_000);
        const readers = new Map<number, SstableReader>();
        for (const f of inputs) readers.set(f.id, await SstableReader.open(engine, join(DIR, fileName(f.id)), { cacheBlocks: 1 }));
        engine.failNext({ ...rule, skip });
        try {
          const result = await runCompaction(engine, DIR, task, options(readers, { targetFileBytes: 2000, writerOptions: { blockSize: 512, writeSize: 1024 } }));
          expect(engine.pendingFaults).toBe(1); // the fault never fired: every step is covered
          engine.clearFaults();
          expect(result.outputs.length).toBeGreaterThan(2);
          for (const o of result.outputs) engine.unlink(o.path);
          break;
        } catch (err) {
          expect((err as Error).message).toMatch(/injected/);
          failures++;
        } finally {
          closeAll(readers);
        }
        expect(engine.readdir(DIR)).toEqual(inputNames);
        await engine.shutdown(); // no file left open
      }
      expect(failures).toBeGreaterThan(0);
    }
  });
});

describe('throttling, yielding and a real directory', () => {
  it('acquires every byte it writes from the rate limiter', async () => {
    const engine = newEngine();
    const { task, readers } = await setUp(engine, DIR, fixedEntries(), 2, true);
    let t = 0;
    const limiter = new RateLimiter({ bytesPerSecond: 10_000, burstBytes: 1000, now: () => t, sleep: async (ms) => void (t += ms) });
    const result = await runCompaction(engine, DIR, task, options(readers, { rateLimiter: limiter, targetFileBytes: 3000, writerOptions: { writeSize: 1024 } }));
    expect(limiter.bytesGranted).toBe(result.bytesWritten);
    expect(t).toBeGreaterThanOrEqual(((result.bytesWritten - 1000) / 10_000) * 1000 - 1e-6);
    closeAll(readers);
  });

  it('lets the event loop run during the merge', async () => {
    const engine = newEngine();
    const { task, readers } = await setUp(engine, DIR, fixedEntries(), 2, true);
    const ticks: number[] = [];
    let done = false;
    const tick = () => {
      ticks.push(1);
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    // All dropped: nothing is written, so only the merge's own yields let the ticks run.
    await runCompaction(engine, DIR, task, options(readers, { dropEntry: () => true, yieldEvery: 2 }));
    done = true;
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    closeAll(readers);
  });

  it('compacts files on disk through node:fs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'treeline-compaction-'));
    try {
      const engine = new NodeFsEngine();
      const { all, task, readers } = await setUp(engine, dir, fixedEntries(), 2, false);
      const result = await runCompaction(engine, dir, task, options(readers, { targetFileBytes: 4000, snapshots: [0] }));
      const { entries, readers: outReaders } = await readOutputs(engine, result);
      expect(entries).toEqual(all.map((e) => ({ key: e.key, csn: e.csn, value: e.value })).filter((e, i, a) => i === 0 || !a[i - 1]!.key.equals(e.key)));
      expect(result.outputs.length).toBeGreaterThan(1);
      for (const r of [...outReaders, ...readers.values()]) r.close();
      await engine.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
