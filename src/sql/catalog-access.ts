// How statements find catalog objects: names resolved through the search_path (pg_catalog
// first, then the session's schemas), schema-qualified names, and the storage shape of a
// table (columns, primary key, indexes) that table access needs.
import { formatType, quoteIdentifierIfNeeded } from '../catalog/format-type.js';
import type { CatalogNames } from './types/typeio.js';
import type { RecordDescriptor } from './types/value.js';
import type { CatalogTxn } from '../catalog/catalog-txn.js';
import type { NamespaceRecord, RelationRecord } from '../catalog/objects.js';
import { DbError, SqlState } from '../errors.js';
import type { KeyColumn } from '../storage/encoding/key.js';
import type { IndexShape, TableShape } from '../txn/table-access.js';
import type { Session } from './session.js';
import { systemRelationRecord, systemTable, systemTableByOid } from './system/index.js';
import { relationOfRowType, ROW_ARRAY_BASE, ROW_TYPE_BASE } from './system/catalog-objects.js';
import { enumLabelsIn, enumTypeDisplayName, findEnumType, labelAddedIn } from './enum-catalog.js';
import { arrayTypeOfEnum } from './types/enum-oids.js';
import { resolveSchemaName } from './temp-schema-names.js';

export const PG_CATALOG_OID = 11;

/** A possibly schema-qualified name from the parse tree (RangeVar). */
export interface QualifiedName {
  schema?: string;
  name: string;
}

/** The schema a name belongs to: its own, or the first schema of the search path (for creation). */
export function creationNamespace(session: Session, catalog: CatalogTxn, schema: string | undefined, location?: number): NamespaceRecord {
  if (schema !== undefined) {
    const ns = catalog.namespaceByName(resolveSchemaName(session, schema));
    if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${schema}" does not exist`, { position: location });
    return ns;
  }
  for (const name of session.searchPath(false)) {
    const ns = catalog.namespaceByName(name);
    if (ns && name !== 'pg_catalog') return ns;
  }
  throw new DbError(SqlState.InvalidSchemaName, 'no schema has been selected to create in', { position: location });
}

/** Looks a relation up: in its schema, or along the search path (pg_catalog first). */
export function findRelation(session: Session, catalog: CatalogTxn, name: QualifiedName): RelationRecord | undefined {
  const inSchema = (nsOid: number): RelationRecord | undefined => {
    const r = catalog.relationByName(nsOid, name.name);
    if (r) return r;
    const system = systemTable(nsOid, name.name);
    return system ? systemRelationRecord(system, catalog.dbOid) : undefined;
  };
  if (name.schema !== undefined) {
    const ns = catalog.namespaceByName(resolveSchemaName(session, name.schema));
    return ns ? inSchema(ns.oid) : undefined;
  }
  for (const schema of session.searchPath(true)) {
    const ns = catalog.namespaceByName(schema);
    if (!ns) continue;
    const r = inSchema(ns.oid);
    if (r) return r;
  }
  return undefined;
}

/** A relation by OID: a catalog object or a system relation. */
export function relationByOid(catalog: CatalogTxn, oid: number): RelationRecord | undefined {
  const r = catalog.get(oid);
  if (r?.kind === 'relation') return r;
  const system = systemTableByOid(oid);
  return system ? systemRelationRecord(system, catalog.dbOid) : undefined;
}

export function displayName(name: QualifiedName): string {
  return name.schema !== undefined ? `${name.schema}.${name.name}` : name.name;
}

