// The catalog's persistence: every record lives in the KV log `catalog.kv` at the top of the
// data directory, as JSON under a key naming what it is. Loaded whole at start; each
// committing transaction writes its catalog changes as one atomic, durable batch and only then
// applies them to the in-memory state. A new data directory gets PostgreSQL's bootstrap
// objects: databases template1 (1), template0 (4) and postgres (5), and in each the schemas
// pg_catalog (11), pg_toast (99), public (2200) and information_schema (13207).
//
//   key                                   value
//   d/<db oid, 8 hex>                     DatabaseRecord
//   o/<db oid, 8 hex>/<oid, 8 hex>        namespace, relation, constraint or enum record
//   c/<db oid>/<class oid>/<oid>/<subid>  CommentRecord
//   m/next-oid                            the next OID to allocate (decimal)
//   m/csn                                 CSN of the last WAL commit whose batch is here (decimal)
//
// A transaction's batch goes to the WAL first (cluster.ts); this log then gets it with its CSN,
// so recovery re-applies exactly the WAL batches newer than `m/csn` (replayCommitted).
import { join } from 'node:path';
import type { IoEngine } from '../io/engine.js';
import type { Logger } from '../log.js';
import { KvBatch, KvLog } from '../storage/kv/index.js';
import { BOOTSTRAP_DATABASES, BOOTSTRAP_NAMESPACES } from './bootstrap.js';
import { CatalogState, commentKey, type DbRecord } from './catalog-state.js';
import { CatalogTxn, type CatalogChangeSet } from './catalog-txn.js';
import { FIRST_NORMAL_OID, type CommentRecord, type DatabaseRecord } from './objects.js';
import { SequenceStore } from './sequences.js';

const hex = (n: number) => n.toString(16).padStart(8, '0');
const databaseKey = (oid: number) => Buffer.from(`d/${hex(oid)}`);
const objectKey = (dbOid: number, oid: number) => Buffer.from(`o/${hex(dbOid)}/${hex(oid)}`);
const commentStoreKey = (dbOid: number, k: string) => Buffer.from(`c/${dbOid}/${k}`);
const NEXT_OID_KEY = Buffer.from('m/next-oid');
const CSN_KEY = Buffer.from('m/csn');
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

export const BOOTSTRAP_SUPERUSER_OID = 10;

/** Recovery's hook into the catalog log: `write` stores a WAL commit's batch with its CSN. */
export type CatalogReplay = (
  storedCsn: number,
  write: (entries: readonly { key: Buffer; value: Buffer | null }[], csn: number) => Promise<void>,
) => Promise<void>;

export class CatalogStore {
  /** Sequence values, kept in the same log. */
  readonly sequences: SequenceStore;

  private constructor(
    private readonly kv: KvLog,
    readonly state: CatalogState,
  ) {
    this.sequences = new SequenceStore(kv);
  }

  /**
   * Opens the catalog. `replay`, given, runs before the state is loaded: it gets the CSN of the
   * last WAL commit the log holds and a function writing a newer commit's batch.
   */
  static async open(engine: IoEngine, dataDir: string, log: Logger, replay?: CatalogReplay): Promise<CatalogStore> {
    const kv = KvLog.open(engine, join(dataDir, 'catalog.kv'), {
      logger: log,
    });
    if (replay) {
      const stored = kv.get(CSN_KEY);
      await replay(stored ? Number(stored.toString()) : 0, async (entries, csn) => {
        const batch = new KvBatch();
        for (const e of entries) {
          if (e.value === null) batch.delete(e.key);
          else batch.put(e.key, e.value);
        }
        batch.put(CSN_KEY, Buffer.from(String(csn)));
        await kv.write(batch);
      });
    }
    const state = new CatalogState(FIRST_NORMAL_OID);
    for (const [key, value] of kv.scanPrefix(Buffer.from(''))) {
      const k = key.toString('latin1');
      if (k === 'm/next-oid') state.nextOid = Math.max(state.nextOid, Number(value.toString()));
      else if (k.startsWith('d/')) state.putDatabase(JSON.parse(value.toString()) as DatabaseRecord);
      else if (k.startsWith('o/')) {
        const r = JSON.parse(value.toString()) as DbRecord;
        state.catalog(r.dbOid).put(r);
        if (r.oid >= state.nextOid) state.nextOid = r.oid + 1;
      } else if (k.startsWith('s/')) {
        // sequence values: read on first use (sequences.ts)
      } else if (k.startsWith('c/')) {
        const c = JSON.parse(value.toString()) as CommentRecord;
        state.catalog(c.dbOid).comments.set(commentKey(c), c);
      }
    }
    const store = new CatalogStore(kv, state);
    if (state.allDatabases().length === 0) await store.bootstrap();
    return store;
  }

