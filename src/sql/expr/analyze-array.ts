// Analysis of the array constructs (PostgreSQL's transformArrayExpr, transformIndirection with
// array subscripting, and make_scalar_array_op):
//   ARRAY[a, b]        elements coerced to their common type ("ARRAY types ... cannot be
//                      matched"), or, under a cast to an array type, each cast explicitly to
//                      the element type; elements that are arrays make a multi-dimensional
//                      array; ARRAY[] needs a cast
//   a[i][j], a[i:j]    subscripts coerced to integer by assignment rules; any slice makes all
//                      subscripts slices (a missing lower bound is 1); int2vector and oidvector
//                      subscript as int2[] and oid[]; (row).field selects a field (analyze-row.ts)
//   x op ANY/ALL (a)   the operator is resolved against the array's element type (an untyped
//                      literal array stays unknown until the operator is chosen), must yield
//                      boolean, and the array is coerced to the array type of its right input
import { SqlState } from '../../errors.js';
import type { Node } from '../parser.js';
import { nameParts } from '../analyze/typename.js';
import { arrayElementOid, MAX_DIMS } from '../types/array.js';
import { Oid } from '../types/oids.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from './analyze-expr.js';
import { resolveOperator } from './analyze-operator.js';
import { arrayTypeOf, coerceToCommonType, coerceToTargetType, coerceType, isPolymorphic, resolvePolymorphicTypes, selectCommonType } from './coerce.js';
import { builtins } from '../../catalog/builtins.js';
import { exprLocation, makeConst, type Expr, type ScalarArrayOpExpr } from './expr.js';
import { selectField } from './analyze-row.js';

/** The array type an ARRAY[...] is cast to, passed down so its elements are cast directly. */
export interface ArrayTarget {
  arrayType: number;
  elementType: number;
  typmod: number;
}

/** The target for `ARRAY[...]::type`, or undefined when the type is not an array type. */
export function arrayCastTarget(type: number, typmod: number): ArrayTarget | undefined {
  const elementType = arrayElementOid(type);
  return elementType ? { arrayType: type, elementType, typmod } : undefined;
}

/** PostgreSQL's exprTypmod of an ArrayExpr: the elements' common typmod, else -1. */
function commonTypmod(elements: Expr[], commonType: number): number {
  const first = elements[0];
  if (!first || first.typmod < 0) return -1;
  for (const e of elements) if (e.type !== commonType || e.typmod !== first.typmod) return -1;
  return first.typmod;
}

/** ARRAY[...], with the target type when it is the operand of a cast to an array type. */
export function analyzeArrayConstructor(cx: ExprContext, a: Node, target?: ArrayTarget): Expr {
  const ps = cx.ps;
  const location: number = a.location ?? -1;
  let multidims = false;
  const raw: Expr[] = [];
  for (const node of (a.elements ?? []) as Node[]) {
    if (node.A_ArrayExpr) {
      raw.push(analyzeArrayConstructor(cx, node.A_ArrayExpr, target));
      multidims = true;
    } else {
      const e = analyzeExpr(cx, node);
      if (!multidims && arrayElementOid(e.type)) multidims = true;
      raw.push(e);
    }
  }
  let arrayType: number;
  let elementType: number;
  let elements: Expr[];
  if (target) {
    arrayType = target.arrayType;
    elementType = target.elementType;
    const coerceTo = multidims ? arrayType : elementType;
    elements = raw.map((e) => {
      const out = coerceToTargetType(ps, e, coerceTo, target.typmod, 'explicit', -1);
      if (!out) throw ps.error(SqlState.CannotCoerce, `cannot cast type ${ps.typeText(e.type)} to ${ps.typeText(coerceTo)}`, exprLocation(e));
      return out;
    });
  } else {
    if (raw.length === 0) {
      throw ps.error(SqlState.IndeterminateDatatype, 'cannot determine type of empty array', location, {
        hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
      });
    }
    const common = selectCommonType(ps, raw, 'ARRAY');
    if (multidims) {
      arrayType = common;
      elementType = arrayElementOid(arrayType);
      if (!elementType) throw ps.error(SqlState.UndefinedObject, `could not find element type for data type ${ps.typeText(arrayType)}`, location);
    } else {
      elementType = common;
      arrayType = arrayTypeOf(elementType);
      if (!arrayType) throw ps.error(SqlState.UndefinedObject, `could not find array type for data type ${ps.typeText(elementType)}`, location);
    }
    elements = raw.map((e) => coerceToCommonType(ps, e, common, 'ARRAY'));
  }
  const typmod = commonTypmod(elements, multidims ? arrayType : elementType);
  return { kind: 'array', elements, elementType, multidims, type: arrayType, typmod, location };
}

/** A subscript expression coerced to int4 (assignment rules), or 42804. */
function subscriptValue(cx: ExprContext, node: Node): Expr {
  const e = analyzeExpr(cx, node);
  const out = coerceToTargetType(cx.ps, e, Oid.int4, -1, 'assignment', -1);
  if (!out) {
    const at = exprLocation(e) >= 0 ? exprLocation(e) : exprNodeLocation(node);
    throw cx.ps.error(SqlState.DatatypeMismatch, 'array subscript must have type integer', at);
  }
  return out;
}

