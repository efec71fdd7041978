// UPDATE t [AS a] SET col = expr | (c1, c2) = (e1, e2) | col = DEFAULT ... [WHERE] [RETURNING]
// (PostgreSQL's transformUpdateStmt): each SET value is an assignment to its column's type,
// evaluated over the old row. The matching rows are all collected before any is changed (so a
// changed row is never visited twice), then each new row passes NOT NULL, CHECK and unique keys.
import { SqlState, notSupported } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import type { RowFn, RuntimeContext } from '../expr/compile.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import { matchingRows } from './matching-rows.js';
import { assignTo, columnDefaults } from './insert.js';
import { analyzeReturning, analyzeWhere, compileDmlExpr, compileViewCheck, withViewQual, columnIndex, compileReturning, RowChecks, targetTable, type Returning, type TargetTable } from './target-table.js';

export interface UpdateQuery {
  kind: 'update';
  target: TargetTable;
  /** Column positions and their new values over the old row (null: the column's default). */
  sets: { column: number; value: Expr | null }[];
  defaults: (Expr | null)[];
  where: Expr | null;
  returning: Returning | null;
}

/** The value node a SET item assigns: its own, or its element of a (c1, c2) = ROW(...) source. */
function setValue(ps: ParseState, rt: Node): Node {
  const multi = rt.val.MultiAssignRef;
  if (!multi) return rt.val;
  const source = multi.source;
  if (source.SubLink) throw notSupported('a sub-SELECT as the source of a multiple-column UPDATE');
  if (!source.RowExpr) {
    throw ps.error(SqlState.SyntaxError, 'source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression', exprNodeLocation(source));
  }
  const args = (source.RowExpr.args ?? []) as Node[];
  if (args.length !== multi.ncolumns) {
    throw ps.error(SqlState.SyntaxError, `number of columns does not match number of values`, source.RowExpr.location);
  }
  return args[multi.colno - 1]!;
}

export function analyzeUpdate(ps: ParseState, stmt: Node): UpdateQuery {
  if (stmt.withClause) throw notSupported('WITH in UPDATE');
  if (stmt.fromClause?.length) throw notSupported('UPDATE ... FROM');
  const target = targetTable(ps, stmt.relation, 'update');
  const table = target.record;
  const cx: ExprContext = { ps, scope: target.scope, clause: 'UPDATE' };
  const seen = new Set<number>();
  const sets = (stmt.targetList as Node[]).map((item) => {
    const rt = item.ResTarget;
    if (rt.indirection) throw ps.error(SqlState.FeatureNotSupported, 'assigning to subscripts or fields is not supported yet', rt.location);
    const column = columnIndex(ps, target, rt.name, rt.location, 'update');
    const col = table.columns[column]!;
    if (seen.has(column)) throw ps.error(SqlState.SyntaxError, `multiple assignments to same column "${col.name}"`, rt.location);
    seen.add(column);
    const node = setValue(ps, rt);
    if (node.SetToDefault) return { column, value: null };
    if (col.identity === 'a') {
      throw ps.error(SqlState.GeneratedAlways, `column "${col.name}" can only be updated to DEFAULT`, rt.location, {
        detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.`,
      });
    }
    const e = analyzeExpr(cx, node);
    return { column, value: assignTo(ps, e, target, column, exprLocation(e) >= 0 ? exprLocation(e) : exprNodeLocation(node)) };
  });
  return {
    kind: 'update',
    target,
    sets,
    defaults: columnDefaults(ps, target),
    where: withViewQual(target, analyzeWhere(cx, target, stmt.whereClause)),
    returning: analyzeReturning(cx, target, stmt.returningList),
  };
}

/** Runs an UPDATE: returns the count and the RETURNING rows. */
export function executeUpdate(session: Session, q: UpdateQuery, ctx: RuntimeContext): { count: number; rows: Value[][] } {
  const target = q.target;
  const access = ctx.table(target.shape);
  const sets: { column: number; fn: RowFn }[] = q.sets.map(({ column, value }) => {
    const e = value ?? q.defaults[column];
    const fn: RowFn = e ? compileDmlExpr(e, target.layout, ctx) : () => null;
    return { column, fn };
  });
  const matched = matchingRows(target, q.where, ctx);
  const checks = new RowChecks(session, session.transaction.catalog, target, ctx);
  const viewCheck = compileViewCheck(session, target, ctx);
  const returning = compileReturning(q.returning, target, ctx);
  const out: Value[][] = [];
  for (const [n, { key, row }] of matched.entries()) {
    const next = row.slice();
    for (const s of sets) next[s.column] = s.fn(row, ctx);
    checks.check(next, ctx, row);
    viewCheck?.(next);
    access.update(key, row, next);
    checks.foreignKeys.updated(target.record, row, next);
    if (returning) out.push(returning(next));
    if ((n & 0x3ff) === 0x3ff) ctx.checkCancel();
  }
  checks.foreignKeys.finish();
  return { count: matched.length, rows: out };
}

