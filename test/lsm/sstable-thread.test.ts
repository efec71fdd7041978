// SSTables built in the worker thread against the same build in this thread: the files are
// byte for byte the same (flushes from chunked entries; compactions with snapshots and dropped
// relations), the worker's I/O goes through this thread's engine (its rate limiter and its
// faults included), errors come back with their class and code, and a job fails — without
// hanging — when its worker dies or the thread is closed, closing its entry source either way.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DbError } from '../../src/errors.js';
import { FaultInjectingEngine, IoError, type IoEngine } from '../../src/io/index.js';
import type { CompactionTask } from '../../src/lsm/compaction-policy.js';
import { compareEntries, type LsmEntry } from '../../src/lsm/entry.js';
import { encodeInternalKey } from '../../src/lsm/internal-key.js';
import { relationId, type RelationAt, type SstableMeta } from '../../src/lsm/manifest-format.js';
import { RateLimiter } from '../../src/lsm/rate-limiter.js';
import { SstableReader } from '../../src/lsm/sstable-reader.js';
import { SstableThread } from '../../src/lsm/sstable-thread.js';
import { writeSstableFile } from '../../src/lsm/sstable-writer.js';

const DIR = '/data/lsm';
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const writerOptions = { blockSize: 256, partitionKeys: 8 };

function newEngine(): FaultInjectingEngine {
  const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
  engine.mkdir(DIR);
  engine.syncDir('/data');
  return engine;
}

function fileBytes(engine: IoEngine, path: string): Buffer {
  const f = engine.open(path, 'read');
  const out = Buffer.alloc(engine.size(f));
  engine.readSync(f, out, 0);
  engine.close(f);
  return out;
}

const sortUnique = (entries: LsmEntry[]): LsmEntry[] => {
  const sorted = [...entries].sort((a, b) => compareEntries(a.key, a.csn, b.key, b.csn));
  return sorted.filter((e, i) => i === 0 || !(e.key.equals(sorted[i - 1]!.key) && e.csn === sorted[i - 1]!.csn));
};

/** Internal keys of relations 1/1 … 1/3 (so drops apply), with random user keys. */
const keyArb = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.uint8Array({ maxLength: 6, max: 7 })).map(([rel, k]) => encodeInternalKey(1, rel, Buffer.from(k)));
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 300_000 }).map((n) => Buffer.alloc(n, n & 0xff)) },
);
const entryArb = fc.record({ key: keyArb, csn: fc.integer({ min: 1, max: 50 }), value: valueArb });

const threads: SstableThread[] = [];
afterAll(async () => {
  for (const t of threads) await t.close();
});

function thread(engine: IoEngine, options: Partial<ConstructorParameters<typeof SstableThread>[1]> = {}): SstableThread {
  const t = new SstableThread(engine, { log: quiet, writerOptions, ...options });
  threads.push(t);
  return t;
}

