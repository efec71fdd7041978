// pg_catalog.pg_init_privs: the privileges built-in objects had when the cluster was created.
// pg_dump dumps an ACL of a pg_catalog object only where it differs from this row, so every
// built-in object with an ACL has one: the pg_catalog and information_schema schemas and every
// system relation. Invariant: each row's initprivs equals the ACL pg_namespace / pg_class
// show for the object (Treeline has no GRANT on built-in objects to change them).
import { CatalogClass } from '../../catalog/objects.js';
import { defineTables, type RowValues } from './columns.js';
import { CATALOG_ACL } from './pg-class.js';
import { builtinSchemaAcl } from './pg-namespace.js';
import { allSystemTables, INFORMATION_SCHEMA_NAMESPACE, PG_CATALOG_NAMESPACE } from './system-table.js';

function* initialPrivileges(): Iterable<RowValues> {
  for (const schema of [PG_CATALOG_NAMESPACE, INFORMATION_SCHEMA_NAMESPACE]) {
    const acl = builtinSchemaAcl(schema);
    if (acl) yield { objoid: schema, classoid: CatalogClass.pg_namespace, objsubid: 0, privtype: 'i', initprivs: acl };
  }
  const relations = [...allSystemTables()].sort((a, b) => a.oid - b.oid);
  for (const t of relations) yield { objoid: t.oid, classoid: CatalogClass.pg_class, objsubid: 0, privtype: 'i', initprivs: CATALOG_ACL };
}

defineTables([
  {
    oid: 3394,
    name: 'pg_init_privs',
    relkind: 'r',
    rowType: 10090,
    columns: 'objoid oid!, classoid oid!, objsubid int4!, privtype char!, initprivs _aclitem!',
    rows: () => initialPrivileges(),
  },
]);
