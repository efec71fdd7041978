// pg_catalog.pg_namespace: the schemas of the current database. As in PostgreSQL 15, public
// belongs to pg_database_owner, and the built-in schemas carry initdb's ACLs.
import { ArrayValue } from '../types/value.js';
import { defineTables } from './columns.js';
import { DATABASE_OWNER_ROLE } from './roles.js';

const ACLITEM = 1033;
const PUBLIC_SCHEMA = 2200;

const ACLS = new Map<number, ArrayValue>([
  [11, new ArrayValue(ACLITEM, ['postgres=UC/postgres', '=U/postgres'], [2])],
  [13207, new ArrayValue(ACLITEM, ['postgres=UC/postgres', '=U/postgres'], [2])],
  [PUBLIC_SCHEMA, new ArrayValue(ACLITEM, ['pg_database_owner=UC/pg_database_owner', '=U/pg_database_owner'], [2])],
]);

/** The ACL initdb gives a built-in schema (null for the database's own schemas). */
export function builtinSchemaAcl(oid: number): ArrayValue | null {
  return ACLS.get(oid) ?? null;
}

/** The owner PostgreSQL shows for a schema. */
export function schemaOwner(oid: number, ownerOid: number): number {
  return oid === PUBLIC_SCHEMA ? DATABASE_OWNER_ROLE : ownerOid;
}

defineTables([
  {
    oid: 2615,
    name: 'pg_namespace',
    relkind: 'r',
    rowType: 10047,
    columns: 'oid oid!, nspname name!, nspowner oid!, nspacl _aclitem',
    *rows({ catalog }) {
      for (const r of catalog.records()) {
        if (r.kind === 'namespace') yield { oid: r.oid, nspname: r.name, nspowner: schemaOwner(r.oid, r.ownerOid), nspacl: ACLS.get(r.oid) ?? null };
      }
    },
  },
]);
