// Plans window functions: above the query's (grouped) rows, one Window node per group of
// windows that share PARTITION BY and ORDER BY, each appending its calls' values to the row;
// the select list is then rewritten to read those values (as plan-agg.ts does for aggregates).
// Windows run in the order PostgreSQL's select_active_windows gives them (sorted by their sort
// keys, the most demanding first), so a window's input arrives in PostgreSQL's order (its sort
// then treats equal rows alike), and the rows leave in the last window's order.
import type { SelectQuery, SortClause, WindowClause } from '../analyze/query.js';
import { anyExpr, exprEquals, rewriteExpr } from '../expr/expr-walk.js';
import type { ColumnExpr, Expr, WindowFuncExpr } from '../expr/expr.js';
import type { PlanNode } from './nodes.js';
import type { Planner } from './planner.js';
import { simplify } from './simplify.js';
import { planSubLinks } from './subplans.js';
import type { WindowKey } from './window-node.js';

export function containsWindowFunction(e: Expr): boolean {
  return anyExpr(e, (x) => x.kind === 'window');
}

/**
 * The order in which PostgreSQL numbers sort/group items (tleSortGroupRef): ORDER BY, GROUP BY,
 * DISTINCT, then each window's ORDER BY and PARTITION BY items.
 */
function sortGroupRefs(q: SelectQuery): Map<number, number> {
  const refs = new Map<number, number>();
  const assign = (t: number) => {
    if (!refs.has(t)) refs.set(t, refs.size + 1);
  };
  q.sort.forEach((s) => assign(s.target));
  q.groupBy.forEach(assign);
  if (q.distinct) (q.distinct.on ?? q.targets.flatMap((t, i) => (t.junk ? [] : [i]))).forEach(assign);
  for (const w of q.windows ?? []) {
    w.orderBy.forEach((s) => assign(s.target));
    w.partitionBy.forEach((s) => assign(s.target));
  }
  return refs;
}

/** A window's sort: PARTITION BY items, then ORDER BY items not already among them. */
function sortItems(w: WindowClause): SortClause[] {
  return [...w.partitionBy, ...w.orderBy.filter((o) => !w.partitionBy.some((p) => sameItem(p, o)))];
}

function sameItem(a: SortClause, b: SortClause): boolean {
  return a.target === b.target && a.descending === b.descending && a.nullsFirst === b.nullsFirst;
}

/** common_prefix_cmp: higher sort/group numbers first, DESC before ASC, NULLS FIRST first, longer first. */
function compareWindows(a: SortClause[], b: SortClause[], refs: Map<number, number>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const rx = refs.get(x.target)!;
    const ry = refs.get(y.target)!;
    if (rx !== ry) return ry - rx;
    if (x.descending !== y.descending) return x.descending ? -1 : 1;
    if (x.nullsFirst !== y.nullsFirst) return x.nullsFirst ? -1 : 1;
  }
  return b.length - a.length;
}

export interface WindowPlanning {
  node: PlanNode;
  /** The expressions, reading window values as columns after the input's. */
  exprs: Expr[];
  width: number;
}

/** Adds Window nodes for the window calls in `exprs` (which read rows of `width` columns). */
export function planWindows(p: Planner, q: SelectQuery, input: PlanNode, exprs: Expr[], width: number): WindowPlanning {
  const calls: WindowFuncExpr[] = [];
  for (const e of exprs) {
    anyExpr(e, (x) => {
      if (x.kind === 'window' && !calls.some((c) => exprEquals(c, x))) calls.push(x);
      return false;
    });
  }
  if (calls.length === 0) return { node: input, exprs, width };
  const windows = q.windows ?? [];
  const refs = sortGroupRefs(q);
  const used = [...new Set(calls.map((c) => c.winref))].sort((a, b) => a - b);
  // a stable sort keeps equal windows in definition order, as PostgreSQL's small-list qsort does
  used.sort((a, b) => compareWindows(sortItems(windows[a]!), sortItems(windows[b]!), refs));
  const fold = (e: Expr) => simplify(e, p.ctx);
  const key = (s: SortClause): WindowKey => ({ expr: fold(exprs[s.target]!), less: s.less, descending: s.descending, nullsFirst: s.nullsFirst });
  const sameSort = (a: WindowClause, b: WindowClause) =>
    a.partitionBy.length === b.partitionBy.length &&
    a.orderBy.length === b.orderBy.length &&
    a.partitionBy.every((s, i) => sameItem(s, b.partitionBy[i]!)) &&
    a.orderBy.every((s, i) => sameItem(s, b.orderBy[i]!));

  const columns: number[] = new Array<number>(calls.length);
  let node = input;
  let w = width;
  for (let i = 0; i < used.length; ) {
    const first = windows[used[i]!]!;
    const group: number[] = [];
    while (i < used.length && sameSort(first, windows[used[i]!]!)) group.push(used[i++]!);
    const groupCalls = calls.map((c, k) => ({ c, k })).filter(({ c }) => group.includes(c.winref));
    node = {
      kind: 'window',
      input: node,
      partition: first.partitionBy.map(key),
      order: first.orderBy.map(key),
      frames: group.map((ref) => {
        const win = windows[ref]!;
        const offset = (e: Expr | null) => (e ? fold(planSubLinks(p, e)) : null);
        return { options: win.frameOptions, startOffset: offset(win.startOffset), endOffset: offset(win.endOffset), inRange: win.inRange };
      }),
      calls: groupCalls.map(({ c }) => ({
        proc: c.proc,
        isAgg: c.isAgg,
        args: c.args.map(fold),
        argTypes: c.args.map((a) => a.type),
        resultType: c.type,
        filter: c.filter ? fold(c.filter) : null,
        frame: group.indexOf(c.winref),
      })),
    };
    groupCalls.forEach(({ k }, j) => (columns[k] = w + j));
    w += groupCalls.length;
  }
  const rewritten = exprs.map((e) =>
    rewriteExpr(e, (x) => {
      if (x.kind !== 'window') return undefined;
      const k = calls.findIndex((c) => exprEquals(c, x));
      return { kind: 'column', index: columns[k]!, name: '', type: x.type, typmod: x.typmod } satisfies ColumnExpr;
    }),
  );
  return { node, exprs: rewritten, width: w };
}
