// pg_catalog.pg_index: one row per index — its table, key columns (indkey), uniqueness, the
// per-column options (indoption: 1 DESC, 2 NULLS FIRST), collations and operator classes (the
// default btree or hash class of each column's type, PostgreSQL's OIDs). Treeline's indexes
// are all valid, ready and immediate unless their constraint is deferrable. indexprs (the
// expression columns, indkey 0) and indpred (a partial index's WHERE) are node trees that
// pg_get_expr(…, indrelid) prints.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { encodeNodeTree } from '../deparse/node-tree.js';
import { vectorOf } from '../types/array.js';
import { Oid } from '../types/oids.js';
import { enumOfType, typeFacts } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';

/** Default operator classes by input type: btree, then hash (pg_opclass, opcdefault). */
const BTREE_CLASSES =
  '16:10003,17:10006,18:10007,19:10028,20:3124,21:1979,23:1978,25:3126,26:1981,27:10050,30:10032,700:10012,701:3123,774:10026,' +
  '790:10047,829:10024,869:10015,1042:10004,1082:3122,1083:10038,1114:3128,1184:3127,1186:10022,1266:10041,1560:10002,' +
  '1562:10043,1700:3125,2249:10034,2277:10000,2950:10065,3220:10067,3500:10069,3614:10071,3615:10074,3802:10088,3831:10076,' +
  '4537:10080,5069:10053';
const HASH_CLASSES =
  '16:10048,17:10049,18:10008,19:10029,20:10021,21:10019,23:10020,25:10037,26:10031,27:10055,28:10051,29:10054,30:10033,' +
  '700:10013,701:10014,774:10027,829:10025,869:10016,1033:10059,1042:10005,1082:10011,1083:10039,1114:10046,1184:10040,' +
  '1186:10023,1266:10042,1700:10030,2249:10035,2277:10001,2950:10066,3220:10068,3500:10070,3802:10089,3831:10077,4537:10081,' +
  '5069:10052';

function parseClasses(list: string): Map<number, number> {
  return new Map(list.split(',').map((pair) => pair.split(':').map(Number) as [number, number]));
}

const CLASSES = { btree: parseClasses(BTREE_CLASSES), hash: parseClasses(HASH_CLASSES) };

/** The type whose operator class a column uses (varchar uses text's, an enum anyenum's, ...). */
function opclassInputType(catalog: CatalogTxn, type: number): number {
  if (type === Oid.varchar) return Oid.text;
  if (type === Oid.regclass || type === Oid.regtype || type === Oid.regproc || type === Oid.regnamespace) return Oid.oid;
  if (typeFacts(catalog, type)?.isArray) return Oid.anyarray;
  if (enumOfType(catalog, type)?.oid === type) return Oid.anyenum;
  return type;
}

function indexRow(catalog: CatalogTxn, index: RelationRecord): RowValues {
  const info = index.index!;
  const table = catalog.get(info.tableOid);
  // an expression column's type is the index's own column's
  const typeAt = (i: number) => {
    const attnum = info.columns[i]!.attnum;
    if (attnum === 0) return index.columns[i]?.typeOid ?? 0;
    return table?.kind === 'relation' ? (table.columns[attnum - 1]?.typeOid ?? 0) : 0;
  };
  const classes = info.method === 'hash' ? CLASSES.hash : CLASSES.btree;
  const constraint = catalog.constraintsOf(info.tableOid).find((c) => c.indexOid === index.oid);
  return {
    indexrelid: index.oid,
    indrelid: info.tableOid,
    indnatts: info.columns.length,
    indnkeyatts: info.columns.length,
    indisunique: info.unique,
    indnullsnotdistinct: info.nullsNotDistinct,
    indisprimary: info.primary,
    indisexclusion: false,
    indimmediate: !(constraint?.deferrable ?? false),
    indisclustered: false,
    indisvalid: true,
    indcheckxmin: false,
    indisready: true,
    indislive: true,
    indisreplident: false,
    indkey: vectorOf(Oid.int2, info.columns.map((c) => c.attnum)),
    indcollation: vectorOf(
      Oid.oid,
      info.columns.map((_, i) => typeFacts(catalog, typeAt(i))?.typcollation ?? 0),
    ),
    indclass: vectorOf(
      Oid.oid,
      info.columns.map((_, i) => classes.get(opclassInputType(catalog, typeAt(i))) ?? 0),
    ),
    indoption: vectorOf(
      Oid.int2,
      info.columns.map((c) => (c.descending ? 1 : 0) | (c.nullsFirst ? 2 : 0)),
    ),
    indexprs: info.expressions ? encodeNodeTree({ node: info.expressions }) : null,
    indpred: info.predicate !== undefined ? encodeNodeTree({ node: info.predicate }) : null,
  };
}

defineTables([
  {
    oid: 2610,
    name: 'pg_index',
    relkind: 'r',
    rowType: 10007,
    columns:
      'indexrelid oid!, indrelid oid!, indnatts int2!, indnkeyatts int2!, indisunique bool!, indnullsnotdistinct bool!, ' +
      'indisprimary bool!, indisexclusion bool!, indimmediate bool!, indisclustered bool!, indisvalid bool!, indcheckxmin bool!, ' +
      'indisready bool!, indislive bool!, indisreplident bool!, indkey int2vector!, indcollation oidvector!, indclass oidvector!, ' +
      'indoption int2vector!, indexprs pg_node_tree, indpred pg_node_tree',
    *rows({ catalog }) {
      for (const r of catalog.records()) if (r.kind === 'relation' && r.relkind === 'i' && r.index) yield indexRow(catalog, r);
    },
  },
]);