/** A relation that must exist and be of one of the given kinds (42P01 / 42809 otherwise); `position` is 1-based, in characters. */
export function requireRelation(
  session: Session,
  catalog: CatalogTxn,
  name: QualifiedName,
  kinds: readonly string[],
  position?: number,
): RelationRecord {
  const r = findRelation(session, catalog, name);
  if (!r) throw new DbError(SqlState.UndefinedTable, `relation "${displayName(name)}" does not exist`, { position });
  if (!kinds.includes(r.relkind)) {
    const what = kinds.includes('r') ? 'a table' : kinds.includes('i') ? 'an index' : kinds.includes('S') ? 'a sequence' : 'a view';
    throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not ${what}`, { position });
  }
  return r;
}

/** The key columns of a table's primary key, in key order. */
function primaryKeyColumns(table: RelationRecord): KeyColumn[] {
  return table.primaryKey.map((attnum) => ({ type: table.columns[attnum - 1]!.typeOid }));
}

/** How table access reads and writes a secondary index of `table`. */
export function indexShape(table: RelationRecord, index: RelationRecord, constraintName: string | null, deferred = false): IndexShape {
  const info = index.index!;
  // an expression column's type is the index's own column's
  const keyColumns: KeyColumn[] = [
    ...info.columns.map((c, i) => ({
      type: c.attnum > 0 ? table.columns[c.attnum - 1]!.typeOid : index.columns[i]!.typeOid,
      descending: c.descending,
      nullsFirst: c.nullsFirst,
    })),
    ...(table.primaryKey.length > 0 ? primaryKeyColumns(table) : [{ type: 20 }]),
  ];
  const computed = info.expressions !== undefined || info.predicate !== undefined;
  return {
    name: index.name,
    constraintName,
    relfilenode: index.relfilenode,
    unique: info.unique,
    nullsNotDistinct: info.nullsNotDistinct,
    columns: info.columns.map((c) => c.attnum - 1),
    keyColumns,
    computed: computed ? { table, index } : null,
    partial: info.predicate !== undefined,
    ...(deferred ? { deferred } : {}),
  };
}

/** What table access needs to read and write a table: columns, key, indexes. */
export function tableShape(catalog: CatalogTxn, table: RelationRecord): TableShape {
  const pk = table.primaryKey.length > 0 ? table.primaryKey.map((a) => a - 1) : null;
  const pkColumns = pk ? primaryKeyColumns(table) : [];
  const constraints = catalog.constraintsOf(table.oid);
  const indexes: IndexShape[] = [];
  let primaryKeyName: string | null = null;
  for (const index of catalog.indexesOf(table.oid)) {
    const constraint = constraints.find((c) => c.indexOid === index.oid);
    if (index.index!.primary) {
      primaryKeyName = constraint?.name ?? index.name;
      continue; // the table's own B+tree is the primary key's index
    }
    indexes.push(indexShape(table, index, constraint?.name ?? null, constraint?.initiallyDeferred === true));
  }
  return {
    dbOid: table.dbOid,
    oid: table.oid,
    relfilenode: table.relfilenode,
    name: table.name,
    columnNames: table.columns.map((c) => c.name),
    columnTypes: table.columns.map((c) => c.typeOid),
    primaryKey: pk,
    primaryKeyColumns: pkColumns,
    primaryKeyName,
    indexes,
  };
}

/** format_type for any type, user types (enums) included. */
export function typeName(catalog: CatalogTxn, oid: number, typmod = -1): string {
  return formatType(oid, typmod, (o) => enumTypeDisplayName(catalog, o));
}

/** Splits `schema.name` (with double-quoted parts) as PostgreSQL's stringToQualifiedNameList. */
export function parseQualifiedName(text: string): QualifiedName {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i <= s.length) {
    if (s[i] === '"') {
      let j = i + 1;
      let part = '';
      for (; j < s.length; j++) {
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            part += '"';
            j++;
          } else break;
        } else part += s[j];
      }
      if (j >= s.length) throw new DbError(SqlState.InvalidParameterValue, 'invalid name syntax');
      parts.push(part);
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && s[j] !== '.') j++;
      const part = s.slice(i, j).trim();
      if (part === '') throw new DbError(SqlState.InvalidParameterValue, 'invalid name syntax');
      parts.push(part.toLowerCase());
      i = j;
    }
    if (i >= s.length) break;
    if (s[i] !== '.') throw new DbError(SqlState.InvalidParameterValue, 'invalid name syntax');
    i++;
  }
  if (parts.length === 0 || parts.length > 3) throw new DbError(SqlState.InvalidParameterValue, 'invalid name syntax');
  return parts.length === 1 ? { name: parts[0]! } : { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
}

/** The name regtype prints for a table's or view's row type (or its array type). */
function rowTypeDisplayName(session: Session, catalog: CatalogTxn, oid: number): string | undefined {
  const row = relationOfRowType(oid);
  const r = row && catalog.get(row.relOid);
  if (r?.kind !== 'relation') return undefined;
  const visible = findRelation(session, catalog, { name: r.name })?.oid === r.oid;
  const ns = catalog.get(r.namespaceOid);
  const name = visible || ns?.kind !== 'namespace' ? quoteIdentifierIfNeeded(r.name) : `${quoteIdentifierIfNeeded(ns.name)}.${quoteIdentifierIfNeeded(r.name)}`;
  return row!.array ? `${name}[]` : name;
}

/** The row type of a user table or view named as a type ('t'::regtype). */
function rowTypeOid(session: Session, catalog: CatalogTxn, name: QualifiedName, array: boolean): number | undefined {
  const r = findRelation(session, catalog, name);
  if (!r || r.system || (r.relkind !== 'r' && r.relkind !== 'v')) return undefined;
  return array ? ROW_ARRAY_BASE + r.oid : ROW_TYPE_BASE + r.oid;
}

/** The fields of a table's or view's row type: its live columns, in order. */
export function rowTypeFields(catalog: CatalogTxn, oid: number): RecordDescriptor | undefined {
  const row = relationOfRowType(oid);
  const r = row && !row.array ? catalog.get(row.relOid) : undefined;
  if (r?.kind !== 'relation') return undefined;
  const live = r.columns.filter((c) => !c.dropped);
  return { names: live.map((c) => c.name), types: live.map((c) => c.typeOid), typmods: live.map((c) => c.typmod) };
}

/** The regclass/regtype name lookups of a session (through its open transaction, if any). */
export function catalogNames(session: Session): CatalogNames {
  const catalog = () => session.txn?.catalog ?? session.cluster.catalog.begin(session.dbOid);
  return {
    relationOid(text) {
      const name = parseQualifiedName(text);
      const r = findRelation(session, catalog(), name);
      if (!r) throw new DbError(SqlState.UndefinedTable, `relation "${displayName(name)}" does not exist`);
      return r.oid;
    },
    relationName(oid) {
      const c = catalog();
      const r = relationByOid(c, oid);
      if (!r) return undefined;
      const visible = findRelation(session, c, { name: r.name })?.oid === oid;
      const ns = c.get(r.namespaceOid);
      const quote = (n: string) => quoteIdentifierIfNeeded(n);
      return visible || ns?.kind !== 'namespace' ? quote(r.name) : `${quote(ns.name)}.${quote(r.name)}`;
    },
    namespaceOid(name) {
      return catalog().namespaceByName(name)?.oid;
    },
    namespaceName(oid) {
      const ns = catalog().get(oid);
      return ns?.kind === 'namespace' ? quoteIdentifierIfNeeded(ns.name) : undefined;
    },
    typeName(oid) {
      return enumTypeDisplayName(catalog(), oid, session) ?? rowTypeDisplayName(session, catalog(), oid);
    },
    typeOid(text) {
      const t = text.trim();
      const array = t.endsWith('[]');
      const name = parseQualifiedName(array ? t.slice(0, -2) : t);
      const oid = findEnumType(session, catalog(), name);
      if (oid === undefined) return rowTypeOid(session, catalog(), name, array);
      return array ? arrayTypeOfEnum(oid) : oid;
    },
    enumLabels(oid) {
      return enumLabelsIn(catalog(), oid);
    },
    rowTypeFields(oid) {
      return rowTypeFields(catalog(), oid);
    },
    enumLabelIsNew(labelOid) {
      return session.txn !== null && labelAddedIn(session.txn.catalog, labelOid);
    },
  };
}
