// Plans the FROM clause with the WHERE conditions: a condition on one FROM item goes down to
// that item's scan (where it may choose an index), a condition on several goes to the join
// that brings them together, unless an outer join could fill one of them with NULLs (then it
// stays above). Each join becomes an index nested loop when the right side is a table with
// an index on the column an equality compares with the left side, a hash join when there is
// another usable equality, else a nested loop. LATERAL items read the rows to their left
// through exec parameters and run again per left row.
import { rewriteQueryDeep } from '../analyze/query-walk.js';
import type { SelectQuery } from '../analyze/query.js';
import { KEY_COLUMN, PRESENCE_COLUMN, type FromNode, type JoinType } from '../analyze/range-table.js';
import { indexDefinitionsIn } from '../analyze/index-definition.js';
import { anyExpr, rewriteExpr } from '../expr/expr-walk.js';
import { makeConst, type ColumnExpr, type ExecParamExpr, type Expr, type VarExpr } from '../expr/expr.js';
import { outColumns } from '../expr/set-returning/index.js';
import { Oid } from '../types/oids.js';
import type { TableShape } from '../../txn/table-access.js';
import { chooseIndexPath, useIndexDefinition, type IndexPath, type WantedOrder } from './index-paths.js';
import type { Plan, PlanNode } from './nodes.js';
import { placeVars, type Layout } from './place-vars.js';
import type { Planner } from './planner.js';
import { planQuery } from './plan-select.js';
import { simplify } from './simplify.js';
import { planSubLinks } from './subplans.js';

export interface Planned {
  node: PlanNode;
  layout: Layout;
  /** FROM items whose columns the rows carry. */
  ranges: Set<number>;
  /** A LATERAL item's parameters: columns of the rows to its left it reads. */
  params?: { slot: number; value: Expr }[];
  /** A plain table scan (so a join may turn it into a lookup by a left row's value). */
  table?: { range: number; shape: TableShape; alias: string; conds: Expr[] };
}

/** What the FROM planning is given and tells back. */
export interface FromPlanning {
  /** WHERE conditions not placed yet (each placed one is removed). */
  conds: Expr[];
  /** FROM items an outer join may fill with NULLs. */
  nullable: Set<number>;
  /** An order a single-table query wants from its scan. */
  wanted: { range: number; order: WantedOrder } | null;
  /** Set when a scan gives the wanted order (the sort can go). */
  ordered: boolean;
}

/** The AND-ed parts of a condition. */
export function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

export function andOf(list: Expr[]): Expr | null {
  return list.length === 0 ? null : list.length === 1 ? list[0]! : { kind: 'and', args: list, type: Oid.bool, typmod: -1 };
}

/** FROM items a condition reads columns of (at this query level). */
function rangesOf(e: Expr): Set<number> {
  const out = new Set<number>();
  anyExpr(e, (x) => {
    if (x.kind === 'var' && x.levelsUp === 0) out.add(x.range);
    return false;
  });
  return out;
}

const subset = (a: Set<number>, b: Set<number>) => [...a].every((x) => b.has(x));

/** FROM items an outer join may fill with NULLs (conditions on them must stay above the join). */
export function nullableRanges(from: readonly FromNode[]): Set<number> {
  const out = new Set<number>();
  const all = (n: FromNode, into: Set<number>) => {
    into.add(n.range);
    if (n.kind === 'join') {
      all(n.left, into);
      all(n.right, into);
    }
  };
  const walk = (n: FromNode) => {
    if (n.kind !== 'join') return;
    if (n.type === 'left' || n.type === 'full') all(n.right, out);
    if (n.type === 'right' || n.type === 'full') all(n.left, out);
    walk(n.left);
    walk(n.right);
  };
  from.forEach(walk);
  return out;
}

/** Takes the conditions that can be evaluated on `ranges` (none on a nullable item). */
function takeConditions(f: FromPlanning, ranges: Set<number>, accept: (r: Set<number>) => boolean): Expr[] {
  const out: Expr[] = [];
  f.conds = f.conds.filter((c) => {
    const r = rangesOf(c);
    if (r.size === 0 || !subset(r, ranges) || [...r].some((x) => f.nullable.has(x)) || !accept(r)) return true;
    out.push(c);
    return false;
  });
  return out;
}

