// pg_catalog.pg_class: the relations of the database — the pg_catalog and information_schema
// relations Treeline computes (with PostgreSQL's OIDs), then the database's tables, indexes,
// sequences and views — with the values PostgreSQL 15 gives a new relation of each kind
// (a table's reltuples is -1 until analyzed, a sequence has one page and one tuple, views
// have rules). Treeline has no TOAST tables, triggers or statistics: those fields are empty.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { ArrayValue } from '../types/value.js';
import { BOOTSTRAP_SUPERUSER, BTREE_AM, HASH_AM, HEAP_AM, catalogRelations, rowTypeOf, type CatalogRelation } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';

const ACLITEM = 1033;

/** Shared catalogs (one copy for the cluster, relisshared). */
const SHARED = new Set([1260, 1261, 1262, 1213, 2396, 1214, 3592, 2964, 6000, 6100, 6243]);

/** PostgreSQL's ACL on catalog relations: the owner has all rights, PUBLIC may read. */
export const CATALOG_ACL = new ArrayValue(ACLITEM, ['postgres=arwdDxt/postgres', '=r/postgres'], [2]);

/** Tables that take part in a foreign key have (internal) triggers in PostgreSQL. */
function foreignKeyTables(catalog: CatalogTxn): Set<number> {
  const out = new Set<number>();
  for (const r of catalog.records()) {
    if (r.kind === 'constraint' && r.contype === 'f') {
      out.add(r.tableOid);
      if (r.foreignKey) out.add(r.foreignKey.refTableOid);
    }
  }
  return out;
}

function classRow(rel: CatalogRelation, catalog: CatalogTxn, triggers: Set<number>): RowValues {
  const r = rel.record;
  const kind = r.relkind;
  const isTable = kind === 'r';
  const base: RowValues = {
    oid: r.oid,
    relname: r.name,
    relnamespace: r.namespaceOid,
    reltype: rowTypeOf(rel),
    reloftype: 0,
    relowner: r.ownerOid,
    relam: 0,
    relfilenode: 0,
    reltablespace: 0,
    relpages: 0,
    reltuples: -1,
    relallvisible: 0,
    reltoastrelid: 0,
    relhasindex: false,
    relisshared: false,
    relpersistence: /^pg_temp_\d+$/.test((catalog.get(r.namespaceOid) as { name?: string } | undefined)?.name ?? '') ? 't' : 'p',
    relkind: kind,
    relnatts: r.columns.length,
    relchecks: 0,
    relhasrules: kind === 'v',
    relhastriggers: false,
    relhassubclass: false,
    relrowsecurity: false,
    relforcerowsecurity: false,
    relispopulated: true,
    relreplident: isTable ? 'd' : 'n',
    relispartition: false,
    relrewrite: 0,
    relfrozenxid: 0,
    relminmxid: isTable ? 1 : 0,
  };
  if (rel.system) {
    return {
      ...base,
      relam: isTable ? HEAP_AM : 0,
      relfilenode: isTable ? r.oid : 0,
      relhasindex: isTable,
      relisshared: SHARED.has(r.oid),
      relowner: BOOTSTRAP_SUPERUSER,
      relacl: CATALOG_ACL,
    };
  }
  switch (kind) {
    case 'r': {
      const constraints = catalog.constraintsOf(r.oid);
      return {
        ...base,
        relam: HEAP_AM,
        relfilenode: r.relfilenode,
        relhasindex: catalog.indexesOf(r.oid).length > 0,
        relnatts: r.columns.length,
        relchecks: constraints.filter((c) => c.contype === 'c').length,
        relhastriggers: triggers.has(r.oid),
      };
    }
    case 'i':
      return { ...base, relam: r.index?.method === 'hash' ? HASH_AM : BTREE_AM, relfilenode: r.relfilenode, relpages: 1, reltuples: 0 };
    case 'S':
      return { ...base, relfilenode: r.relfilenode, relpages: 1, reltuples: 1, relnatts: 3 };
    default:
      return base;
  }
}

defineTables([
  {
    oid: 1259,
    name: 'pg_class',
    relkind: 'r',
    rowType: 83,
    columns:
      'oid oid!, relname name!, relnamespace oid!, reltype oid!, reloftype oid!, relowner oid!, relam oid!, relfilenode oid!, ' +
      'reltablespace oid!, relpages int4!, reltuples float4!, relallvisible int4!, reltoastrelid oid!, relhasindex bool!, ' +
      'relisshared bool!, relpersistence char!, relkind char!, relnatts int2!, relchecks int2!, relhasrules bool!, ' +
      'relhastriggers bool!, relhassubclass bool!, relrowsecurity bool!, relforcerowsecurity bool!, relispopulated bool!, ' +
      'relreplident char!, relispartition bool!, relrewrite oid!, relfrozenxid xid!, relminmxid xid!, relacl _aclitem, ' +
      'reloptions _text, relpartbound pg_node_tree',
    *rows({ catalog }) {
      const triggers = foreignKeyTables(catalog);
      for (const rel of catalogRelations(catalog)) yield classRow(rel, catalog, triggers);
    },
  },
]);
