// Plans grouping and aggregates: an Agg node over the query's FROM/WHERE rows computes the
// GROUP BY keys and each distinct aggregate call; the select list, HAVING and ORDER BY are
// then rewritten to read the Agg node's output row [keys..., aggregates...]. Columns that are
// functionally dependent on the grouped primary key join the keys (grouping by them too
// changes nothing).
import type { SelectQuery } from '../analyze/query.js';
import { anyExpr, exprEquals, rewriteExpr } from '../expr/expr-walk.js';
import type { AggExpr, ColumnExpr, Expr } from '../expr/expr.js';
import type { AggSpec, PlanNode } from './nodes.js';
import { placeVars, type Layout } from './place-vars.js';
import type { Planner } from './planner.js';
import { simplify } from './simplify.js';

export interface Aggregation {
  node: PlanNode;
  /** Columns of the Agg node's rows. */
  width: number;
  /** Rewrites an expression of the grouped query to read the Agg node's output. */
  rewrite(e: Expr): Expr;
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
  const node: PlanNode = {
    kind: 'agg',
    input,
    keys: keys.map(fold),
    keyTypes: keys.map((k) => k.type),
    aggs: specs,
    grouped: q.groupBy.length > 0,
  };
  const column = (index: number, e: Expr): ColumnExpr => ({ kind: 'column', index, name: '', type: e.type, typmod: e.typmod });
  return {
    node,
    width: keys.length + aggs.length,
    rewrite: (e) =>
      rewriteExpr(e, (x) => {
        const k = keys.findIndex((key) => exprEquals(key, x));
        if (k >= 0) return column(k, x);
        if (x.kind === 'agg') return column(keys.length + aggs.findIndex((a) => exprEquals(a, x)), x);
        return undefined;
      }),
  };
}
