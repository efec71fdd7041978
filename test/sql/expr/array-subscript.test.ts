// Subscripting arrays (array_get_element / array_get_slice semantics) checked against a naive
// model that enumerates every subscript tuple of the array in row-major order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arrayElementAt, arraySlice } from '../../../src/sql/expr/array-subscript.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { ArrayValue, type Value } from '../../../src/sql/types/value.js';

/** Every subscript tuple of an array, in storage order, with its element. */
function cells(a: ArrayValue): { at: number[]; value: Value }[] {
  const out: { at: number[]; value: Value }[] = [];
  const walk = (d: number, prefix: number[]) => {
    if (d === a.dims.length) {
      out.push({ at: prefix, value: a.elements[out.length]! });
      return;
    }
    for (let i = 0; i < a.dims[d]!; i++) walk(d + 1, [...prefix, a.lowerBounds[d]! + i]);
  };
  if (a.dims.length > 0) walk(0, []);
  return out;
}

const arrayArb: fc.Arbitrary<ArrayValue> = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
  .chain((dims) =>
    fc.tuple(
      fc.array(fc.integer({ min: -2, max: 2 }), { minLength: dims.length, maxLength: dims.length }),
      fc.array(fc.option(fc.integer(), { nil: null }), { minLength: dims.reduce((x, y) => x * y, dims.length ? 1 : 0), maxLength: dims.reduce((x, y) => x * y, dims.length ? 1 : 0) }),
    ).map(([lbs, elements]) => new ArrayValue(Oid.int4, elements, dims, lbs)),
  );

const bound = fc.option(fc.integer({ min: -4, max: 5 }), { nil: null });

describe('array subscripts', () => {
  it('fetches the element at each subscript tuple and NULL elsewhere', () => {
    fc.assert(
      fc.property(arrayArb, fc.array(fc.integer({ min: -4, max: 5 }), { maxLength: 4 }), (a, at) => {
        const hit = cells(a).find((c) => c.at.length === at.length && c.at.every((x, i) => x === at[i]));
        expect(arrayElementAt(a, at)).toBe(hit ? hit.value : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('slices to the cells inside the clamped bounds, renumbered from 1', () => {
    fc.assert(
      fc.property(arrayArb, fc.array(fc.tuple(bound, bound), { minLength: 1, maxLength: 4 }), (a, bounds) => {
        const got = arraySlice(a, bounds.map((b) => b[0]), bounds.map((b) => b[1]));
        if (bounds.length > a.dims.length) {
          expect(got.dims).toEqual([]);
          return;
        }
        const inside = cells(a).filter((c) => c.at.every((x, d) => d >= bounds.length || ((bounds[d]![0] ?? -Infinity) <= x && x <= (bounds[d]![1] ?? Infinity))));
        expect(got.elements).toEqual(inside.map((c) => c.value));
        if (inside.length === 0) {
          expect(got.dims).toEqual([]);
          return;
        }
        expect(got.lowerBounds).toEqual(got.dims.map(() => 1));
        expect(got.dims.reduce((x, y) => x * y, 1)).toBe(inside.length);
      }),
      { numRuns: 2000 },
    );
  });
});
