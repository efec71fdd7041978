// Cursors: bounds and seeks at the edges, at most one pinned leaf, and the documented rule for
// changes while a cursor is open — the current entry stays readable (copied), and the next move
// continues after the last returned key in the tree as it is then (checked against the model).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { Fixture, intKey, makeValue, Model } from './helpers.js';

function keysOf(f: Fixture, options: Parameters<Fixture['tree']['cursor']>[0]): number[] {
  const out: number[] = [];
  const c = f.tree.cursor(options);
  for (; c.valid(); c.next()) out.push(c.key().readUInt32BE());
  c.close();
  return out;
}

describe('B+tree cursors', () => {
  it('empty tree, bounds, seeks and misuse', () => {
    const f = new Fixture(16);
    const empty = f.tree.cursor();
    expect(empty.valid()).toBe(false);
    expect(() => empty.key()).toThrow(DbError);
    expect(() => empty.next()).toThrow(DbError);
    empty.close();
    empty.close();
    for (let i = 0; i < 2000; i += 2) f.tree.insert(intKey(i), makeValue(i, 60, false));
    expect(keysOf(f, { lower: { key: intKey(10), inclusive: true }, upper: { key: intKey(16), inclusive: false } })).toEqual([10, 12, 14]);
    expect(keysOf(f, { lower: { key: intKey(10), inclusive: false }, upper: { key: intKey(16), inclusive: true } })).toEqual([12, 14, 16]);
    expect(keysOf(f, { lower: { key: intKey(11), inclusive: false }, upper: { key: intKey(15), inclusive: true }, reverse: true })).toEqual([14, 12]);
    expect(keysOf(f, { lower: { key: intKey(5000), inclusive: true } })).toEqual([]);
    expect(keysOf(f, { upper: { key: intKey(0), inclusive: false }, reverse: true })).toEqual([]);
    expect(keysOf(f, { reverse: true }).length).toBe(1000);
    const c = f.tree.cursor({ lower: { key: intKey(100), inclusive: true }, upper: { key: intKey(200), inclusive: true } });
    c.seek(intKey(3)); // below the lower bound: the bound wins
    expect(c.key().readUInt32BE()).toBe(100);
    c.seek(intKey(151));
    expect(c.key().readUInt32BE()).toBe(152);
    c.seek(intKey(201));
    expect(c.valid()).toBe(false);
    c.seek(intKey(150));
    expect(c.key().readUInt32BE()).toBe(150);
    expect(f.cache.pinnedCount()).toBe(1);
    c.close();
    const r = f.tree.cursor({ reverse: true, upper: { key: intKey(500), inclusive: false } });
    expect(r.key().readUInt32BE()).toBe(498);
    r.seek(intKey(1001));
    expect(r.key().readUInt32BE()).toBe(498);
    r.seek(intKey(301));
    expect(r.key().readUInt32BE()).toBe(300);
    r.close();
    expect(f.cache.pinnedCount()).toBe(0);
  });

  it('a scan holds one pinned leaf at a time and reads large values', () => {
    const f = new Fixture(16);
    for (let i = 0; i < 300; i++) f.tree.insert(intKey(i), makeValue(i, i % 10 === 0 ? 20000 : 300, i % 20 === 0));
    const c = f.tree.cursor();
    let n = 0;
    for (; c.valid(); c.next(), n++) {
      expect(f.cache.pinnedCount()).toBe(1);
      expect(c.value().equals(makeValue(n, n % 10 === 0 ? 20000 : 300, n % 20 === 0))).toBe(true);
    }
    expect(n).toBe(300);
    expect(f.cache.pinnedCount()).toBe(0);
    c.close();
  });

  it('closing the tree closes its cursors', () => {
    const f = new Fixture(16);
    f.tree.insert(intKey(1), Buffer.from('x'));
    const c = f.tree.cursor();
    f.tree.close();
    expect(c.valid()).toBe(false);
    expect(f.cache.pinnedCount()).toBe(0);
    expect(() => f.tree.get(intKey(1))).toThrow(/closed/);
  });

  it('a cursor of an abandoned tree throws the reason given, rather than looking exhausted', () => {
    const f = new Fixture(16);
    for (let i = 0; i < 10; i++) f.tree.insert(intKey(i), Buffer.from('x'));
    const plain = f.tree.cursor();
    const f2 = new Fixture(16);
    f2.tree.insert(intKey(1), Buffer.from('x'));
    const told = f2.tree.cursor();
    f.tree.abandon();
    expect(plain.valid()).toBe(false);
    const reason = new DbError('40001', 'the file was replaced');
    f2.tree.abandon(reason);
    expect(() => told.valid()).toThrow(reason);
    expect(() => told.next()).toThrow(reason);
    expect(f.cache.pinnedCount() + f2.cache.pinnedCount()).toBe(0);
  });

  it('keeps going after changes made while it is open', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 4000 })), { maxLength: 300, size: 'max' }),
        (reverse, steps) => {
          const f = new Fixture(16);
          const model = new Model();
          for (let i = 0; i < 1500; i += 3) {
            f.tree.put(intKey(i), makeValue(i, 100, false));
            model.set(intKey(i), makeValue(i, 100, false));
          }
          const lower = { key: intKey(100), inclusive: true };
          const upper = { key: intKey(1400), inclusive: false };
          const c = f.tree.cursor({ lower, upper, reverse });
          let last: Buffer | null = null;
          const expectedAfter = (k: Buffer | null): Buffer | undefined => {
            const keys = model
              .sorted()
              .map(([key]) => key)
              .filter((key) => Buffer.compare(key, lower.key) >= 0 && Buffer.compare(key, upper.key) < 0);
            if (reverse) keys.reverse();
            return keys.find((key) => k === null || (reverse ? Buffer.compare(key, k) < 0 : Buffer.compare(key, k) > 0));
          };
          for (const [action, target, size] of steps) {
            if (!c.valid()) break;
            const current = Buffer.from(c.key());
            const currentValue = Buffer.from(c.value());
            expect(current.equals(expectedAfter(last)!)).toBe(true);
            if (action === 0) {
              c.next();
              last = current;
              continue;
            }
            if (action === 1) {
              f.tree.delete(intKey(target));
              model.delete(intKey(target));
              f.tree.delete(c.key()); // the current entry itself, through the cursor's own view
              model.delete(current);
            } else if (action === 2) {
              f.tree.put(intKey(target), makeValue(target, size, true));
              model.set(intKey(target), makeValue(target, size, true));
            } else {
              f.tree.put(c.key(), makeValue(target, size, false));
              model.set(current, makeValue(target, size, false));
            }
            // The entry the cursor stands on stays readable as it was.
            expect(c.valid()).toBe(true);
            expect(c.key().equals(current)).toBe(true);
            expect(c.value().equals(currentValue)).toBe(true);
            expect(f.cache.pinnedCount()).toBe(0);
            c.next();
            last = current;
          }
          if (c.valid()) expect(c.key().equals(expectedAfter(last)!)).toBe(true);
          c.close();
          expect(f.cache.pinnedCount()).toBe(0);
          f.tree.check();
        },
      ),
      { numRuns: 30 },
    );
  });
});
