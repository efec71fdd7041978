// DELETE FROM t [AS a] [USING items] [WHERE] [RETURNING] (PostgreSQL's transformDeleteStmt):
// the matching rows are collected first, then removed with their index entries.
import { notSupported } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import type { ExprContext } from '../expr/analyze-expr.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import type { Value } from '../types/value.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeWith } from '../analyze/with.js';
import type { CteDef } from '../analyze/query.js';
import type { Session } from '../session.js';
import { ForeignKeys } from './foreign-keys.js';
import { joinedLayout, joinedRows, type JoinedRow } from './joined-rows.js';
import { analyzeFrom } from '../analyze/from.js';
import type { FromNode } from '../analyze/range-table.js';
import { matchingRows } from './matching-rows.js';
import { analyzeReturning, analyzeWhere, withViewQual, compileReturning, targetTable, type Returning, type TargetTable } from './target-table.js';

export interface DeleteQuery {
  kind: 'delete';
  target: TargetTable;
  where: Expr | null;
  returning: Returning | null;
  /** DELETE ... USING: the other FROM items (FROM items 1.. of the target's scope). */
  using: FromNode[] | null;
  /** WITH queries the statement defines (run or registered before it). */
  ctes: CteDef[];
}

export function analyzeDelete(ps: ParseState, stmt: Node, parent: FromScope | null = null): DeleteQuery {
  // WITH queries are visible to the whole statement (its source, conditions and subqueries)
  const withScope = new FromScope([], parent);
  const ctes = stmt.withClause ? analyzeWith({ ps, scope: withScope, clause: 'SELECT' }, stmt.withClause, withScope, parent === null) : [];
  const target = targetTable(ps, stmt.relation, 'delete', withScope);
  const cx: ExprContext = { ps, scope: target.scope, clause: 'DELETE' };
  let using: FromNode[] | null = null;
  if (stmt.usingClause?.length) {
    if (target.view) throw notSupported('DELETE ... USING on a view');
    target.scope.ranges[0]!.withKey = true;
    using = analyzeFrom({ ...cx, clause: 'FROM' }, stmt.usingClause, target.scope);
  }
  return {
    kind: 'delete',
    ctes,
    target,
    where: withViewQual(target, analyzeWhere(cx, target, stmt.whereClause)),
    returning: analyzeReturning(cx, target, stmt.returningList),
    using,
  };
}

/** Runs a DELETE: returns the count and the RETURNING rows. */
export function executeDelete(session: Session, q: DeleteQuery, ctx: RuntimeContext): { count: number; rows: Value[][] } {
  const target = q.target;
  const access = ctx.table(target.shape);
  const layout = q.using ? [...target.layout, ...joinedLayout(target)] : target.layout;
  const returning = compileReturning(q.returning, target, ctx, layout);
  const matched: JoinedRow[] = q.using ? joinedRows(target, q.using, q.where, ctx) : matchingRows(target, q.where, ctx).map((m) => ({ ...m, extra: [] }));
  const foreignKeys = new ForeignKeys(session, session.transaction.catalog, ctx);
  const out: Value[][] = [];
  for (const { key, row, extra } of matched) {
    access.delete(key, row);
    foreignKeys.deleted(target.record, row);
    if (returning) out.push(returning(extra.length > 0 ? [...row, ...extra] : row));
  }
  foreignKeys.finish();
  return { count: matched.length, rows: out };
}
