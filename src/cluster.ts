// The running cluster: everything sessions share — the I/O engine, the page cache, the
// relation files, the catalog, the WAL and the commit path. One per server (or per embedded
// instance). Opening it recovers the data directory (lsm/recovery.ts).
// Commits are serialized: a commit's checks, its WAL record, its catalog batch and the
// application of its write set to the B+trees happen with no other commit in between, so a
// committed state is always the result of whole transactions in commit order.
// Durability (DESIGN.md §6-7): a commit is acknowledged only after its WAL record is durable;
// B+tree pages reach their files only at checkpoints (checkpointer.ts; evicted dirty pages go
// to the spill file), so the files always hold the last checkpoint's image and recovery replays
// the WAL on it.
// The LSM mirror (lsm/mirror.ts) receives every commit too, right before it is applied, so
// between commits each mirrored relation's newest content in the mirror equals its B+tree: a
// B+tree file that fails a checksum is rebuilt from it (repairRelation).
import { join } from 'node:path';
import { nowMicros } from './sql/clock.js';
import { DbError, SqlState } from './errors.js';
import { CatalogStore } from './catalog/catalog-store.js';
import type { CatalogTxn } from './catalog/catalog-txn.js';
import type { IoEngine } from './io/engine.js';
import type { Logger } from './log.js';
import { Checkpointer } from './checkpointer.js';
import { readControlFile, type ControlData } from './lsm/control-file.js';
import { liveRelationFiles, replayCatalog, replayData } from './lsm/recovery.js';
import { BACKUP_LABEL, checkBackupTarget, writeBackup, type BackupSummary } from './lsm/backup.js';
import { Mirror } from './lsm/mirror.js';
import { reconcileMirror } from './lsm/mirror-reconcile.js';
import { rebuildFromMirror } from './lsm/mirror-rebuild.js';
import { WriteAheadLog } from './lsm/wal.js';
import type { CommitRecord, RedoEntry } from './lsm/wal-format.js';
import { repairFromDoubleWrite } from './storage/double-write.js';
import type { CursorOptions } from './storage/cursor.js';
import type { PageCache } from './storage/pagecache.js';
import { RelationStore } from './storage/relation-store.js';
import { SpillFile } from './storage/spill-file.js';
import { CorruptPageError } from './storage/pagefile.js';
import { RowLocks, type LockHolder } from './txn/row-locks.js';
import { SnapshotRegistry } from './txn/snapshots.js';
import { SerializableTracker, type WrittenKeys } from './txn/ssi.js';
import { RowIds } from './txn/table-access.js';
import { Transaction } from './txn/transaction.js';
import { checkShapes, newFilesOf } from './txn/commit-shapes.js';
import { VersionStore } from './txn/version-store.js';

export interface ClusterOptions {
  /** fdatasync the WAL at commit (default true); false can lose acknowledged commits. */
  fsync?: boolean;
  /** Seconds between periodic checkpoints (default 300; 0: none but at shutdown and by WAL size). */
  checkpointInterval?: number;
  /** WAL bytes written since the last checkpoint that start one (default 256 MiB). */
  checkpointWalBytes?: number;
  /** Keep the LSM mirror (default true; false only for benchmarks: no repair, no backup). */
  mirror?: boolean;
  /** Memtable bytes at which it is flushed to an SSTable (default 64 MiB). */
  memtableBytes?: number;
  /** Compaction write rate, bytes per second (default 64 MiB/s; 0: unlimited). */
  compactionBytesPerSecond?: number;
  /** Rebuild damaged relation files from the mirror (default true; `treeline check` only reports). */
  repair?: boolean;
}

/** What the cluster knows of a session: enough to count it and to end it (DROP DATABASE FORCE). */
export interface ClusterSession {
  terminate?(): void;
}

export class Cluster {
  readonly relations: RelationStore;
  readonly rowIds = new RowIds();
  private commitQueue: Promise<void> = Promise.resolve();
  /** Commits that changed each relation ("db/relfilenode"), for builds that must see them all. */
  private readonly relationCommits = new Map<string, number>();
  /** Sessions by database OID (DROP DATABASE refuses to drop a database in use). */
  private readonly sessions = new Map<number, Set<ClusterSession>>();

