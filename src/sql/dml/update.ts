// UPDATE t [AS a] SET col = expr | (c1, c2) = (e1, e2) | col = DEFAULT ... [WHERE] [RETURNING]
// (PostgreSQL's transformUpdateStmt): each SET value is an assignment to its column's type,
// evaluated over the old row (and, with FROM, the joined row). The matching rows are all collected before any is changed (so a
// changed row is never visited twice), then each new row passes NOT NULL, CHECK and unique keys.
import { SqlState, notSupported } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import type { RowFn, RuntimeContext } from '../expr/compile.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeWith } from '../analyze/with.js';
import type { CteDef } from '../analyze/query.js';
import { matchingRows } from './matching-rows.js';
import { joinedLayout, joinedRows, type JoinedRow } from './joined-rows.js';
import { analyzeFrom } from '../analyze/from.js';
import { outputColumns, type Query } from '../analyze/query.js';
import type { FromNode } from '../analyze/range-table.js';
import { assignTo, columnDefaults } from './insert.js';
import { assignSubscripts } from './assign-subscripts.js';
import { analyzeReturning, analyzeWhere, compileDmlExpr, compileViewCheck, withViewQual, columnIndex, compileReturning, RowChecks, targetTable, type Returning, type TargetTable } from './target-table.js';

export interface UpdateQuery {
  kind: 'update';
  target: TargetTable;
  /** Column positions and their new values over the old row (null: the column's default). */
  sets: { column: number; value: Expr | null }[];
  defaults: (Expr | null)[];
  where: Expr | null;
  returning: Returning | null;
  /** UPDATE ... FROM: the other FROM items (FROM items 1.. of the target's scope). */
  from: FromNode[] | null;
  /** WITH queries the statement defines (run or registered before it). */
  ctes: CteDef[];
}

/** The sub-SELECT of a (c1, c2) = (SELECT ...) item, analyzed once for all its columns. */
const multiSubLinks = new WeakMap<Node, Extract<Expr, { kind: 'sublink' }>>();

/**
 * The value a SET item assigns: its own node, its element of a (c1, c2) = ROW(...) source, or
 * (as `analyzed`) its column of a (c1, c2) = (SELECT ...) source.
 */
function setValue(ps: ParseState, cx: ExprContext, rt: Node): Node {
  const multi = rt.val.MultiAssignRef;
  if (!multi) return rt.val;
  const source = multi.source;
  if (source.SubLink) {
    let sub = multiSubLinks.get(source);
    if (!sub) {
      const analyzed = analyzeExpr(cx, { SubLink: { ...source.SubLink, subLinkType: 'EXISTS_SUBLINK' } });
      if (analyzed.kind !== 'sublink') throw notSupported('this multiple-column UPDATE source');
      sub = analyzed;
      multiSubLinks.set(source, sub);
      const width = outputColumns(sub.query).length;
      if (width !== multi.ncolumns) throw ps.error(SqlState.SyntaxError, `number of columns does not match number of values`, source.SubLink.location);
    }
    // column k of the sub-SELECT, as a scalar subquery returning only that column (first)
    const query = singleColumn(sub.query, multi.colno - 1);
    const col = outputColumns(sub.query)[multi.colno - 1]!;
    return { analyzed: { ...sub, linkType: 'expr', query, type: col.type, typmod: col.typmod } satisfies Expr };
  }
  if (!source.RowExpr) {
    throw ps.error(SqlState.FeatureNotSupported, 'source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression', exprNodeLocation(source));
  }
  const args = (source.RowExpr.args ?? []) as Node[];
  if (args.length !== multi.ncolumns) {
    throw ps.error(SqlState.SyntaxError, `number of columns does not match number of values`, source.RowExpr.location);
  }
  return args[multi.colno - 1]!;
}

/**
 * A query returning only its `k`th visible column: that select-list entry moves first, the
 * others become junk (ORDER BY, GROUP BY and DISTINCT ON references follow the move).
 */
function singleColumn(q: Query, k: number): Query {
  const visible = q.targets.map((t, i) => ({ t, i })).filter((x) => !x.t.junk);
  const chosen = visible[k]!.i;
  const order = [chosen, ...q.targets.map((_, i) => i).filter((i) => i !== chosen)];
  const at = (old: number) => order.indexOf(old);
  const targets = order.map((i, pos) => ({ ...q.targets[i]!, junk: pos !== 0 }));
  const sort = q.sort.map((s) => ({ ...s, target: at(s.target) }));
  if (q.kind === 'setop') throw notSupported('a set operation as the source of a multiple-column UPDATE');
  return { ...q, targets, sort, groupBy: q.groupBy.map(at), distinct: q.distinct && { on: q.distinct.on && q.distinct.on.map(at) } };
}

