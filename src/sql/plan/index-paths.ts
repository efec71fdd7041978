// Chooses how to read a table: through its primary key (the table's own B+tree) or a
// secondary index when the conditions on it fix a prefix of the key (equalities on leading
// columns, then a range or an IN list on the next one), or when the ORDER BY wanted is the
// key's order (forward or backward). Without such a use the table is scanned in full. The
// conditions always stay as a filter on the rows read, so a path only has to return a
// superset of the matching rows (NULLs, out-of-range bounds and casts are handled that way).
import type { IndexShape, TableShape } from '../../txn/table-access.js';
import type { KeyColumn } from '../../storage/encoding/key.js';
import { anyExpr } from '../expr/expr-walk.js';
import type { Expr } from '../expr/expr.js';
import { Oid } from '../types/oids.js';

export interface KeyBound {
  value: Expr;
  inclusive: boolean;
}

export interface IndexPath {
  /** The secondary index, or null for the table's primary key. */
  index: IndexShape | null;
  /** The key columns (type, direction) of the path's key. */
  keyColumns: KeyColumn[];
  /** Values of the leading key columns (each an expression without columns of the table). */
  equal: Expr[];
  /** Alternative values for the column after `equal` (an IN list): one lookup each. */
  anyOf: Expr[] | null;
  /** Bounds on the column after `equal` (in value order, whatever the column's direction). */
  lower: KeyBound | null;
  upper: KeyBound | null;
  /** Read backwards (for ORDER BY ... DESC on an ascending key). */
  reverse: boolean;
  /** How many leading key columns the path fixes or bounds (0: a full ordered scan). */
  used: number;
}

/** A wanted output order: table column positions with directions. */
export interface WantedOrder {
  columns: { column: number; descending: boolean; nullsFirst: boolean }[];
}

type Comparison = { column: number; op: '=' | '<' | '<=' | '>' | '>='; value: Expr };

const FLIP: Record<string, Comparison['op']> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const INTEGER_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);

/** The table column a (relabelled) Var of `range` names, or -1. */
function columnOf(e: Expr, range: number): number {
  let x = e;
  while (x.kind === 'relabel') x = x.arg;
  return x.kind === 'var' && x.levelsUp === 0 && x.range === range ? x.column : -1;
}

/** Whether a value can be compared with a key column of the given type through the key encoding. */
function compatible(columnType: number, valueType: number): boolean {
  if (columnType === valueType) return true;
  if (INTEGER_TYPES.has(columnType) && INTEGER_TYPES.has(valueType)) return true;
  const textLike = (t: number) => t === Oid.text || t === Oid.varchar;
  return textLike(columnType) && textLike(valueType);
}

/** `column op value` conditions of the range, from top-level AND-ed conditions. */
function comparisons(conds: readonly Expr[], range: number, table: TableShape): { cmp: Comparison[]; inLists: Map<number, Expr[]> } {
  const cmp: Comparison[] = [];
  const inLists = new Map<number, Expr[]>();
  const free = (e: Expr) => !anyExpr(e, (x) => (x.kind === 'var' && x.levelsUp === 0) || (x.kind === 'func' && x.proc.provolatile === 'v'));
  for (const c of conds) {
    if (c.kind === 'func' && c.operator && c.args.length === 2) {
      const op = c.operator.oprname;
      if (!(op in FLIP)) continue;
      const [l, r] = c.args as [Expr, Expr];
      const lc = columnOf(l, range);
      const rc = columnOf(r, range);
      if (lc >= 0 && free(r) && compatible(table.columnTypes[lc]!, r.type)) cmp.push({ column: lc, op: op as Comparison['op'], value: r });
      else if (rc >= 0 && free(l) && compatible(table.columnTypes[rc]!, l.type)) cmp.push({ column: rc, op: FLIP[op]!, value: l });
    } else if (c.kind === 'inlist' && c.any) {
      const first = c.comparisons[0];
      if (!first || first.operator?.oprname !== '=') continue;
      const col = columnOf(first.args[0]!, range);
      if (col < 0) continue;
      const values = c.comparisons.map((x) => x.args[1]!);
      if (c.comparisons.every((x) => x.operator?.oprname === '=' && columnOf(x.args[0]!, range) === col) && values.every((v) => free(v) && compatible(table.columnTypes[col]!, v.type))) {
        inLists.set(col, values);
      }
    }
  }
  return { cmp, inLists };
}

