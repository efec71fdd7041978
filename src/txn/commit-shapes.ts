// Commit-time checks of a transaction's shape against the committed catalog: the tables it wrote
// must still have the files and indexes it wrote them with (else 40001), and which relation
// files it created (a DDL commit flushes those whole and the mirror takes them whole).
import type { CatalogStore } from '../catalog/catalog-store.js';
import { DbError, SqlState } from '../errors.js';
import type { Transaction } from './transaction.js';

/**
 * A table written with indexes that no longer match the committed catalog (another
 * transaction created or dropped one, or dropped the table) cannot be applied: its index
 * entries would be missing or go to a deleted file. Such a commit fails with 40001.
 */
export function checkShapes(catalog: CatalogStore, txn: Transaction): void {
  const dbOid = txn.catalog.dbOid;
  const committed = catalog.state.catalog(dbOid);
  for (const shape of txn.writes.shapes.values()) {
    const mine = txn.catalog.get(shape.oid);
    if (!mine) continue; // dropped by this transaction: its writes go nowhere
    const conflict = () =>
      new DbError(SqlState.SerializationFailure, 'could not serialize access due to concurrent update', {
        detail: `The definition of table "${shape.name}" was changed by another transaction.`,
      });
    const table = committed.objects.get(shape.oid);
    if (!table) {
      // created by this transaction, or dropped by another one
      if (txn.catalog.createdHere(shape.oid)) continue;
      throw conflict();
    }
    // rewritten by another transaction (ALTER TABLE, TRUNCATE): the old file is going away
    if (table.kind === 'relation' && table.relfilenode !== shape.relfilenode) throw conflict();
    const committedIndexes = new Set<number>();
    for (const oid of committed.dependentsOf(shape.oid)) {
      const r = committed.objects.get(oid);
      if (r?.kind === 'relation' && r.relkind === 'i' && r.relfilenode !== 0) committedIndexes.add(r.relfilenode);
    }
    const shapeIndexes = new Set(shape.indexes.map((i) => i.relfilenode));
    for (const f of committedIndexes) if (!shapeIndexes.has(f)) throw conflict();
    for (const f of shapeIndexes) if (!committedIndexes.has(f) && !txn.catalog.createdHere(f)) throw conflict();
  }
}

/** Relation files the transaction created (new tables, indexes, rewrites). */
export function newFilesOf(catalog: CatalogStore, txn: Transaction): number[] {
  const committed = catalog.state.catalog(txn.catalog.dbOid);
  const out: number[] = [];
  for (const [oid, r] of txn.catalog.changeSet().objects) {
    if (r?.kind !== 'relation' || r.relfilenode === 0) continue;
    const before = committed.objects.get(oid);
    if (before?.kind !== 'relation' || before.relfilenode !== r.relfilenode) out.push(r.relfilenode);
  }
  return out;
}