/** Plans the FROM list (a cross product of its items, joined by the WHERE conditions). */
export function planFromList(p: Planner, q: SelectQuery, f: FromPlanning): Planned {
  return q.from.map((n) => planFromNode(p, q, n, f)).reduce((left, right) => {
    const both = new Set([...left.ranges, ...right.ranges]);
    const conds = takeConditions(f, both, () => true);
    return makeJoin(p, left, right, 'inner', conds);
  });
}

function planFromNode(p: Planner, q: SelectQuery, n: FromNode, f: FromPlanning): Planned {
  if (n.kind === 'join') {
    const left = planFromNode(p, q, n.left, f);
    const right = planFromNode(p, q, n.right, f);
    const on = n.quals ? conjuncts(planSubLinks(p, n.quals)) : [];
    // WHERE conditions may join the sides of an inner join (not of an outer one)
    const extra = n.type === 'inner' ? takeConditions(f, new Set([...left.ranges, ...right.ranges]), () => true) : [];
    const joined = makeJoin(p, left, right, n.type, [...on, ...extra]);
    return { ...joined, ranges: new Set([...joined.ranges, n.range]) };
  }
  return planRange(p, q, n.range, f);
}

function planRange(p: Planner, q: SelectQuery, range: number, f: FromPlanning): Planned {
  const r = q.ranges[range]!;
  const layout: Layout = r.columnNames.map((_, column) => ({ range, column }));
  const ranges = new Set([range]);
  switch (r.kind) {
    case 'table': {
      const conds = takeConditions(f, ranges, () => true);
      const wanted = f.wanted?.range === range ? f.wanted.order : null;
      if (r.withKey) {
        // rows with their storage key after their columns (the target of UPDATE ... FROM)
        const keyed: Layout = [...layout, { range, column: KEY_COLUMN }];
        const planned = scanTable(p, r.table!.shape, r.alias, range, keyed, conds, wanted, f, true);
        return { ...planned, ranges };
      }
      const planned = scanTable(p, r.table!.shape, r.alias, range, layout, conds, wanted, f);
      return { ...planned, ranges, table: { range, shape: r.table!.shape, alias: r.alias, conds } };
    }
    case 'values':
      return { node: { kind: 'values', rows: r.values!.map((row) => row.map((e) => simplify(planSubLinks(p, e), p.ctx))) }, layout, ranges };
    case 'subquery': {
      // rows that carry a constant true after their columns, which an outer join's NULL rows lack
      // (a whole-row reference tells them apart by it)
      const rows = (node: PlanNode): PlanNode =>
        r.withPresence && node.kind === 'project' ? { ...node, exprs: [...node.exprs, makeConst(Oid.bool, true)] } : node;
      const out = r.withPresence ? [...layout, { range, column: PRESENCE_COLUMN }] : layout;
      if (!r.lateral) return { node: rows(visibleOnly(planQuery(p, r.subquery!))), layout: out, ranges };
      const params: { slot: number; value: Expr }[] = [];
      const query = rewriteQueryDeep(r.subquery!, (x, depth) => (x.kind === 'var' && x.levelsUp === depth + 1 ? paramFor(p, { ...x, levelsUp: 0 }, params) : undefined));
      return { node: rows(visibleOnly(planQuery(p, query))), layout: out, ranges, params };
    }
    case 'cte':
      return { node: { kind: p.recursive.has(r.cteId!) ? 'worktablescan' : 'ctescan', id: r.cteId!, alias: r.alias, columnNames: r.columnNames }, layout, ranges };
    case 'system': {
      const qual = andOf(takeConditions(f, ranges, () => true));
      let node: PlanNode = { kind: 'systemscan', oid: r.systemOid!, alias: r.alias, ...(r.sequence ? { sequence: true } : {}) };
      if (qual) node = { kind: 'filter', input: node, qual: simplify(placeVars(qual, layout), p.ctx) };
      return { node, layout, ranges };
    }
    case 'function': {
      // columns of other FROM items the calls read become parameters of a lateral join
      const params: { slot: number; value: Expr }[] = [];
      const functions = r.functions!.map((e) => simplify(planSubLinks(p, lateralParams(p, e, params)), p.ctx));
      const widths = functions.map((e) => (e.kind === 'func' && e.proc.proretset ? (outColumns(e.proc)?.length ?? 1) : 1));
      const node: PlanNode = { kind: 'functionscan', functions, widths, ordinality: r.ordinality === true, alias: r.alias, columnNames: r.columnNames };
      return { node, layout, ranges, params };
    }
    default:
      throw new Error(`cannot plan FROM item ${r.kind}`);
  }
}

