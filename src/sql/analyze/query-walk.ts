// Traversal of a whole query with its subqueries — FROM subqueries, subqueries in
// expressions (SubLinks) and WITH queries — for the passes that must see every expression
// (the GROUP BY check, turning outer references into parameters). `depth` counts how many
// query levels below the starting query an expression sits, so a VarExpr with
// levelsUp === depth refers to the starting query.
import { mapChildren } from '../expr/expr-walk.js';
import type { Expr } from '../expr/expr.js';
import type { Query, SetOpQuery, SetOpTree } from './query.js';
import type { FromNode, RangeEntry } from './range-table.js';

/** Called top-down on every expression node; a returned replacement is not entered. */
export type DeepRewrite = (e: Expr, depth: number) => Expr | undefined;

export function rewriteExprDeep(e: Expr, f: DeepRewrite, depth: number): Expr {
  const replaced = f(e, depth);
  if (replaced !== undefined) return replaced;
  if (e.kind === 'sublink') {
    return { ...e, lhs: e.lhs.map((l) => rewriteExprDeep(l, f, depth)), query: rewriteQueryDeep(e.query, f, depth + 1) };
  }
  return mapChildren(e, (c) => rewriteExprDeep(c, f, depth));
}

function rewriteFromNode(n: FromNode, f: DeepRewrite, depth: number): FromNode {
  if (n.kind === 'range') return n;
  return { ...n, left: rewriteFromNode(n.left, f, depth), right: rewriteFromNode(n.right, f, depth), quals: n.quals ? rewriteExprDeep(n.quals, f, depth) : null };
}

function rewriteRange(r: RangeEntry, f: DeepRewrite, depth: number): RangeEntry {
  const out: RangeEntry = { ...r };
  if (r.values) out.values = r.values.map((row) => row.map((e) => rewriteExprDeep(e, f, depth)));
  if (r.joinColumns) out.joinColumns = r.joinColumns.map((e) => rewriteExprDeep(e, f, depth));
  if (r.subquery) out.subquery = rewriteQueryDeep(r.subquery, f, depth + 1);
  if (r.functions) out.functions = r.functions.map((e) => rewriteExprDeep(e, f, depth));
  return out;
}

/** A copy of `q` with every expression of it and of its subqueries rewritten by `f`. */
export function rewriteQueryDeep(q: Query, f: DeepRewrite, depth = 0): Query {
  const x = (e: Expr) => rewriteExprDeep(e, f, depth);
  const common = {
    targets: q.targets.map((t) => ({ ...t, expr: x(t.expr) })),
    limit: q.limit ? x(q.limit) : null,
    offset: q.offset ? x(q.offset) : null,
    ctes: q.ctes.map((c) => ({ ...c, query: rewriteQueryDeep(c.query, f, depth + 1) })),
  };
  if (q.kind === 'setop') {
    const tree = (t: SetOpTree): SetOpTree =>
      t.kind === 'leaf' ? { kind: 'leaf', query: rewriteQueryDeep(t.query, f, depth + 1) } : { ...t, left: tree(t.left), right: tree(t.right) };
    return { ...q, ...common, tree: tree(q.tree) as SetOpQuery['tree'] };
  }
  return {
    ...q,
    ...common,
    ranges: q.ranges.map((r) => rewriteRange(r, f, depth)),
    from: q.from.map((n) => rewriteFromNode(n, f, depth)),
    where: q.where ? x(q.where) : null,
    having: q.having ? x(q.having) : null,
  };
}

/** Calls `visit` on every expression node of `e` and of the subqueries below it. */
export function visitExprDeep(e: Expr, visit: (e: Expr, depth: number) => void, depth: number): void {
  rewriteExprDeep(
    e,
    (x, d) => {
      visit(x, d);
      return undefined;
    },
    depth,
  );
}
