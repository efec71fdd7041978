// What several catalog relations share: the relations of a database as pg_class lists them
// (the system relations first, then the database's own, by OID), the facts pg_attribute and
// pg_type need about any type (built-in, enum, or a relation's row type), and the row types
// of tables and views.
// Row types: PostgreSQL gives every table and view a composite type (and its array type) with
// OIDs of their own. Treeline's catalog does not store them, so their OIDs are derived from the
// relation's: ROW_TYPE_BASE + relation OID, and ROW_ARRAY_BASE + relation OID for the array.
// Both ranges lie far above any OID the cluster's counter hands out.
import { builtins, type TypeRow } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { EnumTypeRecord, RelationRecord } from '../../catalog/objects.js';
import { allSystemTables, systemRelationRecord, type SystemTable } from './system-table.js';

export const ROW_TYPE_BASE = 0x80000000;
export const ROW_ARRAY_BASE = 0xc0000000;
export const BOOTSTRAP_SUPERUSER = 10;
/** pg_am OIDs. */
export const HEAP_AM = 2;
export const BTREE_AM = 403;
export const HASH_AM = 405;
/** The default collation (pg_collation OID 100) and "C" (950, the collation of name). */
export const DEFAULT_COLLATION = 100;

/** A relation as the catalog views see it: a stored one or a system relation. */
export interface CatalogRelation {
  record: RelationRecord;
  /** Set for pg_catalog / information_schema relations. */
  system?: SystemTable;
}

/** Every relation of the database: system relations, then the database's own, each by OID. */
export function catalogRelations(catalog: CatalogTxn): CatalogRelation[] {
  const system = [...allSystemTables()].sort((a, b) => a.oid - b.oid).map((t) => ({ record: systemRelationRecord(t, catalog.dbOid), system: t }));
  const own: CatalogRelation[] = [];
  for (const r of catalog.records()) if (r.kind === 'relation') own.push({ record: r });
  own.sort((a, b) => a.record.oid - b.record.oid);
  return [...system, ...own];
}

/** The composite type of a relation (pg_class.reltype): 0 for indexes and sequences. */
export function rowTypeOf(rel: CatalogRelation): number {
  if (rel.system) return rel.system.rowType ?? 0;
  return rel.record.relkind === 'r' || rel.record.relkind === 'v' ? ROW_TYPE_BASE + rel.record.oid : 0;
}

export function rowArrayTypeOf(rel: RelationRecord): number {
  return ROW_ARRAY_BASE + rel.oid;
}

/** The relation a derived row type (or its array type) belongs to. */
export function relationOfRowType(typeOid: number): { relOid: number; array: boolean } | undefined {
  if (typeOid >= ROW_ARRAY_BASE) return { relOid: typeOid - ROW_ARRAY_BASE, array: true };
  if (typeOid >= ROW_TYPE_BASE) return { relOid: typeOid - ROW_TYPE_BASE, array: false };
  return undefined;
}

/** Storage facts of a type, as pg_attribute copies them. */
export interface TypeFacts {
  typlen: number;
  typbyval: boolean;
  typalign: string;
  typstorage: string;
  typcollation: number;
  /** Array types: 1 (for attndims). */
  isArray: boolean;
}

const ENUM_FACTS: TypeFacts = { typlen: 4, typbyval: true, typalign: 'i', typstorage: 'p', typcollation: 0, isArray: false };
const ENUM_ARRAY_FACTS: TypeFacts = { typlen: -1, typbyval: false, typalign: 'i', typstorage: 'x', typcollation: 0, isArray: true };
const ROW_FACTS: TypeFacts = { typlen: -1, typbyval: false, typalign: 'd', typstorage: 'x', typcollation: 0, isArray: false };

function builtinFacts(row: TypeRow): TypeFacts {
  return {
    typlen: row.typlen,
    typbyval: row.typbyval,
    typalign: row.typalign,
    typstorage: row.typstorage,
    typcollation: row.typcollation,
    isArray: row.typelem !== 0 && row.typlen === -1,
  };
}

/** Facts of any type the database has; undefined for an unknown OID. */
export function typeFacts(catalog: CatalogTxn, oid: number): TypeFacts | undefined {
  const row = builtins().typeByOid.get(oid);
  if (row) return builtinFacts(row);
  const e = enumOfType(catalog, oid);
  if (e) return e.oid === oid ? ENUM_FACTS : ENUM_ARRAY_FACTS;
  const rowType = relationOfRowType(oid);
  if (rowType) return rowType.array ? { ...ROW_FACTS, isArray: true } : ROW_FACTS;
  return undefined;
}

/** The enum a type OID names (the enum or its array type). */
export function enumOfType(catalog: CatalogTxn, oid: number): EnumTypeRecord | undefined {
  const r = catalog.get(oid);
  if (r?.kind === 'enum') return r;
  for (const x of catalog.records()) if (x.kind === 'enum' && x.arrayOid === oid) return x;
  return undefined;
}

/** pg_proc OID of a built-in function named in pg_type (typinput, ...); 0 for '-'. */
export function procOidByName(name: string): number {
  if (name === '-' || name === '') return 0;
  return builtins().procsByName.get(name)?.[0]?.oid ?? 0;
}

/**
 * The OID of a column default's pg_attrdef row. Treeline stores defaults in the column, not as
 * objects of their own, so the OID is derived from the table and the column number (unique
 * for tables with OIDs below 2^20 and up to 511 columns).
 */
export function attrdefOid(tableOid: number, attnum: number): number {
  return (0xa0000000 | ((tableOid & 0xfffff) << 9) | (attnum & 0x1ff)) >>> 0;
}
