// A FROM item's whole row as a value (`SELECT t FROM t`, `row_to_json(t)`, `count(t.*)`),
// PostgreSQL's whole-row Var: a row of the item's columns, typed as the item's composite type
// when it has one (a table's or view's row type, a catalog relation's), else as `record` with
// the item's column names. A function item that returns one scalar per row stands for that
// scalar instead (PostgreSQL: `SELECT g FROM generate_series(1, 2) g` gives integers).
// Invariant: the row's fields are the item's live columns in order (dropped columns left out),
// named as its composite type names them (a table's columns even under column aliases).
// A table or subquery an outer join may fill with NULLs has its whole row NULL in such rows, as
// PostgreSQL's whole-row Var is: the row is absent where a NOT NULL column, or else its storage
// key (which its scan then carries), is NULL, or a subquery's constant presence column. Other
// kinds of items (functions, VALUES, WITH queries) give a row of NULLs there.
import type { Expr, RowExpr } from '../expr/expr.js';
import { outColumns } from '../expr/set-returning/index.js';
import { rowTypeFields } from '../catalog-access.js';
import { ROW_TYPE_BASE } from '../system/catalog-objects.js';
import { systemTableByOid } from '../system/index.js';
import { isRowType } from '../types/record.js';
import { Oid } from '../types/oids.js';
import type { ParseState } from './parse-state.js';
import { KEY_COLUMN, PRESENCE_COLUMN, type RangeEntry } from './range-table.js';

/** The composite type of a FROM item's rows, or `record`. */
function rowTypeOfRange(r: RangeEntry): number {
  if (r.kind === 'table' && r.table!.record.relkind === 'r') return ROW_TYPE_BASE + r.table!.record.oid;
  if (r.kind === 'subquery' && r.viewOid !== undefined) return ROW_TYPE_BASE + r.viewOid;
  if (r.kind === 'system' && r.systemOid !== undefined) return systemTableByOid(r.systemOid)?.rowType ?? Oid.record;
  return Oid.record;
}

/** A function item with one scalar result per row (its whole row is that value). */
function isScalarFunction(r: RangeEntry): boolean {
  if (r.kind !== 'function' || r.functions!.length !== 1) return false;
  const f = r.functions![0]!;
  if (isRowType(f.type)) return false;
  return !(f.kind === 'func' && f.proc.proretset && outColumns(f.proc));
}

/**
 * The whole row of range entry `r`; `column(i)` gives column i's expression (a Var, or a
 * join's column expression) at the right query level, KEY_COLUMN the storage key of a table.
 */
export function wholeRowExpr(ps: ParseState, r: RangeEntry, column: (i: number) => Expr, location: number): Expr {
  if (isScalarFunction(r)) return column(0);
  const live: number[] = [];
  r.columnNames.forEach((name, i) => {
    if (name !== '' || r.kind !== 'table') live.push(i);
  });
  const type = rowTypeOfRange(r);
  const catalogFields = type !== Oid.record && ps.env ? rowTypeFields(ps.env.catalog, type) : undefined;
  const names = catalogFields?.names.length === live.length ? catalogFields.names : live.map((i) => r.columnNames[i]!);
  const out: RowExpr = {
    kind: 'row',
    args: live.map((i) => column(i)),
    desc: { names, types: live.map((i) => r.columnTypes[i]!), typmods: live.map((i) => r.columnTypmods[i]!) },
    wholeRow: true,
    type,
    typmod: -1,
    location,
  };
  // a NOT NULL column is NULL only where an outer join found no row, and so is the key of a
  // table without one (its scan then emits the key), or a subquery's presence column: the
  // whole row is NULL there
  if (r.kind === 'table' && r.nullable) {
    const notNull = live.find((i) => r.table!.record.columns[i]?.notNull === true);
    if (notNull !== undefined) {
      out.absentWhenNull = column(notNull);
    } else {
      r.withKey = true;
      out.absentWhenNull = column(KEY_COLUMN);
    }
  } else if (r.kind === 'subquery' && r.nullable) {
    r.withPresence = true;
    out.absentWhenNull = column(PRESENCE_COLUMN);
  }
  return out;
}
