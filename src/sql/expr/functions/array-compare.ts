// Array comparison and search, as PostgreSQL 15: array_eq (same shape and lower bounds, then
// NULL = NULL and the element type's `=`), array_cmp behind < <= > >= btarraycmp and
// array_larger/smaller (elements in order with NULL above every value, then element count,
// dimension count, lengths, lower bounds), containment @> <@ && (a NULL element never
// matches), array_position(s), array_remove, array_replace, and the oidvector comparisons
// (length first, then elements). Element operators come from array-element-ops.ts.
// Requires: strict functions get no NULL arguments; the others check for NULL themselves.
import { DbError, SqlState } from '../../../errors.js';
import { emptyArray, oneDimArray } from '../../types/array.js';
import { Oid } from '../../types/oids.js';
import { ArrayValue, type Value } from '../../types/value.js';
import { elementOps } from './array-element-ops.js';
import { elementTypeOf } from './array.js';
import type { CallInfo, EvalContext, FnImpl, FunctionTable } from './registry.js';

function sameShape(a: ArrayValue, b: ArrayValue): boolean {
  if (a.dims.length !== b.dims.length) return false;
  for (let i = 0; i < a.dims.length; i++) {
    if (a.dims[i] !== b.dims[i] || a.lowerBounds[i] !== b.lowerBounds[i]) return false;
  }
  return true;
}

/** array_eq. */
function arrayEquals(a: ArrayValue, b: ArrayValue, ctx: EvalContext, call: CallInfo): boolean {
  if (!sameShape(a, b)) return false;
  const ops = elementOps(elementTypeOf(call, 0, a));
  for (let i = 0; i < a.elements.length; i++) {
    const x = a.elements[i]!;
    const y = b.elements[i]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return false;
    }
    if (!ops.equals(x, y, ctx)) return false;
  }
  return true;
}

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/** array_cmp: -1, 0 or 1. */
function arrayCompare(a: ArrayValue, b: ArrayValue, ctx: EvalContext, call: CallInfo): number {
  const ops = elementOps(elementTypeOf(call, 0, a));
  const n = Math.min(a.elements.length, b.elements.length);
  for (let i = 0; i < n; i++) {
    const x = a.elements[i]!;
    const y = b.elements[i]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return x === null ? 1 : -1;
    }
    const c = ops.compare(x, y, ctx);
    if (c !== 0) return c;
  }
  if (a.elements.length !== b.elements.length) return sign(a.elements.length - b.elements.length);
  if (a.dims.length !== b.dims.length) return sign(a.dims.length - b.dims.length);
  for (let i = 0; i < a.dims.length; i++) if (a.dims[i] !== b.dims[i]) return sign(a.dims[i]! - b.dims[i]!);
  for (let i = 0; i < a.dims.length; i++) if (a.lowerBounds[i] !== b.lowerBounds[i]) return sign(a.lowerBounds[i]! - b.lowerBounds[i]!);
  return 0;
}

/** array_contain_compare: every (matchAll) or some element of a equals an element of b. */
function containCompare(a: ArrayValue, b: ArrayValue, matchAll: boolean, ctx: EvalContext, call: CallInfo): boolean {
  const ops = elementOps(elementTypeOf(call, 0, a));
  for (const x of a.elements) {
    if (x === null) {
      if (matchAll) return false;
      continue;
    }
    let found = false;
    for (const y of b.elements) {
      if (y !== null && ops.equals(x, y, ctx)) {
        found = true;
        break;
      }
    }
    if (found && !matchAll) return true;
    if (!found && matchAll) return false;
  }
  return matchAll;
}

function multidimensionalSearch(): DbError {
  return new DbError(SqlState.FeatureNotSupported, 'searching for elements in multidimensional arrays is not supported');
}

/** Positions (lower-bound based) at or after `from` where the element matches `search`. */
function* matches(a: ArrayValue, search: Value, from: number, ctx: EvalContext, call: CallInfo): Generator<number> {
  const ops = search === null ? null : elementOps(elementTypeOf(call, 0, a));
  let position = a.lowerBounds[0]! - 1;
  for (const e of a.elements) {
    position++;
    if (position < from) continue;
    if (e === null || search === null) {
      if (e === null && search === null) yield position;
      continue;
    }
    if (ops!.equals(search, e, ctx)) yield position;
  }
}

/** array_position(array, element[, start]). */
function arrayPosition(args: Value[], ctx: EvalContext, call: CallInfo): Value {
  const a = args[0] as ArrayValue | null;
  if (a === null) return null;
  if (a.dims.length > 1) throw multidimensionalSearch();
  if (a.dims.length < 1) return null;
  const search = args[1]!;
  if (search === null && !a.elements.includes(null)) return null;
  let from = a.lowerBounds[0]!;
  if (args.length === 3) {
    if (args[2] === null) throw new DbError(SqlState.NullValueNotAllowed, 'initial position must not be null');
    from = args[2] as number;
  }
  for (const position of matches(a, search, from, ctx, call)) return position;
  return null;
}

