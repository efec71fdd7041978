// Array functions about shape and construction, as PostgreSQL 15's arrayfuncs.c and
// array_userfuncs.c: array_ndims, array_dims, array_lower/upper/length, cardinality,
// array_append / array_prepend / array_cat (the || operators), array_fill, trim_array, and
// current_schemas (a name[] of the search path).
// Element types come from the call's resolved argument types (call.argTypes), so a NULL or
// empty array still knows its element type. Results are new values; inputs are never changed.
// Requires: strict functions get no NULL arguments; the others check for NULL themselves.
import { DbError, SqlState } from '../../../errors.js';
import { arrayElementOid, checkBounds, checkedItemCount, emptyArray, MAX_DIMS, oneDimArray } from '../../types/array.js';
import { Oid } from '../../types/oids.js';
import { ArrayValue, type Value } from '../../types/value.js';
import type { CallInfo, FunctionTable } from './registry.js';
import { arraySlice } from '../array-subscript.js';

/** The element type of argument i, an array type. */
export function elementTypeOf(call: CallInfo, i: number, value?: Value): number {
  return arrayElementOid(call.argTypes[i]!) || (value instanceof ArrayValue ? value.elementType : 0);
}

/** Dimension d (1-based) of an array, or null when it has no such dimension. */
function dimension(a: ArrayValue, d: number): number | null {
  return d >= 1 && d <= a.dims.length ? d - 1 : null;
}

function intOverflow(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'integer out of range');
}

function notOneDimensional(): DbError {
  return new DbError(SqlState.DataException, 'argument must be empty or one-dimensional array');
}

/** array_append(anycompatiblearray, anycompatible): a NULL array counts as empty. */
function arrayAppend(args: Value[], call: CallInfo): Value {
  const a = (args[0] as ArrayValue | null) ?? emptyArray(elementTypeOf(call, 0));
  const elementType = elementTypeOf(call, 0, a);
  if (a.dims.length === 0) return oneDimArray(elementType, [args[1]!]);
  if (a.dims.length !== 1) throw notOneDimensional();
  if (a.lowerBounds[0]! + a.dims[0]! > 2147483647) throw intOverflow();
  return new ArrayValue(elementType, [...a.elements, args[1]!], [a.dims[0]! + 1], [a.lowerBounds[0]!]);
}

/** array_prepend(anycompatible, anycompatiblearray): the lower bound stays. */
function arrayPrepend(args: Value[], call: CallInfo): Value {
  const a = (args[1] as ArrayValue | null) ?? emptyArray(elementTypeOf(call, 1));
  const elementType = elementTypeOf(call, 1, a);
  if (a.dims.length === 0) return oneDimArray(elementType, [args[0]!]);
  if (a.dims.length !== 1) throw notOneDimensional();
  if (a.lowerBounds[0]! - 1 < -2147483648) throw intOverflow();
  return new ArrayValue(elementType, [args[0]!, ...a.elements], [a.dims[0]! + 1], [a.lowerBounds[0]!]);
}

function incompatible(detail: string): DbError {
  return new DbError(SqlState.ArraySubscriptError, 'cannot concatenate incompatible arrays', { detail });
}

/** array_cat: the inputs' elements one after the other, along the outer dimension. */
function arrayCat(args: Value[], call: CallInfo): Value {
  const a = args[0] as ArrayValue | null;
  const b = args[1] as ArrayValue | null;
  if (a === null) return b;
  if (b === null) return a;
  const n1 = a.dims.length;
  const n2 = b.dims.length;
  if (n1 === 0 && n2 > 0) return b;
  if (n2 === 0) return a;
  if (n1 !== n2 && n1 !== n2 - 1 && n1 !== n2 + 1) {
    throw incompatible(`Arrays of ${n1} and ${n2} dimensions are not compatible for concatenation.`);
  }
  let dims: number[];
  let lbs: number[];
  if (n1 === n2) {
    dims = [a.dims[0]! + b.dims[0]!, ...a.dims.slice(1)];
    lbs = a.lowerBounds.slice();
    for (let i = 1; i < n1; i++) {
      if (a.dims[i] !== b.dims[i] || a.lowerBounds[i] !== b.lowerBounds[i]) {
        throw incompatible('Arrays with differing element dimensions are not compatible for concatenation.');
      }
    }
  } else {
    const [outer, inner] = n1 === n2 - 1 ? [b, a] : [a, b];
    dims = outer.dims.slice();
    lbs = outer.lowerBounds.slice();
    dims[0]! += 1;
    for (let i = 0; i < inner.dims.length; i++) {
      if (inner.dims[i] !== dims[i + 1] || inner.lowerBounds[i] !== lbs[i + 1]) {
        throw incompatible('Arrays with differing dimensions are not compatible for concatenation.');
      }
    }
  }
  checkedItemCount(dims);
  checkBounds(dims, lbs);
  return new ArrayValue(elementTypeOf(call, 0, a), [...a.elements, ...b.elements], dims, lbs);
}

