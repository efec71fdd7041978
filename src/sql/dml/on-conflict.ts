// INSERT ... ON CONFLICT (PostgreSQL's transformOnConflictClause and ExecOnConflictUpdate):
// the conflict target names a unique key — columns and expressions matching a primary key or
// unique index, with a WHERE implying a partial index's predicate, or ON CONSTRAINT name —
// whose existing row a proposed row may collide with; without a target, DO NOTHING skips a row
// that collides on any unique key. DO UPDATE SET ... [WHERE] then changes the existing row,
// reading it under the table's name and the proposed row as EXCLUDED; a row may not be changed
// twice by one command (21000).
import { DbError, SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeExpr, coerceToBoolean, type ExprContext } from '../expr/analyze-expr.js';
import type { Expr } from '../expr/expr.js';
import { exprEquals } from '../expr/expr-walk.js';
import type { Node } from '../parser.js';
import { indexDefinitionOf } from '../analyze/index-definition.js';
import { predicateImplied } from '../plan/predicate-implication.js';
import type { IndexShape, TableAccess } from '../../txn/table-access.js';
import type { Value } from '../types/value.js';
import type { TargetTable } from './target-table.js';
import { analyzeSets } from './update.js';

/** A unique key the conflict is checked on: a unique index, or (index null) the primary key. */
export interface Arbiter {
  index: IndexShape | null;
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
  if (target.shape.primaryKey) out.push({ index: null });
  for (const ix of target.shape.indexes) if (ix.unique) out.push({ index: ix });
  return out;
}

/**
 * The unique keys an inference specification `(elements) [WHERE condition]` names
 * (infer_arbiter_indexes): the key's plain columns are exactly the named columns, its
 * expressions exactly the named expressions, and a partial index's predicate follows from the
 * WHERE.
 */
function inferArbiters(ps: ParseState, target: TargetTable, infer: Node, location: number): Arbiter[] {
  const { session } = ps.requireEnv;
  const table = target.record;
  const cx: ExprContext = { ps, scope: target.scope, clause: 'index expression' };
  const columns = new Set<number>();
  const exprs: Expr[] = [];
  for (const n of infer.indexElems as Node[]) {
    const e = n.IndexElem;
    if (e.expr) {
      const x = analyzeExpr(cx, e.expr);
      if (x.kind === 'var') columns.add(x.column);
      else exprs.push(x);
      continue;
    }
    const i = table.columns.findIndex((c) => !c.dropped && c.name === e.name);
    if (i < 0) throw ps.error(SqlState.UndefinedColumn, `column "${e.name}" does not exist`, infer.location ?? location);
    columns.add(i);
  }
  let where: Expr[] = [];
  if (infer.whereClause) {
    const wcx = { ...cx, clause: 'index predicate' };
    where = [coerceToBoolean(wcx, analyzeExpr(wcx, infer.whereClause), 'WHERE')];
  }
  const sameColumns = (cols: readonly number[]) => {
    const plain = cols.filter((c) => c >= 0);
    return plain.length === columns.size && plain.every((c) => columns.has(c));
  };
  return uniqueKeys(target).filter(({ index }) => {
    if (!index) return exprs.length === 0 && sameColumns(target.shape.primaryKey!);
    if (!sameColumns(index.columns)) return false;
    const definition = indexDefinitionOf(session, index);
    const own = definition ? definition.columns.filter((_, k) => index.columns[k]! < 0) : [];
    if (own.length !== exprs.length || !own.every((o) => exprs.some((x) => exprEquals(x, o))) || !exprs.every((x) => own.some((o) => exprEquals(x, o)))) return false;
    return !definition?.predicate || predicateImplied(definition.predicate, where);
  });
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
    arbiters = arbiters.filter((a) => (a.index ? a.index.constraintName === con.name : con.contype === 'p'));
  } else if (infer?.indexElems) {
    arbiters = inferArbiters(ps, target, infer, clause.location);
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
export function findConflict(access: TableAccess, arbiters: Arbiter[], row: readonly Value[]): { key: Buffer; row: Value[] } | null {
  for (const a of arbiters) {
    if (!a.index) {
      const key = access.keyOf(row);
      const existing = access.get(key);
      if (existing) return { key, row: existing };
      continue;
    }
    for (const key of access.keysWithSameEntry(a.index, row)) {
      const existing = access.get(key);
      if (existing) return { key, row: existing };
    }
  }
  return null;
}
