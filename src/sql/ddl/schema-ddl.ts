// CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]: a namespace in the current
// database. Names starting with pg_ are reserved, as in PostgreSQL.
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { truncateIdentifier } from './names.js';

export function prepareCreateSchema(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.CreateSchemaStmt;
  return utilityStatement(parsed.kind, null, () => {
    if (stmt.schemaElts?.length) throw notSupported('schema elements in CREATE SCHEMA');
    const role = stmt.authrole?.RoleSpec;
    if (role && role.roletype === 'ROLESPEC_CSTRING' && role.rolename !== 'postgres') {
      throw new DbError(SqlState.UndefinedObject, `role "${role.rolename}" does not exist`);
    }
    const name = truncateIdentifier((stmt.schemaname ?? role?.rolename ?? session.user) as string);
    if (name.startsWith('pg_')) {
      throw new DbError('42939', `unacceptable schema name "${name}"`, { detail: 'The prefix "pg_" is reserved for system schemas.' });
    }
    const catalog = session.transaction.catalog;
    if (catalog.namespaceByName(name)) {
      if (stmt.if_not_exists) {
        session.notice('NOTICE', `schema "${name}" already exists, skipping`);
        return { tag: 'CREATE SCHEMA' };
      }
      throw new DbError(SqlState.DuplicateSchema, `schema "${name}" already exists`);
    }
    catalog.put({ kind: 'namespace', oid: catalog.allocateOid(), dbOid: session.dbOid, name, ownerOid: BOOTSTRAP_SUPERUSER_OID });
    return { tag: 'CREATE SCHEMA' };
  });
}
