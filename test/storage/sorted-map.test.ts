// The in-memory ordered map against a plain model: random sets, deletes and lookups, and
// cursors in both directions with random bounds, seeks and modifications under the cursor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedMap } from '../../src/storage/sorted-map.js';

const key = fc.uint8Array({ maxLength: 4 }).map((a) => Buffer.from(a));
const hex = (b: Buffer) => b.toString('hex');

function modelRange(model: Map<string, number>, lower?: { key: Buffer; inclusive: boolean }, upper?: { key: Buffer; inclusive: boolean }): [string, number][] {
  return [...model.entries()]
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'hex'), Buffer.from(b, 'hex')))
    .filter(([k]) => {
      const kb = Buffer.from(k, 'hex');
      if (lower) {
        const c = Buffer.compare(kb, lower.key);
        if (c < 0 || (c === 0 && !lower.inclusive)) return false;
      }
      if (upper) {
        const c = Buffer.compare(kb, upper.key);
        if (c > 0 || (c === 0 && !upper.inclusive)) return false;
      }
      return true;
    });
}

describe('SortedMap', () => {
  it('matches a model under random sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key, fc.nat()), { maxLength: 600 }), (ops) => {
        const map = new SortedMap<number>();
        const model = new Map<string, number>();
        for (const [isSet, k, v] of ops) {
          if (isSet) {
            map.set(k, v);
            model.set(hex(k), v);
          } else {
            expect(map.delete(k)).toBe(model.delete(hex(k)));
          }
          expect(map.get(k)).toBe(model.get(hex(k)));
        }
        expect(map.size).toBe(model.size);
        expect([...map.entries()].map(([k, v]) => [hex(k), v])).toEqual(modelRange(model));
      }),
    );
  });

  it('matches a model when keys mostly arrive in order, long keys included, and set returns the replaced value', () => {
    const prefix = Buffer.alloc(40, 7);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3000), fc.boolean(), fc.nat()), { maxLength: 800 }), (ops) => {
        const map = new SortedMap<number>();
        const model = new Map<string, number>();
        let next = 0;
        for (const [jump, long, v] of ops) {
          // mostly ascending keys (appends), sometimes a key anywhere
          next = jump % 5 === 0 ? jump : next + 1;
          const n = Buffer.from([next >> 8, next & 255]);
          const k = long ? Buffer.concat([prefix, n]) : n;
          expect(map.set(k, v)).toBe(model.get(hex(k)));
          model.set(hex(k), v);
        }
        expect(map.size).toBe(model.size);
        expect([...map.entries()].map(([k, v]) => [hex(k), v])).toEqual(modelRange(model));
        for (const k of model.keys()) expect(map.has(Buffer.from(k, 'hex'))).toBe(true);
      }),
    );
  });

  it('scans ranges in both directions and seeks', () => {
    const bound = fc.option(fc.record({ key, inclusive: fc.boolean() }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.nat()), { maxLength: 400 }), bound, bound, fc.boolean(), key, (entries, lower, upper, reverse, seekKey) => {
        const map = new SortedMap<number>();
        const model = new Map<string, number>();
        for (const [k, v] of entries) {
          map.set(k, v);
          model.set(hex(k), v);
        }
        let want = modelRange(model, lower, upper);
        if (reverse) want = want.reverse();
        const got: [string, number][] = [];
        for (const c = map.cursor({ lower, upper, reverse }); c.valid(); c.next()) got.push([hex(c.key()), c.value()]);
        expect(got).toEqual(want);
        const c = map.cursor({ lower, upper, reverse });
        c.seek(seekKey);
        const after = want.filter(([k]) => {
          const cmp = Buffer.compare(Buffer.from(k, 'hex'), seekKey);
          return reverse ? cmp <= 0 : cmp >= 0;
        });
        expect(c.valid() ? [hex(c.key()), c.value()] : null).toEqual(after[0] ?? null);
      }),
    );
  });

  it('keeps its place when entries are added or removed under the cursor', () => {
    const map = new SortedMap<number>();
    for (let i = 0; i < 1000; i += 2) map.set(Buffer.from([i >> 8, i & 255]), i);
    const seen: number[] = [];
    for (const c = map.cursor(); c.valid(); c.next()) {
      const v = c.value();
      seen.push(v);
      if (v % 10 === 0) map.set(Buffer.from([(v + 1) >> 8, (v + 1) & 255]), v + 1);
      if (v % 6 === 0) map.delete(Buffer.from([(v + 4) >> 8, (v + 4) & 255]));
    }
    const expected = [...map.entries()].map(([, v]) => v);
    expect(seen.filter((v) => map.has(Buffer.from([v >> 8, v & 255])))).toEqual(expected);
  });
});
