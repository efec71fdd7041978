// pg_catalog.pg_constraint: primary key, unique, check and foreign key constraints with
// PostgreSQL's column arrays (conkey; for a CHECK the columns its condition reads, ascending),
// the index that enforces a key (conindid; for a foreign key the referenced table's unique
// index), the foreign key's actions and equality operators, and a CHECK's condition as a
// pg_node_tree for pg_get_expr. NOT NULL is not a pg_constraint row in PostgreSQL 15.
import { builtins } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ConstraintRecord, RelationRecord, StoredExpr } from '../../catalog/objects.js';
import { encodeNodeTree } from '../deparse/node-tree.js';
import { Oid } from '../types/oids.js';
import { ArrayValue } from '../types/value.js';
import { defineTables, type RowValues } from './columns.js';

function int2Array(values: readonly number[]): ArrayValue {
  return new ArrayValue(Oid.int2, [...values], values.length > 0 ? [values.length] : []);
}

function oidArray(values: readonly number[]): ArrayValue {
  return new ArrayValue(Oid.oid, [...values], values.length > 0 ? [values.length] : []);
}

/** Column names a stored expression reads (ColumnRef nodes). */
function referencedNames(node: StoredExpr, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const x of node) referencedNames(x, out);
  else if (node && typeof node === 'object') {
    const ref = (node as { ColumnRef?: { fields: { String?: { sval: string } }[] } }).ColumnRef;
    if (ref) {
      const last = ref.fields[ref.fields.length - 1]?.String?.sval;
      if (last !== undefined) out.add(last);
    } else for (const v of Object.values(node)) referencedNames(v, out);
  }
  return out;
}

/** The attnums a CHECK condition reads, ascending (PostgreSQL's conkey of a check). */
export function checkColumns(table: RelationRecord | undefined, expr: StoredExpr): number[] {
  const names = referencedNames(expr);
  return (table?.columns ?? []).filter((c) => !c.dropped && names.has(c.name)).map((c) => c.attnum);
}

/** The `=` operator of a type (for a foreign key's conpfeqop), through binary-compatible text. */
function equalityOperator(type: number): number {
  const t = type === Oid.varchar ? Oid.text : type;
  return builtins().operatorsByName.get('=')?.find((o) => o.oprleft === t && o.oprright === t)?.oid ?? 0;
}

/** The unique index of `table` on exactly `columns` (a foreign key's referenced key). */
function keyIndex(catalog: CatalogTxn, tableOid: number, columns: readonly number[]): number {
  for (const index of catalog.indexesOf(tableOid)) {
    const info = index.index!;
    if (info.unique && info.predicate === undefined && info.columns.length === columns.length && info.columns.every((c) => columns.includes(c.attnum))) return index.oid;
  }
  return 0;
}

function constraintRow(catalog: CatalogTxn, con: ConstraintRecord): RowValues {
  const table = catalog.get(con.tableOid);
  const rel = table?.kind === 'relation' ? table : undefined;
  const fk = con.foreignKey;
  const conkey = con.contype === 'c' ? checkColumns(rel, con.checkExpr) : con.columns;
  const row: RowValues = {
    oid: con.oid,
    conname: con.name,
    connamespace: con.namespaceOid,
    contype: con.contype,
    condeferrable: con.deferrable,
    condeferred: con.initiallyDeferred,
    convalidated: true,
    conrelid: con.tableOid,
    contypid: 0,
    conindid: fk ? keyIndex(catalog, fk.refTableOid, fk.refColumns) : con.indexOid,
    conparentid: 0,
    confrelid: fk?.refTableOid ?? 0,
    confupdtype: fk?.onUpdate ?? ' ',
    confdeltype: fk?.onDelete ?? ' ',
    confmatchtype: fk ? (fk.matchFull ? 'f' : 's') : ' ',
    conislocal: true,
    coninhcount: 0,
    connoinherit: false,
    conkey: int2Array(conkey),
  };
  if (fk) {
    const ops = con.columns.map((a) => equalityOperator(rel?.columns[a - 1]?.typeOid ?? 0));
    Object.assign(row, { confkey: int2Array(fk.refColumns), conpfeqop: oidArray(ops), conppeqop: oidArray(ops), conffeqop: oidArray(ops) });
  }
  if (con.contype === 'c') row.conbin = encodeNodeTree({ node: con.checkExpr });
  return row;
}

defineTables([
  {
    oid: 2606,
    name: 'pg_constraint',
    relkind: 'r',
    rowType: 10003,
    columns:
      'oid oid!, conname name!, connamespace oid!, contype char!, condeferrable bool!, condeferred bool!, convalidated bool!, ' +
      'conrelid oid!, contypid oid!, conindid oid!, conparentid oid!, confrelid oid!, confupdtype char!, confdeltype char!, ' +
      'confmatchtype char!, conislocal bool!, coninhcount int4!, connoinherit bool!, conkey _int2, confkey _int2, conpfeqop _oid, ' +
      'conppeqop _oid, conffeqop _oid, confdelsetcols _int2, conexclop _oid, conbin pg_node_tree',
    *rows({ catalog }) {
      for (const r of catalog.records()) if (r.kind === 'constraint') yield constraintRow(catalog, r);
    },
  },
]);
