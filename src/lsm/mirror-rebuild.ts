// Building a relation's B+tree file from the LSM mirror: the repair of a file whose page failed
// its checksum (as of a CSN), and the first start on a backup (the newest content).
// Requires: no commit changes the relation meanwhile (the rebuild is synchronous).
import type { Cursor } from '../storage/cursor.js';
import type { RelationStore } from '../storage/relation-store.js';
import { RELATION_PREFIX_SIZE } from './internal-key.js';
import type { Mirror } from './mirror.js';

/** Replaces the relation's file by the mirror's content as of `atCsn`; returns the row count. */
export function rebuildFromMirror(mirror: Mirror, relations: RelationStore, dbOid: number, relfilenode: number, atCsn = Infinity): number {
  const rows = mirror.relationRows(dbOid, relfilenode, atCsn);
  try {
    return relations.rebuild(dbOid, relfilenode, copiedRows(rows));
  } finally {
    rows.close();
  }
}

/** The rows of a mirror cursor (internal keys), copied, for a bulk load that outlives its views. */
function* copiedRows(rows: Cursor): Generator<readonly [Buffer, Buffer]> {
  for (; rows.valid(); rows.next()) yield [Buffer.from(rows.key().subarray(RELATION_PREFIX_SIZE)), Buffer.from(rows.value())] as const;
}