/** transformContainerSubscripts for arrays: `container[...]...` from a run of A_Indices. */
export function subscriptArray(cx: ExprContext, container: Expr, indices: Node[]): Expr {
  const ps = cx.ps;
  let base = container;
  if (base.type === Oid.int2vector || base.type === Oid.oidvector) {
    // PostgreSQL treats the vectors as int2[] / oid[] here, so a slice need not be a vector
    base = { kind: 'relabel', arg: base, type: base.type === Oid.int2vector ? Oid.int2Array : Oid.oidArray, typmod: base.typmod };
  }
  // name is a fixed-length array of 64 "char" (NAMEDATALEN), subscripted from 0
  const elementType = base.type === Oid.name ? Oid.char : arrayElementOid(base.type);
  if (base.type === Oid.name && indices.some((ai) => ai.is_slice === true)) {
    throw ps.error(SqlState.FeatureNotSupported, 'slices of fixed-length arrays not implemented', exprLocation(container));
  }
  if (!elementType) {
    throw ps.error(SqlState.DatatypeMismatch, `cannot subscript type ${ps.typeText(base.type)} because it does not support subscripting`, exprLocation(container));
  }
  const isSlice = indices.some((ai) => ai.is_slice === true);
  const upper: (Expr | null)[] = [];
  const lower: (Expr | null)[] = [];
  for (const ai of indices) {
    if (isSlice) {
      if (ai.lidx) lower.push(subscriptValue(cx, ai.lidx));
      else lower.push(ai.is_slice ? null : makeConst(Oid.int4, 1));
    }
    upper.push(ai.uidx ? subscriptValue(cx, ai.uidx) : null);
  }
  if (upper.length > MAX_DIMS) {
    throw ps.error(SqlState.ProgramLimitExceeded, `number of array dimensions (${upper.length}) exceeds the maximum allowed (${MAX_DIMS})`);
  }
  return {
    kind: 'subscript',
    arg: base,
    upper,
    lower: isSlice ? lower : null,
    type: isSlice ? base.type : elementType,
    typmod: base.typmod,
  };
}

/** A_Indirection: subscripts; field selection is not supported yet. */
export function analyzeIndirection(cx: ExprContext, ind: Node): Expr {
  let e = analyzeExpr(cx, ind.arg);
  let pending: Node[] = [];
  for (const item of (ind.indirection ?? []) as Node[]) {
    if (item.A_Indices) {
      pending.push(item.A_Indices);
      continue;
    }
    if (pending.length > 0) e = subscriptArray(cx, e, pending);
    pending = [];
    const location = exprLocation(e) >= 0 ? exprLocation(e) : exprNodeLocation(ind.arg);
    if (item.A_Star) throw cx.ps.error(SqlState.FeatureNotSupported, 'row expansion via "*" is not supported here', location);
    // (row).field (analyze-row.ts)
    const itemName: string = ind.arg.ColumnRef?.fields?.at(-1)?.String?.sval ?? '';
    e = selectField(cx.ps, e, item.String.sval as string, location, itemName);
  }
  return pending.length > 0 ? subscriptArray(cx, e, pending) : e;
}

/** `x op ANY (array)` / `x op ALL (array)` (make_scalar_array_op). */
export function analyzeScalarArrayOp(cx: ExprContext, a: Node, any: boolean): Expr {
  const ps = cx.ps;
  const names = nameParts(a.name);
  const location: number = a.location ?? -1;
  const left = analyzeExpr(cx, a.lexpr);
  const right = analyzeExpr(cx, a.rexpr);
  let rightElement: number = Oid.unknown;
  if (right.type !== Oid.unknown) {
    rightElement = arrayElementOid(right.type);
    if (!rightElement) throw ps.error(SqlState.WrongObjectType, 'op ANY/ALL (array) requires array on right side', location);
  }
  const op = resolveOperator(ps, names, left.type, rightElement, location);
  const proc = builtins().procByOid.get(op.oprcodeoid);
  if (!proc) throw ps.error(SqlState.InternalError, `cache lookup failed for function ${op.oprcode}`, location);
  let declared = [op.oprleft, op.oprright];
  let resultType = op.oprresult;
  if (declared.some(isPolymorphic) || isPolymorphic(resultType)) {
    const resolved = resolvePolymorphicTypes([left.type, rightElement], declared, resultType);
    if (resolved) {
      resultType = resolved.pop()!;
      declared = resolved;
    }
  }
  if (resultType !== Oid.bool) throw ps.error(SqlState.WrongObjectType, 'op ANY/ALL (array) requires operator to yield boolean', location);
  if (proc.proretset) throw ps.error(SqlState.WrongObjectType, 'op ANY/ALL (array) requires operator not to return a set', location);
  let arrayType = right.type;
  if (!isPolymorphic(declared[1]!)) {
    arrayType = arrayTypeOf(declared[1]!);
    if (!arrayType) throw ps.error(SqlState.UndefinedObject, `could not find array type for data type ${ps.typeText(declared[1]!)}`, location);
  }
  const args: [Expr, Expr] = [coerceType(ps, left, declared[0]!, -1, 'implicit', location), coerceType(ps, right, arrayType, -1, 'implicit', location)];
  const out: ScalarArrayOpExpr = { kind: 'scalararrayop', proc, operator: op, args, any, type: Oid.bool, typmod: -1, location };
  return out;
}
