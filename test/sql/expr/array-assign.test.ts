// Assigning into arrays (array_set_element / array_set_slice semantics): what was assigned reads
// back at its subscripts, every other element keeps its value, one-dimensional arrays grow with
// NULL gaps, and the errors PostgreSQL raises.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arraySetElement, arraySetSlice } from '../../../src/sql/expr/array-assign.js';
import { arrayElementAt } from '../../../src/sql/expr/array-subscript.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { ArrayValue } from '../../../src/sql/types/value.js';

const oneDim = fc
  .record({ lb: fc.integer({ min: -5, max: 5 }), values: fc.array(fc.integer(), { maxLength: 8 }) })
  .map(({ lb, values }) => (values.length === 0 ? new ArrayValue(Oid.int4, [], []) : new ArrayValue(Oid.int4, values, [values.length], [lb])));

describe('arraySetElement', () => {
  it('stores the value at its subscript and keeps every other element', () => {
    fc.assert(
      fc.property(oneDim, fc.integer({ min: -12, max: 12 }), fc.integer(), (a, i, v) => {
        const out = arraySetElement(a, Oid.int4, [i], v);
        expect(arrayElementAt(out, [i])).toBe(v);
        const lb = a.dims.length === 0 ? i : a.lowerBounds[0]!;
        a.elements.forEach((x, k) => {
          if (lb + k !== i) expect(arrayElementAt(out, [lb + k])).toBe(x);
        });
        // the bounds cover the old array and the new subscript, the gap is NULL
        const lo = out.lowerBounds[0]!;
        const hi = lo + out.dims[0]! - 1;
        expect(lo).toBe(Math.min(lb, i));
        expect(hi).toBe(a.dims.length === 0 ? i : Math.max(lb + a.dims[0]! - 1, i));
      }),
    );
  });

  it('builds from NULL, refuses out-of-range subscripts of multi-dimensional arrays', () => {
    expect(arraySetElement(null, Oid.int4, [2, 3], 7)).toEqual(new ArrayValue(Oid.int4, [7], [1, 1], [2, 3]));
    const m = new ArrayValue(Oid.int4, [1, 2, 3, 4], [2, 2]);
    expect(arraySetElement(m, Oid.int4, [2, 1], 30).elements).toEqual([1, 2, 30, 4]);
    expect(() => arraySetElement(m, Oid.int4, [3, 1], 0)).toThrow('array subscript out of range');
    expect(() => arraySetElement(m, Oid.int4, [1], 0)).toThrow('wrong number of array subscripts');
  });
});

describe('arraySetSlice', () => {
  it('replaces a slice in order, growing a one-dimensional array', () => {
    const a = new ArrayValue(Oid.int4, [1, 2, 3], [3]);
    const src = new ArrayValue(Oid.int4, [8, 9, 10], [3]);
    expect(arraySetSlice(a, Oid.int4, [2], [3], src).elements).toEqual([1, 8, 9]);
    const grown = arraySetSlice(a, Oid.int4, [5], [6], src);
    expect(grown.elements).toEqual([1, 2, 3, null, 8, 9]);
    expect(arraySetSlice(a, Oid.int4, [null], [2], src).elements).toEqual([8, 9, 3]);
    expect(arraySetSlice(a, Oid.int4, [1], [2], null)).toBe(a);
  });

  it('raises PostgreSQL errors', () => {
    const a = new ArrayValue(Oid.int4, [1, 2, 3], [3]);
    const one = new ArrayValue(Oid.int4, [1], [1]);
    expect(() => arraySetSlice(a, Oid.int4, [1], [2], one)).toThrow('source array too small');
    expect(() => arraySetSlice(a, Oid.int4, [5], [null], one)).toThrow('upper bound cannot be less than lower bound');
    expect(() => arraySetSlice(null, Oid.int4, [null], [2], one)).toThrow('array slice subscript must provide both boundaries');
  });
});
