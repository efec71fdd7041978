// Uniqueness: a unique tree refuses an existing key (23505, or false from tryInsert), a
// non-unique tree reports a duplicate as an internal error, and uniquePrefix refuses a key whose
// first n bytes an existing key shares (a unique secondary index over (columns, primary key)),
// also when that neighbour sits in another leaf. Errors leave no pinned page behind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { MAX_KEY_SIZE } from '../../../src/storage/btree/index.js';
import { Fixture, makeValue } from './helpers.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DbError ? String(err.code) : 'not a DbError';
  }
  return undefined;
}

describe('unique B+trees', () => {
  it('refuses an existing key with 23505, keeps the old value, leaks no pin', () => {
    const f = new Fixture(16, { unique: true });
    expect(f.tree.unique).toBe(true);
    f.tree.insert(Buffer.from('k1'), Buffer.from('v1'));
    expect(codeOf(() => f.tree.insert(Buffer.from('k1'), Buffer.from('v2')))).toBe('23505');
    expect(f.tree.tryInsert(Buffer.from('k1'), Buffer.from('v3'))).toBe(false);
    expect(f.tree.get(Buffer.from('k1'))!.toString()).toBe('v1');
    expect(f.cache.pinnedCount()).toBe(0);
    expect(f.tree.count()).toBe(1);
    expect(f.reopen().unique).toBe(true);
  });

  it('reports a duplicate in a non-unique tree as an internal error', () => {
    const f = new Fixture(16);
    f.tree.insert(Buffer.from('k'), Buffer.from('v'));
    expect(codeOf(() => f.tree.insert(Buffer.from('k'), Buffer.from('w')))).toBe('XX000');
    expect(f.cache.pinnedCount()).toBe(0);
  });

  it('refuses keys over the maximum size with 54000', () => {
    const f = new Fixture(16);
    const big = Buffer.alloc(MAX_KEY_SIZE + 1, 1);
    let err: unknown;
    try {
      f.tree.put(big, Buffer.from('v'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('54000');
    expect((err as DbError).message).toMatch(/index row size 2001 exceeds btree maximum 2000 for index "base\/5\/16384"/);
    f.tree.put(Buffer.alloc(MAX_KEY_SIZE, 1), makeValue(1, 5000, false));
    expect(f.tree.get(Buffer.alloc(MAX_KEY_SIZE, 1))!.equals(makeValue(1, 5000, false))).toBe(true);
    expect(f.cache.pinnedCount()).toBe(0);
    f.tree.check();
  });

  it('uniquePrefix refuses a shared prefix, also across leaves', () => {
    // Keys: 2-byte "column" prefix + 4-byte "primary key"; uniqueness on the prefix only.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.nat({ max: 100000 }), fc.integer({ min: 0, max: 900 })), { minLength: 1, maxLength: 400, size: 'max' }),
        fc.boolean(),
        (rows, unique) => {
          const f = new Fixture(16, { unique });
          const taken = new Map<number, Buffer>();
          for (const [col, pk, size] of rows) {
            const key = Buffer.alloc(6);
            key.writeUInt16BE(col * 997);
            key.writeUInt32BE(pk, 2);
            const ok = f.tree.tryInsert(key, makeValue(pk, size, false), { uniquePrefix: 2 });
            expect(ok).toBe(!taken.has(col));
            if (!taken.has(col)) {
              taken.set(col, key);
            } else {
              expect(codeOf(() => f.tree.insert(key, Buffer.alloc(1), { uniquePrefix: 2 }))).toBe('23505');
            }
            expect(f.cache.pinnedCount()).toBe(0);
          }
          // Deleting the holder frees the prefix again.
          const [col, holder] = taken.entries().next().value!;
          expect(f.tree.delete(holder)).toBe(true);
          const again = Buffer.from(holder);
          again.writeUInt32BE(123456789, 2);
          expect(f.tree.tryInsert(again, Buffer.alloc(0), { uniquePrefix: 2 })).toBe(true);
          expect(f.tree.count()).toBe(taken.size);
          expect(col).toBeGreaterThanOrEqual(0);
          f.tree.check();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('uniquePrefix finds the neighbour in the previous and the next leaf', () => {
    const f = new Fixture(16);
    // Fill several leaves with big values so every prefix group spans a leaf edge.
    for (let g = 0; g < 10; g++) {
      for (let i = 0; i < 6; i++) f.tree.insert(Buffer.from(`g${g}-${i}`), makeValue(i, 1500, false));
    }
    expect(f.tree.check().leaves).toBeGreaterThan(5);
    for (let g = 0; g < 10; g++) {
      expect(f.tree.tryInsert(Buffer.from(`g${g}-/`), Buffer.alloc(0), { uniquePrefix: 3 })).toBe(false); // before the group
      expect(f.tree.tryInsert(Buffer.from(`g${g}-9`), Buffer.alloc(0), { uniquePrefix: 3 })).toBe(false); // after the group
    }
    expect(f.tree.tryInsert(Buffer.from('g:-0'), Buffer.alloc(0), { uniquePrefix: 3 })).toBe(true);
    expect(f.cache.pinnedCount()).toBe(0);
    f.tree.check();
  });
});
