// A transaction's view of the catalog of its database: the committed state plus the
// transaction's own uncommitted changes, which only it sees. DDL writes here; commit persists
// the changes as one KV-log batch and then applies them to the shared state (catalog-store.ts);
// abort forgets them. Savepoints and failed statements roll back to a mark.
// Invariant: the overlays hold the newest version of every object this transaction changed
// (null when dropped); the committed state is untouched until commit.
import { DbError, SqlState } from '../errors.js';
import { commentKey, type CatalogState, type DatabaseCatalog, type DbRecord } from './catalog-state.js';
import type { CommentRecord, ConstraintRecord, DatabaseRecord, EnumTypeRecord, NamespaceRecord, RelationRecord } from './objects.js';

type CommentId = Pick<CommentRecord, 'classOid' | 'objOid' | 'subId'>;

export interface CatalogChangeSet {
  dbOid: number;
  objects: ReadonlyMap<number, DbRecord | null>;
  comments: ReadonlyMap<string, CommentRecord | null>;
  databases: ReadonlyMap<number, DatabaseRecord | null>;
}

export class CatalogTxn {
  private readonly objects = new Map<number, DbRecord | null>();
  private readonly comments = new Map<string, CommentRecord | null>();
  private readonly databases = new Map<number, DatabaseRecord | null>();
  private readonly undo: (() => void)[] = [];
  private readonly committed: DatabaseCatalog;

  constructor(
    readonly base: CatalogState,
    readonly dbOid: number,
  ) {
    this.committed = base.catalog(dbOid);
  }

  get changed(): boolean {
    return this.objects.size > 0 || this.comments.size > 0 || this.databases.size > 0;
  }

  // ---- reads ------------------------------------------------------------------------------

  /** Whether this transaction created the object (it is not in the committed state). */
  createdHere(oid: number): boolean {
    return this.objects.get(oid) != null && !this.committed.objects.has(oid);
  }

  get(oid: number): DbRecord | undefined {
    if (this.objects.has(oid)) return this.objects.get(oid) ?? undefined;
    return this.committed.objects.get(oid);
  }

  /** A committed record found by name, unless this transaction changed or dropped it. */
  private resolve<T extends DbRecord>(fromBase: T | undefined, matches: (r: DbRecord) => boolean): T | undefined {
    if (this.objects.size === 0) return fromBase;
    for (const r of this.objects.values()) if (r && matches(r)) return r as T;
    if (fromBase && this.objects.has(fromBase.oid)) return undefined;
    return fromBase;
  }

  database(oid: number): DatabaseRecord | undefined {
    if (this.databases.has(oid)) return this.databases.get(oid) ?? undefined;
    return this.base.database(oid);
  }

  databaseByName(name: string): DatabaseRecord | undefined {
    for (const d of this.databases.values()) if (d && d.name === name) return d;
    const committed = this.base.databaseByName(name);
    return committed && this.databases.has(committed.oid) ? undefined : committed;
  }

  allDatabases(): DatabaseRecord[] {
    const out = this.base.allDatabases().filter((d) => !this.databases.has(d.oid));
    for (const d of this.databases.values()) if (d) out.push(d);
    return out.sort((a, b) => a.oid - b.oid);
  }

  namespaceByName(name: string): NamespaceRecord | undefined {
    return this.resolve(this.committed.namespaceByName(name), (r) => r.kind === 'namespace' && r.name === name);
  }

  relationByName(namespaceOid: number, name: string): RelationRecord | undefined {
    return this.resolve(
      this.committed.relationByName(namespaceOid, name),
      (r) => r.kind === 'relation' && r.namespaceOid === namespaceOid && r.name === name,
    );
  }

  typeByName(namespaceOid: number, name: string): EnumTypeRecord | undefined {
    return this.resolve(this.committed.typeByName(namespaceOid, name), (r) => r.kind === 'enum' && r.namespaceOid === namespaceOid && r.name === name);
  }

  /** Indexes, constraints and owned sequences of a table. */
  dependentsOf(tableOid: number): DbRecord[] {
    const out: DbRecord[] = [];
    const committed = this.committed.dependentsOf(tableOid);
    for (const oid of committed) {
      const r = this.get(oid);
      if (r && dependsOn(r, tableOid)) out.push(r);
    }
    for (const [oid, r] of this.objects) if (r && !committed.has(oid) && dependsOn(r, tableOid)) out.push(r);
    return out.sort((a, b) => a.oid - b.oid);
  }

  indexesOf(tableOid: number): RelationRecord[] {
    return this.dependentsOf(tableOid).filter((r): r is RelationRecord => r.kind === 'relation' && r.relkind === 'i');
  }

  constraintsOf(tableOid: number): ConstraintRecord[] {
    return this.dependentsOf(tableOid).filter((r): r is ConstraintRecord => r.kind === 'constraint');
  }

  /** Every object of the database as this transaction sees it (for catalog views). */
  *records(): IterableIterator<DbRecord> {
    for (const r of this.committed.objects.values()) if (!this.objects.has(r.oid)) yield r;
    for (const r of this.objects.values()) if (r) yield r;
  }

  comment(id: CommentId): CommentRecord | undefined {
    const k = commentKey(id);
    if (this.comments.has(k)) return this.comments.get(k) ?? undefined;
    return this.committed.comments.get(k);
  }

  *allComments(): IterableIterator<CommentRecord> {
    for (const [k, c] of this.committed.comments) if (!this.comments.has(k)) yield c;
    for (const c of this.comments.values()) if (c) yield c;
  }

  // ---- writes -----------------------------------------------------------------------------

  /** A new OID, unique in the cluster (never reused, even if the transaction aborts). */
  allocateOid(): number {
    if (this.base.nextOid >= 0xfffffff0) throw new DbError(SqlState.ProgramLimitExceeded, 'OID counter wrapped around');
    return this.base.nextOid++;
  }

  private record<K, V>(map: Map<K, V | null>, key: K, value: V | null): void {
    const had = map.has(key);
    const previous = map.get(key);
    this.undo.push(() => (had ? map.set(key, previous ?? null) : map.delete(key)));
    map.set(key, value);
  }

  put(record: DbRecord): void {
    if (record.dbOid !== this.dbOid) throw new DbError(SqlState.InternalError, 'catalog record of another database');
    this.record(this.objects, record.oid, record);
  }

  drop(oid: number): void {
    this.record(this.objects, oid, null);
    for (const c of [...this.allComments()]) if (c.objOid === oid) this.setComment(c, null);
  }

  putDatabase(db: DatabaseRecord): void {
    this.record(this.databases, db.oid, db);
  }

  dropDatabase(oid: number): void {
    this.record(this.databases, oid, null);
  }

  setComment(id: CommentId, text: string | null): void {
    const value = text === null ? null : { kind: 'comment' as const, dbOid: this.dbOid, classOid: id.classOid, objOid: id.objOid, subId: id.subId, text };
    this.record(this.comments, commentKey(id), value);
  }

  /** A position to roll back to (savepoints, failed statements). */
  mark(): number {
    return this.undo.length;
  }

  rollbackTo(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()!();
  }

  changeSet(): CatalogChangeSet {
    return { dbOid: this.dbOid, objects: this.objects, comments: this.comments, databases: this.databases };
  }
}

function dependsOn(r: DbRecord, tableOid: number): boolean {
  if (r.kind === 'constraint') return r.tableOid === tableOid;
  if (r.kind === 'relation') return r.index?.tableOid === tableOid || r.ownedBy?.tableOid === tableOid;
  return false;
}
