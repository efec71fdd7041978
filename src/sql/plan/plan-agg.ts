// Plans grouping and aggregates: an Agg node over the query's FROM/WHERE rows computes the
// GROUP BY keys and each distinct aggregate call; the select list, HAVING and ORDER BY are
// then rewritten to read the Agg node's output row [keys..., aggregates...] (GROUPING SETS: a
// GroupingSets node, whose rows end with the GROUPING expressions' values). Columns that are
// functionally dependent on the grouped primary key join the keys (grouping by them too
// changes nothing).
import type { SelectQuery } from '../analyze/query.js';
import { anyExpr, exprEquals, rewriteExpr } from '../expr/expr-walk.js';
import { makeConst, type AggExpr, type ColumnExpr, type Expr, type GroupingFuncExpr } from '../expr/expr.js';
import type { AggSpec, PlanNode } from './nodes.js';
import { placeVars, type Layout } from './place-vars.js';
import type { Planner } from './planner.js';
import { simplify } from './simplify.js';

export interface Aggregation {
  node: PlanNode;
  /** Columns of the Agg node's rows. */
  width: number;
  /**
   * Rewrites an expression of the grouped query to read the Agg node's output; `target`, the
   * select-list entry it is, ties a GROUP BY item to its own key (equal items in different
   * grouping sets are NULL in different rows).
   */
  rewrite(e: Expr, target?: number): Expr;
}

/** Plain column references of this level outside aggregates and GROUP BY expressions. */
function ungroupedVars(exprs: Expr[], keys: Expr[]): Expr[] {
  const out: Expr[] = [];
  const visit = (e: Expr) =>
    rewriteExpr(e, (x) => {
      if (x.kind === 'agg' || keys.some((k) => exprEquals(k, x))) return x;
      if (x.kind === 'var' && x.levelsUp === 0 && !out.some((o) => exprEquals(o, x))) out.push(x);
      return undefined;
    });
  exprs.forEach(visit);
  return out;
}

function groupingExprs(exprs: Expr[]): GroupingFuncExpr[] {
  const out: GroupingFuncExpr[] = [];
  for (const e of exprs) {
    anyExpr(e, (x) => {
      if (x.kind === 'groupingfunc' && !out.some((g) => exprEquals(g, x))) out.push(x);
      return false;
    });
  }
  return out;
}

/**
 * GROUPING SETS: each set as indexes into `keys` (its GROUP BY items, then the functionally
 * dependent columns, grouped in every set), and each GROUPING expression's value per set: bit
 * (n-1-i) set when argument i is not grouped in the set.
 */
function groupingSetsNode(q: SelectQuery, input: PlanNode, keys: Expr[], keyTypes: number[], aggs: AggSpec[], groupings: GroupingFuncExpr[]): PlanNode {
  const dependent = keys.map((_, i) => i).slice(q.groupBy.length);
  const sets = q.groupingSets!.map((set) => [...set.map((t) => q.groupBy.indexOf(t)), ...dependent]);
  const grouping = groupings.map((g) => q.groupingSets!.map((set) => g.refs.reduce((bits, ref) => (bits << 1) | (set.includes(ref) ? 0 : 1), 0)));
  return { kind: 'groupingsets', input, keys, keyTypes, aggs, sets, grouping };
}

export function planAggregation(p: Planner, q: SelectQuery, exprs: Expr[], input: PlanNode, layout: Layout): Aggregation {
  const fold = (e: Expr) => simplify(placeVars(e, layout), p.ctx);
  const groupKeys = q.groupBy.map((i) => q.targets[i]!.expr);
  const keys = [...groupKeys, ...ungroupedVars(exprs, groupKeys)];
  const aggs: AggExpr[] = [];
  for (const e of exprs) {
    anyExpr(e, (x) => {
      if (x.kind === 'agg' && !aggs.some((a) => exprEquals(a, x))) aggs.push(x);
      return false;
    });
  }
  const specs: AggSpec[] = aggs.map((a) => ({
    proc: a.proc,
    args: a.args.map(fold),
    argTypes: a.args.map((x) => x.type),
    resultType: a.type,
    distinct: a.distinct,
    order: a.order.map((o) => ({ ...o, expr: fold(o.expr) })),
    filter: a.filter ? fold(a.filter) : null,
  }));
  const groupings = groupingExprs(exprs);
  const node: PlanNode = q.groupingSets
    ? groupingSetsNode(q, input, keys.map(fold), keys.map((k) => k.type), specs, groupings)
    : { kind: 'agg', input, keys: keys.map(fold), keyTypes: keys.map((k) => k.type), aggs: specs, grouped: q.groupBy.length > 0 };
  const column = (index: number, e: Expr): ColumnExpr => ({ kind: 'column', index, name: '', type: e.type, typmod: e.typmod });
  return {
    node,
    width: keys.length + aggs.length + (q.groupingSets ? groupings.length : 0),
    rewrite: (e, target) => {
      const own = target === undefined ? -1 : q.groupBy.indexOf(target);
      if (own >= 0) return column(own, e);
      return rewriteExpr(e, (x) => {
        const k = keys.findIndex((key) => exprEquals(key, x));
        if (k >= 0) return column(k, x);
        if (x.kind === 'agg') return column(keys.length + aggs.findIndex((a) => exprEquals(a, x)), x);
        // without grouping sets every GROUP BY item is always grouped: GROUPING(...) is 0
        if (x.kind === 'groupingfunc') {
          return q.groupingSets ? column(keys.length + aggs.length + groupings.findIndex((g) => exprEquals(g, x)), x) : makeConst(x.type, 0);
        }
        return undefined;
      });
    },
  };
}
