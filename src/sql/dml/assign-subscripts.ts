// `SET col[i] = x` / `SET col[i:j] = arr` in UPDATE (PostgreSQL's transformAssignmentIndirection
// for arrays): the column's new value is its old value with the subscripted part replaced, as a
// SubscriptExpr carrying the value to assign (compiled by expr/compile-array.ts). Several such
// items on one column apply in order to the result of the previous one. The value is coerced to
// the element type (the array type for a slice) with the column's typmod; field assignment
// (col.f = x) needs composite columns, which tables cannot hold yet (42804 as PostgreSQL).
import { SqlState } from '../../errors.js';
import type { ColumnRecord } from '../../catalog/objects.js';
import type { ParseState } from '../analyze/parse-state.js';
import type { ExprContext } from '../expr/analyze-expr.js';
import { subscriptArray } from '../expr/analyze-array.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { exprLocation, type Expr, type SubscriptExpr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { arrayElementOid } from '../types/array.js';

/** The column's new value: `base` (its current value or an earlier assignment) with `value` stored at the subscripts. */
export function assignSubscripts(ps: ParseState, cx: ExprContext, col: ColumnRecord, base: Expr, indirection: Node[], value: Expr, location: number): Expr {
  const field = indirection.findIndex((item) => !item.A_Indices);
  if (field >= 0) {
    const type = field === 0 ? col.typeOid : arrayElementOid(col.typeOid) || col.typeOid;
    const name = indirection[field]!.String?.sval ?? '*';
    throw ps.error(SqlState.DatatypeMismatch, `cannot assign to field "${name}" of column "${col.name}" because its type ${ps.typeText(type)} is not a composite type`, location);
  }
  const sub = subscriptArray(cx, { ...base, location } as Expr, indirection.map((item) => item.A_Indices as Node)) as SubscriptExpr;
  const coerced = coerceToTargetType(ps, value, sub.type, col.typmod, 'assignment', exprLocation(value));
  if (!coerced) {
    throw ps.error(SqlState.DatatypeMismatch, `subscripted assignment to "${col.name}" requires type ${ps.typeText(sub.type)} but expression is of type ${ps.typeText(value.type)}`, exprLocation(value), {
      hint: 'You will need to rewrite or cast the expression.',
    });
  }
  return { ...sub, assign: coerced, type: col.typeOid, typmod: col.typmod };
}
