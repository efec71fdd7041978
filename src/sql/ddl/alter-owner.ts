// ALTER ... OWNER TO role (PostgreSQL's AlterObjectOwner and ATExecChangeOwner): the role must
// exist (42704 otherwise); the object records the new owner. Treeline's roles are the bootstrap
// superuser and PostgreSQL's predefined roles (sql/system/roles.ts). A table's indexes and
// owned sequences follow their table, as in PostgreSQL.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { nameParts } from '../analyze/typename.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { ROLES } from '../system/roles.js';
import { findType, typeReference } from './type-lookup.js';

/** The OID of the role an OWNER TO names. */
export function checkOwner(session: Session, spec: Node): number {
  switch (spec.roletype as string) {
    case 'ROLESPEC_CURRENT_USER':
    case 'ROLESPEC_CURRENT_ROLE':
    case 'ROLESPEC_SESSION_USER':
      return ROLES.find((r) => r.name === session.user)?.oid ?? 10;
    case 'ROLESPEC_PUBLIC':
      throw new DbError(SqlState.UndefinedObject, 'role "public" does not exist');
    default: {
      const role = ROLES.find((r) => r.name === spec.rolename);
      if (!role) throw new DbError(SqlState.UndefinedObject, `role "${spec.rolename as string}" does not exist`);
      return role.oid;
    }
  }
}

/** A relation and what belongs to it get a new owner. */
export function changeRelationOwner(session: Session, table: RelationRecord, ownerOid: number): void {
  const catalog = session.transaction.catalog;
  const current = catalog.get(table.oid) as RelationRecord;
  if (current.ownerOid === ownerOid) return;
  catalog.put({ ...current, ownerOid });
  for (const d of catalog.dependentsOf(table.oid)) if (d.kind === 'relation') catalog.put({ ...d, ownerOid });
}

const TAGS: Record<string, string> = {
  OBJECT_SCHEMA: 'ALTER SCHEMA',
  OBJECT_TYPE: 'ALTER TYPE',
  OBJECT_DATABASE: 'ALTER DATABASE',
};

export function prepareAlterOwner(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.AlterOwnerStmt;
  const type = stmt.objectType as string;
  const tag = TAGS[type];
  if (!tag) throw notSupported(`ALTER ${type.replace(/^OBJECT_/, '')} ... OWNER TO`);
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable(tag);
    const catalog = session.transaction.catalog;
    const owner = checkOwner(session, stmt.newowner);
    if (type === 'OBJECT_SCHEMA') {
      const name = stmt.object.String.sval as string;
      const ns = catalog.namespaceByName(name);
      if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${name}" does not exist`);
      if (ns.ownerOid !== owner) catalog.put({ ...ns, ownerOid: owner });
    } else if (type === 'OBJECT_TYPE') {
      const ref = typeReference(session, nameParts(stmt.object.List.items));
      const found = findType(session, catalog, ref);
      if (!found) throw new DbError(SqlState.UndefinedObject, `type "${ref.shown}" does not exist`);
      if (found.kind === 'enum') catalog.put({ ...found.record, ownerOid: owner });
      else if (found.kind === 'rowtype') throw new DbError(SqlState.WrongObjectType, `${found.relation.name} is a table's row type`, { hint: 'Use ALTER TABLE instead.' });
    } else {
      const name = stmt.object.String.sval as string;
      const db = catalog.databaseByName(name);
      if (!db) throw new DbError(SqlState.InvalidCatalogName, `database "${name}" does not exist`);
      if (db.ownerOid !== owner) catalog.putDatabase({ ...db, ownerOid: owner });
    }
    return { tag };
  });
}
