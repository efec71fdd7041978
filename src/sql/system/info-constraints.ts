// information_schema's constraint views: table_constraints, key_column_usage,
// referential_constraints, constraint_column_usage, constraint_table_usage and
// check_constraints, following PostgreSQL's definitions — including its rule that every NOT
// NULL column of a table counts as a CHECK constraint named
// <schema oid>_<table oid>_<attnum>_not_null with the clause `<column> IS NOT NULL`.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ConstraintRecord, RelationRecord } from '../../catalog/objects.js';
import { constraintDef } from '../deparse/object-defs.js';
import type { Session } from '../session.js';
import { catalogRelations } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';
import { schemaOf, tableNames, yesNo } from './info-tables.js';
import { checkColumns } from './pg-constraint.js';

const TYPES: Record<string, string> = { c: 'CHECK', f: 'FOREIGN KEY', p: 'PRIMARY KEY', u: 'UNIQUE' };
const RULES: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

interface Owned {
  con: ConstraintRecord;
  table: RelationRecord;
}

function* constraints(catalog: CatalogTxn): Iterable<Owned> {
  for (const r of catalog.records()) {
    if (r.kind !== 'constraint') continue;
    const table = catalog.get(r.tableOid);
    if (table?.kind === 'relation') yield { con: r, table };
  }
}

function constraintNames(session: Session, catalog: CatalogTxn, con: ConstraintRecord): RowValues {
  const ns = catalog.get(con.namespaceOid);
  return { constraint_catalog: session.database, constraint_schema: ns?.kind === 'namespace' ? ns.name : null, constraint_name: con.name };
}

/** PostgreSQL's name for the CHECK that a NOT NULL column counts as. */
function notNullName(table: RelationRecord, attnum: number): string {
  return `${table.namespaceOid}_${table.oid}_${attnum}_not_null`;
}

function* notNullColumns(catalog: CatalogTxn): Iterable<{ table: RelationRecord; attnum: number; column: string }> {
  for (const { record: r, system } of catalogRelations(catalog)) {
    if (system || r.relkind !== 'r') continue;
    for (const c of r.columns) if (!c.dropped && c.notNull) yield { table: r, attnum: c.attnum, column: c.name };
  }
}

function* tableConstraints(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { con, table } of constraints(catalog)) {
    const index = con.contype === 'u' ? catalog.get(con.indexOid) : undefined;
    yield {
      ...constraintNames(session, catalog, con),
      ...tableNames(session, catalog, table),
      constraint_type: TYPES[con.contype],
      is_deferrable: yesNo(con.deferrable),
      initially_deferred: yesNo(con.initiallyDeferred),
      enforced: 'YES',
      nulls_distinct: con.contype === 'u' ? yesNo(!(index?.kind === 'relation' && index.index?.nullsNotDistinct)) : null,
    };
  }
  for (const { table, attnum } of notNullColumns(catalog)) {
    yield {
      constraint_catalog: session.database,
      constraint_schema: schemaOf(catalog, table),
      constraint_name: notNullName(table, attnum),
      ...tableNames(session, catalog, table),
      constraint_type: 'CHECK',
      is_deferrable: 'NO',
      initially_deferred: 'NO',
      enforced: 'YES',
    };
  }
}

/** Position of a column among a unique index's key columns (1-based). */
function indexPosition(catalog: CatalogTxn, refTableOid: number, refColumns: readonly number[], attnum: number): number | null {
  for (const index of catalog.indexesOf(refTableOid)) {
    const info = index.index!;
    if (info.unique && info.predicate === undefined && info.columns.length === refColumns.length && info.columns.every((c) => refColumns.includes(c.attnum))) {
      const i = info.columns.findIndex((c) => c.attnum === attnum);
      return i < 0 ? null : i + 1;
    }
  }
  return null;
}

function* keyColumnUsage(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { con, table } of constraints(catalog)) {
    if (con.contype === 'c') continue;
    for (let i = 0; i < con.columns.length; i++) {
      const fk = con.foreignKey;
      yield {
        ...constraintNames(session, catalog, con),
        ...tableNames(session, catalog, table),
        column_name: table.columns[con.columns[i]! - 1]?.name ?? null,
        ordinal_position: i + 1,
        position_in_unique_constraint: fk ? indexPosition(catalog, fk.refTableOid, fk.refColumns, fk.refColumns[i]!) : null,
      };
    }
  }
}

