// Plans an analyzed query: WITH queries, scans for the FROM items (tables, VALUES lists,
// subqueries, WITH queries), nested-loop joins for the join tree and the cross product of the
// FROM list, the WHERE filter, grouping and aggregates, the select list (sort keys included),
// DISTINCT [ON], sort, and LIMIT/OFFSET; set operations combine their planned leaves.
// Subqueries in expressions are planned with their query level (subplans.ts). Constants are
// folded here, at plan time, as PostgreSQL's planner does.
import type { CteDef, Query, SelectQuery, SetOpQuery, SetOpTree } from '../analyze/query.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { ColumnExpr, Expr, FuncExpr } from '../expr/expr.js';
import { anyExpr, exprEquals, rewriteExpr } from '../expr/expr-walk.js';
import type { OutputColumn, Plan, PlanNode, SortKey } from './nodes.js';
import { planAggregation } from './plan-agg.js';
import { containsWindowFunction, planWindows } from './plan-window.js';
import { andOf, conjuncts, nullableRanges, planFromList, visibleOnly, type FromPlanning } from './plan-from.js';
import type { WantedOrder } from './index-paths.js';
import { placeVars, type Layout } from './place-vars.js';
import { newPlanner, type Planner } from './planner.js';
import { simplify } from './simplify.js';
import { planSubLinks } from './subplans.js';
import { KEY_COLUMN } from '../analyze/range-table.js';
import { DbError, SqlState } from '../../errors.js';

/** Plans a top-level query. */
export function planSelect(q: Query, ctx: RuntimeContext): Plan {
  return planQuery(newPlanner(ctx), q);
}

export function planQuery(p: Planner, q: Query): Plan {
  const planned = q.kind === 'select' ? planSelectQuery(p, q) : { node: planSetOperation(p, q), ordered: false };
  let root = planSortAndLimit(p, q, planned.node, planned.ordered);
  // a statement with data-modifying WITH queries runs and registers all its WITH queries itself
  if (q.ctes.length > 0 && !q.ctes.some((c) => c.dml)) root = { kind: 'ctescope', ctes: q.ctes.map((c) => ({ id: c.id, plan: planCte(p, c), name: c.name })), input: root };
  return { root, columns: outputColumns(q) };
}

function outputColumns(q: Query): OutputColumn[] {
  return q.targets
    .filter((t) => !t.junk)
    .map((t) => {
      const origin = q.kind === 'select' && t.expr.kind === 'var' && t.expr.levelsUp === 0 ? q.ranges[t.expr.range] : undefined;
      const fromTable = origin?.kind === 'table' && t.expr.kind === 'var';
      return {
        name: t.name,
        type: t.expr.type,
        typmod: t.expr.typmod,
        tableOid: fromTable ? origin!.table!.record.oid : 0,
        columnNumber: fromTable && t.expr.kind === 'var' ? t.expr.column + 1 : 0,
      };
    });
}