  /** The CSN of the last commit (each commit that changes anything takes the next one). */
  private csn = 0;
  readonly snapshots = new SnapshotRegistry();
  readonly versions = new VersionStore();
  readonly locks = new RowLocks();
  readonly ssi = new SerializableTracker();
  /** Set when the WAL failed: commits are refused until a restart recovers. */
  private failure: DbError | null = null;
  private wal!: WriteAheadLog;
  /** The LSM mirror (null when disabled). */
  mirror: Mirror | null = null;
  private spill!: SpillFile;
  private checkpointer: Checkpointer | undefined;
  /** When this run started (pg_stat_wal.stats_reset), microseconds since 2000-01-01. */
  readonly startedAt = nowMicros();
  /** Checkpoints completed in this run (statistics, tests). */
  get checkpoints(): number {
    return this.checkpointer?.count ?? 0;
  }

  private constructor(
    readonly engine: IoEngine,
    readonly dataDir: string,
    readonly cache: PageCache,
    readonly catalog: CatalogStore,
    readonly log: Logger,
    private readonly options: ClusterOptions,
  ) {
    this.relations = new RelationStore(engine, dataDir, cache);
  }

  /** Opens (creating or recovering) the data directory's cluster. */
  static async open(engine: IoEngine, dataDir: string, cache: PageCache, log: Logger, options: ClusterOptions = {}): Promise<Cluster> {
    repairFromDoubleWrite(engine, dataDir, log);
    const control: ControlData = readControlFile(engine, dataDir) ?? { checkpointCsn: 0, redoSegment: 0 };
    const walDir = join(dataDir, 'wal');
    let lastCsn = control.checkpointCsn;
    const catalog = await CatalogStore.open(engine, dataDir, log, async (storedCsn, write) => {
      lastCsn = await replayCatalog(engine, walDir, control, log, storedCsn, write);
    });
    const cluster = new Cluster(engine, dataDir, cache, catalog, log, options);
    cluster.spill = SpillFile.create(engine, join(dataDir, 'pg_spill'));
    cache.useSpillFile(cluster.spill);
    let nextSegment = control.redoSegment;
    if (options.mirror !== false) {
      cluster.mirror = await Mirror.open(engine, dataDir, {
        log,
        memtableBytes: options.memtableBytes,
        compactionBytesPerSecond: options.compactionBytesPerSecond,
        walSegment: () => cluster.wal?.segment ?? nextSegment,
        snapshots: () => cluster.snapshots.csns(),
        onFlushed: () => cluster.releaseWal(),
      });
    }
    // a backup's directory (lsm/backup.ts): its B+trees are built from the mirror, not replayed
    const restoring = engine.exists(join(dataDir, BACKUP_LABEL));
    if (restoring && !cluster.mirror) throw new DbError(SqlState.FeatureNotSupported, 'a backup can only be started with the LSM mirror on');
    const recovered = replayData(engine, walDir, control, catalog, cluster.relations, lastCsn, log, {
      mirror: cluster.mirror,
      repair: (db, rel, at) => cluster.repairRelation(db, rel, at),
      trees: !restoring,
    });
    nextSegment = recovered.nextSegment;
    cluster.csn = recovered.csn;
    cluster.snapshots.advance(recovered.csn);
    cluster.wal = WriteAheadLog.create(engine, walDir, recovered.nextSegment, { fsync: options.fsync, log });
    const checkpointer = new Checkpointer(
      {
        engine,
        dataDir,
        cache,
        log,
        wal: () => cluster.wal,
        csn: () => cluster.csn,
        mirror: () => cluster.mirror,
        inQueue: (work) => cluster.inQueue(work),
        healthy: () => cluster.failure === null,
      },
      control.redoSegment,
      options.checkpointWalBytes,
    );
    cluster.checkpointer = checkpointer;
    if (cluster.mirror && recovered.mirrorStale && cluster.mirror.version.mirrored.size > 0) {
      // the WAL no longer holds commits the mirror lacks: it starts over from the B+trees,
      // at a CSN of its own (made durable by a checkpoint before anything is taken)
      log.warn('mirror: the WAL lacks commits the mirror needs (it was off); taking every relation again');
      await cluster.mirror.ingest([], cluster.csn, [...cluster.mirror.version.mirrored.values()]);
      cluster.csn++;
      cluster.snapshots.advance(cluster.csn);
    }
    if (restoring) cluster.buildTreesFromMirror();
    await checkpointer.run();
    if (restoring) {
      engine.unlink(join(dataDir, BACKUP_LABEL));
      engine.syncDir(dataDir);
      log.info(`restored a backup: every relation built from the mirror, up to CSN ${cluster.csn}`);
    }
    if (cluster.mirror) {
      const { ingested } = await reconcileMirror(cluster.mirror, catalog, cluster.relations, cluster.csn, log);
      if (ingested > 0) log.info(`mirror: took ${ingested} relation(s) whole from their B+trees`);
      // a compaction left undone by the last run goes on now (not while `check` reads the files)
      if (options.repair !== false) cluster.mirror.startCompaction();
    }
    checkpointer.startTimer(options.checkpointInterval ?? 300);
    return cluster;
  }

