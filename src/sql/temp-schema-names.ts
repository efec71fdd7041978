// How written schema names map to a session's temporary schema: `pg_temp` stands for the
// session's pg_temp_N once it has one (sql/ddl/temp-tables.ts creates it). Kept apart from the
// DDL so that name lookup (catalog-access.ts) does not depend on it.
import type { Session } from './session.js';

/** Whether a schema name written in a statement means the session's temporary schema. */
export function isTempSchemaName(session: Session, schema: string | undefined): boolean {
  return schema === 'pg_temp' || (schema !== undefined && schema === session.tempSchemaName);
}

/** The actual schema name a written one stands for (`pg_temp` → pg_temp_N when there is one). */
export function resolveSchemaName(session: Session, schema: string): string {
  return schema === 'pg_temp' ? (session.tempSchemaName ?? schema) : schema;
}
