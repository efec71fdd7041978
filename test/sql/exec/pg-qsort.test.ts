// PostgreSQL's sort algorithm: it sorts (a permutation in order, for every size around its
// 7 / 40 element thresholds), keeps small inputs and presorted inputs in their order as
// PostgreSQL's does, and reorders equal elements of larger unsorted inputs exactly as
// PostgreSQL's Sort node did for a recorded example.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pgQsort } from '../../../src/sql/exec/pg-qsort.js';

interface Item {
  key: number;
  id: number;
}

const byKey = (a: Item, b: Item) => a.key - b.key;

function items(keys: number[]): Item[] {
  return keys.map((key, id) => ({ key, id }));
}

describe('pgQsort', () => {
  it('sorts any input into a permutation of it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (keys) => {
        const a = items(keys);
        pgQsort(a, byKey);
        expect(a.map((x) => x.key)).toEqual(keys.slice().sort((x, y) => x - y));
        expect(a.map((x) => x.id).sort((x, y) => x - y)).toEqual(keys.map((_, i) => i));
      }),
    );
  });

  it('keeps equal elements in order below 7 elements and for presorted input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }), (keys) => {
        const a = items(keys);
        pgQsort(a, byKey);
        expect(a).toEqual(items(keys).sort((x, y) => x.key - y.key || x.id - y.id));
      }),
    );
    const presorted = items([1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 5, 5]);
    const copy = presorted.slice();
    pgQsort(presorted, byKey);
    expect(presorted).toEqual(copy);
  });

  it('orders ties as PostgreSQL 15 does', () => {
    // keys (i * 7) % 5 for i = 1..60; PostgreSQL 15's row_number() OVER (ORDER BY k) gave
    // these ids for k = 0 (see test/sql/cases/window-functions.sql)
    const a = items(Array.from({ length: 60 }, (_, i) => ((i + 1) * 7) % 5));
    pgQsort(a, byKey);
    const zeros = a.filter((x) => x.key === 0).map((x) => x.id + 1);
    expect(zeros).toEqual([60, 20, 15, 55, 5, 50, 45, 40, 35, 10, 30, 25]);
  });
});
