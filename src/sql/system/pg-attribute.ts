// pg_catalog.pg_attribute and pg_attrdef: the columns of every relation (system relations,
// tables, views, index key columns, and the three columns PostgreSQL gives a sequence), with
// their types' storage facts, and the column defaults and generation expressions as
// pg_node_tree values that pg_get_expr reads. A dropped column keeps its number under PostgreSQL's placeholder name, with type 0.
// Heap relations (tables, sequences, catalog tables) list PostgreSQL's system columns (ctid,
// xmin, ... with negative numbers) as PostgreSQL does, though Treeline's rows do not carry them.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord } from '../../catalog/objects.js';
import { encodeNodeTree, isNullDefault, type NodeTree } from '../deparse/node-tree.js';
import { Oid } from '../types/oids.js';
import { attrdefOid, catalogRelations, typeFacts, type CatalogRelation } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';

const SEQUENCE_COLUMNS: { name: string; type: number }[] = [
  { name: 'last_value', type: Oid.int8 },
  { name: 'log_cnt', type: Oid.int8 },
  { name: 'is_called', type: Oid.bool },
];

/** The system columns of a heap relation (tables, sequences, catalog tables), by attnum. */
const SYSTEM_COLUMNS: { attnum: number; name: string; type: number }[] = [
  { attnum: -6, name: 'tableoid', type: Oid.oid },
  { attnum: -5, name: 'cmax', type: Oid.cid },
  { attnum: -4, name: 'xmax', type: Oid.xid },
  { attnum: -3, name: 'cmin', type: Oid.cid },
  { attnum: -2, name: 'xmin', type: Oid.xid },
  { attnum: -1, name: 'ctid', type: Oid.tid },
];

/** Whether a column has a default PostgreSQL would store (DEFAULT NULL is not stored). */
export function hasStoredDefault(c: ColumnRecord): boolean {
  return !c.dropped && c.defaultExpr !== null && !isNullDefault(c.defaultExpr);
}

/** Whether a column is a stored generated column (its expression is in pg_attrdef). */
export function isGenerated(c: ColumnRecord): boolean {
  return !c.dropped && c.generated !== undefined;
}

/** The pg_attrdef expression of a column: its default or its generation expression, as adbin holds it. */
export function attrdefTree(c: ColumnRecord): NodeTree | null {
  if (isGenerated(c)) return { node: c.generated, coerceTo: { type: c.typeOid, typmod: c.typmod }, generated: true };
  return hasStoredDefault(c) ? { node: c.defaultExpr, coerceTo: { type: c.typeOid, typmod: c.typmod } } : null;
}

interface Attribute {
  attnum: number;
  name: string;
  type: number;
  typmod: number;
  notNull?: boolean;
  hasDefault?: boolean;
  identity?: string;
  generated?: boolean;
  dropped?: boolean;
  /** Declared array dimensions (table columns). */
  ndims?: number;
}

function attributeRow(catalog: CatalogTxn, relOid: number, a: Attribute): RowValues {
  const facts = typeFacts(catalog, a.type);
  return {
    attrelid: relOid,
    attname: a.dropped ? `........pg.dropped.${a.attnum}........` : a.name,
    atttypid: a.dropped ? 0 : a.type,
    attstattarget: a.dropped || a.attnum < 0 ? 0 : -1,
    attlen: facts?.typlen ?? -1,
    attnum: a.attnum,
    attndims: a.ndims ?? 0,
    attcacheoff: -1,
    atttypmod: a.typmod,
    attbyval: facts?.typbyval ?? false,
    attalign: facts?.typalign ?? 'i',
    attstorage: facts?.typstorage ?? 'x',
    attcompression: '',
    attnotnull: a.notNull ?? false,
    atthasdef: a.hasDefault ?? false,
    atthasmissing: false,
    attidentity: a.identity ?? '',
    attgenerated: a.generated ? 's' : '',
    attisdropped: a.dropped ?? false,
    attislocal: true,
    attinhcount: 0,
    attcollation: facts?.typcollation ?? 0,
  };
}

/** A relation's attributes in attnum order: its system columns (if it has storage), then its own. */
function attributesOf(catalog: CatalogTxn, rel: CatalogRelation): Attribute[] {
  const heap = rel.record.relkind === 'r' || rel.record.relkind === 'S';
  const system = heap ? SYSTEM_COLUMNS.map((c) => ({ ...c, typmod: -1, notNull: true })) : [];
  return [...system, ...ownAttributes(catalog, rel)];
}

function ownAttributes(catalog: CatalogTxn, rel: CatalogRelation): Attribute[] {
  const r = rel.record;
  if (rel.system) {
    return rel.system.columns.map((c, i) => ({
      attnum: i + 1,
      name: c.name,
      type: c.domain ?? c.type,
      typmod: c.domain !== undefined ? -1 : (c.typmod ?? -1),
      notNull: c.notNull ?? false,
    }));
  }
  switch (r.relkind) {
    case 'S':
      return SEQUENCE_COLUMNS.map((c, i) => ({ attnum: i + 1, name: c.name, type: c.type, typmod: -1, notNull: true }));
    case 'i':
      return r.columns.map((c, i) => ({ attnum: i + 1, name: c.name, type: c.typeOid, typmod: c.typmod }));
    default:
      return r.columns.map((c) => ({
        attnum: c.attnum,
        name: c.name,
        type: c.typeOid,
        typmod: c.typmod,
        notNull: !c.dropped && c.notNull,
        hasDefault: hasStoredDefault(c) || isGenerated(c),
        identity: c.identity,
        generated: isGenerated(c),
        dropped: c.dropped,
        ndims: r.relkind === 'r' && typeFacts(catalog, c.typeOid)?.isArray ? 1 : 0,
      }));
  }
}

defineTables([
  {
    oid: 1249,
    name: 'pg_attribute',
    relkind: 'r',
    rowType: 75,
    columns:
      'attrelid oid!, attname name!, atttypid oid!, attstattarget int4!, attlen int2!, attnum int2!, attndims int4!, ' +
      'attcacheoff int4!, atttypmod int4!, attbyval bool!, attalign char!, attstorage char!, attcompression char!, ' +
      'attnotnull bool!, atthasdef bool!, atthasmissing bool!, attidentity char!, attgenerated char!, attisdropped bool!, ' +
      'attislocal bool!, attinhcount int4!, attcollation oid!, attacl _aclitem, attoptions _text, attfdwoptions _text, ' +
      'attmissingval anyarray',
    *rows({ catalog }) {
      for (const rel of catalogRelations(catalog)) {
        for (const a of attributesOf(catalog, rel)) yield attributeRow(catalog, rel.record.oid, a);
      }
    },
  },
  {
    oid: 2604,
    name: 'pg_attrdef',
    relkind: 'r',
    rowType: 10001,
    columns: 'oid oid!, adrelid oid!, adnum int2!, adbin pg_node_tree!',
    *rows({ catalog }) {
      for (const r of catalog.records()) {
        if (r.kind !== 'relation' || r.relkind !== 'r') continue;
        for (const c of r.columns) {
          const tree = attrdefTree(c);
          if (!tree) continue;
          yield { oid: attrdefOid(r.oid, c.attnum), adrelid: r.oid, adnum: c.attnum, adbin: encodeNodeTree(tree) };
        }
      }
    },
  },
]);
