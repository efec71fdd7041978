// The GROUP BY rules (PostgreSQL's parseCheckAggregates): in a grouped query, the select
// list, HAVING and ORDER BY may use a column only inside an aggregate, as part of a GROUP BY
// expression, or when it is functionally dependent on the GROUP BY columns (all primary key
// columns of its table are grouped). Subqueries may not use ungrouped columns of the query
// either.
import { SqlState } from '../../errors.js';
import type { ExprContext } from '../expr/analyze-expr.js';
import { anyExpr, exprEquals } from '../expr/expr-walk.js';
import type { Expr, VarExpr } from '../expr/expr.js';
import type { TargetEntry } from './query.js';
import { rewriteExprDeep } from './query-walk.js';
import type { RangeEntry } from './range-table.js';

/** Whether expressions contain an aggregate (or GROUPING) of this query (not of a subquery). */
export function containsAggregate(exprs: readonly (Expr | null)[]): boolean {
  return exprs.some((e) => e !== null && anyExpr(e, (x) => x.kind === 'agg' || x.kind === 'groupingfunc'));
}

/** Table ranges whose primary key columns are all plain GROUP BY items. */
function dependableRanges(groupExprs: readonly Expr[], ranges: readonly RangeEntry[]): Set<number> {
  const out = new Set<number>();
  ranges.forEach((r, range) => {
    const pk = r.kind === 'table' ? r.table!.record.primaryKey : [];
    if (pk.length === 0) return;
    const grouped = pk.every((attnum) =>
      groupExprs.some((g) => g.kind === 'var' && g.levelsUp === 0 && g.range === range && g.column === attnum - 1),
    );
    if (grouped) out.add(range);
  });
  return out;
}

/**
 * Throws 42803 for the first column used outside an aggregate and outside GROUP BY. With
 * grouping sets, only items grouped in every set make other columns dependent on them.
 */
export function checkUngroupedColumns(
  cx: ExprContext,
  targets: readonly TargetEntry[],
  groupBy: readonly number[],
  having: Expr | null,
  ranges: readonly RangeEntry[],
  groupingSets?: readonly (readonly number[])[],
): void {
  const groupExprs = groupBy.map((i) => targets[i]!.expr);
  const common = groupingSets ? groupBy.filter((i) => groupingSets.every((set) => set.includes(i))) : groupBy;
  const dependable = dependableRanges(
    common.map((i) => targets[i]!.expr),
    ranges,
  );
  const fail = (v: VarExpr, fromSubquery: boolean, wholeRow = false) => {
    const r = ranges[v.range]!;
    const name = `${r.alias}.${wholeRow ? '*' : r.columnNames[v.column]}`;
    throw cx.ps.error(
      SqlState.GroupingError,
      fromSubquery ? `subquery uses ungrouped column "${name}" from outer query` : `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`,
      v.location,
    );
  };
  const check = (e: Expr) =>
    rewriteExprDeep(
      e,
      (x, depth) => {
        if (depth === 0 && (x.kind === 'agg' || x.kind === 'groupingfunc' || groupExprs.some((g) => exprEquals(g, x)))) return x;
        // inside a subquery, a column of this query is fine when it is itself a GROUP BY item
        const ungrouped = (v: Expr): v is VarExpr =>
          v.kind === 'var' && v.levelsUp === depth && !dependable.has(v.range) &&
          !groupExprs.some((g) => g.kind === 'var' && g.levelsUp === 0 && g.range === v.range && g.column === v.column);
        if (ungrouped(x)) fail(x, depth > 0);
        // a whole row (t) is one column to PostgreSQL: "t.*"
        const column = x.kind === 'row' && x.wholeRow ? x.args.find(ungrouped) : undefined;
        if (column) fail(column, depth > 0, true);
        return undefined;
      },
      0,
    );
  targets.forEach((t, i) => {
    if (!groupBy.includes(i)) check(t.expr);
  });
  if (having) check(having);
}
