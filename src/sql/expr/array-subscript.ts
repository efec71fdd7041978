// Reading arrays by subscript, as PostgreSQL's array_get_element and array_get_slice: an
// element reference outside the array (or with the wrong number of subscripts) is NULL, not
// an error; a slice is cut to the array's bounds, is empty when nothing is left, and always
// has lower bounds 1. Dimensions not subscripted in a slice are taken whole.
import { emptyArray } from '../types/array.js';
import { ArrayValue, type Value } from '../types/value.js';

/** Row-major strides of an array's dimensions. */
export function strides(dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  let step = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    out[d] = step;
    step *= dims[d]!;
  }
  return out;
}

/** a[s1][s2]...: the element, or null when a subscript is out of range or miscounted. */
export function arrayElementAt(a: ArrayValue, subscripts: readonly number[]): Value {
  if (subscripts.length !== a.dims.length) return null;
  const step = strides(a.dims);
  let offset = 0;
  for (let d = 0; d < subscripts.length; d++) {
    const i = subscripts[d]! - a.lowerBounds[d]!;
    if (i < 0 || i >= a.dims[d]!) return null;
    offset += i * step[d]!;
  }
  return a.elements[offset] ?? null;
}

/** a[l1:u1][l2:u2]...: a null bound is the array's own bound in that dimension. */
export function arraySlice(a: ArrayValue, lower: readonly (number | null)[], upper: readonly (number | null)[]): ArrayValue {
  const ndim = a.dims.length;
  const n = upper.length;
  if (ndim < n || ndim === 0) return emptyArray(a.elementType);
  const from: number[] = [];
  const to: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const lb = a.lowerBounds[d]!;
    const ub = lb + a.dims[d]! - 1;
    let lo = d < n ? lower[d] ?? null : null;
    let hi = d < n ? upper[d] ?? null : null;
    if (lo === null || lo < lb) lo = lb;
    if (hi === null || hi > ub) hi = ub;
    if (lo > hi) return emptyArray(a.elementType);
    from.push(lo - lb);
    to.push(hi - lb);
  }
  const step = strides(a.dims);
  const elements: Value[] = [];
  const walk = (d: number, base: number): void => {
    for (let i = from[d]!; i <= to[d]!; i++) {
      const offset = base + i * step[d]!;
      if (d === ndim - 1) elements.push(a.elements[offset]!);
      else walk(d + 1, offset);
    }
  };
  walk(0, 0);
  const dims = from.map((f, d) => to[d]! - f + 1);
  return new ArrayValue(a.elementType, elements, dims, dims.map(() => 1));
}
