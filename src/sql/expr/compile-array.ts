// Run-time closures of the array expression nodes (compile.ts hands them over):
//   ARRAY[...]        one dimension with lower bound 1; nested sub-arrays add a dimension,
//                     must all match in shape, and NULL or empty sub-arrays are allowed only
//                     when every sub-array is one (then the result is empty), as ExecEvalArrayExpr
//   a[i][j], a[i:j]   array-subscript.ts; a NULL array or subscript gives NULL; name[i] is
//                     a byte of the name (a fixed-length array of "char" from 0)
//   x op ANY/ALL (a)  ExecEvalScalarArrayOp: NULL array → NULL, no elements → false (ANY) or
//                     true (ALL) even for a NULL x, NULLs from the operator make the result
//                     NULL unless an element decides it
//   element-wise cast the element expression runs once per element, reading it as its
//                     CaseTestExpr; shape and lower bounds are kept
import { DbError, SqlState } from '../../errors.js';
import { arrayElementOid, emptyArray, MAX_DIMS, oneDimArray, tooManyDimensions } from '../types/array.js';
import { ArrayValue, type Value } from '../types/value.js';
import { arrayElementAt, arraySlice } from './array-subscript.js';
import { arraySetElement, arraySetSlice } from './array-assign.js';
import { Oid } from '../types/oids.js';
import type { RowFn, RuntimeContext } from './compile.js';
import type { ArrayCoerceExpr, ArrayExpr, Expr, ScalarArrayOpExpr, SubscriptExpr } from './expr.js';
import { lookupImplementation } from './function-impls.js';
import type { CallInfo } from './functions/registry.js';

/** The size of a name's buffer (PostgreSQL's NAMEDATALEN). */
const NAME_BYTES = 64;

/** The value an element expression reads as its CaseTestExpr. */
export interface ElementCell {
  value: Value;
}

/** Compiles a child expression; with a cell, CaseTestExpr inside it reads that cell. */
export type CompileChild = (e: Expr, cell?: ElementCell) => RowFn;

export type ArrayNode = ArrayExpr | SubscriptExpr | ScalarArrayOpExpr | ArrayCoerceExpr;

export function compileArrayNode(e: ArrayNode, child: CompileChild): RowFn {
  switch (e.kind) {
    case 'array':
      return e.multidims ? compileNestedArray(e, e.elements.map((x) => child(x))) : compileFlatArray(e, e.elements.map((x) => child(x)));
    case 'subscript':
      return compileSubscript(e, child);
    case 'scalararrayop':
      return compileScalarArrayOp(e, child(e.args[0]), child(e.args[1]));
    case 'arraycoerce': {
      const cell: ElementCell = { value: null };
      return compileArrayCoerce(e, child(e.arg), child(e.elem, cell), cell);
    }
  }
}

function compileFlatArray(e: ArrayExpr, elements: RowFn[]): RowFn {
  const elementType = e.elementType;
  return (row, ctx) => oneDimArray(elementType, elements.map((f) => f(row, ctx)));
}

function mismatchedSubArrays(): DbError {
  return new DbError(SqlState.ArraySubscriptError, 'multidimensional arrays must have array expressions with matching dimensions');
}

function compileNestedArray(e: ArrayExpr, elements: RowFn[]): RowFn {
  const elementType = e.elementType;
  return (row, ctx) => {
    let inner: ArrayValue | null = null;
    let haveEmpty = false;
    const values: Value[] = [];
    let outer = 0;
    for (const f of elements) {
      const v = f(row, ctx) as ArrayValue | null;
      if (v === null || v.dims.length === 0) {
        haveEmpty = true;
        continue;
      }
      if (inner === null) {
        inner = v;
        if (v.dims.length + 1 > MAX_DIMS) throw tooManyDimensions(v.dims.length + 1);
      } else if (!sameShape(inner, v)) {
        throw mismatchedSubArrays();
      }
      for (const x of v.elements) values.push(x);
      outer++;
    }
    if (haveEmpty) {
      if (inner === null) return emptyArray(elementType);
      throw mismatchedSubArrays();
    }
    if (inner === null) return emptyArray(elementType);
    return new ArrayValue(elementType, values, [outer, ...inner.dims], [1, ...inner.lowerBounds]);
  };
}

function sameShape(a: ArrayValue, b: ArrayValue): boolean {
  if (a.dims.length !== b.dims.length) return false;
  for (let d = 0; d < a.dims.length; d++) {
    if (a.dims[d] !== b.dims[d] || a.lowerBounds[d] !== b.lowerBounds[d]) return false;
  }
  return true;
}

/** Compiled subscripts: undefined where a slice bound was omitted. */
type Bound = RowFn | undefined;

/**
 * name[i]: byte i (0-based) of the name's 64-byte buffer as a "char" (NUL past the end: the
 * empty string); NULL out of range or with several subscripts, as for any fixed-length array.
 */
