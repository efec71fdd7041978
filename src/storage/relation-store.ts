// The files of tables and indexes: base/<database oid>/<relfilenode>, each holding one B+tree,
// opened on first use and kept open. Creating, dropping and copying relation files (and whole
// database directories, for CREATE/DROP DATABASE) happen here, through the I/O engine.
// Invariant: at most one open PageFile/BTree per relation file; every open file is registered
// with the shared page cache through its PageFile.
import { join } from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { IoEngine } from '../io/engine.js';
import { BTree } from './btree/index.js';
import { PAGE_SIZE } from './page.js';
import type { PageCache } from './pagecache.js';
import { ioFailure, PageFile } from './pagefile.js';

interface OpenRelation {
  file: PageFile;
  tree: BTree;
}

export class RelationStore {
  private readonly open = new Map<string, OpenRelation>();

  constructor(
    readonly engine: IoEngine,
    readonly dataDir: string,
    readonly cache: PageCache,
  ) {}

  private dbDir(dbOid: number): string {
    return join(this.dataDir, 'base', String(dbOid));
  }

  private displayName(dbOid: number, relfilenode: number): string {
    return `base/${dbOid}/${relfilenode}`;
  }

  private ensureDbDir(dbOid: number): void {
    const dir = this.dbDir(dbOid);
    if (this.engine.exists(dir)) return;
    try {
      this.engine.mkdir(dir, true);
      this.engine.syncDir(join(this.dataDir, 'base'));
      this.engine.syncDir(this.dataDir);
    } catch (err) {
      throw ioFailure(err, `create directory "${dir}"`);
    }
  }

  /** Creates an empty B+tree in a new relation file. */
  create(dbOid: number, relfilenode: number, options: { unique?: boolean } = {}): BTree {
    this.ensureDbDir(dbOid);
    const path = join(this.dbDir(dbOid), String(relfilenode));
    if (this.engine.exists(path)) {
      throw new DbError(SqlState.InternalError, `relation file ${this.displayName(dbOid, relfilenode)} already exists`);
    }
    const file = PageFile.open(this.engine, path, this.displayName(dbOid, relfilenode));
    const tree = BTree.create(this.cache, file, options);
    tree.flush();
    try {
      this.engine.syncDir(this.dbDir(dbOid));
    } catch (err) {
      throw ioFailure(err, `sync directory "${this.dbDir(dbOid)}"`);
    }
    this.open.set(`${dbOid}/${relfilenode}`, { file, tree });
    return tree;
  }

  /** Whether the relation's file exists (open, or on disk). */
  exists(dbOid: number, relfilenode: number): boolean {
    return this.open.has(`${dbOid}/${relfilenode}`) || this.engine.exists(join(this.dbDir(dbOid), String(relfilenode)));
  }

  /** The B+tree of a relation file, opened on first use. */
  tree(dbOid: number, relfilenode: number): BTree {
    const key = `${dbOid}/${relfilenode}`;
    const existing = this.open.get(key);
    if (existing) return existing.tree;
    const path = join(this.dbDir(dbOid), String(relfilenode));
    if (!this.engine.exists(path)) {
      throw new DbError(SqlState.DataCorrupted, `could not open file "${this.displayName(dbOid, relfilenode)}": No such file or directory`);
    }
    const file = PageFile.open(this.engine, path, this.displayName(dbOid, relfilenode));
    const tree = BTree.open(this.cache, file);
    this.open.set(key, { file, tree });
    return tree;
  }

  /** Closes and deletes a relation file. */
  drop(dbOid: number, relfilenode: number): void {
    this.closeRelation(dbOid, relfilenode, false);
    const path = join(this.dbDir(dbOid), String(relfilenode));
    try {
      if (this.engine.exists(path)) this.engine.unlink(path);
      this.engine.syncDir(this.dbDir(dbOid));
    } catch (err) {
      throw ioFailure(err, `remove file "${this.displayName(dbOid, relfilenode)}"`);
    }
  }

  private closeRelation(dbOid: number, relfilenode: number, flush: boolean, reason?: DbError): void {
    const key = `${dbOid}/${relfilenode}`;
    const r = this.open.get(key);
    if (!r) return;
    this.open.delete(key);
    if (flush) r.tree.close();
    else r.tree.abandon(reason);
    this.cache.dropFile(r.file);
    r.file.close();
  }

