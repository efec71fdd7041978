// The catalog side of dropping one table column, as PostgreSQL does it when a column goes
// (DROP TYPE ... CASCADE today; ALTER TABLE ... DROP COLUMN may share it): the column stays in
// the record, marked dropped and renamed `........pg.dropped.N........`, so attnums and the
// stored rows keep their layout (rows still hold a value, or NULL, in its place, decoded with
// its old type OID); indexes over it (in a column, an expression or the predicate), unique and
// foreign-key constraints over it and CHECK constraints that mention it are dropped with it, views that read it are dropped by the caller. Dropping a
// primary-key column drops the primary key: the table's rows, keyed by it, are then rewritten
// under hidden row ids (at once, or by the caller's ALTER TABLE when it asks to do it later).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { dropRelation } from './drop.js';
import { rewriteTable } from './table-rewrite.js';

/** Whether a stored parse tree refers to a column of this name (or to all columns, `*`). */
export function mentionsColumn(tree: Node, column: string): boolean {
  if (tree === null || typeof tree !== 'object') return false;
  if (Array.isArray(tree)) return tree.some((n) => mentionsColumn(n, column));
  const ref = tree.ColumnRef;
  if (ref) {
    const last = (ref.fields as Node[])[ref.fields.length - 1];
    if (last?.A_Star !== undefined || last?.String?.sval === column) return true;
  }
  return Object.values(tree).some((n) => mentionsColumn(n, column));
}

/**
 * Marks column `attnum` of `table` dropped, with what depends on it inside the table. When the
 * primary key goes with it, the rows are rewritten now unless `rewriteLater` (the caller does).
 */
export function dropColumn(session: Session, catalog: CatalogTxn, table: RelationRecord, attnum: number, rewriteLater = false): { primaryKeyDropped: boolean } {
  const primaryKeyDropped = table.primaryKey.includes(attnum);
  const column = table.columns[attnum - 1]!;
  // foreign keys from or to this column
  for (const r of catalog.records()) {
    if (r.kind !== 'constraint' || !r.foreignKey) continue;
    const from = r.tableOid === table.oid && r.columns.includes(attnum);
    const to = r.foreignKey.refTableOid === table.oid && r.foreignKey.refColumns.includes(attnum);
    if (from || to) catalog.drop(r.oid);
  }
  for (const c of catalog.constraintsOf(table.oid)) {
    if (c.contype === 'c' && c.checkExpr !== undefined && mentionsColumn(c.checkExpr, column.name)) catalog.drop(c.oid);
  }
  for (const index of catalog.indexesOf(table.oid)) {
    const info = index.index!;
    const expressions = [...(info.expressions ?? []), ...(info.predicate !== undefined ? [info.predicate] : [])] as Node[];
    if (!info.columns.some((c) => c.attnum === attnum) && !expressions.some((e) => mentionsColumn(e, column.name))) continue;
    for (const c of catalog.constraintsOf(table.oid)) if (c.indexOid === index.oid) catalog.drop(c.oid);
    dropRelation(session, catalog, index, true);
  }
  const current = catalog.get(table.oid) as RelationRecord;
  const columns = current.columns.map((c) =>
    c.attnum === attnum ? { ...c, name: `........pg.dropped.${attnum}........`, dropped: true, notNull: false, defaultExpr: null, identity: '' as const, sequenceOid: 0 } : c,
  );
  catalog.put({ ...current, columns, primaryKey: primaryKeyDropped ? [] : current.primaryKey });
  // owned sequences go with the column (whose default no longer uses them)
  for (const d of catalog.dependentsOf(table.oid)) {
    if (d.kind === 'relation' && d.ownedBy?.attnum === attnum) dropRelation(session, catalog, d, true);
  }
  if (primaryKeyDropped && !rewriteLater) rewriteTable(session, catalog, table.oid, { from: table });
  return { primaryKeyDropped };
}
