// INSERT ... ON CONFLICT (PostgreSQL's transformOnConflictClause and ExecOnConflictUpdate):
// the conflict target names a unique key — columns matching a primary key or unique index,
// or ON CONSTRAINT name — whose existing row a proposed row may collide with; without a
// target, DO NOTHING skips a row that collides on any unique key. DO UPDATE SET ... [WHERE]
// then changes the existing row, reading it under the table's name and the proposed row as
// EXCLUDED; a row may not be changed twice by one command (21000).
import { DbError, SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeExpr, coerceToBoolean, type ExprContext } from '../expr/analyze-expr.js';
import type { Expr } from '../expr/expr.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Node } from '../parser.js';
import { encodeKey, prefixSuccessor } from '../../storage/encoding/key.js';
import type { TableAccess } from '../../txn/table-access.js';
import type { Value } from '../types/value.js';
import type { TargetTable } from './target-table.js';
import { analyzeSets } from './update.js';

/** A unique key the conflict is checked on: table column positions (0-based). */
export interface Arbiter {
  columns: number[];
  primary: boolean;
}

export interface OnConflict {
  action: 'nothing' | 'update';
  /** The keys checked (every unique key when no target was given). */
  arbiters: Arbiter[];
  /** DO UPDATE: new values over the row [existing..., excluded...] (null: the default). */
  sets: { column: number; value: Expr | null }[];
  where: Expr | null;
}

/** The table's unique keys: its primary key and unique indexes. */
function uniqueKeys(target: TargetTable): Arbiter[] {
  const out: Arbiter[] = [];
  if (target.shape.primaryKey) out.push({ columns: target.shape.primaryKey, primary: true });
  for (const ix of target.shape.indexes) if (ix.unique) out.push({ columns: ix.columns, primary: false });
  return out;
}

export function analyzeOnConflict(ps: ParseState, target: TargetTable, clause: Node): OnConflict {
  const { catalog } = ps.requireEnv;
  const table = target.record;
  const action = clause.action === 'ONCONFLICT_UPDATE' ? 'update' : 'nothing';
  const infer = clause.infer;
  let arbiters = uniqueKeys(target);
  if (infer?.conname) {
    const con = catalog.constraintsOf(table.oid).find((c) => c.name === infer.conname);
    if (!con) throw new DbError(SqlState.UndefinedObject, `constraint "${infer.conname}" for table "${table.name}" does not exist`);
    if (con.contype !== 'p' && con.contype !== 'u') {
      throw new DbError(SqlState.WrongObjectType, `constraint in ON CONFLICT clause has no associated index`);
    }
    const set = new Set(con.columns.map((a) => a - 1));
    arbiters = arbiters.filter((a) => a.columns.length === set.size && a.columns.every((c) => set.has(c)));
  } else if (infer?.indexElems) {
    if (infer.whereClause) throw ps.error(SqlState.FeatureNotSupported, 'ON CONFLICT with a WHERE on the conflict target is not supported yet', clause.location);
    const cols = (infer.indexElems as Node[]).map((n) => {
      const e = n.IndexElem;
      if (e.expr) throw ps.error(SqlState.FeatureNotSupported, 'ON CONFLICT on index expressions is not supported yet', clause.location);
      const i = table.columns.findIndex((c) => !c.dropped && c.name === e.name);
      if (i < 0) throw ps.error(SqlState.UndefinedColumn, `column "${e.name}" does not exist`, infer.location);
      return i;
    });
    const set = new Set(cols);
    arbiters = arbiters.filter((a) => a.columns.length === set.size && a.columns.every((c) => set.has(c)));
    if (arbiters.length === 0) {
      throw new DbError(SqlState.InvalidColumnReference, 'there is no unique or exclusion constraint matching the ON CONFLICT specification');
    }
  } else if (action === 'update') {
    throw ps.error(SqlState.SyntaxError, 'ON CONFLICT DO UPDATE requires inference specification or constraint name', clause.location, {
      hint: 'For example, ON CONFLICT (column_name).',
    });
  }
  if (action === 'nothing') return { action, arbiters, sets: [], where: null };
  // DO UPDATE reads the existing row (FROM item 0) and EXCLUDED (FROM item 1, qualified only)
  const base = target.scope.ranges[0]!;
  const scope = new FromScope([{ ...base }, { ...base, kind: 'values', alias: 'excluded', values: [], table: undefined }]);
  scope.add({ range: 0, qualified: true, hidden: new Set(), unqualified: true });
  scope.add({ range: 1, qualified: true, hidden: new Set(), unqualified: false });
  const cx: ExprContext = { ps, scope, clause: 'UPDATE' };
  const sets = analyzeSets(ps, cx, { ...target, scope }, (clause.targetList ?? []) as Node[]);
  let where: Expr | null = null;
  if (clause.whereClause) {
    const wcx = { ...cx, clause: 'WHERE' };
    where = coerceToBoolean(wcx, analyzeExpr(wcx, clause.whereClause), 'WHERE');
  }
  return { action, arbiters, sets, where };
}

/** The existing row a proposed row collides with on one of the arbiters, if any. */
export function findConflict(access: TableAccess, target: TargetTable, arbiters: Arbiter[], row: readonly Value[], _ctx: RuntimeContext): { key: Buffer; row: Value[] } | null {
  for (const a of arbiters) {
    if (a.primary) {
      const key = access.keyOf(row);
      const existing = access.get(key);
      if (existing) return { key, row: existing };
      continue;
    }
    const index = target.shape.indexes.find((ix) => ix.unique && ix.columns.length === a.columns.length && ix.columns.every((c, i) => c === a.columns[i]));
    if (!index) continue;
    const values = index.columns.map((c) => row[c] ?? null);
    if (!index.nullsNotDistinct && values.includes(null)) continue;
    const prefix = encodeKey(index.keyColumns.slice(0, values.length), values);
    const end = prefixSuccessor(prefix);
    for (const key of access.indexKeys(index, { lower: { key: prefix, inclusive: true }, ...(end ? { upper: { key: end, inclusive: false } } : {}) })) {
      const existing = access.get(key);
      if (existing) return { key, row: existing };
    }
  }
  return null;
}
