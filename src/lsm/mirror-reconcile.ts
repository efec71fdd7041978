// Keeps the set of mirrored relations equal to the set of live relation files: a relation file
// the catalog uses but the mirror does not hold (created by a DDL commit — a bulk-built index,
// a rewritten table, a copied database — or present before the mirror existed) is taken whole
// from its B+tree; a mirrored relation the catalog no longer uses is recorded as dropped.
// Requires: runs in the commit queue (or at start), so the B+trees hold exactly the committed
// state at `csn` and nothing changes them meanwhile.
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { Logger } from '../log.js';
import type { RelationStore } from '../storage/relation-store.js';
import { relationId } from './manifest-format.js';
import type { IngestSource, Mirror } from './mirror.js';
import { liveRelationFiles } from './recovery.js';

/** Ingests unmirrored live relations and drops mirrored dead ones; returns how many of each. */
export async function reconcileMirror(
  mirror: Mirror,
  catalog: CatalogStore,
  relations: RelationStore,
  csn: number,
  log: Logger,
): Promise<{ ingested: number; dropped: number }> {
  const live = liveRelationFiles(catalog);
  const liveIds = new Set<string>();
  const sources: IngestSource[] = [];
  for (const [dbOid, files] of live) {
    for (const relfilenode of files) {
      liveIds.add(relationId(dbOid, relfilenode));
      if (mirror.isMirrored(dbOid, relfilenode) || !relations.exists(dbOid, relfilenode)) continue;
      sources.push({ dbOid, relfilenode, rows: relations.tree(dbOid, relfilenode).cursor() });
    }
  }
  const dropped = [...mirror.version.mirrored.values()].filter((r) => !liveIds.has(relationId(r.dbOid, r.relfilenode)));
  if (sources.length === 0 && dropped.length === 0) return { ingested: 0, dropped: 0 };
  try {
    await mirror.ingest(sources, csn, dropped);
  } finally {
    for (const s of sources) s.rows.close();
  }
  log.debug(`mirror: took ${sources.length} relation(s) whole at CSN ${csn}, ${dropped.length} dropped`);
  return { ingested: sources.length, dropped: dropped.length };
}