export function analyzeUpdate(ps: ParseState, stmt: Node, parent: FromScope | null = null): UpdateQuery {
  // WITH queries are visible to the whole statement (its source, conditions and subqueries)
  const withScope = new FromScope([], parent);
  const ctes = stmt.withClause ? analyzeWith({ ps, scope: withScope, clause: 'SELECT' }, stmt.withClause, withScope, parent === null) : [];
  const target = targetTable(ps, stmt.relation, 'update', withScope);
  const cx: ExprContext = { ps, scope: target.scope, clause: 'UPDATE' };
  let from: FromNode[] | null = null;
  if (stmt.fromClause?.length) {
    if (target.view) throw notSupported('UPDATE ... FROM on a view');
    target.scope.ranges[0]!.withKey = true;
    from = analyzeFrom({ ...cx, clause: 'FROM' }, stmt.fromClause, target.scope);
  }
  const sets = analyzeSets(ps, cx, target, stmt.targetList as Node[]);
  return {
    kind: 'update',
    ctes,
    target,
    sets,
    defaults: columnDefaults(ps, target),
    where: withViewQual(target, analyzeWhere(cx, target, stmt.whereClause)),
    returning: analyzeReturning(cx, target, stmt.returningList),
    from,
  };
}

/** SET items: column positions and their new values (null: the column's default). */
export function analyzeSets(ps: ParseState, cx: ExprContext, target: TargetTable, list: Node[]): { column: number; value: Expr | null }[] {
  const table = target.record;
  const seen = new Set<number>();
  const out: { column: number; value: Expr | null }[] = [];
  // subscripted assignments so far, by column: the next one on the column builds on them
  const subscripted = new Map<number, { at: number; value: Expr }>();
  for (const item of list) {
    const rt = item.ResTarget;
    const column = columnIndex(ps, target, rt.name, rt.location, 'update');
    const col = table.columns[column]!;
    const earlier = subscripted.get(column);
    // PostgreSQL finds this when rewriting the target list: no position
    if (seen.has(column) && !(rt.indirection && earlier)) throw ps.error(SqlState.SyntaxError, `multiple assignments to same column "${col.name}"`, -1);
    seen.add(column);
    const node = setValue(ps, cx, rt);
    if (node.SetToDefault && rt.indirection) throw ps.error(SqlState.FeatureNotSupported, 'cannot set an array element to DEFAULT', rt.location);
    if (node.SetToDefault) {
      out.push({ column, value: null });
      continue;
    }
    if (col.generated !== undefined) {
      throw ps.error(SqlState.GeneratedAlways, `column "${col.name}" can only be updated to DEFAULT`, undefined, {
        detail: `Column "${col.name}" is a generated column.`,
      });
    }
    if (col.identity === 'a') {
      throw ps.error(SqlState.GeneratedAlways, `column "${col.name}" can only be updated to DEFAULT`, rt.location, {
        detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.`,
      });
    }
    const e = node.analyzed ?? analyzeExpr(cx, node);
    if (rt.indirection) {
      const base: Expr = earlier?.value ?? { kind: 'var', range: 0, column, levelsUp: 0, location: rt.location, type: col.typeOid, typmod: col.typmod };
      const value = assignSubscripts(ps, cx, col, base, rt.indirection as Node[], e, rt.location);
      if (earlier) out[earlier.at] = { column, value };
      else out.push({ column, value });
      subscripted.set(column, { at: earlier?.at ?? out.length - 1, value });
      continue;
    }
    out.push({ column, value: assignTo(ps, e, target, column, exprLocation(e) >= 0 ? exprLocation(e) : exprNodeLocation(node)) });
  }
  return out;
}

/** Runs an UPDATE: returns the count and the RETURNING rows. */
export function executeUpdate(session: Session, q: UpdateQuery, ctx: RuntimeContext): { count: number; rows: Value[][] } {
  const target = q.target;
  const access = ctx.table(target.shape);
  // SET and RETURNING read the target row followed by the other FROM items' columns
  const layout = q.from ? [...target.layout, ...joinedLayout(target)] : target.layout;
  const sets: { column: number; fn: RowFn }[] = q.sets.map(({ column, value }) => {
    const e = value ?? q.defaults[column];
    const fn: RowFn = e ? compileDmlExpr(e, layout, ctx) : () => null;
    return { column, fn };
  });
  const matched: JoinedRow[] = q.from ? joinedRows(target, q.from, q.where, ctx) : matchingRows(target, q.where, ctx).map((m) => ({ ...m, extra: [] }));
  const checks = new RowChecks(session, session.transaction.catalog, target, ctx);
  const viewCheck = compileViewCheck(session, target, ctx);
  const returning = compileReturning(q.returning, target, ctx, layout);
  const out: Value[][] = [];
  for (const [n, { key, row, extra }] of matched.entries()) {
    const next = row.slice();
    const input = extra.length > 0 ? [...row, ...extra] : row;
    for (const s of sets) next[s.column] = s.fn(input, ctx);
    checks.fillGenerated(next);
    checks.check(next, ctx, row);
    viewCheck?.(next);
    access.update(key, row, next);
    checks.foreignKeys.updated(target.record, row, next);
    if (returning) out.push(returning(extra.length > 0 ? [...next, ...extra] : next));
    if ((n & 0x3ff) === 0x3ff) ctx.checkCancel();
  }
  checks.foreignKeys.finish();
  return { count: matched.length, rows: out };
}

