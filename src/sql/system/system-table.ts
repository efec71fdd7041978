// System relations: the pg_catalog tables and views and the information_schema views
// clients query (pg_class, pg_attribute, pg_type, information_schema.columns, ...). Each is
// computed on read from the catalog the transaction sees and the built-in catalog data; it
// has PostgreSQL's OID, schema, column names and types, so regclass, psql and drivers find
// it as they would in PostgreSQL. They are read-only.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord, RelationRecord } from '../../catalog/objects.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';

export const PG_CATALOG_NAMESPACE = 11;
export const INFORMATION_SCHEMA_NAMESPACE = 13207;

/** What computing a system relation's rows may read. */
export interface SystemContext {
  readonly session: Session;
  /** The catalog as the current transaction sees it. */
  readonly catalog: CatalogTxn;
}

export interface SystemColumn {
  name: string;
  type: number;
  typmod?: number;
  notNull?: boolean;
  /** The information_schema domain (sql_identifier, yes_or_no, ...) pg_attribute shows; `type` is its base type. */
  domain?: number;
}

export interface SystemTable {
  /** PostgreSQL's OID of the relation (pg_class 1259, pg_tables 12090, ...). */
  oid: number;
  namespaceOid: typeof PG_CATALOG_NAMESPACE | typeof INFORMATION_SCHEMA_NAMESPACE;
  name: string;
  /** 'r' for catalog tables, 'v' for views. */
  relkind: 'r' | 'v';
  /** The composite row type (pg_class.reltype), as PostgreSQL numbers it. */
  rowType?: number;
  columns: SystemColumn[];
  /** The rows, each with one value per column. */
  rows(ctx: SystemContext): Iterable<Value[]>;
}

const byName = new Map<string, SystemTable>();
const byOid = new Map<number, SystemTable>();

/** Adds system relations to the registry (each module registers its own at import). */
export function registerSystemTables(tables: readonly SystemTable[]): void {
  for (const t of tables) {
    byName.set(`${t.namespaceOid}.${t.name}`, t);
    byOid.set(t.oid, t);
  }
}

export function systemTable(namespaceOid: number, name: string): SystemTable | undefined {
  return byName.get(`${namespaceOid}.${name}`);
}

export function systemTableByOid(oid: number): SystemTable | undefined {
  return byOid.get(oid);
}

export function allSystemTables(): IterableIterator<SystemTable> {
  return byOid.values();
}

/** A system relation as a catalog record (never stored), so name lookups treat it like a table. */
export function systemRelationRecord(t: SystemTable, dbOid: number): RelationRecord {
  const columns: ColumnRecord[] = t.columns.map((c, i) => ({
    attnum: i + 1,
    name: c.name,
    typeOid: c.type,
    typmod: c.typmod ?? -1,
    notNull: c.notNull ?? false,
    defaultExpr: null,
    identity: '',
    sequenceOid: 0,
    dropped: false,
  }));
  return {
    kind: 'relation',
    oid: t.oid,
    dbOid,
    namespaceOid: t.namespaceOid,
    name: t.name,
    relkind: t.relkind,
    ownerOid: 10,
    relfilenode: 0,
    columns,
    primaryKey: [],
    system: true,
  };
}
