// System columns of FROM items (PostgreSQL's tableoid, ctid, xmin, cmin, xmax, cmax): tables,
// sequences and system catalog tables have them, views, subqueries, joins and functions do not.
// `tableoid` is the relation's OID, a constant per item, except where an outer join fills the
// item with NULLs: there it is NULL too, read as CASE WHEN <a column never NULL in a real row>
// IS NOT NULL THEN oid END. The other system columns describe heap tuples Treeline's rows do
// not have: they fail with 0A000 rather than answer something made up.
// Invariant: system columns are never part of the item's columnNames (so not of `SELECT *`).
import { SqlState } from '../../errors.js';
import type { Expr } from '../expr/expr.js';
import { makeConst } from '../expr/expr.js';
import { systemTableByOid } from '../system/index.js';
import { SEQUENCE_COLUMNS } from '../system/sequence-relation.js';
import type { SystemColumn } from '../system/system-table.js';
import { Oid } from '../types/oids.js';
import { isRowType } from '../types/record.js';
import type { ParseState } from './parse-state.js';
import { KEY_COLUMN, type RangeEntry } from './range-table.js';

const HEAP_COLUMNS = new Set(['ctid', 'xmin', 'cmin', 'xmax', 'cmax']);

/** Whether `name` is one of PostgreSQL's system column names. */
export function isSystemColumnName(name: string): boolean {
  return name === 'tableoid' || HEAP_COLUMNS.has(name);
}

/** The OID of the relation a range entry reads, when it is one that has system columns. */
export function relationWithSystemColumns(r: RangeEntry): number | null {
  if (r.kind === 'table') return r.table!.record.oid;
  if (r.kind !== 'system') return null;
  if (r.sequence) return r.systemOid!;
  return systemTableByOid(r.systemOid!)?.relkind === 'r' ? r.systemOid! : null;
}

/** The columns of an item that hold a value in every row it really has (never NULL there). */
function neverNullColumns(r: RangeEntry): number[] {
  let declared: readonly { notNull?: boolean }[];
  if (r.kind === 'table') declared = r.table!.record.columns.map((c) => ({ notNull: c.notNull && !c.dropped }));
  else declared = r.sequence ? SEQUENCE_COLUMNS : (systemTableByOid(r.systemOid!)?.columns ?? ([] as SystemColumn[]));
  const out: number[] = [];
  declared.forEach((c, i) => {
    if (c.notNull === true && !isRowType(r.columnTypes[i]!)) out.push(i);
  });
  return out;
}

/**
 * The expression for system column `name` of range entry `range` (null when the item has no
 * such column). `column(i)` gives column i of the item at the right query level, or its
 * storage key for KEY_COLUMN.
 */
export function systemColumnExpr(ps: ParseState, ranges: readonly RangeEntry[], range: number, name: string, column: (i: number) => Expr, location: number): Expr | null {
  const r = ranges[range]!;
  const oid = relationWithSystemColumns(r);
  if (oid === null || !isSystemColumnName(name)) return null;
  if (name !== 'tableoid') throw ps.error(SqlState.FeatureNotSupported, `system column "${name}" is not supported`, location);
  const value = makeConst(Oid.oid, oid, -1, location);
  if (!r.nullable) return value;
  // NULL in the rows an outer join fills in
  let witness: Expr;
  const notNull = neverNullColumns(r)[0];
  if (notNull !== undefined) {
    witness = column(notNull);
  } else if (r.kind === 'table') {
    r.withKey = true;
    witness = column(KEY_COLUMN);
  } else {
    throw ps.error(SqlState.FeatureNotSupported, `system column "${name}" of "${r.alias}" on the nullable side of an outer join is not supported`, location);
  }
  return {
    kind: 'case',
    arg: null,
    whens: [{ when: { kind: 'nulltest', arg: witness, isNull: false, type: Oid.bool, typmod: -1 }, then: value }],
    otherwise: makeConst(Oid.oid, null, -1, location),
    type: Oid.oid,
    typmod: -1,
  };
}
