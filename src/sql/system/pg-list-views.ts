// The listing views over pg_class that admin tools read: pg_tables, pg_indexes, pg_views and
// pg_matviews (Treeline has no materialized views: empty). Definitions come from the deparser
// (pg_get_indexdef, pg_get_viewdef); the views Treeline computes itself have no SQL text, so
// their definition is NULL.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { indexDef } from '../deparse/object-defs.js';
import { viewDefinition } from '../deparse/view-def.js';
import { catalogRelations } from './catalog-objects.js';
import { defineTables } from './columns.js';
import { roleByOid } from './roles.js';

function schemaName(catalog: CatalogTxn, r: RelationRecord): string | null {
  const ns = catalog.get(r.namespaceOid);
  if (ns?.kind === 'namespace') return ns.name;
  return r.namespaceOid === 11 ? 'pg_catalog' : r.namespaceOid === 13207 ? 'information_schema' : null;
}

const owner = (r: RelationRecord) => roleByOid(r.ownerOid)?.name ?? null;

defineTables([
  {
    oid: 12033,
    name: 'pg_tables',
    relkind: 'v',
    rowType: 12035,
    columns: 'schemaname name, tablename name, tableowner name, tablespace name, hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool',
    *rows({ catalog }) {
      const fkTables = new Set<number>();
      for (const c of catalog.records()) {
        if (c.kind === 'constraint' && c.foreignKey) fkTables.add(c.tableOid).add(c.foreignKey.refTableOid);
      }
      for (const { record: r, system } of catalogRelations(catalog)) {
        if (r.relkind !== 'r') continue;
        const hastriggers = !system && fkTables.has(r.oid);
        yield {
          schemaname: schemaName(catalog, r),
          tablename: r.name,
          tableowner: owner(r),
          hasindexes: system ? true : catalog.indexesOf(r.oid).length > 0,
          hasrules: false,
          hastriggers,
          rowsecurity: false,
        };
      }
    },
  },
  {
    oid: 12043,
    name: 'pg_indexes',
    relkind: 'v',
    rowType: 12045,
    columns: 'schemaname name, tablename name, indexname name, tablespace name, indexdef text',
    *rows({ session, catalog }) {
      for (const r of catalog.records()) {
        if (r.kind !== 'relation' || r.relkind !== 'i' || !r.index) continue;
        const table = catalog.get(r.index.tableOid);
        if (table?.kind !== 'relation') continue;
        yield { schemaname: schemaName(catalog, table), tablename: table.name, indexname: r.name, indexdef: indexDef(session, catalog, r, 0, false) };
      }
    },
  },
  {
    oid: 12028,
    name: 'pg_views',
    relkind: 'v',
    rowType: 12030,
    columns: 'schemaname name, viewname name, viewowner name, definition text',
    *rows({ session, catalog }) {
      for (const { record: r, system } of catalogRelations(catalog)) {
        if (r.relkind !== 'v') continue;
        yield { schemaname: schemaName(catalog, r), viewname: r.name, viewowner: owner(r), definition: system ? null : viewDefinition(session, catalog, r, false, 0) };
      }
    },
  },
  {
    oid: 12038,
    name: 'pg_matviews',
    relkind: 'v',
    rowType: 12040,
    columns: 'schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text',
  },
]);
