// Finds the type a DDL statement names (ALTER TYPE, DROP TYPE), the way PostgreSQL's
// LookupTypeName does: a qualified name in its schema, a bare name along the search path with
// pg_catalog first. Besides user enums it recognises what PostgreSQL would also find under a
// type name, so statements can refuse them with PostgreSQL's errors: built-in types, an enum's
// array type (`_mood`, `mood[]`) and the row type every table and view has.
import { builtins } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { EnumTypeRecord, NamespaceRecord, RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { enumTypeDisplayName } from '../enum-catalog.js';
import type { Session } from '../session.js';

export type FoundType =
  | { kind: 'enum'; record: EnumTypeRecord }
  /** The array type of `record`. */
  | { kind: 'enum-array'; record: EnumTypeRecord }
  | { kind: 'builtin'; oid: number }
  /** The row type of a table or view. */
  | { kind: 'rowtype'; relation: RelationRecord };

export interface TypeReference {
  /** The name as written, for messages: `s.mood`. */
  shown: string;
  schema?: string;
  name: string;
}

/** Splits a name list ([db.]schema.name) as PostgreSQL's DeconstructQualifiedName does. */
export function typeReference(session: Session, names: string[]): TypeReference {
  const shown = names.join('.');
  if (names.length > 3) throw new DbError(SqlState.SyntaxError, `improper qualified name (too many dotted names): ${shown}`);
  if (names.length === 3 && names[0] !== session.database) throw notSupported(`cross-database references: ${shown}`);
  const name = names[names.length - 1]!;
  return names.length > 1 ? { shown, schema: names[names.length - 2]!, name } : { shown, name };
}

/** A type of one schema by name. */
function typeInSchema(catalog: CatalogTxn, ns: NamespaceRecord, name: string): FoundType | undefined {
  if (ns.name === 'pg_catalog') {
    const row = builtins().typeByName.get(name);
    if (row) return { kind: 'builtin', oid: row.oid };
  }
  const record = catalog.typeByName(ns.oid, name);
  if (record) return { kind: 'enum', record };
  const relation = catalog.relationByName(ns.oid, name);
  if (relation && (relation.relkind === 'r' || relation.relkind === 'v')) return { kind: 'rowtype', relation };
  const element = name.startsWith('_') ? catalog.typeByName(ns.oid, name.slice(1)) : undefined;
  if (element) return { kind: 'enum-array', record: element };
  return undefined;
}

/** The type a name refers to, or undefined. A schema that does not exist is 3F000 unless missingOk. */
export function findType(session: Session, catalog: CatalogTxn, ref: TypeReference, missingOk = false): FoundType | undefined {
  if (ref.schema !== undefined) {
    const ns = catalog.namespaceByName(ref.schema);
    if (!ns) {
      if (missingOk) return undefined;
      throw new DbError(SqlState.InvalidSchemaName, `schema "${ref.schema}" does not exist`);
    }
    return typeInSchema(catalog, ns, ref.name);
  }
  for (const schema of session.searchPath(true)) {
    const ns = catalog.namespaceByName(schema);
    const found = ns && typeInSchema(catalog, ns, ref.name);
    if (found) return found;
  }
  return undefined;
}

/** Whether a new type (or a renamed one) may take this name in this schema. */
export function typeNameTaken(catalog: CatalogTxn, ns: NamespaceRecord, name: string): boolean {
  return typeInSchema(catalog, ns, name) !== undefined;
}

/** An enum type (or its array type) as PostgreSQL names it in messages, qualified if not visible. */
export function shownType(session: Session, catalog: CatalogTxn, oid: number): string {
  return enumTypeDisplayName(catalog, oid, session) ?? String(oid);
}
