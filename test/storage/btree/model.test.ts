// The B+tree against a plain sorted map on random operation sequences (fast-check): inserts, puts,
// updates, deletes, point reads, bounded scans both ways with seeks, reopening in between; keys
// and values of random sizes (overflow values, compressible or not; long keys that make deep
// trees), small page caches that force eviction. check() and a pin-leak check run throughout.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyBound } from '../../../src/storage/cursor.js';
import { Fixture, makeValue, Model } from './helpers.js';

type KeyMode = 'short' | 'mixed' | 'long';
interface ValueSpec {
  seed: number;
  length: number;
  compressible: boolean;
}
type Op =
  | { kind: 'insert' | 'put' | 'update'; key: number[]; value: ValueSpec }
  | { kind: 'delete' | 'get'; key: number[] }
  | { kind: 'scan'; lower: [number[], boolean] | null; upper: [number[], boolean] | null; reverse: boolean; seek: number[] | null; limit: number }
  | { kind: 'fill'; seed: number; count: number; valueLength: number }
  | { kind: 'drain'; seed: number; percent: number }
  | { kind: 'reopen' | 'check' };

const valueSpec = fc.record({
  seed: fc.nat(),
  length: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 120 }) },
    { weight: 3, arbitrary: fc.integer({ min: 120, max: 2100 }) },
    { weight: 2, arbitrary: fc.integer({ min: 2100, max: 9000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 9000, max: 40000 }) },
  ),
  compressible: fc.boolean(),
});
const keyParts = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 });

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('insert' as const), key: keyParts, value: valueSpec }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('put' as const), key: keyParts, value: valueSpec }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), key: keyParts, value: valueSpec }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: keyParts }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('get' as const), key: keyParts }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('scan' as const),
      lower: fc.option(fc.tuple(keyParts, fc.boolean())),
      upper: fc.option(fc.tuple(keyParts, fc.boolean())),
      reverse: fc.boolean(),
      seek: fc.option(keyParts),
      limit: fc.integer({ min: 1, max: 400 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fill' as const),
      seed: fc.nat(),
      count: fc.integer({ min: 1, max: 300 }),
      valueLength: fc.integer({ min: 0, max: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const), seed: fc.nat(), percent: fc.integer({ min: 10, max: 100 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'check' as const }) },
);

/** Key bytes from parts: short keys collide often; long ones share long prefixes (long separators). */
function makeKey(mode: KeyMode, prefix: number, parts: number[]): Buffer {
  const body = Buffer.from(parts.map((p) => p * 40 + 7));
  if (mode === 'short') return body;
  if (mode === 'mixed' && (parts.length === 0 || parts[0]! < 3)) return body;
  const pad = prefix + (parts.length > 0 ? parts[parts.length - 1]! * 3 : 0);
  return Buffer.concat([Buffer.alloc(Math.min(pad, 1990), 0x61), body]);
}

function valueOf(spec: ValueSpec): Buffer {
  return makeValue(spec.seed, spec.length, spec.compressible);
}

function inBounds(key: Buffer, lower: KeyBound | undefined, upper: KeyBound | undefined): boolean {
  if (lower) {
    const c = Buffer.compare(key, lower.key);
    if (c < 0 || (c === 0 && !lower.inclusive)) return false;
  }
  if (upper) {
    const c = Buffer.compare(key, upper.key);
    if (c > 0 || (c === 0 && !upper.inclusive)) return false;
  }
  return true;
}

function run(mode: KeyMode, prefix: number, capacity: number, ops: Op[]): void {
  const f = new Fixture(capacity);
  const model = new Model();
  const key = (parts: number[]) => makeKey(mode, prefix, parts);
  let maxHeight = 1;
  for (const o of ops) {
    maxHeight = Math.max(maxHeight, f.tree.height);
    switch (o.kind) {
      case 'insert': {
        const k = key(o.key);
        const had = model.get(k) !== undefined;
        expect(f.tree.tryInsert(k, valueOf(o.value))).toBe(!had);
        if (!had) model.set(k, valueOf(o.value));
        break;
      }
      case 'put': {
        const k = key(o.key);
        expect(f.tree.put(k, valueOf(o.value))).toBe(model.get(k) !== undefined);
        model.set(k, valueOf(o.value));
        break;
      }
      case 'update': {
        const k = key(o.key);
        const had = model.get(k) !== undefined;
        expect(f.tree.update(k, valueOf(o.value))).toBe(had);
        if (had) model.set(k, valueOf(o.value));
        break;
      }
      case 'delete':
        expect(f.tree.delete(key(o.key))).toBe(model.delete(key(o.key)));
        break;
      case 'get': {
        const got = f.tree.get(key(o.key));
        const want = model.get(key(o.key));
        expect(got === undefined ? undefined : got.toString('hex')).toBe(want === undefined ? undefined : want.toString('hex'));
        break;
      }
      case 'scan': {
        const lower = o.lower ? { key: key(o.lower[0]), inclusive: o.lower[1] } : undefined;
        const upper = o.upper ? { key: key(o.upper[0]), inclusive: o.upper[1] } : undefined;
        let want = model.sorted().filter(([k]) => inBounds(k, lower, upper));
        if (o.reverse) want.reverse();
        const c = f.tree.cursor({ lower, upper, reverse: o.reverse });
        const got: string[] = [];
        try {
          if (o.seek) {
            const s = key(o.seek);
            c.seek(s);
            want = want.filter(([k]) => (o.reverse ? Buffer.compare(k, s) <= 0 : Buffer.compare(k, s) >= 0));
          }
          for (; c.valid() && got.length < o.limit; c.next()) got.push(`${c.key().toString('hex')}=${c.value().toString('hex')}`);
        } finally {
          c.close();
        }
        expect(got).toEqual(want.slice(0, o.limit).map(([k, v]) => `${k.toString('hex')}=${v.toString('hex')}`));
        break;
      }
      case 'fill': {
        // Many puts at once, so trees grow past a few leaves.
        let x = o.seed | 1;
        for (let i = 0; i < o.count; i++) {
          const parts: number[] = [];
          const len = 1 + (x >>> 0) % 5;
          for (let j = 0; j < len; j++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            parts.push((x >>> 0) % 6);
          }
          const k = key(parts);
          const v = makeValue(x >>> 0, o.valueLength, false);
          f.tree.put(k, v);
          model.set(k, v);
        }
        break;
      }
      case 'drain': {
        // Deletes a share of all keys (in key order, so whole leaves empty and merge).
        let x = o.seed | 1;
        for (const [k] of model.sorted()) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          if ((x >>> 0) % 100 < o.percent) {
            expect(f.tree.delete(k)).toBe(true);
            model.delete(k);
          }
        }
        break;
      }
      case 'reopen':
        f.reopen();
        break;
      case 'check':
        f.tree.check();
        break;
    }
    expect(f.cache.pinnedCount()).toBe(0);
  }
  const st = f.tree.check();
  if (process.env.BT_STATS) console.log(mode, ops.length, maxHeight, JSON.stringify(st));
  expect(f.tree.count()).toBe(model.map.size);
  f.reopen();
  f.tree.check();
  const all = model.sorted();
  const got = f.tree.cursor();
  for (const [k, v] of all) {
    expect(got.valid()).toBe(true);
    expect(got.key().equals(k) && got.value().equals(v)).toBe(true);
    got.next();
  }
  expect(got.valid()).toBe(false);
  got.close();
  expect(f.cache.pinnedCount()).toBe(0);
}

describe('B+tree against a sorted-map model', () => {
  it('short colliding keys, values of every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 32 }), fc.array(op, { minLength: 20, maxLength: 300, size: 'max' }), (capacity, ops) => run('short', 0, capacity, ops)),
      { numRuns: 60 },
    );
  });

  it('long keys with long shared prefixes (deep trees, long separators)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<KeyMode>('long', 'mixed'),
        fc.integer({ min: 200, max: 1980 }),
        fc.integer({ min: 16, max: 32 }),
        fc.array(op, { minLength: 20, maxLength: 300, size: 'max' }),
        (mode, prefix, capacity, ops) => run(mode, prefix, capacity, ops),
      ),
      { numRuns: 60 },
    );
  });
});
