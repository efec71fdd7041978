// Assigning into arrays by subscript, as PostgreSQL's array_set_element and array_set_slice do
// for `UPDATE t SET a[i] = x` / `a[i:j] = arr`. A NULL array counts as empty; assigning into an
// empty array makes one with the subscripts as its bounds. A one-dimensional array grows to take
// an element or slice outside its bounds (the gap filled with NULLs); a multi-dimensional one
// does not (2202E "array subscript out of range"). A slice takes the source's elements in order
// and needs at least as many as it spans. Subscripts are never NULL here (checked by the caller).
import { DbError, SqlState } from '../../errors.js';
import { MAX_ARRAY_SIZE, MAX_DIMS } from '../types/array.js';
import { ArrayValue, type Value } from '../types/value.js';
import { strides } from './array-subscript.js';

function subscriptError(message: string, detail?: string): DbError {
  return new DbError(SqlState.ArraySubscriptError, message, detail ? { detail } : undefined);
}

function wrongSubscripts(): DbError {
  return subscriptError('wrong number of array subscripts');
}

/** Elements of a (lowerBounds, dims) box, row-major, taken from `a` where it has them, else NULL. */
function regrid(a: ArrayValue, lowerBounds: readonly number[], dims: readonly number[]): Value[] {
  const total = dims.reduce((n, d) => n * d, 1);
  if (total > MAX_ARRAY_SIZE) throw new DbError(SqlState.ProgramLimitExceeded, `array size exceeds the maximum allowed (${MAX_ARRAY_SIZE})`);
  const out = new Array<Value>(total).fill(null);
  const step = strides(a.dims);
  const outStep = strides(dims);
  a.elements.forEach((v, offset) => {
    let target = 0;
    let rest = offset;
    for (let d = 0; d < a.dims.length; d++) {
      const i = Math.floor(rest / step[d]!);
      rest -= i * step[d]!;
      target += (i + a.lowerBounds[d]! - lowerBounds[d]!) * outStep[d]!;
    }
    out[target] = v;
  });
  return out;
}


/** a[s1]...[sn] = value. */
export function arraySetElement(a: ArrayValue | null, elementType: number, subscripts: readonly number[], value: Value): ArrayValue {
  const n = subscripts.length;
  if (n === 0 || n > MAX_DIMS) throw wrongSubscripts();
  if (a === null || a.dims.length === 0) {
    return new ArrayValue(elementType, [value], subscripts.map(() => 1), subscripts.slice());
  }
  if (a.dims.length !== n) throw wrongSubscripts();
  const dims = a.dims.slice();
  const lbs = a.lowerBounds.slice();
  if (n === 1) {
    const i = subscripts[0]!;
    if (i < lbs[0]!) {
      dims[0]! += lbs[0]! - i;
      lbs[0] = i;
    }
    if (i >= lbs[0]! + dims[0]!) dims[0] = i - lbs[0]! + 1;
  } else {
    subscripts.forEach((s, d) => {
      if (s < lbs[d]! || s >= lbs[d]! + dims[d]!) throw subscriptError('array subscript out of range');
    });
  }
  const elements = dims.every((d, i) => d === a.dims[i]) ? a.elements.slice() : regrid(a, lbs, dims);
  const step = strides(dims);
  const offset = subscripts.reduce((o, s, d) => o + (s - lbs[d]!) * step[d]!, 0);
  elements[offset] = value;
  return new ArrayValue(elementType, elements, dims, lbs);
}

/**
 * a[l1:u1]...[ln:un] = source; a null bound is the array's own. A NULL source leaves the array
 * as it is (an empty one for a NULL array).
 */
export function arraySetSlice(a: ArrayValue | null, elementType: number, lower: readonly (number | null)[], upper: readonly (number | null)[], source: ArrayValue | null): ArrayValue {
  const n = upper.length;
  const base = a ?? new ArrayValue(elementType, [], [], []);
  if (source === null) return base;
  if (n === 0 || n > MAX_DIMS) throw wrongSubscripts();
  if (base.dims.length === 0) {
    if (lower.some((l) => l === null) || upper.some((u) => u === null)) {
      throw subscriptError('array slice subscript must provide both boundaries', 'When assigning to a slice of an empty array value, slice boundaries must be fully specified.');
    }
    const dims = upper.map((u, d) => u! - lower[d]! + 1);
    if (dims.some((d) => d <= 0)) throw subscriptError('upper bound cannot be less than lower bound');
    const count = dims.reduce((x, d) => x * d, 1);
    if (count > source.elements.length) throw subscriptError('source array too small');
    return new ArrayValue(elementType, source.elements.slice(0, count), dims, lower as number[]);
  }
  const ndim = base.dims.length;
  if (ndim < n) throw wrongSubscripts();
  const dims = base.dims.slice();
  const lbs = base.lowerBounds.slice();
  const lo: number[] = [];
  const hi: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const l = d < n ? (lower[d] ?? lbs[d]!) : lbs[d]!;
    const u = d < n ? (upper[d] ?? lbs[d]! + dims[d]! - 1) : lbs[d]! + dims[d]! - 1;
    if (l > u) throw subscriptError('upper bound cannot be less than lower bound');
    if (ndim > 1 && (l < lbs[d]! || u >= lbs[d]! + dims[d]!)) throw subscriptError('array subscript out of range');
    lo.push(l);
    hi.push(u);
  }
  if (ndim === 1) {
    if (lo[0]! < lbs[0]!) {
      dims[0]! += lbs[0]! - lo[0]!;
      lbs[0] = lo[0]!;
    }
    if (hi[0]! >= lbs[0]! + dims[0]!) dims[0] = hi[0]! - lbs[0]! + 1;
  }
  const span = lo.map((l, d) => hi[d]! - l + 1);
  const count = span.reduce((x, d) => x * d, 1);
  if (count > source.elements.length) throw subscriptError('source array too small');
  const elements = dims.every((d, i) => d === base.dims[i]) ? base.elements.slice() : regrid(base, lbs, dims);
  const step = strides(dims);
  const spanStep = strides(span);
  for (let k = 0; k < count; k++) {
    let rest = k;
    let offset = 0;
    for (let d = 0; d < ndim; d++) {
      const i = Math.floor(rest / spanStep[d]!);
      rest -= i * spanStep[d]!;
      offset += (lo[d]! + i - lbs[d]!) * step[d]!;
    }
    elements[offset] = source.elements[k] ?? null;
  }
  return new ArrayValue(elementType, elements, dims, lbs);
}