/** A table read by key ranges (when its conditions allow) or in full, its conditions as a filter. */
function scanTable(
  p: Planner,
  shape: TableShape,
  alias: string,
  range: number,
  layout: Layout,
  conds: Expr[],
  wanted: WantedOrder | null,
  f: FromPlanning | null,
  emitKey = false,
): { node: PlanNode; layout: Layout } {
  const choice = chooseIndexPath(shape, range, conds, wanted, indexDefinitionsIn(p.ctx));
  let node: PlanNode;
  let filter = conds;
  if (choice) {
    const bound = (e: Expr) => simplify(placeVars(e, []), p.ctx);
    const c = choice.path;
    const path: IndexPath = {
      ...c,
      equal: c.equal.map(bound),
      anyOf: c.anyOf?.map(bound) ?? null,
      lower: c.lower ? { ...c.lower, value: bound(c.lower.value) } : null,
      upper: c.upper ? { ...c.upper, value: bound(c.upper.value) } : null,
    };
    const definition = c.index && indexDefinitionsIn(p.ctx)(c.index);
    filter = useIndexDefinition(path, definition, range, conds, (e) => simplify(placeVars(e, layout), p.ctx));
    node = { kind: 'indexscan', table: shape, alias, path, emitKey };
    if (choice.ordered && f) f.ordered = true;
  } else {
    node = { kind: 'seqscan', table: shape, alias, emitKey };
  }
  const qual = andOf(filter);
  if (qual) node = { kind: 'filter', input: node, qual: simplify(placeVars(qual, layout), p.ctx) };
  return { node, layout };
}

/**
 * `l = r` with l on the left side's items and r on the right side's (either way round):
 * the two operands and the condition with the left operand replaced by `left`.
 */
function equiPair(c: Expr, left: Set<number>, right: Set<number>): { left: Expr; right: Expr; withLeft: (value: Expr) => Expr } | null {
  if (c.kind !== 'func' || c.operator?.oprname !== '=' || c.args.length !== 2) return null;
  const [a, b] = c.args as [Expr, Expr];
  const ra = rangesOf(a);
  const rb = rangesOf(b);
  if (ra.size === 0 || rb.size === 0) return null;
  if (subset(ra, left) && subset(rb, right)) return { left: a, right: b, withLeft: (v) => ({ ...c, args: [v, b] }) };
  if (subset(rb, left) && subset(ra, right)) return { left: b, right: a, withLeft: (v) => ({ ...c, args: [a, v] }) };
  return null;
}

const INTEGERS = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);
const TEXTS = new Set<number>([Oid.text, Oid.varchar]);

/** The type both sides of an equality are hashed as, or null when their encodings differ. */
function hashType(l: number, r: number): number | null {
  if (l === r) return l === Oid.json || l === Oid.unknown ? null : l;
  if (INTEGERS.has(l) && INTEGERS.has(r)) return Oid.int8;
  if (TEXTS.has(l) && TEXTS.has(r)) return Oid.text;
  return null;
}

