// Crash recovery at start (DESIGN.md §7): relation files hold the last checkpoint's image (the
// double-write file repairs pages a crash tore in the middle of one), and the WAL from the
// checkpoint's redo segment on holds every commit after it. Recovery
//   1. rewrites an interrupted checkpoint's pages from the double-write file;
//   2. opens the catalog, first storing every WAL catalog batch newer than the catalog's CSN;
//   3. deletes relation files no relation of the catalog uses (created by a transaction that
//      never committed, or dropped by one whose commit reached the WAL but not the unlink);
//   4. replays every commit after the checkpoint into the B+trees of relations that exist,
//      and every commit after the mirror's last flushed CSN into its memtable (the WAL is read
//      from the older of the two redo segments).
// Replaying a commit's puts and deletes is idempotent, so a page image that already holds some
// of them (written by an interrupted checkpoint) ends up the same.
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { Logger } from '../log.js';
import type { RelationStore } from '../storage/relation-store.js';
import { CorruptPageError } from '../storage/pagefile.js';
import type { ControlData } from './control-file.js';
import { listSegments, readWal, readWalRecords } from './wal-reader.js';
import type { CommitRecord } from './wal-format.js';
import type { IoEngine } from '../io/engine.js';

export interface Recovered {
  /** The last CSN in the WAL (or the checkpoint's). */
  csn: number;
  /** Commits replayed into the B+trees. */
  replayed: number;
  /** The number the next WAL segment gets. */
  nextSegment: number;
  /** The mirror's commits were not all in the WAL any more (it ran without the mirror). */
  mirrorStale: boolean;
}

/** Where replayData sends the commits the mirror does not hold yet. */
export interface MirrorSink {
  readonly lastFlushedCsn: number;
  readonly redoSegment: number;
  add(record: CommitRecord, segment: number, durable: Promise<void>): void;
}

/** The relation files each database's catalog uses: database OID → relfilenodes. */
export function liveRelationFiles(catalog: CatalogStore): Map<number, Set<number>> {
  const live = new Map<number, Set<number>>();
  for (const db of catalog.state.allDatabases()) {
    const files = new Set<number>();
    for (const r of catalog.state.catalog(db.oid).objects.values()) {
      if (r.kind === 'relation' && r.relfilenode !== 0) files.add(r.relfilenode);
    }
    live.set(db.oid, files);
  }
  return live;
}

/** Step 2's hook (CatalogStore.open's replay): stores the WAL's newer catalog batches; returns the WAL's last CSN. */
export async function replayCatalog(
  engine: IoEngine,
  walDir: string,
  control: ControlData,
  log: Logger,
  storedCsn: number,
  write: (entries: readonly { key: Buffer; value: Buffer | null }[], csn: number) => Promise<void>,
): Promise<number> {
  let last = control.checkpointCsn;
  let stored = 0;
  for (const record of readWalRecords(engine, walDir, control.redoSegment, log)) {
    last = Math.max(last, record.csn);
    if (record.catalog.length > 0 && record.csn > storedCsn) {
      await write(record.catalog, record.csn);
      stored++;
    }
  }
  if (stored > 0) log.info(`recovery: stored ${stored} catalog change set(s) from the WAL`);
  return last;
}

/** Steps 3 and 4, once the catalog is open. */
export function replayData(
  engine: IoEngine,
  walDir: string,
  control: ControlData,
  catalog: CatalogStore,
  relations: RelationStore,
  lastCsn: number,
  log: Logger,
  options: {
    mirror?: MirrorSink | null;
    /** Rebuilds a damaged relation as of a CSN from the mirror; false when it cannot. */
    repair?: (dbOid: number, relfilenode: number, atCsn: number) => boolean;
    /** Replay into the B+trees (false when restoring a backup: they are built from the mirror). */
    trees?: boolean;
  } = {},
): Recovered {
  const { mirror = null, repair, trees = true } = options;
  const live = liveRelationFiles(catalog);
  const removed = relations.removeOrphans(live);
  if (removed > 0) log.info(`recovery: removed ${removed} relation file(s) no committed relation uses`);
  let replayed = 0;
  const first = listSegments(engine, walDir)[0];
  const mirrorStale = mirror !== null && mirror.lastFlushedCsn < control.checkpointCsn && (first === undefined || first > mirror.redoSegment);
  const from = mirror && !mirrorStale ? Math.min(control.redoSegment, mirror.redoSegment) : control.redoSegment;
  const done = Promise.resolve();
  for (const { record, segment } of readWal(engine, walDir, from, log)) {
    if (mirror && !mirrorStale && record.csn > mirror.lastFlushedCsn) mirror.add(record, segment, done);
    if (record.csn <= control.checkpointCsn || !trees) continue;
    const files = live.get(record.dbOid);
    for (const r of record.relations) {
      if (!files?.has(r.relfilenode)) continue; // dropped (or rewritten) since
      const redo = () => {
        const tree = relations.tree(record.dbOid, r.relfilenode);
        for (const e of r.entries) {
          if (e.value === null) tree.delete(e.key);
          else tree.put(e.key, e.value);
        }
      };
      try {
        redo();
      } catch (err) {
        // a torn page: the relation is rebuilt from the mirror as of the commit before, then redone
        const damaged = err instanceof CorruptPageError ? err.relation : null;
        if (damaged?.dbOid !== record.dbOid || damaged.relfilenode !== r.relfilenode || !repair?.(record.dbOid, r.relfilenode, record.csn - 1)) throw err;
        redo();
      }
    }
    replayed++;
  }
  if (replayed > 0) log.info(`recovery: replayed ${replayed} commit(s) after the checkpoint at CSN ${control.checkpointCsn}, up to CSN ${lastCsn}`);
  const segments = listSegments(engine, walDir);
  return { csn: lastCsn, replayed, nextSegment: Math.max(control.redoSegment, (segments.at(-1) ?? -1) + 1), mirrorStale };
}
