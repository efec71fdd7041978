// DELETE FROM t [AS a] [WHERE] [RETURNING] (PostgreSQL's transformDeleteStmt): the matching
// rows are collected first, then removed with their index entries.
import { notSupported } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import type { ExprContext } from '../expr/analyze-expr.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import type { Value } from '../types/value.js';
import type { Session } from '../session.js';
import { ForeignKeys } from './foreign-keys.js';
import { matchingRows } from './matching-rows.js';
import { analyzeReturning, analyzeWhere, withViewQual, compileReturning, targetTable, type Returning, type TargetTable } from './target-table.js';

export interface DeleteQuery {
  kind: 'delete';
  target: TargetTable;
  where: Expr | null;
  returning: Returning | null;
}

export function analyzeDelete(ps: ParseState, stmt: Node): DeleteQuery {
  if (stmt.withClause) throw notSupported('WITH in DELETE');
  if (stmt.usingClause?.length) throw notSupported('DELETE ... USING');
  const target = targetTable(ps, stmt.relation, 'delete');
  const cx: ExprContext = { ps, scope: target.scope, clause: 'DELETE' };
  return { kind: 'delete', target, where: withViewQual(target, analyzeWhere(cx, target, stmt.whereClause)), returning: analyzeReturning(cx, target, stmt.returningList) };
}

/** Runs a DELETE: returns the count and the RETURNING rows. */
export function executeDelete(session: Session, q: DeleteQuery, ctx: RuntimeContext): { count: number; rows: Value[][] } {
  const target = q.target;
  const access = ctx.table(target.shape);
  const returning = compileReturning(q.returning, target, ctx);
  const matched = matchingRows(target, q.where, ctx);
  const foreignKeys = new ForeignKeys(session, session.transaction.catalog, ctx);
  const out: Value[][] = [];
  for (const { key, row } of matched) {
    access.delete(key, row);
    foreignKeys.deleted(target.record, row);
    if (returning) out.push(returning(row));
  }
  foreignKeys.finish();
  return { count: matched.length, rows: out };
}