/** Plans a SELECT; `ordered` when its rows already come in ORDER BY order (read by index). */
function planSelectQuery(p: Planner, q: SelectQuery): { node: PlanNode; ordered: boolean } {
  const fold = (e: Expr) => simplify(e, p.ctx);
  // subqueries in expressions first: their outer references become parameters of this level
  const targets = q.targets.map((t) => planSubLinks(p, t.expr));
  const whereAll = q.where ? planSubLinks(p, q.where) : null;
  const having = q.having ? planSubLinks(p, q.having) : null;
  const from: FromPlanning = { conds: whereAll ? conjuncts(whereAll) : [], nullable: nullableRanges(q.from), wanted: orderByIndex(q), ordered: false };
  let root: PlanNode;
  const hasSrf = targets.some(containsSetReturning);
  const hasWindows = targets.some(containsWindowFunction);
  if (q.from.length === 0 && !q.grouped && !hasSrf && !hasWindows) {
    root = { kind: 'result', exprs: targets.map(fold), qual: whereAll ? fold(whereAll) : null };
  } else {
    let input: { node: PlanNode; layout: Layout };
    if (q.from.length === 0) input = { node: { kind: 'result', exprs: [], qual: null }, layout: [] };
    else input = planFromList(p, q, from);
    // conditions no scan or join could take (outer-joined items, no columns) filter the result
    const where = andOf(from.conds);
    if (where) input = { node: { kind: 'filter', input: input.node, qual: fold(placeVars(where, input.layout)) }, layout: input.layout };
    if (q.locking) input = { node: lockRows(q, input.node, input.layout), layout: input.layout };
    let placed: Expr[];
    let width: number;
    if (q.grouped) {
      const agg = planAggregation(p, { ...q, targets: q.targets.map((t, i) => ({ ...t, expr: targets[i]! })) }, [...targets, ...(having ? [having] : [])], input.node, input.layout);
      root = agg.node;
      if (having) root = { kind: 'filter', input: root, qual: fold(placeVars(agg.rewrite(having), [])) };
      placed = targets.map((t, i) => placeVars(agg.rewrite(t, i), []));
      width = agg.width;
    } else {
      root = input.node;
      placed = targets.map((t) => placeVars(t, input.layout));
      width = input.layout.length;
    }
    if (hasWindows) ({ node: root, exprs: placed, width } = planWindows(p, q, root, placed, width));
    const srf = planProjectSet(root, placed, width);
    root = { kind: 'project', input: srf.node, exprs: srf.exprs.map(fold) };
  }
  if (q.distinct) root = planDistinct(q, root);
  return { node: root, ordered: from.ordered };
}

const LOCK_NAMES = ['FOR KEY SHARE', 'FOR SHARE', 'FOR NO KEY UPDATE', 'FOR UPDATE'];

/** FOR UPDATE / SHARE over the FROM list's rows (below sorting and LIMIT, as in PostgreSQL). */
function lockRows(q: SelectQuery, input: PlanNode, layout: Layout): PlanNode {
  const locking = q.locking!;
  const nullable = nullableRanges(q.from);
  if (locking.ranges.some((r) => nullable.has(r))) {
    throw new DbError(SqlState.FeatureNotSupported, `${LOCK_NAMES[locking.mode]} cannot be applied to the nullable side of an outer join`);
  }
  const locks = locking.ranges.map((range) => ({
    table: q.ranges[range]!.table!.shape,
    keyColumn: layout.findIndex((l) => l.range === range && l.column === KEY_COLUMN),
  }));
  if (locks.some((l) => l.keyColumn < 0)) throw new DbError(SqlState.FeatureNotSupported, 'FOR UPDATE of this FROM item is not supported yet');
  return { kind: 'lockrows', input, locks, mode: locking.mode, wait: locking.wait };
}

/**
 * A single-table query whose ORDER BY names only its columns could read them in order from an
 * index instead of sorting.
 */
function orderByIndex(q: SelectQuery): FromPlanning['wanted'] {
  if (q.sort.length === 0 || q.grouped || q.distinct || q.from.length !== 1 || q.from[0]!.kind !== 'range') return null;
  if (q.targets.some((t) => containsWindowFunction(t.expr))) return null;
  const range = q.from[0]!.range;
  if (q.ranges[range]!.kind !== 'table') return null;
  const columns: WantedOrder['columns'] = [];
  for (const s of q.sort) {
    const e = q.targets[s.target]!.expr;
    if (e.kind !== 'var' || e.levelsUp !== 0 || e.range !== range) return null;
    columns.push({ column: e.column, descending: s.descending, nullsFirst: s.nullsFirst });
  }
  if (q.targets.some((t) => anyExpr(t.expr, (x) => x.kind === 'func' && x.proc.proretset))) return null;
  return { range, order: { columns } };
}

/** DISTINCT: unique visible rows. DISTINCT ON: sorted by ORDER BY, then the first row of each key. */
function planDistinct(q: SelectQuery, input: PlanNode): PlanNode {
  const typeOf = (i: number) => q.targets[i]!.expr.type;
  if (q.distinct!.on === null) {
    const keys = q.targets.flatMap((t, i) => (t.junk ? [] : [i]));
    return { kind: 'distinct', input, keys, keyTypes: keys.map(typeOf) };
  }
  const keys = q.distinct!.on;
  return { kind: 'distinct', input: { kind: 'sort', input, keys: q.sort.map(sortKey) }, keys, keyTypes: keys.map(typeOf) };
}

