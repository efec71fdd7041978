// The MANIFEST: random edits survive reopening and rewrites (against a plain model), a torn
// tail is cut off at any cut point, damage before the tail is XX001, and on a power loss only
// synced edits survive — an edit caught by the crash is all there or not at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../src/errors.js';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { Manifest, MANIFEST_NAME } from '../../src/lsm/manifest.js';
import { encodeEdit, readEdit, type ManifestVersion, type SstableMeta, type VersionEdit } from '../../src/lsm/manifest-format.js';

const DIR = '/data/lsm';
const PATH = `${DIR}/${MANIFEST_NAME}`;

function newEngine(): FaultInjectingEngine {
  const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
  engine.mkdir(DIR);
  engine.syncDir('/data');
  return engine;
}

/** A file whose key range is its own (ids never share a range, so levels never overlap). */
function file(id: number, level: number): SstableMeta {
  const key = (n: number) => Buffer.from(n.toString(16).padStart(8, '0'));
  return { id, level, size: id * 1000, smallest: key(id * 10), largest: key(id * 10 + 5), minCsn: id, maxCsn: id * 2 };
}

/** Files sorted by id: the comparable content of a version. */
const filesOf = (v: ManifestVersion) => v.levels.flat().sort((a, b) => a.id - b.id);

