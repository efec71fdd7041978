// Analysis of SELECT and VALUES (PostgreSQL's transformSelectStmt): WITH, FROM, the select
// list with PostgreSQL's column names and types, WHERE, HAVING, ORDER BY, GROUP BY (with
// grouping sets), DISTINCT [ON], the windows (window.ts), LIMIT/OFFSET, in PostgreSQL's order,
// then the GROUP BY check. Set operations
// go to set-operation.ts. Clauses Treeline cannot run yet are refused with 0A000 naming the
// clause, never ignored.
import { SqlState } from '../../errors.js';
import { coerceToCommonType, coerceToTargetType, selectCommonType } from '../expr/coerce.js';
import { analyzeExpr, coerceToBoolean, exprNodeLocation, type ColumnScope, type ExprContext } from '../expr/analyze-expr.js';
import type { Expr } from '../expr/expr.js';
import { anyExpr } from '../expr/expr-walk.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import type { ParseState } from './parse-state.js';
import { analyzeFrom } from './from.js';
import { checkUngroupedColumns, containsAggregate } from './grouping.js';
import type { Query, SelectQuery } from './query.js';
import { FromScope, type FromNode, type RangeEntry } from './range-table.js';
import { analyzeSetOperation } from './set-operation.js';
import { analyzeGroupBy, finalizeGroupingFuncs } from './grouping-sets.js';
import { analyzeDistinct, analyzeSortClause } from './sort-group.js';
import { analyzeWindowDefinitions, openWindowDefs } from './window.js';
import { analyzeTargetList } from './target-list.js';
import { analyzeWith } from './with.js';
import { analyzeLocking } from './locking.js';

export type { SelectQuery, SortClause, TargetEntry } from './query.js';
export { analyzeTargetList, expandStar } from './target-list.js';

/** Clauses of a SelectStmt and how users call them, for "not supported yet" errors. */
const UNSUPPORTED_CLAUSES: [key: string, name: string][] = [
  ['intoClause', 'SELECT INTO'],
];

export interface AnalyzeOptions {
  /** Unknown-type outputs become text (false for set-operation leaves, which resolve them later). */
  resolveUnknowns: boolean;
}

export function analyzeSelect(ps: ParseState, stmt: Node): Query {
  return analyzeQuery({ ps, scope: null, clause: 'SELECT' }, stmt, null);
}

/** A subquery: analyzed with the enclosing query's scope as its parent (correlation). */
export function analyzeSubquery(cx: ExprContext, stmt: Node, parent: FromScope | null, options: AnalyzeOptions = { resolveUnknowns: true }): Query {
  return analyzeQuery(cx, stmt, parent, options);
}

