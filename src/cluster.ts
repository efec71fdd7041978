// The running cluster: everything sessions share — the I/O engine, the page cache, the
// relation files, the catalog and the commit path. One per server (or per embedded instance).
// Commits are serialized: a commit's checks, its catalog batch and the application of its
// write set to the B+trees happen with no other commit in between, so a committed state is
// always the result of whole transactions in commit order.
import { DbError, SqlState } from './errors.js';
import { CatalogStore } from './catalog/catalog-store.js';
import type { IoEngine } from './io/engine.js';
import type { Logger } from './log.js';
import type { PageCache } from './storage/pagecache.js';
import { RelationStore } from './storage/relation-store.js';
import { RowIds } from './txn/table-access.js';
import { Transaction } from './txn/transaction.js';

/** What the cluster knows of a session: enough to count it and to end it (DROP DATABASE FORCE). */
export interface ClusterSession {
  terminate?(): void;
}

export class Cluster {
  readonly relations: RelationStore;
  readonly rowIds = new RowIds();
  private commitQueue: Promise<void> = Promise.resolve();
  /** Commits that changed each relation ("db/relfilenode"), for builds that must see them all. */
  private readonly versions = new Map<string, number>();
  /** Sessions by database OID (DROP DATABASE refuses to drop a database in use). */
  private readonly sessions = new Map<number, Set<ClusterSession>>();

  private constructor(
    readonly engine: IoEngine,
    readonly dataDir: string,
    readonly cache: PageCache,
    readonly catalog: CatalogStore,
    readonly log: Logger,
  ) {
    this.relations = new RelationStore(engine, dataDir, cache);
  }

  static async open(engine: IoEngine, dataDir: string, cache: PageCache, log: Logger): Promise<Cluster> {
    const catalog = await CatalogStore.open(engine, dataDir, log);
    return new Cluster(engine, dataDir, cache, catalog, log);
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

  /** A new transaction on a database. */
  begin(dbOid: number): Transaction {
    return new Transaction(this.catalog.begin(dbOid));
  }

  /**
   * Commits: runs the commit checks, persists the catalog changes, applies the write set to
   * the B+trees, then runs the after-commit actions. A failed check rejects (and the caller
   * rolls the transaction back); nothing is applied then.
   */
  commit(txn: Transaction): Promise<void> {
    if (txn.readOnly && txn.commitActions().length === 0) return Promise.resolve();
    const run = this.commitQueue.then(() => this.commitNow(txn));
    this.commitQueue = run.catch(() => {});
    return run;
  }

  /** How many commits have changed a relation (table or index) so far in this run. */
  tableVersion(dbOid: number, relfilenode: number): number {
    return this.versions.get(`${dbOid}/${relfilenode}`) ?? 0;
  }

  /**
   * A table written with indexes that no longer match the committed catalog (another
   * transaction created or dropped one, or dropped the table) cannot be applied: its index
   * entries would be missing or go to a deleted file. Such a commit fails with 40001.
   */
  private checkShapes(txn: Transaction): void {
    const dbOid = txn.catalog.dbOid;
    const committed = this.catalog.state.catalog(dbOid);
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

  private async commitNow(txn: Transaction): Promise<void> {
    this.checkShapes(txn);
    for (const check of txn.writes.commitChecks()) check();
    await this.catalog.commit(txn.catalog);
    const dbOid = txn.catalog.dbOid;
    try {
      for (const [relation, entries] of txn.writes.relationEntries()) {
        // a relation whose writes were all rolled back (ROLLBACK TO) may no longer have a file
        if (entries.size === 0) continue;
        this.versions.set(relation, (this.versions.get(relation) ?? 0) + 1);
        const relfilenode = Number(relation.slice(relation.indexOf('/') + 1));
        const tree = this.relations.tree(dbOid, relfilenode);
        for (const [key, value] of entries.entries()) {
          if (value === null) tree.delete(key);
          else tree.put(key, value);
        }
      }
    } catch (err) {
      // the catalog is committed but the data could not be applied: no way to continue safely
      this.log.error('could not apply a committed transaction', err);
      throw new DbError(SqlState.DataCorrupted, `could not apply committed changes: ${(err as Error).message}`);
    }
    for (const action of txn.commitActions()) {
      try {
        action();
      } catch (err) {
        this.log.warn(`after-commit action failed: ${(err as Error).message}`);
      }
    }
  }

  /** Rolls a transaction back: only its abort actions have effects outside it. */
  abort(txn: Transaction): void {
    for (const action of txn.abortActions()) {
      try {
        action();
      } catch (err) {
        this.log.warn(`abort action failed: ${(err as Error).message}`);
      }
    }
  }

  /** Clean shutdown: every relation flushed and closed, the catalog closed. */
  async close(): Promise<void> {
    await this.commitQueue;
    this.relations.closeAll();
    this.cache.flushAll();
    await this.catalog.close();
  }
}