function* referentialConstraints(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { con } of constraints(catalog)) {
    const fk = con.foreignKey;
    if (con.contype !== 'f' || !fk) continue;
    const unique = catalog
      .constraintsOf(fk.refTableOid)
      .find((c) => (c.contype === 'p' || c.contype === 'u') && c.columns.length === fk.refColumns.length && c.columns.every((a) => fk.refColumns.includes(a)));
    yield {
      ...constraintNames(session, catalog, con),
      unique_constraint_catalog: unique ? session.database : null,
      unique_constraint_schema: unique ? constraintNames(session, catalog, unique).constraint_schema : null,
      unique_constraint_name: unique?.name ?? null,
      match_option: fk.matchFull ? 'FULL' : 'NONE',
      update_rule: RULES[fk.onUpdate],
      delete_rule: RULES[fk.onDelete],
    };
  }
}

/** The table (and its columns) a constraint uses: its own, or for a foreign key the referenced one. */
function usedColumns(catalog: CatalogTxn, con: ConstraintRecord, table: RelationRecord): { table: RelationRecord; columns: number[] } | null {
  if (con.contype === 'f') {
    const ref = catalog.get(con.foreignKey!.refTableOid);
    return ref?.kind === 'relation' ? { table: ref, columns: con.foreignKey!.refColumns } : null;
  }
  return { table, columns: con.contype === 'c' ? checkColumns(table, con.checkExpr) : con.columns };
}

function* constraintColumnUsage(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { con, table } of constraints(catalog)) {
    const used = usedColumns(catalog, con, table);
    if (!used) continue;
    for (const attnum of used.columns) {
      yield { ...tableNames(session, catalog, used.table), column_name: used.table.columns[attnum - 1]?.name ?? null, ...constraintNames(session, catalog, con) };
    }
  }
}

function* constraintTableUsage(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { con, table } of constraints(catalog)) {
    if (con.contype === 'c') continue;
    const used = usedColumns(catalog, con, table);
    if (used) yield { ...tableNames(session, catalog, used.table), ...constraintNames(session, catalog, con) };
  }
}

function* checkConstraints(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { con } of constraints(catalog)) {
    if (con.contype !== 'c') continue;
    yield { ...constraintNames(session, catalog, con), check_clause: constraintDef(session, catalog, con, false).slice('CHECK '.length) };
  }
  for (const { table, attnum, column } of notNullColumns(catalog)) {
    yield { constraint_catalog: session.database, constraint_schema: schemaOf(catalog, table), constraint_name: notNullName(table, attnum), check_clause: `${column} IS NOT NULL` };
  }
}

const ID = 'sql_identifier';
const CONSTRAINT = `constraint_catalog ${ID}, constraint_schema ${ID}, constraint_name ${ID}`;
const TABLE = `table_catalog ${ID}, table_schema ${ID}, table_name ${ID}`;

defineTables([
  {
    oid: 13411,
    name: 'table_constraints',
    relkind: 'v',
    rowType: 13413,
    infoSchema: true,
    columns: `${CONSTRAINT}, ${TABLE}, constraint_type character_data, is_deferrable yes_or_no, initially_deferred yes_or_no, enforced yes_or_no, nulls_distinct yes_or_no`,
    rows: ({ session, catalog }) => tableConstraints(session, catalog),
  },
  {
    oid: 13329,
    name: 'key_column_usage',
    relkind: 'v',
    rowType: 13331,
    infoSchema: true,
    columns: `${CONSTRAINT}, ${TABLE}, column_name ${ID}, ordinal_position cardinal_number, position_in_unique_constraint cardinal_number`,
    rows: ({ session, catalog }) => keyColumnUsage(session, catalog),
  },
  {
    oid: 13339,
    name: 'referential_constraints',
    relkind: 'v',
    rowType: 13341,
    infoSchema: true,
    columns:
      `${CONSTRAINT}, unique_constraint_catalog ${ID}, unique_constraint_schema ${ID}, unique_constraint_name ${ID}, ` +
      'match_option character_data, update_rule character_data, delete_rule character_data',
    rows: ({ session, catalog }) => referentialConstraints(session, catalog),
  },
  {
    oid: 13300,
    name: 'constraint_column_usage',
    relkind: 'v',
    rowType: 13302,
    infoSchema: true,
    columns: `${TABLE}, column_name ${ID}, ${CONSTRAINT}`,
    rows: ({ session, catalog }) => constraintColumnUsage(session, catalog),
  },
  {
    oid: 13305,
    name: 'constraint_table_usage',
    relkind: 'v',
    rowType: 13307,
    infoSchema: true,
    columns: `${TABLE}, ${CONSTRAINT}`,
    rows: ({ session, catalog }) => constraintTableUsage(session, catalog),
  },
  {
    oid: 13260,
    name: 'check_constraints',
    relkind: 'v',
    rowType: 13262,
    infoSchema: true,
    columns: `${CONSTRAINT}, check_clause character_data`,
    rows: ({ session, catalog }) => checkConstraints(session, catalog),
  },
]);
