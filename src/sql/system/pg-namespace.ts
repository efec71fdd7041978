// pg_catalog.pg_namespace: the schemas of the current database.
import { Oid } from '../types/oids.js';
import { PG_CATALOG_NAMESPACE, registerSystemTables } from './system-table.js';

registerSystemTables([
  {
    oid: 2615,
    namespaceOid: PG_CATALOG_NAMESPACE,
    name: 'pg_namespace',
    relkind: 'r',
    columns: [
      { name: 'oid', type: Oid.oid, notNull: true },
      { name: 'nspname', type: Oid.name, notNull: true },
      { name: 'nspowner', type: Oid.oid, notNull: true },
      { name: 'nspacl', type: 1034 },
    ],
    *rows({ catalog }) {
      for (const r of catalog.records()) {
        if (r.kind === 'namespace') yield [r.oid, r.name, r.ownerOid, null];
      }
    },
  },
]);
