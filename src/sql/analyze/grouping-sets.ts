// GROUP BY with GROUPING SETS, ROLLUP and CUBE, and GROUPING(...), as PostgreSQL analyzes them
// (flatten_grouping_sets, transformGroupClause, expand_grouping_sets, finalize_grouping_exprs):
// implicit rows `(a, b)` are flattened, empty sets at the top level dropped, every item becomes
// a select-list entry, and the sets are expanded into the list of grouping sets (the cartesian
// product of the top-level items, ROLLUP as prefixes, CUBE as all subsets), ordered by size
// (GROUP BY DISTINCT: sorted and without duplicates). GROUPING's arguments must be GROUP BY
// items of the query; its value is computed per grouping set by the planner.
import { SqlState } from '../../errors.js';
import { analyzeExpr, type ExprContext } from '../expr/analyze-expr.js';
import { checkAggregateAllowed } from '../expr/clause-rules.js';
import { exprEquals, findExpr, forEachChild } from '../expr/expr-walk.js';
import { exprLocation, type Expr, type GroupingFuncExpr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import type { TargetEntry } from './query.js';
import { analyzeGroupClause, groupTarget } from './sort-group.js';

type SetKind = 'GROUPING_SET_EMPTY' | 'GROUPING_SET_SIMPLE' | 'GROUPING_SET_ROLLUP' | 'GROUPING_SET_CUBE' | 'GROUPING_SET_SETS';

/** A flattened GROUP BY item: an expression, a list of them (an implicit row), or a set. */
type Flat = Node | Flat[] | { set: SetKind; content: Flat[]; location: number };

/** A grouping set after analysis: its items as select-list indexes, or nested sets. */
type GroupingSet = { kind: 'simple'; refs: number[] } | { kind: 'empty' } | { kind: 'rollup' | 'cube' | 'sets'; content: GroupingSet[] };

export interface GroupBy {
  /** Every GROUP BY item once, as select-list indexes. */
  groupBy: number[];
  /** The expanded grouping sets, when there are several (or one empty one). */
  groupingSets?: number[][];
  /** GROUPING SETS / ROLLUP / CUBE / () were written: the query groups even without items. */
  hasGroupingSets: boolean;
}

const isSet = (f: Flat): f is { set: SetKind; content: Flat[]; location: number } => !Array.isArray(f) && typeof f === 'object' && 'set' in f;

/** flatten_grouping_sets: returns null for an empty set dropped at the top level. */
function flatten(node: Node, toplevel: boolean, seen: { sets: boolean } | null): Flat | null {
  if (Array.isArray(node)) {
    const out: Flat[] = [];
    for (const item of node) {
      const f = flatten(item, toplevel, seen);
      if (f === null) continue;
      if (Array.isArray(f)) out.push(...f);
      else out.push(f);
    }
    return out;
  }
  if (node.RowExpr && node.RowExpr.row_format === 'COERCE_IMPLICIT_CAST') return flatten(node.RowExpr.args ?? [], false, null);
  const gs = node.GroupingSet;
  if (!gs) return node;
  if (seen) seen.sets = true;
  if (toplevel && gs.kind === 'GROUPING_SET_EMPTY') return null;
  const content: Flat[] = [];
  for (const item of (gs.content ?? []) as Node[]) {
    const f = flatten(item, false, null)!;
    if (item.GroupingSet?.kind === 'GROUPING_SET_SETS' && Array.isArray(f)) content.push(...f);
    else content.push(f);
  }
  if (toplevel || gs.kind !== 'GROUPING_SET_SETS') return { set: gs.kind as SetKind, content, location: gs.location ?? -1 };
  return content;
}

/** GROUP BY: plain items, or grouping sets expanded. */
export function analyzeGroupBy(cx: ExprContext, list: Node[], targets: TargetEntry[], distinct: boolean): GroupBy {
  const seen = { sets: false };
  let flat = flatten(list, true, seen) as Flat[];
  if (!seen.sets) return { groupBy: analyzeGroupClause(cx, flat, targets), hasGroupingSets: false };
  if (flat.length === 0 && seen.sets) flat = [{ set: 'GROUPING_SET_EMPTY', content: [], location: -1 }];
  const groupBy: number[] = [];
  const item = (node: Node): number => {
    const t = groupTarget(cx, node, targets);
    if (!groupBy.includes(t)) groupBy.push(t);
    return t;
  };
  const sets: GroupingSet[] = [];
  const plainItems = new Set<number>();
  for (const f of flat) {
    if (isSet(f)) {
      sets.push(f.set === 'GROUPING_SET_EMPTY' ? { kind: 'empty' } : groupingSet(cx, f, item));
      continue;
    }
    // a plain item repeated at the top level adds no grouping set
    const t = item(f as Node);
    if (plainItems.has(t)) continue;
    plainItems.add(t);
    sets.push({ kind: 'simple', refs: [t] });
  }
  const expanded = expandGroupingSets(cx, sets, distinct);
  // one set is a plain GROUP BY (or, empty, a plain aggregate)
  if (expanded.length === 1) return { groupBy, hasGroupingSets: true };
  return { groupBy, groupingSets: expanded, hasGroupingSets: true };
}

/** transformGroupingSet: the items of ROLLUP / CUBE / GROUPING SETS, as select-list indexes. */
function groupingSet(cx: ExprContext, f: { set: SetKind; content: Flat[]; location: number }, item: (node: Node) => number): GroupingSet {
  const content: GroupingSet[] = f.content.map((c): GroupingSet => {
    if (Array.isArray(c)) return { kind: 'simple', refs: c.map((n) => item(n as Node)) };
    if (isSet(c)) return c.set === 'GROUPING_SET_EMPTY' ? { kind: 'empty' } : groupingSet(cx, c, item);
    return { kind: 'simple', refs: [item(c)] };
  });
  if (f.set === 'GROUPING_SET_CUBE' && content.length > 12) {
    throw cx.ps.error('54011', 'CUBE is limited to 12 elements', f.location);
  }
  const kind = f.set === 'GROUPING_SET_ROLLUP' ? 'rollup' : f.set === 'GROUPING_SET_CUBE' ? 'cube' : 'sets';
  return { kind, content };
}

const refsOf = (s: GroupingSet): number[] => (s.kind === 'simple' ? s.refs : []);

/** expand_groupingset_node. */
function expandNode(s: GroupingSet): number[][] {
  switch (s.kind) {
    case 'empty':
      return [[]];
    case 'simple':
      return [s.refs];
    case 'rollup': {
      const out: number[][] = [];
      for (let size = s.content.length; size > 0; size--) out.push(s.content.slice(0, size).flatMap(refsOf));
      out.push([]);
      return out;
    }
    case 'cube': {
      const out: number[][] = [];
      for (let mask = 0; mask < 1 << s.content.length; mask++) out.push(s.content.filter((_, j) => mask & (1 << j)).flatMap(refsOf));
      return out;
    }
    case 'sets':
      return s.content.flatMap(expandNode);
  }
}

/** list_union_int: `a`, then the members of `b` not in it. */
function union(a: number[], b: number[]): number[] {
  const out = a.slice();
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** expand_grouping_sets: the cartesian product of the top-level items' sets. */
function expandGroupingSets(cx: ExprContext, sets: GroupingSet[], distinct: boolean): number[][] {
  const expanded = sets.map(expandNode);
  let count = 1;
  for (const e of expanded) {
    count *= e.length;
    // PostgreSQL points at its list of GROUP BY items, which has no position
    if (count > 4096) throw cx.ps.error(SqlState.StatementTooComplex, 'too many grouping sets present (maximum 4096)');
  }
  let result = expanded[0]!.map((s) => union([], s));
  for (const next of expanded.slice(1)) result = result.flatMap((q) => next.map((s) => union(q, s)));
  if (!distinct || result.length < 2) return result.sort((a, b) => a.length - b.length);
  const keyed = result.map((s) => s.slice().sort((a, b) => a - b));
  keyed.sort((a, b) => a.length - b.length || compareLists(a, b));
  return keyed.filter((s, i) => i === 0 || compareLists(s, keyed[i - 1]!) !== 0);
}

function compareLists(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** GROUPING(a, ...): its arguments are checked against GROUP BY once the query is analyzed. */
export function analyzeGroupingFunc(cx: ExprContext, node: Node): GroupingFuncExpr {
  const location: number = node.location ?? -1;
  const rawArgs: Node[] = node.args ?? [];
  if (rawArgs.length > 31) throw cx.ps.error(SqlState.TooManyArguments, 'GROUPING must have fewer than 32 arguments', location);
  const args = rawArgs.map((a) => analyzeExpr(cx, a));
  checkAggregateAllowed(cx, 'grouping', location);
  const outer = args.map((a) => findExpr(a, (x) => x.kind === 'var' && x.levelsUp > 0)).find((x) => x !== null);
  if (outer) throw cx.ps.error(SqlState.FeatureNotSupported, "GROUPING of an outer query's columns is not supported yet", exprLocation(outer));
  return { kind: 'groupingfunc', args, refs: [], type: Oid.int4, typmod: -1, location };
}

/** finalize_grouping_exprs: ties each GROUPING argument to its GROUP BY item (42803 if none). */
export function finalizeGroupingFuncs(cx: ExprContext, exprs: readonly (Expr | null)[], targets: readonly TargetEntry[], groupBy: readonly number[]): void {
  const visit = (e: Expr): void => {
    if (e.kind === 'groupingfunc') {
      e.refs.length = 0;
      for (const a of e.args) {
        const ref = groupBy.find((t) => exprEquals(targets[t]!.expr, a));
        if (ref === undefined) {
          throw cx.ps.error(SqlState.GroupingError, 'arguments to GROUPING must be grouping expressions of the associated query level', exprLocation(a));
        }
        e.refs.push(ref);
      }
      return;
    }
    forEachChild(e, visit);
  };
  for (const e of exprs) if (e) visit(e);
}