function sortKey(s: { target: number; less: SortKey['less']; descending: boolean; nullsFirst: boolean }): SortKey {
  return { index: s.target, less: s.less, descending: s.descending, nullsFirst: s.nullsFirst };
}

function planSortAndLimit(p: Planner, q: Query, input: PlanNode, ordered: boolean): PlanNode {
  const fold = (e: Expr) => simplify(planSubLinks(p, e), p.ctx);
  let root = input;
  const sortedByDistinct = q.kind === 'select' && q.distinct?.on;
  if (q.sort.length > 0 && !sortedByDistinct && !ordered) root = { kind: 'sort', input: root, keys: q.sort.map(sortKey) };
  if (q.limit || q.offset) {
    root = { kind: 'limit', input: root, count: q.limit ? fold(q.limit) : null, offset: q.offset ? fold(q.offset) : null, ...(q.withTies ? { ties: q.sort.map(sortKey) } : {}) };
  }
  return root;
}

function containsSetReturning(e: Expr): boolean {
  return anyExpr(e, (x) => x.kind === 'func' && x.proc.proretset);
}

/**
 * Set-returning calls in the select list run in a ProjectSet node below the projection; the
 * projection then reads their values as columns after the input's `width` columns.
 */
function planProjectSet(input: PlanNode, exprs: Expr[], width: number): { node: PlanNode; exprs: Expr[] } {
  const calls: FuncExpr[] = [];
  for (const e of exprs) {
    anyExpr(e, (x) => {
      if (x.kind === 'func' && x.proc.proretset && !calls.some((c) => exprEquals(c, x))) calls.push(x);
      return false;
    });
  }
  if (calls.length === 0) return { node: input, exprs };
  const rewritten = exprs.map((e) =>
    rewriteExpr(e, (x) => {
      if (x.kind !== 'func' || !x.proc.proretset) return undefined;
      const i = calls.findIndex((c) => exprEquals(c, x));
      return { kind: 'column', index: width + i, name: '', type: x.type, typmod: x.typmod } satisfies ColumnExpr;
    }),
  );
  return { node: { kind: 'projectset', input, functions: calls }, exprs: rewritten };
}

function planSetOperation(p: Planner, q: SetOpQuery): PlanNode {
  return planSetOpTree(p, q.tree);
}

function planSetOpTree(p: Planner, t: SetOpTree): PlanNode {
  if (t.kind === 'leaf') return visibleOnly(planQuery(p, t.query));
  const side = (child: SetOpTree, coerce: Expr[]): PlanNode => {
    const input = planSetOpTree(p, child);
    const identity = coerce.every((c, i) => c.kind === 'column' && c.index === i);
    return identity ? input : { kind: 'project', input, exprs: coerce.map((c) => simplify(c, p.ctx)) };
  };
  return {
    kind: 'setop',
    op: t.op,
    all: t.all,
    left: side(t.left, t.coerce[0]),
    right: side(t.right, t.coerce[1]),
    width: t.types.length,
    types: t.types,
  };
}

/** A WITH query's plan; a recursive one iterates its recursive term over a work table. */
export function planCte(p: Planner, c: CteDef): PlanNode {
  if (!c.recursive) return visibleOnly(planQuery(p, c.query));
  const q = c.query as SetOpQuery;
  const tree = q.tree;
  const nonRecursive = planSetOpTree(p, tree.left);
  p.recursive.add(c.id);
  try {
    const recursive = planSetOpTree(p, tree.right);
    const coerce = (node: PlanNode, exprs: Expr[]): PlanNode =>
      exprs.every((e, i) => e.kind === 'column' && e.index === i) ? node : { kind: 'project', input: node, exprs: exprs.map((e) => simplify(e, p.ctx)) };
    return {
      kind: 'recursiveunion',
      id: c.id,
      nonRecursive: coerce(nonRecursive, tree.coerce[0]),
      recursive: coerce(recursive, tree.coerce[1]),
      all: tree.all,
      width: tree.types.length,
      types: tree.types,
    };
  } finally {
    p.recursive.delete(c.id);
  }
}