function buildPath(index: IndexShape | null, columns: number[], keyColumns: KeyColumn[], cmp: Comparison[], inLists: Map<number, Expr[]>): IndexPath {
  const equal: Expr[] = [];
  let k = 0;
  for (; k < columns.length; k++) {
    const eq = cmp.find((c) => c.column === columns[k] && c.op === '=');
    if (!eq) break;
    equal.push(eq.value);
  }
  let lower: KeyBound | null = null;
  let upper: KeyBound | null = null;
  let anyOf: Expr[] | null = null;
  if (k < columns.length) {
    const col = columns[k]!;
    for (const c of cmp) {
      if (c.column !== col) continue;
      if ((c.op === '>' || c.op === '>=') && !lower) lower = { value: c.value, inclusive: c.op === '>=' };
      if ((c.op === '<' || c.op === '<=') && !upper) upper = { value: c.value, inclusive: c.op === '<=' };
    }
    if (!lower && !upper) anyOf = inLists.get(col) ?? null;
  }
  const used = equal.length + (lower || upper || anyOf ? 1 : 0);
  return { index, keyColumns, equal, anyOf, lower, upper, reverse: false, used };
}

/** Whether reading the path (forward or backward) yields the wanted order; sets `reverse`. */
function givesOrder(path: IndexPath, columns: number[], wanted: WantedOrder | null): boolean {
  if (!wanted || wanted.columns.length === 0) return false;
  // columns fixed by equality may be skipped in the wanted order
  const rest = columns.slice(path.equal.length);
  const keys = path.keyColumns.slice(path.equal.length);
  const want = wanted.columns.filter((w) => !columns.slice(0, path.equal.length).includes(w.column));
  if (want.length === 0 || want.length > rest.length || path.anyOf) return false;
  let reverse: boolean | null = null;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const key = keys[i]!;
    if (rest[i] !== w.column) return false;
    const keyDesc = key.descending === true;
    const keyNullsFirst = key.nullsFirst ?? keyDesc;
    const flipped = w.descending !== keyDesc;
    if ((flipped ? !keyNullsFirst : keyNullsFirst) !== w.nullsFirst) return false;
    if (reverse === null) reverse = flipped;
    else if (reverse !== flipped) return false;
  }
  path.reverse = reverse === true;
  return true;
}

/**
 * The best way to read `table` (FROM item `range`) given its conditions and the order wanted,
 * or null for a full scan in primary key order. `ordered` tells whether the path gives the order.
 */
export function chooseIndexPath(table: TableShape, range: number, conds: readonly Expr[], wanted: WantedOrder | null): { path: IndexPath; ordered: boolean } | null {
  const { cmp, inLists } = comparisons(conds, range, table);
  const candidates: { path: IndexPath; columns: number[]; unique: boolean }[] = [];
  if (table.primaryKey) {
    candidates.push({ path: buildPath(null, table.primaryKey, table.primaryKeyColumns, cmp, inLists), columns: table.primaryKey, unique: true });
  }
  for (const index of table.indexes) {
    const keyColumns = index.keyColumns.slice(0, index.columns.length);
    candidates.push({ path: buildPath(index, index.columns, keyColumns, cmp, inLists), columns: index.columns, unique: index.unique });
  }
  let best: { path: IndexPath; ordered: boolean; score: number } | null = null;
  for (const c of candidates) {
    const full = c.unique && c.path.equal.length === c.columns.length;
    const ordered = givesOrder(c.path, c.columns, wanted);
    if (c.path.used === 0 && !ordered) continue;
    // a unique lookup first, then the most key columns used, then the table's own key (no
    // extra lookup per row), then a path that also gives the order
    const score = (full ? 1000 : 0) + c.path.used * 10 + (c.path.index === null ? 2 : 0) + (ordered ? 1 : 0);
    if (!best || score > best.score) best = { path: c.path, ordered, score };
  }
  return best && (best.path.used > 0 || best.ordered) ? { path: best.path, ordered: best.ordered } : null;
}