function makeJoin(p: Planner, left: Planned, right: Planned, type: JoinType, conds: Expr[]): Planned {
  const layout = [...left.layout, ...right.layout];
  const ranges = new Set([...left.ranges, ...right.ranges]);
  const qual = andOf(conds);
  const placedQual = qual ? simplify(placeVars(qual, layout), p.ctx) : null;
  // a lateral right side's parameters come from this join's left rows, or from items further
  // left (a join above sets those, running this whole join again per row)
  const rightParams = right.params ?? [];
  const here = rightParams.filter((pp) => subset(rangesOf(pp.value), left.ranges));
  const later = rightParams.filter((pp) => !here.includes(pp));
  const base = { layout, ranges, params: [...(left.params ?? []), ...later] };
  const widths = { leftWidth: left.layout.length, rightWidth: right.layout.length };
  const pairs = here.length > 0 ? [] : conds.flatMap((c) => {
    const pair = equiPair(c, left.ranges, right.ranges);
    return pair ? [{ ...pair, cond: c }] : [];
  });

  // the right side looked up by key for each left row
  if (right.table && (type === 'inner' || type === 'left') && pairs.length > 0) {
    const t = right.table;
    const params: { slot: number; value: Expr }[] = [];
    const lookups = pairs.map((pair) => {
      const slot = p.nextSlot++;
      params.push({ slot, value: placeVars(pair.left, left.layout) });
      return pair.withLeft({ kind: 'execparam', slot, type: pair.left.type, typmod: pair.left.typmod } satisfies ExecParamExpr);
    });
    const choice = chooseIndexPath(t.shape, t.range, [...lookups, ...t.conds], null, indexDefinitionsIn(p.ctx));
    if (choice && choice.path.equal.length > 0) {
      const scan = scanTable(p, t.shape, t.alias, t.range, right.layout, [...lookups, ...t.conds], null, null);
      // the right side's rows already passed the looked-up equalities
      const rest = andOf(conds.filter((c) => !pairs.some((pair) => pair.cond === c)));
      const restQual = rest ? simplify(placeVars(rest, layout), p.ctx) : null;
      return { ...base, node: { kind: 'nestloop', left: left.node, right: scan.node, type, qual: restQual, ...widths, params } };
    }
  }
  // a table joined to a lateral item that reads items further left runs once per outer row:
  // rather than hashing the lateral rows and scanning the table each time, drive an index
  // lookup from the lateral rows (the swapped join's layout says where the columns are)
  if (type === 'inner' && left.table && !right.table && later.length > 0 && pairs.length > 0) {
    const swapped = makeJoin(p, right, left, type, conds);
    if (swapped.node.kind === 'nestloop' && swapped.node.params?.length) return swapped;
  }
  // a hash table of the right side's rows by the equality's right value
  const hashable = pairs.map((pair) => ({ ...pair, type: hashType(pair.left.type, pair.right.type) })).filter((x) => x.type !== null);
  if (hashable.length > 0 && here.length === 0) {
    return {
      ...base,
      node: {
        kind: 'hashjoin',
        left: left.node,
        right: right.node,
        type,
        leftKeys: hashable.map((h) => simplify(placeVars(h.left, left.layout), p.ctx)),
        rightKeys: hashable.map((h) => simplify(placeVars(h.right, right.layout), p.ctx)),
        keyTypes: hashable.map((h) => h.type!),
        qual: placedQual,
        ...widths,
      },
    };
  }
  const params = here.length > 0 ? here.map((pp) => ({ slot: pp.slot, value: placeVars(pp.value, left.layout) })) : undefined;
  return { ...base, node: { kind: 'nestloop', left: left.node, right: right.node, type, qual: placedQual, ...widths, params } };
}

/** A plan's rows cut to its visible columns (dropping sort keys carried after them). */
export function visibleOnly(plan: Plan): PlanNode {
  const exprs: ColumnExpr[] = plan.columns.map((c, i) => ({ kind: 'column', index: i, name: c.name, type: c.type, typmod: c.typmod }));
  return { kind: 'project', input: plan.root, exprs };
}

/** An exec parameter for a column of the current query level (one per distinct column). */
function paramFor(p: Planner, v: VarExpr, params: { slot: number; value: Expr }[]): ExecParamExpr {
  let param = params.find((pp) => pp.value.kind === 'var' && pp.value.range === v.range && pp.value.column === v.column);
  if (!param) {
    param = { slot: p.nextSlot++, value: v };
    params.push(param);
  }
  return { kind: 'execparam', slot: param.slot, type: v.type, typmod: v.typmod };
}

/** A function-in-FROM expression with its references to other FROM items made parameters. */
function lateralParams(p: Planner, e: Expr, params: { slot: number; value: Expr }[]): Expr {
  return rewriteExpr(e, (x) => (x.kind === 'var' && x.levelsUp === 0 ? paramFor(p, x, params) : undefined));
}