/** The largest array array_fill builds (2^24 elements). */
const FILL_LIMIT = 16_777_216;

function nullDimensions(): DbError {
  return new DbError(SqlState.NullValueNotAllowed, 'dimension array or low bound array cannot be null');
}

function wrongSubscripts(detail: string): DbError {
  return new DbError(SqlState.ArraySubscriptError, 'wrong number of array subscripts', { detail });
}

/** The int4 values of a dimension or lower-bound array for array_fill. */
function fillBounds(a: ArrayValue): number[] {
  if (a.dims.length > 1) throw wrongSubscripts('Dimension array must be one dimensional.');
  if (a.elements.includes(null)) throw new DbError(SqlState.NullValueNotAllowed, 'dimension values cannot be null');
  return a.elements as number[];
}

/** array_fill(value, dims[, lower bounds]): an array of the given shape holding value. */
function arrayFill(args: Value[], call: CallInfo): Value {
  if (args[1] === null || (args.length > 2 && args[2] === null)) throw nullDimensions();
  const dims = fillBounds(args[1] as ArrayValue);
  if (dims.length > MAX_DIMS) {
    throw new DbError(SqlState.ProgramLimitExceeded, `number of array dimensions (${dims.length}) exceeds the maximum allowed (${MAX_DIMS})`);
  }
  let lbs = dims.map(() => 1);
  if (args.length > 2) {
    lbs = fillBounds(args[2] as ArrayValue);
    if (lbs.length !== dims.length) throw wrongSubscripts('Low bound array has different size than dimensions array.');
  }
  const count = checkedItemCount(dims);
  checkBounds(dims, lbs);
  if (count > FILL_LIMIT) {
    // PostgreSQL would try; one JS array this large could exhaust the server's heap
    throw new DbError(SqlState.OutOfMemory, 'out of memory', { detail: `Failed on request of size ${count * 8}.` });
  }
  const elementType = call.argTypes[0]!;
  if (count === 0) return emptyArray(elementType);
  return new ArrayValue(elementType, new Array<Value>(count).fill(args[0]!), dims.slice(), lbs.slice());
}

/** trim_array(a, n): a without its last n elements along the first dimension. */
function trimArray(args: Value[]): Value {
  const a = args[0] as ArrayValue;
  const n = args[1] as number;
  const length = a.dims.length > 0 ? a.dims[0]! : 0;
  if (n < 0 || n > length) {
    throw new DbError(SqlState.ArraySubscriptError, `number of elements to trim must be between 0 and ${length}`);
  }
  const upper = a.dims.length > 0 ? a.lowerBounds[0]! + length - n - 1 : null;
  return arraySlice(a, [null], [upper]);
}

export const arrayFunctions: FunctionTable = {
  array_ndims: (a) => ((a[0] as ArrayValue).dims.length > 0 ? (a[0] as ArrayValue).dims.length : null),
  array_dims(a) {
    const v = a[0] as ArrayValue;
    if (v.dims.length === 0) return null;
    return v.dims.map((d, i) => `[${v.lowerBounds[i]}:${v.lowerBounds[i]! + d - 1}]`).join('');
  },
  array_lower(a) {
    const v = a[0] as ArrayValue;
    const d = dimension(v, a[1] as number);
    return d === null ? null : v.lowerBounds[d]!;
  },
  array_upper(a) {
    const v = a[0] as ArrayValue;
    const d = dimension(v, a[1] as number);
    return d === null ? null : v.lowerBounds[d]! + v.dims[d]! - 1;
  },
  array_length(a) {
    const v = a[0] as ArrayValue;
    const d = dimension(v, a[1] as number);
    return d === null ? null : v.dims[d]!;
  },
  array_cardinality: (a) => (a[0] as ArrayValue).elements.length,
  array_append: (a, _ctx, call) => arrayAppend(a, call),
  array_prepend: (a, _ctx, call) => arrayPrepend(a, call),
  array_cat: (a, _ctx, call) => arrayCat(a, call),
  array_fill: (a, _ctx, call) => arrayFill(a, call),
  array_fill_with_lower_bounds: (a, _ctx, call) => arrayFill(a, call),
  trim_array: (a) => trimArray(a),
  current_schemas: (a, ctx) => oneDimArray(Oid.name, ctx.session.searchPath(a[0] === true)),
};