  /** WAL counters (pg_stat_wal). */
  get walStats() {
    return this.wal.stats;
  }

  /** The last commit's CSN. */
  get lastCsn(): number {
    return this.csn;
  }

  /** Runs a checkpoint after the commits queued so far (CHECKPOINT, CREATE DATABASE). */
  checkpoint(): Promise<void> {
    return this.checkpointer!.checkpoint();
  }

  /** Runs `work` after everything queued before it; later work waits for it (failures included). */
  private inQueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.commitQueue.then(work);
    this.commitQueue = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  /** Deletes the WAL segments neither the last checkpoint nor the mirror needs (checkpointer.ts). */
  releaseWal(): void {
    this.checkpointer?.releaseWal();
  }

  /** Mirrors new relation files and forgets dropped ones after a DDL commit (failures are logged: the next start does it). */
  private async reconcileMirror(): Promise<void> {
    if (!this.mirror) return;
    try {
      await reconcileMirror(this.mirror, this.catalog, this.relations, this.csn, this.log);
    } catch (err) {
      this.log.error('mirror: could not take new relations into the mirror; the next start does', err);
    }
  }

  /**
   * Rebuilds a relation file from the mirror (a page failed its checksum); `beforeCsn` rebuilds
   * the state before that commit (a commit being applied). Returns false when the mirror does not
   * hold the relation. Synchronous: no commit runs meanwhile.
   */
  repairRelation(dbOid: number, relfilenode: number, atCsn = Infinity): boolean {
    if (this.options.repair === false || !this.mirror?.isMirrored(dbOid, relfilenode, atCsn)) return false;
    const count = rebuildFromMirror(this.mirror, this.relations, dbOid, relfilenode, atCsn);
    this.relationCommits.set(`${dbOid}/${relfilenode}`, (this.relationCommits.get(`${dbOid}/${relfilenode}`) ?? 0) + 1);
    this.repairs++;
    this.log.warn(`repaired relation file base/${dbOid}/${relfilenode} from the LSM mirror: ${count} row(s) rewritten`);
    return true;
  }

  /** Builds every live relation's B+tree from the mirror (the first start on a backup). */
  private buildTreesFromMirror(): void {
    for (const [dbOid, files] of liveRelationFiles(this.catalog)) {
      for (const relfilenode of files) {
        if (!this.mirror?.isMirrored(dbOid, relfilenode)) {
          throw new DbError(SqlState.DataCorrupted, `the backup's mirror does not hold relation file base/${dbOid}/${relfilenode}`);
        }
        rebuildFromMirror(this.mirror, this.relations, dbOid, relfilenode);
      }
    }
  }

