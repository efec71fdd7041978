// Compares every live relation's B+tree with its content in the LSM mirror (`treeline check`,
// tests): row counts, and rows that differ in key or value, by a merge of the two key orders.
// A tree whose pages fail their checksums is reported as unreadable, not repaired.
// Requires: no commit runs meanwhile (a stopped data directory, or the commit queue).
import type { CatalogStore } from '../catalog/catalog-store.js';
import { compareBytes } from '../storage/compare-bytes.js';
import type { RelationStore } from '../storage/relation-store.js';
import { RELATION_PREFIX_SIZE } from './internal-key.js';
import type { Mirror } from './mirror.js';

export interface RelationComparison {
  dbOid: number;
  database: string;
  relfilenode: number;
  /** The relation's name (schema-less), as the catalog has it. */
  name: string;
  /** Whether the mirror holds the relation (false: nothing compared). */
  mirrored: boolean;
  treeRows: number;
  mirrorRows: number;
  /** Keys present on one side only, or with different values. */
  differences: number;
  /** The tree could not be read (a damaged page): the message. */
  unreadable?: string;
}

export function compareWithMirror(mirror: Mirror, catalog: CatalogStore, relations: RelationStore): RelationComparison[] {
  const out: RelationComparison[] = [];
  for (const db of catalog.state.allDatabases()) {
    for (const r of catalog.state.catalog(db.oid).objects.values()) {
      if (r.kind !== 'relation' || r.relfilenode === 0 || !relations.exists(db.oid, r.relfilenode)) continue;
      const row: RelationComparison = { dbOid: db.oid, database: db.name, relfilenode: r.relfilenode, name: r.name, mirrored: mirror.isMirrored(db.oid, r.relfilenode), treeRows: 0, mirrorRows: 0, differences: 0 };
      out.push(row);
      if (!row.mirrored) continue;
      try {
        compareOne(mirror, relations, row);
      } catch (err) {
        row.unreadable = (err as Error).message;
      }
    }
  }
  return out;
}

function compareOne(mirror: Mirror, relations: RelationStore, row: RelationComparison): void {
  const tree = relations.tree(row.dbOid, row.relfilenode).cursor();
  const lsm = mirror.relationRows(row.dbOid, row.relfilenode);
  try {
    while (tree.valid() || lsm.valid()) {
      const c = !tree.valid() ? 1 : !lsm.valid() ? -1 : compareBytes(tree.key(), lsm.key().subarray(RELATION_PREFIX_SIZE));
      if (c <= 0) row.treeRows++;
      if (c >= 0) row.mirrorRows++;
      if (c !== 0 || !tree.value().equals(lsm.value())) row.differences++;
      if (c <= 0) tree.next();
      if (c >= 0) lsm.next();
    }
  } finally {
    tree.close();
    lsm.close();
  }
}