type Step = { kind: 'flush' } | { kind: 'compact'; pick: number; to: number } | { kind: 'remove'; pick: number } | { kind: 'reopen' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'flush' }),
  fc.record({ kind: fc.constant('compact' as const), pick: fc.nat(), to: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.constant<Step>({ kind: 'reopen' }),
);

function readFile(engine: FaultInjectingEngine): Buffer {
  const f = engine.open(PATH, 'read');
  const buf = Buffer.alloc(engine.size(f));
  engine.readSync(f, buf, 0);
  engine.close(f);
  return buf;
}

function writeFile(engine: FaultInjectingEngine, content: Buffer): void {
  const f = engine.open(PATH, 'readwrite');
  engine.truncateSync(f, 0);
  engine.writeSync(f, content, 0);
  engine.syncSync(f);
  engine.close(f);
}

describe('Manifest', () => {
  it('reopens to the version its edits built, across rewrites', async () => {
    let rewrites = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.constantFrom(64, 1 << 20), async (steps, rewriteBytes) => {
        const engine = newEngine();
        let manifest = Manifest.open(engine, DIR, { rewriteBytes });
        const model = new Map<number, SstableMeta>();
        let csn = 0;
        for (const s of steps) {
          const live = [...model.values()].sort((a, b) => a.id - b.id);
          if (s.kind === 'reopen') {
            rewrites += manifest.rewrites;
            await manifest.close();
            manifest = Manifest.open(engine, DIR, { rewriteBytes });
          } else if (s.kind === 'flush') {
            const f = file(manifest.allocateFileNumber(), 0);
            csn += 5;
            await manifest.apply({ added: [f], lastFlushedCsn: csn });
            model.set(f.id, f);
          } else if (live.length > 0) {
            const victim = live[s.pick % live.length]!;
            const edit: VersionEdit = { removed: [{ level: victim.level, id: victim.id }] };
            model.delete(victim.id);
            if (s.kind === 'compact') {
              const out = file(manifest.allocateFileNumber(), s.to);
              edit.added = [out];
              model.set(out.id, out);
            }
            await manifest.apply(edit);
          }
          expect(filesOf(manifest.current)).toEqual([...model.values()].sort((a, b) => a.id - b.id));
        }
        const before = manifest.current;
        rewrites += manifest.rewrites;
        await manifest.close();
        const reopened = Manifest.open(engine, DIR);
        expect(reopened.current).toEqual(before);
        for (const [level, files] of reopened.current.levels.entries()) for (const f of files) expect(f.level).toBe(level);
        expect(reopened.current.lastFlushedCsn).toBe(csn);
        await reopened.close();
      }),
      { numRuns: 60 },
    );
    expect(rewrites).toBeGreaterThan(0);
  });

  it('refuses an edit that does not apply and keeps the current version', async () => {
    const manifest = Manifest.open(newEngine(), DIR);
    await manifest.apply({ added: [file(manifest.allocateFileNumber(), 1)] });
    await expect(manifest.apply({ removed: [{ level: 2, id: 1 }] })).rejects.toMatchObject({ code: 'XX000' });
    await expect(manifest.apply({ added: [file(1, 3)] })).rejects.toThrow(/already live/);
    expect(filesOf(manifest.current).map((f) => f.id)).toEqual([1]);
    await manifest.close();
  });

  it('cuts off a torn last edit at any cut point, and zeros after the last edit', async () => {
    const engine = newEngine();
    const manifest = Manifest.open(engine, DIR);
    for (let i = 0; i < 3; i++) await manifest.apply({ added: [file(manifest.allocateFileNumber(), 0)] });
    const previous = manifest.current;
    await manifest.apply({ added: [file(manifest.allocateFileNumber(), 2)], lastFlushedCsn: 77 });
    const last = manifest.current;
    await manifest.close();
    const whole = readFile(engine);
    const lastFrame = encodeEdit({ added: [file(4, 2)], lastFlushedCsn: 77, nextFileNumber: 5 });
    expect(readEdit(whole, whole.length - lastFrame.length).status).toBe('ok');
    for (let cut = whole.length - lastFrame.length; cut < whole.length; cut++) {
      const torn = Buffer.concat([whole.subarray(0, cut), Buffer.alloc(cut % 3 === 0 ? 5 : 0, 0xee)]); // torn: cut short, maybe with junk after
      writeFile(engine, torn);
      const messages: string[] = [];
      const reopened = Manifest.open(engine, DIR, { onTornTail: (m) => messages.push(m) });
      expect(reopened.current).toEqual(previous);
      expect(reopened.fileSize).toBe(whole.length - lastFrame.length);
      expect(messages.length).toBe(cut === whole.length - lastFrame.length && torn.length === cut ? 0 : 1);
      await reopened.close();
    }
    // A flipped bit in the last edit is a torn write too; the intact file opens whole.
    const flipped = Buffer.from(whole);
    flipped[whole.length - 3]! ^= 0x10;
    writeFile(engine, flipped);
    const afterFlip = Manifest.open(engine, DIR);
    expect(afterFlip.current).toEqual(previous);
    await afterFlip.close();
    writeFile(engine, Buffer.concat([whole, Buffer.alloc(100)]));
    const withZeros = Manifest.open(engine, DIR);
    expect(withZeros.current).toEqual(last);
    await withZeros.close();
  });

  it('reports damage before the tail as XX001', async () => {
    const engine = newEngine();
    const manifest = Manifest.open(engine, DIR);
    for (let i = 0; i < 3; i++) await manifest.apply({ added: [file(manifest.allocateFileNumber(), 0)] });
    await manifest.close();
    const whole = readFile(engine);
    // The first frame after the 16-byte header is the empty snapshot; damage the second one.
    const first = readEdit(whole, 16);
    if (first.status !== 'ok') throw new Error('first frame does not read');
    const damaged = Buffer.from(whole);
    damaged[16 + first.size + 12]! ^= 0xff;
    writeFile(engine, damaged);
    let caught: unknown;
    try {
      Manifest.open(engine, DIR);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DbError);
    expect((caught as DbError).code).toBe('XX001');
    writeFile(engine, Buffer.from('not a manifest at all'));
    expect(() => Manifest.open(engine, DIR)).toThrow(/bad magic/);
  });

  it('keeps exactly the synced edits over a power loss; an edit in flight is all or nothing', async () => {
    const outcomes = new Set<string>();
    for (let ticks = 0; ticks < 8; ticks++) {
      const engine = newEngine();
      const manifest = Manifest.open(engine, DIR);
      for (let i = 0; i < 3; i++) await manifest.apply({ added: [file(manifest.allocateFileNumber(), 0)], lastFlushedCsn: i });
      const before = manifest.current;
      const a = manifest.allocateFileNumber();
      const b = manifest.allocateFileNumber();
      // A compaction: two files out, two in, as one edit.
      const inFlight = manifest.apply({ removed: [{ level: 0, id: 1 }, { level: 0, id: 2 }], added: [file(a, 1), file(b, 1)], lastFlushedCsn: 9 });
      const outcome = inFlight.then(
        (v) => v,
        () => undefined,
      );
      for (let t = 0; t < ticks; t++) await Promise.resolve();
      engine.powerLoss();
      const acknowledged = await outcome;
      const reopened = Manifest.open(engine, DIR);
      const after = reopened.current;
      if (acknowledged !== undefined) expect(after).toEqual(acknowledged);
      if (after.lastFlushedCsn === 9) {
        expect(filesOf(after).map((f) => f.id)).toEqual([3, a, b]);
        expect(after.levels.map((files) => files.length)).toEqual([1, 2]);
        outcomes.add('new');
      } else {
        expect(after).toEqual(before);
        outcomes.add('old');
      }
      await reopened.close();
    }
    expect([...outcomes].sort()).toEqual(['new', 'old']);
  });

  it('refuses edits after a failed sync, and loses only the unsynced edit', async () => {
    const engine = newEngine();
    const manifest = Manifest.open(engine, DIR);
    await manifest.apply({ added: [file(manifest.allocateFileNumber(), 0)] });
    const before = manifest.current;
    engine.failNext({ op: 'sync', path: PATH });
    await expect(manifest.apply({ added: [file(manifest.allocateFileNumber(), 0)] })).rejects.toThrow(/EIO/);
    expect(manifest.current).toEqual(before);
    await expect(manifest.apply({ lastFlushedCsn: 5 })).rejects.toMatchObject({ code: '58030' });
    engine.powerLoss();
    const reopened = Manifest.open(engine, DIR);
    expect(reopened.current).toEqual(before);
    await reopened.close();
  });

  it('survives a rewrite that fails before its rename or before its directory sync', async () => {
    for (const op of ['rename', 'syncDir'] as const) {
      const engine = newEngine();
      const manifest = Manifest.open(engine, DIR, { rewriteBytes: 1 << 20 });
      for (let i = 0; i < 80; i++) {
        const id = manifest.allocateFileNumber();
        await manifest.apply({ added: [file(id, 0)] });
        if (i % 10 !== 0) await manifest.apply({ removed: [{ level: 0, id }] }); // grows the file, not the version
      }
      await manifest.close();
      const small = Manifest.open(engine, DIR, { rewriteBytes: 32 });
      engine.failNext({ op, path: op === 'rename' ? PATH : DIR });
      // The edit is durable before the rewrite starts, so it resolves even though the rewrite fails.
      const version = await small.apply({ removed: [{ level: 0, id: 1 }] });
      expect(small.rewrites).toBe(0);
      await expect(small.apply({ lastFlushedCsn: 1 })).rejects.toMatchObject({ code: '58030' });
      await small.close();
      engine.powerLoss();
      const reopened = Manifest.open(engine, DIR);
      expect(reopened.current).toEqual(version);
      expect(engine.exists(`${PATH}.tmp`)).toBe(false);
      await reopened.close();
    }
  });

  it('keeps the mirror fields (redo segment, mirrored and dropped relations) across edits, reopens and rewrites', async () => {
    const engine = newEngine();
    let manifest = Manifest.open(engine, DIR, { rewriteBytes: 64 });
    await manifest.apply({ mirrored: [{ dbOid: 5, relfilenode: 16384, csn: 3 }, { dbOid: 5, relfilenode: 16390, csn: 4 }], redoSegment: 2 });
    await manifest.apply({ dropped: [{ dbOid: 5, relfilenode: 16384, csn: 9 }], lastFlushedCsn: 8, redoSegment: 5 });
    // a relation file number used again after the drop is mirrored anew; the drop stays recorded
    await manifest.apply({ mirrored: [{ dbOid: 5, relfilenode: 16384, csn: 12 }] });
    for (let i = 0; i < 40; i++) await manifest.apply({ redoSegment: 5 }); // grows the file until it is rewritten
    const expected = (v: ManifestVersion) => {
      expect(v.redoSegment).toBe(5);
      expect([...v.mirrored.values()]).toEqual([
        { dbOid: 5, relfilenode: 16390, csn: 4 },
        { dbOid: 5, relfilenode: 16384, csn: 12 },
      ]);
      expect([...v.dropped.values()]).toEqual([{ dbOid: 5, relfilenode: 16384, csn: 9 }]);
    };
    expected(manifest.current);
    expect(manifest.rewrites).toBeGreaterThan(0);
    await manifest.close();
    manifest = Manifest.open(engine, DIR);
    expected(manifest.current);
    await manifest.close();
    const frame = encodeEdit({ mirrored: [{ dbOid: 1, relfilenode: 2, csn: 3 }], dropped: [{ dbOid: 4, relfilenode: 5, csn: 6 }], redoSegment: 7 });
    expect(readEdit(frame, 0)).toEqual({
      status: 'ok',
      size: frame.length,
      edit: { mirrored: [{ dbOid: 1, relfilenode: 2, csn: 3 }], dropped: [{ dbOid: 4, relfilenode: 5, csn: 6 }], redoSegment: 7 },
    });
  });
});
