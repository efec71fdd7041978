// The session's side of enum types: their labels as a transaction sees them, the labels that
// transaction added (unusable until it commits), and their names as format_type prints them
// (quoted when needed, schema-qualified when the search path does not find them).
// Invariant: a label added by ALTER TYPE ... ADD VALUE is recorded against the transaction's
// CatalogTxn, which lives exactly as long as the transaction, so commit and rollback need no
// bookkeeping here.
import { builtins } from '../catalog/builtins.js';
import type { CatalogTxn } from '../catalog/catalog-txn.js';
import { quoteIdentifierIfNeeded } from '../catalog/format-type.js';
import type { EnumTypeRecord } from '../catalog/objects.js';
import type { Session } from './session.js';
import { enumLabelsOf, type EnumLabels } from './types/enum.js';
import { enumOfArrayType, isEnumType } from './types/enum-oids.js';

/** The enum type record of an OID, if it is one in this catalog. */
export function enumRecord(catalog: CatalogTxn, oid: number): EnumTypeRecord | undefined {
  if (!isEnumType(oid)) return undefined;
  const r = catalog.get(oid);
  return r?.kind === 'enum' ? r : undefined;
}

export function enumLabelsIn(catalog: CatalogTxn, oid: number): EnumLabels | undefined {
  const r = enumRecord(catalog, oid);
  return r ? enumLabelsOf(r) : undefined;
}

const addedLabels = new WeakMap<CatalogTxn, Set<number>>();

/** Records a label made by ALTER TYPE ... ADD VALUE in the transaction of `catalog`. */
export function noteLabelAdded(catalog: CatalogTxn, labelOid: number): void {
  let set = addedLabels.get(catalog);
  if (!set) addedLabels.set(catalog, (set = new Set()));
  set.add(labelOid);
}

/** Whether the transaction of `catalog` added this label (by pg_enum OID). */
export function labelAddedIn(catalog: CatalogTxn, labelOid: number): boolean {
  return addedLabels.get(catalog)?.has(labelOid) ?? false;
}

/**
 * The enum type a (possibly qualified) name finds along the search path, pg_catalog first: an
 * enum, or the enum of an array type name `_name`; undefined when a built-in type comes first.
 */
export function findEnumType(session: Session, catalog: CatalogTxn, name: { schema?: string; name: string }): number | undefined {
  const schemas = name.schema !== undefined ? [name.schema] : session.searchPath(true);
  for (const schema of schemas) {
    if (schema === 'pg_catalog' && builtins().typeByName.has(name.name)) return undefined;
    const ns = catalog.namespaceByName(schema);
    if (!ns) continue;
    const t = catalog.typeByName(ns.oid, name.name);
    if (t) return t.oid;
    const element = name.name.startsWith('_') ? catalog.typeByName(ns.oid, name.name.slice(1)) : undefined;
    if (element) return element.arrayOid;
  }
  return undefined;
}

/** Whether `name` in the search path finds the enum type `r` (not a type or table before it). */
function visible(session: Session, catalog: CatalogTxn, r: EnumTypeRecord): boolean {
  for (const schema of session.searchPath(true)) {
    const ns = catalog.namespaceByName(schema);
    if (!ns) continue;
    const t = catalog.typeByName(ns.oid, r.name);
    if (t) return t.oid === r.oid;
    if (schema === 'pg_catalog' && builtins().typeByName.has(r.name)) return false;
    const rel = catalog.relationByName(ns.oid, r.name);
    if (rel && (rel.relkind === 'r' || rel.relkind === 'v')) return false; // a table's row type
  }
  return false;
}

/**
 * format_type of a user enum type or of its array type, or undefined for other OIDs. Without a
 * session, the name is not qualified.
 */
export function enumTypeDisplayName(catalog: CatalogTxn, oid: number, session?: Session): string | undefined {
  const element = enumOfArrayType(oid);
  if (element) {
    const name = enumTypeDisplayName(catalog, element, session);
    return name === undefined ? undefined : `${name}[]`;
  }
  const r = enumRecord(catalog, oid);
  if (!r) return undefined;
  const name = quoteIdentifierIfNeeded(r.name);
  if (!session || visible(session, catalog, r)) return name;
  const ns = catalog.get(r.namespaceOid);
  return ns?.kind === 'namespace' ? `${quoteIdentifierIfNeeded(ns.name)}.${name}` : name;
}
