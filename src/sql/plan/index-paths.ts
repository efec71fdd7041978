// Chooses how to read a table: through its primary key (the table's own B+tree) or a
// secondary index when the conditions on it fix a prefix of the key (equalities on leading
// columns or index expressions, then a range or an IN list on the next one), or when the ORDER
// BY wanted is the key's order (forward or backward); a partial index only when the conditions
// imply its predicate (predicate-implication.ts). Without such a use the table is scanned in
// full. The conditions always stay as a filter on the rows read, so a path only has to return
// a superset of the matching rows (NULLs, out-of-range bounds and casts are handled that way).
import type { IndexShape, TableShape } from '../../txn/table-access.js';
import type { KeyColumn } from '../../storage/encoding/key.js';
import type { AnalyzedIndex } from '../analyze/index-definition.js';
import { anyExpr, exprEquals, rewriteExpr } from '../expr/expr-walk.js';
import type { Expr } from '../expr/expr.js';
import { Oid } from '../types/oids.js';
import { conjunctsOf, predicateImplied } from './predicate-implication.js';

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
  /** For EXPLAIN: an expression index's columns over the scan's row (null for plain columns). */
  keyExprs?: (Expr | null)[];
}

/** A wanted output order: table column positions with directions. */
export interface WantedOrder {
  columns: { column: number; descending: boolean; nullsFirst: boolean }[];
}

/** An expression or partial index's columns and predicate over FROM item 0 (null for a plain index). */
export type IndexDefinitions = (index: IndexShape) => AnalyzedIndex | null;

/** `operand op value`: the operand reads the table (a column or an expression), the value does not. */
type Comparison = { operand: Expr; op: '=' | '<' | '<=' | '>' | '>='; value: Expr };

const FLIP: Record<string, Comparison['op']> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const INTEGER_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);

/** The table column a (relabelled) Var of `range` names, or -1. */
function columnOf(e: Expr, range: number): number {
  let x = e;
  while (x.kind === 'relabel') x = x.arg;
  return x.kind === 'var' && x.levelsUp === 0 && x.range === range ? x.column : -1;
}

function stripped(e: Expr): Expr {
  return e.kind === 'relabel' ? stripped(e.arg) : e;
}

/** An index definition's expression (FROM item 0) as one over FROM item `range`. */
export function overRange(e: Expr, range: number): Expr {
  return rewriteExpr(e, (x) => (x.kind === 'var' && x.levelsUp === 0 ? { ...x, range } : undefined));
}

/** Whether a comparison operand is the key column `key` (a Var of the table, or an index expression). */
function isKey(operand: Expr, key: Expr, range: number): boolean {
  if (key.kind === 'var') return columnOf(operand, range) === key.column;
  return exprEquals(stripped(operand), stripped(key));
}

/** Whether a value can be compared with a key column of the given type through the key encoding. */
function compatible(columnType: number, valueType: number): boolean {
  if (columnType === valueType) return true;
  if (INTEGER_TYPES.has(columnType) && INTEGER_TYPES.has(valueType)) return true;
  const textLike = (t: number) => t === Oid.text || t === Oid.varchar;
  return textLike(columnType) && textLike(valueType);
}

/** `operand op value` conditions and IN lists on the range, from top-level AND-ed conditions. */
function comparisons(conds: readonly Expr[], range: number): { cmp: Comparison[]; inLists: { operand: Expr; values: Expr[] }[] } {
  const cmp: Comparison[] = [];
  const inLists: { operand: Expr; values: Expr[] }[] = [];
  const free = (e: Expr) => !anyExpr(e, (x) => (x.kind === 'var' && x.levelsUp === 0) || (x.kind === 'func' && x.proc.provolatile === 'v'));
  // reads only this range's columns (and nothing volatile): a column or an index expression
  const onRange = (e: Expr) =>
    columnOf(e, range) >= 0 ||
    (anyExpr(e, (x) => x.kind === 'var' && x.levelsUp === 0) &&
      !anyExpr(e, (x) => (x.kind === 'var' && x.levelsUp === 0 && x.range !== range) || (x.kind === 'func' && x.proc.provolatile === 'v') || x.kind === 'sublink'));
  for (const c of conds) {
    if (c.kind === 'func' && c.operator && c.args.length === 2) {
      const op = c.operator.oprname;
      if (!(op in FLIP)) continue;
      const [l, r] = c.args as [Expr, Expr];
      if (onRange(l) && free(r)) cmp.push({ operand: l, op: op as Comparison['op'], value: r });
      else if (onRange(r) && free(l)) cmp.push({ operand: r, op: FLIP[op]!, value: l });
    } else if (c.kind === 'inlist' && c.any) {
      const first = c.comparisons[0];
      if (!first || first.operator?.oprname !== '=' || !onRange(first.args[0]!)) continue;
      const operand = first.args[0]!;
      const values = c.comparisons.map((x) => x.args[1]!);
      if (c.comparisons.every((x) => x.operator?.oprname === '=' && exprEquals(x.args[0]!, operand)) && values.every(free)) inLists.push({ operand, values });
    }
  }
  return { cmp, inLists };
}