function analyzeQuery(outer: ExprContext, stmt: Node, parent: FromScope | null, options: AnalyzeOptions = { resolveUnknowns: true }): Query {
  const ps = outer.ps;
  const scope = new FromScope([], parent);
  const cx: ExprContext = { ps, scope, clause: 'SELECT' };
  const ctes = stmt.withClause ? analyzeWith(cx, stmt.withClause, scope, parent === null && outer.scope === null) : [];
  if (stmt.op && stmt.op !== 'SETOP_NONE') return analyzeSetOperation(cx, stmt, scope, ctes);
  for (const [key, name] of UNSUPPORTED_CLAUSES) {
    const value = stmt[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw ps.error(SqlState.FeatureNotSupported, `${name} is not supported yet`, exprNodeLocation(Array.isArray(value) ? value[0] : value));
  }
  if (stmt.valuesLists) return analyzeValuesQuery(cx, stmt, scope, ctes);

  const from: FromNode[] = stmt.fromClause ? analyzeFrom(cx, stmt.fromClause, scope) : [];
  const windowDefs = openWindowDefs(scope, stmt.windowClause);
  const targets = analyzeTargetList(cx, stmt.targetList ?? [], from, options.resolveUnknowns);
  const where = analyzeCondition(cx, stmt.whereClause, 'WHERE');
  const having = analyzeCondition(cx, stmt.havingClause, 'HAVING');
  const sort = analyzeSortClause(cx, stmt.sortClause ?? [], targets);
  const { groupBy, groupingSets, hasGroupingSets } = analyzeGroupBy({ ...cx, clause: 'GROUP BY' }, stmt.groupClause ?? [], targets, stmt.groupDistinct === true);
  let distinct: SelectQuery['distinct'] = null;
  if (stmt.distinctClause) distinct = { on: analyzeDistinct(cx, stmt.distinctClause, targets, sort) };
  const windows = analyzeWindowDefinitions(cx, windowDefs, targets);
  const grouped = groupBy.length > 0 || hasGroupingSets || having !== null || containsAggregate([...targets.map((t) => t.expr), having]);
  checkRecursiveAggregates(cx, scope.ranges, [...targets.map((t) => t.expr), having]);
  if (grouped) {
    finalizeGroupingFuncs(cx, [...targets.map((t) => t.expr), having], targets, groupBy);
    checkUngroupedColumns(cx, targets, groupBy, having, scope.ranges, groupingSets);
  }
  const query: SelectQuery = {
    kind: 'select',
    ranges: scope.ranges,
    from,
    targets,
    where,
    groupBy,
    ...(groupingSets ? { groupingSets } : {}),
    having,
    grouped,
    ...(windows.length > 0 ? { windows } : {}),
    distinct,
    sort,
    ...analyzeLimitClauses(cx, stmt),
    ctes,
  };
  if (stmt.lockingClause?.length) query.locking = analyzeLocking(stmt.lockingClause as Node[], query, windows.length > 0, false);
  return query;
}

function analyzeCondition(cx: ExprContext, node: Node | undefined, clause: 'WHERE' | 'HAVING'): Expr | null {
  if (!node) return null;
  const ccx = { ...cx, clause };
  return coerceToBoolean(ccx, analyzeExpr(ccx, node), clause);
}

/** VALUES (...), (...) [ORDER BY] [LIMIT]: one FROM item '*VALUES*' with columnN columns. */
function analyzeValuesQuery(cx: ExprContext, stmt: Node, scope: FromScope, ctes: SelectQuery['ctes']): SelectQuery {
  const values = analyzeValues(cx, stmt.valuesLists);
  const row = values[0]!;
  const names = row.map((_, i) => `column${i + 1}`);
  scope.ranges.push({
    kind: 'values',
    alias: '*VALUES*',
    columnNames: names,
    columnTypes: row.map((e) => e.type),
    columnTypmods: row.map((e) => e.typmod),
    values,
    location: -1,
  });
  const from: FromNode[] = [{ kind: 'range', range: 0 }];
  scope.add({ range: 0, qualified: true, hidden: new Set(), unqualified: true });
  const targets = row.map((_e, i) => ({ expr: scope.columnExpr(0, i, 0, -1), name: names[i]!, junk: false }));
  const sort = analyzeSortClause(cx, stmt.sortClause ?? [], targets);
  return {
    kind: 'select',
    ranges: scope.ranges,
    from,
    targets,
    where: null,
    groupBy: [],
    having: null,
    grouped: false,
    distinct: null,
    sort,
    ...analyzeLimitClauses(cx, stmt),
    ctes,
  };
}

function analyzeValues(cx: ExprContext, lists: Node[]): Expr[][] {
  // the VALUES item is not in scope yet: its lists see only outer queries
  const vcx: ExprContext = { ...cx, clause: 'VALUES' };
  const rows = lists.map((l) => (l.List.items as Node[]).map((n) => analyzeExpr(vcx, n)));
  const width = rows[0]!.length;
  for (const row of rows) {
    if (row.length !== width) {
      throw cx.ps.error(SqlState.SyntaxError, 'VALUES lists must all be the same length', exprNodeLocation(lists[rows.indexOf(row)].List.items[0]));
    }
  }
  for (let c = 0; c < width; c++) {
    const column = rows.map((r) => r[c]!);
    const type = selectCommonType(cx.ps, column, 'VALUES');
    for (const row of rows) row[c] = coerceToCommonType(cx.ps, row[c]!, type, 'VALUES');
  }
  return rows;
}

/**
 * OFFSET and LIMIT / FETCH FIRST [WITH TIES] (the grammar has made sure WITH TIES comes with
 * ORDER BY and without SKIP LOCKED).
 */
export function analyzeLimitClauses(cx: ExprContext, stmt: Node): Pick<SelectQuery, 'limit' | 'offset' | 'withTies'> {
  const withTies = stmt.limitOption === 'LIMIT_OPTION_WITH_TIES';
  if (withTies && stmt.limitCount?.A_Const?.isnull) {
    throw cx.ps.error(SqlState.InvalidRowCountInLimitClause, 'row count cannot be null in FETCH FIRST ... WITH TIES clause');
  }
  return {
    limit: stmt.limitCount ? analyzeLimit(cx, stmt.limitCount, 'LIMIT') : null,
    offset: stmt.limitOffset ? analyzeLimit(cx, stmt.limitOffset, 'OFFSET') : null,
    ...(withTies ? { withTies } : {}),
  };
}

export function analyzeLimit(cx: ExprContext, node: Node, clause: 'LIMIT' | 'OFFSET'): Expr | null {
  if (node.A_Const?.isnull) return null;
  const e = analyzeExpr({ ...cx, clause }, node);
  const coerced = coerceToTargetType(cx.ps, e, Oid.int8, -1, 'assignment', exprNodeLocation(node));
  if (!coerced) {
    throw cx.ps.error(SqlState.DatatypeMismatch, `argument of ${clause} must be type bigint, not type ${cx.ps.typeText(e.type)}`, exprNodeLocation(node));
  }
  return coerced;
}

export type { ColumnScope };

/** PostgreSQL refuses aggregates in a query that reads a recursive WITH item's own rows (42P19). */
function checkRecursiveAggregates(cx: ExprContext, ranges: readonly RangeEntry[], exprs: readonly (Expr | null)[]): void {
  if (cx.ps.recursiveTerms.size === 0 || !ranges.some((r) => r.kind === 'cte' && cx.ps.recursiveTerms.has(r.cteId!))) return;
  for (const e of exprs) {
    let found: Expr | undefined;
    if (e) anyExpr(e, (x) => (x.kind === 'agg' ? ((found = x), true) : false));
    if (found?.kind === 'agg') throw cx.ps.error(SqlState.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term", found.location);
  }
}