  /**
   * An online backup into `dir` (`treeline backup`), taken at a commit boundary: it waits for the
   * commits queued before it and for their WAL records, then links and copies synchronously.
   */
  backup(dir: string): Promise<BackupSummary> {
    const mirror = this.mirror;
    if (!mirror) return Promise.reject(new DbError(SqlState.FeatureNotSupported, 'online backup needs the LSM mirror (--mirror on)'));
    try {
      checkBackupTarget(dir);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.inQueue(async () => {
      await this.wal.idle();
      this.refuseIfFailed();
      const pin = mirror.pin();
      try {
        return writeBackup({ engine: this.engine, dataDir: this.dataDir, version: pin.version, files: pin.files, walSegment: this.wal.segment, csn: this.csn }, dir);
      } finally {
        pin.release();
      }
    });
  }

  /** Relation files rebuilt from the mirror in this run. */
  repairs = 0;

  /** A catalog-only change outside any table transaction (CREATE / DROP DATABASE), in commit order. */
  commitCatalog(txn: CatalogTxn): Promise<void> {
    return this.inQueue(async () => {
      await this.catalog.commit(txn);
      await this.reconcileMirror();
    });
  }

  /** Numbers of the live sessions' temporary schemas (pg_temp_N), cluster-wide as in PostgreSQL. */
  private readonly tempIds = new Set<number>();

  /** The lowest temporary-schema number no live session holds. */
  allocateTempId(): number {
    let id = 1;
    while (this.tempIds.has(id)) id++;
    this.tempIds.add(id);
    return id;
  }

  releaseTempId(id: number): void {
    this.tempIds.delete(id);
  }

  /** A session starts or stops using a database. */
  attach(dbOid: number, session: ClusterSession): void {
    let set = this.sessions.get(dbOid);
    if (!set) this.sessions.set(dbOid, (set = new Set()));
    set.add(session);
  }

  detach(dbOid: number, session: ClusterSession): void {
    this.sessions.get(dbOid)?.delete(session);
  }

  sessionsOn(dbOid: number): ClusterSession[] {
    return [...(this.sessions.get(dbOid) ?? [])];
  }

  private nextXid = 1000;

  /** Transactions begun and not yet ended (committed and visible, or rolled back). */
  private readonly open = new Set<Transaction>();

  /** A new transaction on a database, for the session with backend pid `pid`. */
  begin(dbOid: number, pid = 0): Transaction {
    const txn = new Transaction(this.catalog.begin(dbOid), this.nextXid++, pid);
    this.open.add(txn);
    return txn;
  }

  /** Whether a transaction has begun and not yet ended. */
  isOpen(txn: LockHolder): boolean {
    return this.open.has(txn as Transaction);
  }

  /** Other open transactions with a pending (not deleted) entry of `relation` within the bounds. */
  writersWithin(self: Transaction, relation: string, bounds: CursorOptions): Transaction[] {
    const out: Transaction[] = [];
    for (const t of this.open) {
      if (t === self) continue;
      const entries = t.writes.entriesOf(relation);
      if (!entries || entries.size === 0) continue;
      const c = entries.cursor(bounds);
      try {
        for (; c.valid(); c.next()) {
          if (c.value() !== null) {
            out.push(t);
            break;
          }
        }
      } finally {
        c.close();
      }
    }
    return out;
  }

  /**
   * Commits: runs the commit checks, writes the WAL record, applies the write set to the
   * B+trees (readers' snapshots keep seeing the old versions) and resolves once the record is
   * durable and the commit visible, after the after-commit actions. A failed check rejects (the
   * caller rolls the transaction back); nothing is applied then.
   * Data-only commits are pipelined: the next one is checked and applied while this one's
   * record waits for the group flush, so commits that arrive together share one fdatasync.
   * A commit that changes the catalog runs alone, after every earlier commit is visible.
   */
  commit(txn: Transaction): Promise<void> {
    if (txn.readOnly && txn.commitActions().length === 0) {
      if (txn.serializable) this.ssi.end(txn.serializable);
      this.open.delete(txn);
      this.locks.release(txn); // SELECT … FOR UPDATE in a transaction that wrote nothing
      return Promise.resolve();
    }
    if (txn.catalog.changed) {
      return this.inQueue(() => this.commitExclusive(txn));
    }
    const prepared = this.commitQueue.then(() => this.prepareDataCommit(txn));
    this.commitQueue = prepared.then(
      () => {},
      () => {},
    );
    return prepared.then((p) => this.finishCommit(txn, p));
  }

  private refuseIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** The WAL entries of a transaction's writes, by relation file. */
  private redoOf(txn: Transaction): { relfilenode: number; entries: RedoEntry[] }[] {
    const relations: { relfilenode: number; entries: RedoEntry[] }[] = [];
    for (const [relation, entries] of txn.writes.relationEntries()) {
      if (entries.size === 0) continue;
      const redo: RedoEntry[] = [];
      for (const [key, value] of entries.entries()) redo.push({ key, value });
      relations.push({ relfilenode: Number(relation.slice(relation.indexOf('/') + 1)), entries: redo });
    }
    return relations;
  }

  /** SERIALIZABLE: fails (40001) a transaction that is an SSI pivot; returns its written keys. */
  private serializableCheck(txn: Transaction, relations: readonly { relfilenode: number; entries: RedoEntry[] }[]): WrittenKeys | null {
    if (!txn.serializable) return null;
    const written: WrittenKeys = new Map();
    for (const r of relations) written.set(`${txn.catalog.dbOid}/${r.relfilenode}`, r.entries.map((e) => e.key));
    this.ssi.check(txn.serializable, written);
    return written;
  }

  /** Stage 1 of a data-only commit (in the queue, synchronous): checks, WAL append, apply. */
  private prepareDataCommit(txn: Transaction): { csn: number; durable: Promise<void> } | null {
    this.refuseIfFailed();
    checkShapes(this.catalog, txn);
    txn.committing = true;
    for (const check of txn.writes.commitChecks()) check();
    const relations = this.redoOf(txn);
    const written = this.serializableCheck(txn, relations);
    if (relations.length === 0) {
      if (txn.serializable) this.ssi.end(txn.serializable);
      return null;
    }
    const csn = ++this.csn;
    if (txn.serializable) this.ssi.committedAs(txn.serializable, csn, written!);
    const record: CommitRecord = { csn, dbOid: txn.catalog.dbOid, catalog: [], relations };
    const durable = this.wal.append(record);
    durable.catch(() => {}); // observed by finishCommit
    this.mirror?.add(record, this.wal.segment, durable);
    this.apply(txn, csn);
    return { csn, durable };
  }

  /** Stage 2: waits for durability, makes the commit visible, runs the after-commit actions. */
  private async finishCommit(txn: Transaction, prepared: { csn: number; durable: Promise<void> } | null): Promise<void> {
    if (prepared) {
      try {
        await prepared.durable;
      } catch (err) {
        this.failure ??= new DbError(SqlState.IoError, `could not write the write-ahead log: ${(err as Error).message}`, {
          hint: 'Restart the server: recovery replays what reached the disk.',
        });
        throw this.failure;
      }
      this.snapshots.advance(prepared.csn);
      this.pruneVersions();
    }
    // its rows are visible now: waiters re-run and see them
    this.open.delete(txn);
    this.locks.release(txn);
    for (const action of txn.commitActions()) {
      try {
        action();
      } catch (err) {
        this.log.warn(`after-commit action failed: ${(err as Error).message}`);
      }
    }
    // nextval's log-ahead records are durable before the commit that used them is acknowledged
    await this.catalog.sequences.settled();
    this.checkpointer!.walWritten();
  }

  /** Drops old row versions no registered snapshot can read any more. */
  pruneVersions(): void {
    this.versions.prune(this.snapshots.horizon());
  }

  /**
   * Applies a commit's write set to the B+trees, keeping each key's old value as a version —
   * except in `newFiles`, files the transaction created, which no other snapshot can read.
   */
  private apply(txn: Transaction, csn: number, newFiles: ReadonlySet<number> = new Set()): void {
    const dbOid = txn.catalog.dbOid;
    try {
      for (const [relation, entries] of txn.writes.relationEntries()) {
        // a relation whose writes were all rolled back (ROLLBACK TO) may no longer have a file
        if (entries.size === 0) continue;
        this.relationCommits.set(relation, (this.relationCommits.get(relation) ?? 0) + 1);
        const relfilenode = Number(relation.slice(relation.indexOf('/') + 1));
        const keepVersions = !newFiles.has(relfilenode);
        let recorded = 0;
        const applyAll = () => {
          const tree = this.relations.tree(dbOid, relfilenode);
          let i = 0;
          for (const [key, value] of entries.entries()) {
            if (keepVersions && i++ >= recorded) {
              this.versions.record(relation, key, tree.get(key) ?? null, csn);
              recorded = i;
            }
            if (value === null) tree.delete(key);
            else tree.put(key, value);
          }
        };
        try {
          applyAll();
        } catch (err) {
          // a damaged page: rebuilt as of the commit before this one, then the commit goes on
          const r = err instanceof CorruptPageError ? err.relation : null;
          if (r === null || r.dbOid !== dbOid || r.relfilenode !== relfilenode || !this.repairRelation(dbOid, relfilenode, csn - 1)) throw err;
          applyAll();
        }
      }
    } catch (err) {
      // the WAL holds the commit but the data could not be applied: no way to continue safely
      this.log.error('could not apply a committed transaction', err);
      this.failure = new DbError(SqlState.DataCorrupted, `could not apply committed changes: ${(err as Error).message}`, {
        hint: 'Restart the server: recovery replays the commit from the WAL.',
      });
      throw this.failure;
    }
  }

  /** How many commits have changed a relation (table or index) so far in this run. */
  tableVersion(dbOid: number, relfilenode: number): number {
    return this.relationCommits.get(`${dbOid}/${relfilenode}`) ?? 0;
  }

  /** A commit that changes the catalog: alone, after every earlier commit is durable. */
  private async commitExclusive(txn: Transaction): Promise<void> {
    await this.wal.idle();
    this.refuseIfFailed();
    checkShapes(this.catalog, txn);
    txn.committing = true;
    for (const check of txn.writes.commitChecks()) check();
    const dbOid = txn.catalog.dbOid;
    // a new file's content is not all in the WAL (bulk builds): it goes to disk whole, first
    const newFiles = new Set(newFilesOf(this.catalog, txn));
    for (const relfilenode of newFiles) this.relations.flushNew(dbOid, relfilenode);
    const relations = this.redoOf(txn);
    const written = this.serializableCheck(txn, relations);
    const csn = ++this.csn;
    if (txn.serializable) this.ssi.committedAs(txn.serializable, csn, written!);
    const record: CommitRecord = { csn, dbOid, catalog: this.catalog.batchOf(txn.catalog), relations };
    const durable = this.wal.append(record);
    durable.catch(() => {});
    try {
      await durable;
    } catch (err) {
      this.failure ??= new DbError(SqlState.IoError, `could not write the write-ahead log: ${(err as Error).message}`);
      throw this.failure;
    }
    await this.catalog.commit(txn.catalog, csn);
    // new files are taken whole by reconcileMirror below
    this.mirror?.add({ ...record, relations: relations.filter((r) => !newFiles.has(r.relfilenode)) }, this.wal.segment, durable);
    this.apply(txn, csn, newFiles);
    await this.reconcileMirror();
    await this.finishCommit(txn, { csn, durable });
  }

  /** Rolls a transaction back: only its abort actions (and its row locks) have effects outside it. */
  abort(txn: Transaction): void {
    this.open.delete(txn);
    this.locks.release(txn);
    if (txn.serializable) this.ssi.end(txn.serializable);
    for (const action of txn.abortActions()) {
      try {
        action();
      } catch (err) {
        this.log.warn(`abort action failed: ${(err as Error).message}`);
      }
    }
  }

  /** A simulated crash (tests): timers stop and nothing more is written; the files stay as they are. */
  abandon(): void {
    this.checkpointer?.stopTimer();
    this.mirror?.abandon();
    this.failure = new DbError(SqlState.AdminShutdown, 'the server is gone');
  }

  /** Clean shutdown: a checkpoint, then every relation, the WAL and the catalog closed. */
  async close(): Promise<void> {
    this.checkpointer?.stopTimer();
    let checkpointed = true;
    try {
      await this.checkpoint();
    } catch (err) {
      // the files keep the last checkpoint's image; the next start replays the WAL onto it
      checkpointed = false;
      this.log.error('shutdown checkpoint failed; the next start recovers from the WAL', err);
    }
    if (this.mirror) {
      try {
        // the memtables go to SSTables, so the next start needs no WAL for the mirror
        if (checkpointed) {
          await this.mirror.flushAll();
          this.releaseWal();
        }
      } catch (err) {
        this.log.error('could not flush the mirror at shutdown; the next start replays the WAL into it', err);
      }
      await this.mirror.close().catch((err: unknown) => this.log.error('could not close the mirror', err));
    }
    this.relations.closeAll(checkpointed);
    await this.wal.close().catch((err: unknown) => this.log.error('could not close the WAL', err));
    this.spill.close();
    await this.catalog.close();
  }
}