/** The path a key (its columns as expressions over the range) allows under the conditions. */
function buildPath(index: IndexShape | null, keys: Expr[], keyColumns: KeyColumn[], range: number, conds: ReturnType<typeof comparisons>): IndexPath {
  const { cmp, inLists } = conds;
  const on = (k: number) => (c: { operand: Expr; value: Expr }) => isKey(c.operand, keys[k]!, range) && compatible(keyColumns[k]!.type, c.value.type);
  const equal: Expr[] = [];
  let k = 0;
  for (; k < keys.length; k++) {
    const eq = cmp.find((c) => c.op === '=' && on(k)(c));
    if (!eq) break;
    equal.push(eq.value);
  }
  let lower: KeyBound | null = null;
  let upper: KeyBound | null = null;
  let anyOf: Expr[] | null = null;
  if (k < keys.length) {
    for (const c of cmp) {
      if (!on(k)(c)) continue;
      if ((c.op === '>' || c.op === '>=') && !lower) lower = { value: c.value, inclusive: c.op === '>=' };
      if ((c.op === '<' || c.op === '<=') && !upper) upper = { value: c.value, inclusive: c.op === '<=' };
    }
    if (!lower && !upper) {
      const list = inLists.find((l) => isKey(l.operand, keys[k]!, range) && l.values.every((v) => compatible(keyColumns[k]!.type, v.type)));
      anyOf = list?.values ?? null;
    }
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

/** A column of the table (FROM item `range`) as an expression. */
function columnVar(table: TableShape, range: number, column: number): Expr {
  return { kind: 'var', range, column, type: table.columnTypes[column]!, typmod: -1, levelsUp: 0, location: -1 };
}

/**
 * The best way to read `table` (FROM item `range`) given its conditions and the order wanted,
 * or null for a full scan in primary key order. `ordered` tells whether the path gives the order.
 * An expression index serves conditions on its expressions; a partial index is used only when
 * the conditions imply its predicate.
 */
export function chooseIndexPath(
  table: TableShape,
  range: number,
  conds: readonly Expr[],
  wanted: WantedOrder | null,
  definitions: IndexDefinitions,
): { path: IndexPath; ordered: boolean } | null {
  const found = comparisons(conds, range);
  const candidates: { path: IndexPath; columns: number[]; unique: boolean }[] = [];
  if (table.primaryKey) {
    const keys = table.primaryKey.map((c) => columnVar(table, range, c));
    candidates.push({ path: buildPath(null, keys, table.primaryKeyColumns, range, found), columns: table.primaryKey, unique: true });
  }
  for (const index of table.indexes) {
    const definition = definitions(index);
    if (definition?.predicate && !predicateImplied(overRange(definition.predicate, range), conds)) continue;
    const keys = definition ? definition.columns.map((e) => overRange(e, range)) : index.columns.map((c) => columnVar(table, range, c));
    const keyColumns = index.keyColumns.slice(0, index.columns.length);
    candidates.push({ path: buildPath(index, keys, keyColumns, range, found), columns: index.columns, unique: index.unique });
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

/**
 * What reading through `path` changes for a scan of FROM item `range`: an expression index's
 * columns, placed over the scan's row by `place`, go into the path for EXPLAIN; the conditions
 * returned leave out those that repeat a partial index's predicate (its rows all satisfy it).
 */
export function useIndexDefinition(path: IndexPath, definition: AnalyzedIndex | null, range: number, conds: readonly Expr[], place: (e: Expr) => Expr): Expr[] {
  if (!definition) return [...conds];
  path.keyExprs = definition.columns.map((e) => (e.kind === 'var' ? null : place(overRange(e, range))));
  const predicate = definition.predicate ? conjunctsOf(overRange(definition.predicate, range)) : [];
  return conds.filter((cond) => !predicate.some((x) => exprEquals(x, cond)));
}