  /**
   * Replaces a relation file by a new B+tree holding `rows` (sorted by key, no duplicates): the
   * repair of a damaged file from the LSM mirror. The old file's cached and spilled pages are
   * dropped; the new file is written whole under a temporary name, synced and renamed over the
   * old one, so a crash leaves the old file or the new one. Returns the row count.
   */
  rebuild(dbOid: number, relfilenode: number, rows: Iterable<readonly [Buffer, Buffer]>): number {
    // a scan of another session still open on the old tree fails (it would otherwise just end)
    const replaced = new DbError(SqlState.SerializationFailure, `could not serialize access: relation file "${this.displayName(dbOid, relfilenode)}" was rebuilt while this scan was open`, {
      hint: 'Run the statement again.',
    });
    this.closeRelation(dbOid, relfilenode, false, replaced);
    this.ensureDbDir(dbOid);
    const path = join(this.dbDir(dbOid), String(relfilenode));
    const tmp = `${path}.rebuild`;
    try {
      if (this.engine.exists(tmp)) this.engine.unlink(tmp);
      const file = PageFile.open(this.engine, tmp, this.displayName(dbOid, relfilenode));
      let count: number;
      try {
        const tree = BTree.create(this.cache, file);
        count = tree.bulkLoad(rows);
        tree.close(); // writes every page and syncs the file
      } finally {
        this.cache.dropFile(file);
        file.close();
      }
      this.engine.rename(tmp, path);
      this.engine.syncDir(this.dbDir(dbOid));
      return count;
    } catch (err) {
      if (this.engine.exists(tmp)) this.engine.unlink(tmp);
      throw ioFailure(err, `rebuild file "${this.displayName(dbOid, relfilenode)}"`);
    }
  }

  /**
   * Copies every relation file of one database to a new database's directory. Requires: the
   * source's files are current (a checkpoint just ran, and nobody wrote to it since).
   */
  copyDatabase(fromDbOid: number, toDbOid: number): void {
    this.ensureDbDir(toDbOid);
    const from = this.dbDir(fromDbOid);
    if (!this.engine.exists(from)) return;
    const buffer = Buffer.allocUnsafe(64 * PAGE_SIZE);
    try {
      for (const name of this.engine.readdir(from)) {
        const src = this.engine.open(join(from, name), 'read');
        const dst = this.engine.open(join(this.dbDir(toDbOid), name), 'create');
        try {
          for (let pos = 0; ; ) {
            const n = this.engine.readSync(src, buffer, pos);
            if (n === 0) break;
            this.engine.writeSync(dst, buffer.subarray(0, n), pos);
            pos += n;
          }
          this.engine.syncSync(dst);
        } finally {
          this.engine.close(src);
          this.engine.close(dst);
        }
      }
      this.engine.syncDir(this.dbDir(toDbOid));
    } catch (err) {
      throw ioFailure(err, `copy database directory "${from}"`);
    }
  }

  /**
   * Writes a new relation file's pages in place and syncs it (at the commit that created it:
   * no checkpoint covers the file yet, and the WAL does not hold what a bulk build put in it).
   */
  flushNew(dbOid: number, relfilenode: number): void {
    if (!this.open.has(`${dbOid}/${relfilenode}`) && !this.engine.exists(join(this.dbDir(dbOid), String(relfilenode)))) return;
    this.tree(dbOid, relfilenode).flush();
  }

  /**
   * Deletes relation files (and database directories) that no committed relation uses; returns
   * how many files went. At start only, before any relation file is opened.
   */
  removeOrphans(live: ReadonlyMap<number, ReadonlySet<number>>): number {
    const base = join(this.dataDir, 'base');
    if (!this.engine.exists(base)) return 0;
    let removed = 0;
    for (const dbName of this.engine.readdir(base)) {
      const dbOid = Number(dbName);
      if (!/^\d+$/.test(dbName)) continue;
      const files = live.get(dbOid);
      const dir = this.dbDir(dbOid);
      let changed = false;
      for (const name of this.engine.readdir(dir)) {
        if (!/^\d+$/.test(name) || files?.has(Number(name))) continue;
        this.engine.unlink(join(dir, name));
        changed = true;
        removed++;
      }
      if (changed) this.engine.syncDir(dir);
    }
    return removed;
  }

  /** Closes a database's relations and deletes its directory (DROP DATABASE). */
  dropDatabase(dbOid: number): void {
    for (const key of [...this.open.keys()]) {
      if (key.startsWith(`${dbOid}/`)) this.closeRelation(dbOid, Number(key.split('/')[1]), false);
    }
    const dir = this.dbDir(dbOid);
    if (!this.engine.exists(dir)) return;
    try {
      for (const name of this.engine.readdir(dir)) this.engine.unlink(join(dir, name));
      this.engine.syncDir(dir);
    } catch (err) {
      throw ioFailure(err, `remove database directory "${dir}"`);
    }
  }

  /**
   * Closes every relation: flushed (clean shutdown after a checkpoint), or not (the checkpoint
   * failed: the files keep the last checkpoint's image for recovery).
   */
  closeAll(flush = true): void {
    for (const [key] of [...this.open]) {
      const [db, rel] = key.split('/').map(Number) as [number, number];
      this.closeRelation(db, rel, flush);
    }
  }
}