  private async bootstrap(): Promise<void> {
    for (const db of BOOTSTRAP_DATABASES) {
      const txn = new CatalogTxn(this.state, db.oid);
      txn.putDatabase({
        kind: 'database',
        oid: db.oid,
        name: db.name,
        ownerOid: BOOTSTRAP_SUPERUSER_OID,
        encoding: 'UTF8',
        collate: 'C',
        ctype: 'C',
        isTemplate: db.name !== 'postgres',
        allowConnections: db.allowConnections,
        connectionLimit: -1,
      });
      for (const ns of BOOTSTRAP_NAMESPACES) {
        txn.put({ kind: 'namespace', oid: ns.oid, dbOid: db.oid, name: ns.name, ownerOid: BOOTSTRAP_SUPERUSER_OID });
      }
      await this.commit(txn);
    }
  }

  /** A transaction's view of one database's catalog. */
  begin(dbOid: number): CatalogTxn {
    return new CatalogTxn(this.state, dbOid);
  }

  /** A transaction's catalog changes as the KV entries they become (for the WAL record). */
  batchOf(txn: CatalogTxn): { key: Buffer; value: Buffer | null }[] {
    if (!txn.changed) return [];
    return toBatch(txn.changeSet(), this.state.nextOid).entries.map((e) => ({ key: e.key, value: e.value ?? null }));
  }

  /**
   * Persists a transaction's catalog changes (one durable batch, with the CSN of its WAL record
   * when it has one), then applies them.
   */
  async commit(txn: CatalogTxn, csn?: number): Promise<void> {
    if (!txn.changed) return;
    const changes = txn.changeSet();
    const batch = toBatch(changes, this.state.nextOid);
    if (csn !== undefined) batch.put(CSN_KEY, Buffer.from(String(csn)));
    await this.kv.write(batch);
    apply(this.state, changes);
  }

  /** Copies every object and comment of one database to another (CREATE DATABASE ... TEMPLATE). */
  copyDatabaseObjects(txn: CatalogTxn, fromDbOid: number): void {
    const source = this.state.catalog(fromDbOid);
    for (const r of source.objects.values()) txn.put({ ...r, dbOid: txn.dbOid } as DbRecord);
    for (const c of source.comments.values()) txn.setComment(c, c.text);
  }

  async close(): Promise<void> {
    await this.sequences.flush();
    await this.kv.close();
  }
}

function toBatch(changes: CatalogChangeSet, nextOid: number): KvBatch {
  const batch = new KvBatch();
  for (const [oid, db] of changes.databases) {
    if (db) batch.put(databaseKey(oid), json(db));
    else batch.delete(databaseKey(oid));
  }
  for (const [oid, r] of changes.objects) {
    if (r) batch.put(objectKey(changes.dbOid, oid), json(r));
    else batch.delete(objectKey(changes.dbOid, oid));
  }
  for (const [k, c] of changes.comments) {
    if (c) batch.put(commentStoreKey(changes.dbOid, k), json(c));
    else batch.delete(commentStoreKey(changes.dbOid, k));
  }
  batch.put(NEXT_OID_KEY, Buffer.from(String(nextOid)));
  return batch;
}

function apply(state: CatalogState, changes: CatalogChangeSet): void {
  state.version++;
  for (const [oid, db] of changes.databases) {
    if (db) state.putDatabase(db);
    else state.removeDatabase(oid);
  }
  if (!state.database(changes.dbOid) && changes.objects.size === 0 && changes.comments.size === 0) return;
  const catalog = state.catalog(changes.dbOid);
  for (const [oid, r] of changes.objects) {
    if (r) catalog.put(r);
    else catalog.remove(oid);
  }
  for (const [k, c] of changes.comments) {
    if (c) catalog.comments.set(k, c);
    else catalog.comments.delete(k);
  }
}