/** array_positions(array, element): int[] of every matching position. */
function arrayPositions(args: Value[], ctx: EvalContext, call: CallInfo): Value {
  const a = args[0] as ArrayValue | null;
  if (a === null) return null;
  if (a.dims.length > 1) throw multidimensionalSearch();
  if (a.dims.length < 1) return emptyArray(Oid.int4);
  const search = args[1]!;
  if (search === null && !a.elements.includes(null)) return emptyArray(Oid.int4);
  return oneDimArray(Oid.int4, [...matches(a, search, a.lowerBounds[0]!, ctx, call)]);
}

/** array_replace_internal: replace (or, removing, drop) every element equal to `search`. */
function arrayReplace(a: ArrayValue, search: Value, replace: Value, remove: boolean, ctx: EvalContext, call: CallInfo): ArrayValue {
  if (a.dims.length < 1) return a;
  if (remove && a.dims.length > 1) {
    throw new DbError(SqlState.FeatureNotSupported, 'removing elements from multidimensional arrays is not supported');
  }
  const ops = elementOps(elementTypeOf(call, 0, a));
  const out: Value[] = [];
  let changed = false;
  for (const e of a.elements) {
    const hit = e === null ? search === null : search !== null && ops.equals(e, search, ctx);
    if (!hit) {
      out.push(e);
      continue;
    }
    changed = true;
    if (!remove) out.push(replace);
  }
  if (!changed) return a;
  if (out.length === 0) return emptyArray(a.elementType);
  const dims = a.dims.slice();
  if (remove) dims[0] = out.length;
  return new ArrayValue(a.elementType, out, dims, a.lowerBounds.slice());
}

/** btoidvectorcmp: shorter vectors first, then element by element. */
function oidvectorCompare(args: Value[]): number {
  const a = (args[0] as ArrayValue).elements as number[];
  const b = (args[1] as ArrayValue).elements as number[];
  if (a.length !== b.length) return sign(a.length - b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]! ? 1 : -1;
  return 0;
}

const cmp = (a: Value[], ctx: EvalContext, call: CallInfo) => arrayCompare(a[0] as ArrayValue, a[1] as ArrayValue, ctx, call);
const vec = (test: (c: number) => boolean): FnImpl => (a) => test(oidvectorCompare(a));

export const arrayCompareFunctions: FunctionTable = {
  array_eq: (a, ctx, call) => arrayEquals(a[0] as ArrayValue, a[1] as ArrayValue, ctx, call),
  array_ne: (a, ctx, call) => !arrayEquals(a[0] as ArrayValue, a[1] as ArrayValue, ctx, call),
  array_lt: (a, ctx, call) => cmp(a, ctx, call) < 0,
  array_le: (a, ctx, call) => cmp(a, ctx, call) <= 0,
  array_gt: (a, ctx, call) => cmp(a, ctx, call) > 0,
  array_ge: (a, ctx, call) => cmp(a, ctx, call) >= 0,
  btarraycmp: (a, ctx, call) => cmp(a, ctx, call),
  array_larger: (a, ctx, call) => (cmp(a, ctx, call) > 0 ? a[0]! : a[1]!),
  array_smaller: (a, ctx, call) => (cmp(a, ctx, call) < 0 ? a[0]! : a[1]!),
  arraycontains: (a, ctx, call) => containCompare(a[1] as ArrayValue, a[0] as ArrayValue, true, ctx, call),
  arraycontained: (a, ctx, call) => containCompare(a[0] as ArrayValue, a[1] as ArrayValue, true, ctx, call),
  arrayoverlap: (a, ctx, call) => containCompare(a[0] as ArrayValue, a[1] as ArrayValue, false, ctx, call),
  array_position: (a, ctx, call) => arrayPosition(a, ctx, call),
  array_position_start: (a, ctx, call) => arrayPosition(a, ctx, call),
  array_positions: (a, ctx, call) => arrayPositions(a, ctx, call),
  array_remove: (a, ctx, call) => (a[0] === null ? null : arrayReplace(a[0] as ArrayValue, a[1]!, null, true, ctx, call)),
  array_replace: (a, ctx, call) => (a[0] === null ? null : arrayReplace(a[0] as ArrayValue, a[1]!, a[2]!, false, ctx, call)),
  btoidvectorcmp: (a) => oidvectorCompare(a),
  oidvectoreq: vec((c) => c === 0),
  oidvectorne: vec((c) => c !== 0),
  oidvectorlt: vec((c) => c < 0),
  oidvectorle: vec((c) => c <= 0),
  oidvectorgt: vec((c) => c > 0),
  oidvectorge: vec((c) => c >= 0),
};