describe('SSTables built in the worker thread', () => {
  it('writes the same file as this thread, from entries handed over in chunks', async () => {
    const engine = newEngine();
    const worker = thread(engine);
    const inline = thread(engine, { inline: true });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 120 }).map(sortUnique), async (entries) => {
        run++;
        const a = await worker.writeFile(DIR, `w${run}.sst`, entries);
        const b = await inline.writeFile(DIR, `i${run}.sst`, entries);
        expect({ ...a, path: '' }).toEqual({ ...b, path: '' });
        expect(Buffer.isBuffer(a.smallest) && Buffer.isBuffer(a.largest)).toBe(true);
        expect(fileBytes(engine, a.path).equals(fileBytes(engine, b.path))).toBe(true);
        engine.unlink(a.path);
        engine.unlink(b.path);
      }),
      { numRuns: 30 },
    );
    expect(worker.jobCounts).toEqual({ worker: run, inline: 0 });
    expect(inline.jobCounts).toEqual({ worker: 0, inline: run });
  });

  it('compacts like this thread: same outputs, same edit, writes through the rate limiter', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ entry: entryArb, file: fc.nat({ max: 3 }) }), { minLength: 1, maxLength: 150 }),
        fc.array(fc.integer({ min: 0, max: 52 }), { maxLength: 3 }),
        fc.array(fc.record({ rel: fc.integer({ min: 1, max: 3 }), csn: fc.integer({ min: 0, max: 50 }) }), { maxLength: 2 }),
        fc.boolean(),
        fc.constantFrom(500, 1 << 20),
        async (placed, snapshots, drops, bottommost, targetFileBytes) => {
          run++;
          const engine = newEngine();
          // files 1–3 in L0, file 4 in L1 (one file: never overlapping itself)
          const metas: SstableMeta[] = [];
          const readers = new Map<number, SstableReader>();
          const seen = new Set<string>();
          for (let id = 1; id <= 4; id++) {
            const entries = sortUnique(placed.filter((p) => p.file === id - 1).map((p) => p.entry)).filter((e) => {
              const k = `${e.key.toString('hex')}/${e.csn}`;
              return !seen.has(k) && seen.add(k);
            });
            if (entries.length === 0) continue;
            const s = await writeSstableFile(engine, DIR, `${String(id).padStart(6, '0')}.sst`, entries);
            metas.push({ id, level: id === 4 ? 1 : 0, size: s.fileSize, smallest: s.smallest, largest: s.largest, minCsn: s.minCsn, maxCsn: s.maxCsn });
            readers.set(id, await SstableReader.open(engine, s.path));
          }
          fc.pre(metas.some((m) => m.level === 0));
          const task: CompactionTask = { level: 0, outputLevel: 1, inputs: metas.filter((m) => m.level === 0), overlapping: metas.filter((m) => m.level === 1), bottommost, trivialMove: false, score: 1 };
          const dropped = new Map<string, RelationAt>(drops.map((d) => [relationId(1, d.rel), { dbOid: 1, relfilenode: d.rel, csn: d.csn }]));
          let nextW = 100;
          let nextI = 500;
          const limiter = new RateLimiter({ bytesPerSecond: Infinity });
          const w = new SstableThread(engine, { log: quiet, writerOptions, rateLimiter: limiter, allocateFileNumber: () => nextW++ });
          const i = new SstableThread(engine, { log: quiet, writerOptions, inline: true, allocateFileNumber: () => nextI++ });
          try {
            const options = { readers, snapshots, targetFileBytes, version: { dropped } };
            const a = await w.compact(DIR, task, options);
            const b = await i.compact(DIR, task, options);
            expect(w.jobCounts.worker).toBe(1);
            expect(a.edit.removed).toEqual(b.edit.removed);
            expect(a.edit.added?.map((f) => ({ ...f, id: 0 }))).toEqual(b.edit.added?.map((f) => ({ ...f, id: 0 })));
            expect(a.outputs.length).toBe(b.outputs.length);
            for (const [k, o] of a.outputs.entries()) expect(fileBytes(engine, o.path).equals(fileBytes(engine, b.outputs[k]!.path))).toBe(true);
            expect({ ...a, edit: null, outputs: null }).toEqual({ ...b, edit: null, outputs: null });
            expect(limiter.bytesGranted).toBe(a.bytesWritten);
          } finally {
            for (const r of readers.values()) r.close();
            await w.close();
            await i.close();
          }
        },
      ),
      { numRuns: 12 },
    );
    expect(run).toBeGreaterThan(0);
  });

  it('brings errors back with their class and code, leaves no file, and goes on', async () => {
    const engine = newEngine();
    const t = thread(engine);
    const entries = [{ key: Buffer.from('a'), csn: 1, value: Buffer.from('x') }];
    engine.failNext({ op: 'write', path: /\.sst\.tmp$/ });
    const io = await t.writeFile(DIR, 'failed.sst', entries).catch((e: unknown) => e);
    expect(io).toBeInstanceOf(IoError);
    expect(io).toMatchObject({ code: 'EIO', operation: 'write' });
    expect(engine.readdir(DIR)).toEqual([]);
    const disorder = await t.writeFile(DIR, 'disorder.sst', [...entries, { key: Buffer.from('0'), csn: 1, value: null }]).catch((e: unknown) => e);
    expect(disorder).toBeInstanceOf(DbError);
    expect(disorder).toMatchObject({ code: 'XX000' });
    expect((disorder as Error).message).toMatch(/out of order/);
    const ok = await t.writeFile(DIR, 'ok.sst', entries);
    expect(ok.entryCount).toBe(1);
    expect(engine.readdir(DIR)).toEqual(['ok.sst']);
  });

  it('fails the running job when its worker dies or the thread closes, and closes the entry source', async () => {
    const engine = newEngine();
    // a limiter that never grants: the job's first write waits at the gate
    const stuck = new RateLimiter({ bytesPerSecond: 1, burstBytes: 1, sleep: () => new Promise<void>(() => {}) });
    const t = thread(engine, { rateLimiter: stuck });
    const job = (name: string) => {
      const state = { consumed: false, closed: false };
      function* entries() {
        try {
          for (let i = 0; i < 50; i++) yield { key: Buffer.from(`k${String(i).padStart(3, "0")}`), csn: 1, value: Buffer.alloc(100, i) };
          state.consumed = true;
        } finally {
          state.closed = true;
        }
      }
      const result = t.writeFile(DIR, name, entries()).then(
        () => 'done',
        (e: unknown) => (e as Error).message,
      );
      return { state, result };
    };
    const until = async (test: () => boolean) => {
      for (let i = 0; i < 400 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(test()).toBe(true);
    };
    const first = job('first.sst');
    await until(() => first.state.consumed);
    await (t as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await first.result).toMatch(/exited/);
    expect(first.state.closed).toBe(true);
    const second = job('second.sst');
    await until(() => second.state.consumed);
    await t.close();
    expect(await second.result).toMatch(/closed/);
    expect(second.state.closed).toBe(true);
    expect(t.jobCounts.worker).toBe(2);
  });
});
