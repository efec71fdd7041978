// Bulk load: a sorted input becomes a checked tree filled to the fill factor (leaves linked, inner
// levels above), random operations work on it afterwards, and bad input (unsorted, duplicate, a
// non-empty tree) is refused with every allocated page given back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { fileSpace } from '../../../src/storage/page-allocator.js';
import { Fixture, intKey, makeValue, Model, scanAll } from './helpers.js';

function errorOf(fn: () => unknown): DbError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('B+tree bulk load', () => {
  it('builds a multi-level tree at the fill factor', () => {
    const f = new Fixture(32);
    const n = 60000;
    function* entries(): Generator<[Buffer, Buffer]> {
      for (let i = 0; i < n; i++) yield [intKey(i * 2), makeValue(i, 40, false)];
    }
    expect(f.tree.bulkLoad(entries(), { fillFactor: 0.9 })).toBe(n);
    const stats = f.tree.check();
    expect(stats.entries).toBe(n);
    expect(stats.height).toBeGreaterThanOrEqual(2);
    expect(stats.leafFill).toBeGreaterThan(0.85);
    expect(f.tree.count()).toBe(n);
    expect(f.tree.get(intKey(2 * 4321))!.equals(makeValue(4321, 40, false))).toBe(true);
    expect(f.tree.get(intKey(1))).toBeUndefined();
    expect(f.cache.pinnedCount()).toBe(0);
    f.reopen();
    expect(f.tree.check().entries).toBe(n);
  });

  it('deep trees from long keys, then random operations', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 300, selector: (k) => Buffer.from(k).toString('hex'), size: 'max' }),
        fc.integer({ min: 0, max: 1990 }),
        fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5000 })), { maxLength: 200, size: 'max' }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        (rawKeys, pad, ops, fillFactor) => {
          const f = new Fixture(24);
          const model = new Model();
          const keyOf = (raw: Uint8Array) => Buffer.concat([Buffer.alloc(Math.min(pad, 1994), 0x7a), Buffer.from(raw)]);
          const sorted = rawKeys.map(keyOf).sort(Buffer.compare);
          const entries = sorted.map((k, i) => [k, makeValue(i, (i * 37) % 3000, i % 2 === 0)] as [Buffer, Buffer]);
          for (const [k, v] of entries) model.set(k, v);
          expect(f.tree.bulkLoad(entries, { fillFactor })).toBe(entries.length);
          f.tree.check();
          for (const [raw, action, size] of ops) {
            const k = keyOf(raw);
            if (action === 0) {
              expect(f.tree.delete(k)).toBe(model.delete(k));
            } else if (action === 1) {
              f.tree.put(k, makeValue(size, size, false));
              model.set(k, makeValue(size, size, false));
            } else {
              expect(f.tree.get(k)?.toString('hex')).toBe(model.get(k)?.toString('hex'));
            }
          }
          f.tree.check();
          expect(scanAll(f.tree).map(([k, v]) => k.toString('hex') + v.toString('hex'))).toEqual(model.sorted().map(([k, v]) => k.toString('hex') + v.toString('hex')));
          expect(f.cache.pinnedCount()).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses unsorted or duplicate input and frees what it allocated', () => {
    const f = new Fixture(16);
    const before = fileSpace(f.cache, f.file);
    const unsorted = [...Array(3000).keys()].map((i) => [intKey(i === 2500 ? 7 : i), makeValue(i, i % 100 === 0 ? 9000 : 50, false)] as [Buffer, Buffer]);
    expect(errorOf(() => f.tree.bulkLoad(unsorted)).message).toMatch(/not sorted \(entry 2500\)/);
    const dup = [...Array(3000).keys()].map((i) => [intKey(i === 2000 ? 1999 : i), Buffer.alloc(50)] as [Buffer, Buffer]);
    expect(errorOf(() => f.tree.bulkLoad(dup)).code).toBe('23505');
    expect(f.cache.pinnedCount()).toBe(0);
    expect(f.tree.count()).toBe(0);
    const stats = f.tree.check();
    expect(stats.pages - stats.freePages).toBe(before.pages);
    // The tree is still empty and usable, and loading twice is refused.
    f.tree.bulkLoad([[intKey(1), Buffer.from('a')]]);
    expect(errorOf(() => f.tree.bulkLoad([[intKey(2), Buffer.from('b')]])).code).toBe('55000');
    expect(f.tree.count()).toBe(1);
    f.tree.check();
  });
});
