// The relation a DDL statement acts on, named by a RangeVar, found as PostgreSQL's
// RangeVarGetRelidExtended finds it: a schema that does not exist is 3F000, a relation that does
// not exist is 42P01 (named as written), and under IF EXISTS either one is a NOTICE
// `relation "name" does not exist, skipping` and no relation.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { findRelation } from '../catalog-access.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { resolveSchemaName } from '../temp-schema-names.js';

export function targetRelation(session: Session, rv: Node, missingOk: boolean): RelationRecord | null {
  const catalog = session.transaction.catalog;
  const schema = rv.schemaname as string | undefined;
  const missing = (error: DbError): null => {
    if (!missingOk) throw error;
    session.notice('NOTICE', `relation "${rv.relname as string}" does not exist, skipping`);
    return null;
  };
  if (schema !== undefined && !catalog.namespaceByName(resolveSchemaName(session, schema))) {
    return missing(new DbError(SqlState.InvalidSchemaName, `schema "${schema}" does not exist`));
  }
  const r = findRelation(session, catalog, { schema, name: rv.relname });
  if (!r) return missing(new DbError(SqlState.UndefinedTable, `relation "${schema !== undefined ? `${schema}.` : ''}${rv.relname as string}" does not exist`));
  return r;
}