function compileNameSubscript(arg: RowFn, subscripts: RowFn[]): RowFn {
  return (row, ctx) => {
    const v = arg(row, ctx) as string | null;
    if (v === null || subscripts.length !== 1) return null;
    const i = subscripts[0]!(row, ctx) as number | null;
    if (i === null || i < 0 || i >= NAME_BYTES) return null;
    const bytes = Buffer.from(v, 'utf8');
    return i < bytes.length && bytes[i] !== 0 ? String.fromCharCode(bytes[i]!) : '';
  };
}

function compileSubscript(e: SubscriptExpr, child: CompileChild): RowFn {
  if (e.assign) return compileSubscriptAssign(e, e.assign, child);
  const arg = child(e.arg);
  const upper: Bound[] = e.upper.map((x) => (x ? child(x) : undefined));
  if (!e.lower && e.arg.type === Oid.name) return compileNameSubscript(arg, upper as RowFn[]);
  if (!e.lower) {
    const subscripts = upper as RowFn[];
    return (row, ctx) => {
      const a = arg(row, ctx) as ArrayValue | null;
      if (a === null) return null;
      const at: number[] = [];
      for (const f of subscripts) {
        const v = f(row, ctx);
        if (v === null) return null;
        at.push(v as number);
      }
      return arrayElementAt(a, at);
    };
  }
  const lower: Bound[] = e.lower.map((x) => (x ? child(x) : undefined));
  return (row, ctx) => {
    const a = arg(row, ctx) as ArrayValue | null;
    if (a === null) return null;
    const lo: (number | null)[] = [];
    const hi: (number | null)[] = [];
    for (let i = 0; i < upper.length; i++) {
      const l = lower[i];
      const u = upper[i];
      const lv = l ? l(row, ctx) : null;
      const uv = u ? u(row, ctx) : null;
      if ((l && lv === null) || (u && uv === null)) return null;
      lo.push(lv as number | null);
      hi.push(uv as number | null);
    }
    return arraySlice(a, lo, hi);
  };
}

/** `a[...] = value`: the updated array (array-assign.ts); NULL subscripts are 22004. */
function compileSubscriptAssign(e: SubscriptExpr, assign: Expr, child: CompileChild): RowFn {
  const arg = child(e.arg);
  const value = child(assign);
  const upper: Bound[] = e.upper.map((x) => (x ? child(x) : undefined));
  const lower: Bound[] | null = e.lower && e.lower.map((x) => (x ? child(x) : undefined));
  const elementType = arrayElementOid(e.type);
  const bound = (f: Bound, row: readonly Value[], ctx: RuntimeContext): number | null => {
    if (!f) return null;
    const v = f(row, ctx);
    if (v === null) throw new DbError(SqlState.NullValueNotAllowed, 'array subscript in assignment must not be null');
    return v as number;
  };
  return (row, ctx) => {
    const a = arg(row, ctx) as ArrayValue | null;
    const hi = upper.map((f) => bound(f, row, ctx));
    const v = value(row, ctx);
    if (!lower) return arraySetElement(a, elementType, hi as number[], v);
    const lo = lower.map((f) => bound(f, row, ctx));
    return arraySetSlice(a, elementType, lo, hi, v as ArrayValue | null);
  };
}

function compileScalarArrayOp(e: ScalarArrayOpExpr, left: RowFn, right: RowFn): RowFn {
  const impl = lookupImplementation(e.proc);
  if (!impl || impl.async) throw new DbError(SqlState.FeatureNotSupported, `function ${e.proc.proname} is not supported yet`);
  const fn = impl.fn;
  const call: CallInfo = { argTypes: [e.args[0].type, arrayElementOid(e.args[1].type)], resultType: e.type, resultTypmod: -1, funcOid: e.proc.oid };
  const strict = e.proc.proisstrict;
  const any = e.any;
  return (row, ctx) => {
    const x = left(row, ctx);
    const a = right(row, ctx) as ArrayValue | null;
    if (a === null) return null;
    if (a.elements.length === 0) return !any;
    if (x === null && strict) return null;
    let sawNull = false;
    for (const element of a.elements) {
      const r = element === null && strict ? null : fn([x, element], ctx, call);
      if (r === null) sawNull = true;
      else if (r === any) return any;
    }
    return sawNull ? null : !any;
  };
}

function compileArrayCoerce(e: ArrayCoerceExpr, arg: RowFn, elem: RowFn, cell: ElementCell): RowFn {
  const elementType = arrayElementOid(e.type);
  return (row, ctx) => {
    const a = arg(row, ctx) as ArrayValue | null;
    if (a === null) return null;
    if (a.elements.length === 0) return emptyArray(elementType);
    const out = new Array<Value>(a.elements.length);
    for (let i = 0; i < out.length; i++) {
      cell.value = a.elements[i]!;
      out[i] = elem(row, ctx);
    }
    return new ArrayValue(elementType, out, a.dims.slice(), a.lowerBounds.slice());
  };
}
