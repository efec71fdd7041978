// Reading and writing one table as a transaction sees it: rows stored in the table's clustered
// B+tree under their primary key (or a hidden 8-byte row id when the table has none), one
// B+tree per secondary index mapping (index columns, primary key) to nothing. Writes go to the
// transaction's write set; reads merge it with the committed trees as the transaction's
// snapshot sees them (the read view: old versions from the version store). Unique constraints
// are checked against the newest committed state when a row is written (as PostgreSQL does, not
// against the snapshot), and again at commit.
// Every index entry is made by indexEntry(): an expression or partial index's column values
// and predicate come from the rule the SQL layer compiles for it (IndexEntryRule).
// Requires: `shape` matches the catalog the transaction sees.
import type { RelationRecord } from '../catalog/objects.js';
import { DbError, SqlState } from '../errors.js';
import type { Value } from '../sql/types/value.js';
import { Oid } from '../sql/types/oids.js';
import type { Cursor, CursorOptions } from '../storage/cursor.js';
import { decodeKey, encodeKey, prefixSuccessor, type KeyColumn } from '../storage/encoding/key.js';
import { decodeColumns, decodeRow, encodeRow } from '../storage/encoding/row.js';
import type { RelationStore } from '../storage/relation-store.js';
import { MergedCursor } from './merged-cursor.js';
import { MAX_KEY_SIZE } from '../storage/btree/layout.js';
import type { WriteSet } from './write-set.js';
import { SnapshotOverlayCursor, valueAt, type ReadView } from './version-store.js';
import { LockMode } from './row-locks.js';

export interface IndexShape {
  name: string;
  /** The constraint the index enforces (primary key or unique), for error messages. */
  constraintName: string | null;
  relfilenode: number;
  unique: boolean;
  nullsNotDistinct: boolean;
  /** Table column positions (0-based) of the index columns; -1 for an expression column. */
  columns: number[];
  /** Key columns: the index columns, then the primary key columns. */
  keyColumns: KeyColumn[];
  /**
   * An expression or partial index: the catalog records its entries are computed from (through
   * the IndexEntryRule the SQL layer makes of them); null for plain columns of every row.
   */
  computed: { table: RelationRecord; index: RelationRecord } | null;
  /** A partial index: only rows its predicate holds for have entries. */
  partial: boolean;
  /** A unique constraint DEFERRABLE INITIALLY DEFERRED: uniqueness is checked at commit only. */
  deferred?: boolean;
}

/**
 * How an index's entries follow from rows. For an expression or partial index the SQL layer
 * compiles it from the definition. Requires: both functions are deterministic (index expressions
 * and predicates are IMMUTABLE), so a row has the same entry when it is written and removed.
 */
export interface IndexEntryRule {
  /** Whether the row has an entry (a partial index's predicate is true for it). */
  includes(row: readonly Value[]): boolean;
  /** The index column values of a row. */
  values(row: readonly Value[]): Value[];
  /** The index columns as error details name them: `a`, `lower(b)`, `(a + c)`. */
  columnTexts(): readonly string[];
}

/** A row's entry in an index. */
export interface IndexEntry {
  /** The B+tree key: index column values, then the primary key (or row id). */
  key: Buffer;
  /** The index column values. */
  values: Value[];
}

export interface TableShape {
  dbOid: number;
  /** The table's OID (its catalog record). */
  oid: number;
  relfilenode: number;
  name: string;
  columnNames: string[];
  columnTypes: number[];
  /** Column positions of the primary key, or null for a hidden row id. */
  primaryKey: number[] | null;
  primaryKeyColumns: KeyColumn[];
  /** Name of the primary key constraint, for error messages. */
  primaryKeyName: string | null;
  indexes: IndexShape[];
}

const ROWID_KEY: KeyColumn[] = [{ type: Oid.int8 }];
const EMPTY = Buffer.alloc(0);
/** Entries read per cursor opening by scans. */
const SCAN_BATCH = 256;

/** Row id counters of tables without a primary key, shared by every session. */
export class RowIds {
  private readonly next = new Map<string, bigint>();

  allocate(relation: string, init: () => bigint): bigint {
    let n = this.next.get(relation);
    if (n === undefined) n = init();
    this.next.set(relation, n + 1n);
    return n;
  }

  forget(relation: string): void {
    this.next.delete(relation);
  }
}

export class TableAccess {
  readonly relation: string;
  private readonly rules = new Map<IndexShape, IndexEntryRule>();

  constructor(
    private readonly store: RelationStore,
    readonly shape: TableShape,
    private readonly writes: WriteSet,
    private readonly rowIds: RowIds,
    /** Text of a value for error details. */
    private readonly format: (type: number, value: Value) => string,
    /** The entry rule of an expression or partial index (of `shape`). */
    private readonly computedRule: (index: IndexShape) => IndexEntryRule = () => {
      throw new DbError(SqlState.InternalError, 'expression and partial indexes need the SQL layer');
    },
    /** The snapshot reads see (null: the newest committed state). */
    private readonly view: ReadView | null = null,
    /** Locks a row before it is changed (throws to wait or fail); none in tools and tests. */
    private readonly rowLock: ((relation: string, key: Buffer, mode: LockMode) => void) | null = null,
    /**
     * Before a unique key is taken: throws (to wait and run again) when another open
     * transaction has written an entry within the bounds, as PostgreSQL waits for the outcome
     * of an in-progress insert of the same key (then 23505, or the insert goes on).
     */
    private readonly awaitWriters: ((relation: string, bounds: CursorOptions) => void) | null = null,
  ) {
    this.relation = `${shape.dbOid}/${shape.relfilenode}`;
  }

  private ruleOf(index: IndexShape): IndexEntryRule {
    let rule = this.rules.get(index);
    if (!rule) {
      const names = index.columns.map((i) => this.shape.columnNames[i]!);
      rule = index.computed
        ? this.computedRule(index)
        : { includes: () => true, values: (row) => index.columns.map((i) => row[i]!), columnTexts: () => names };
      this.rules.set(index, rule);
    }
    return rule;
  }

  /** The entry of the row stored under `key` in an index, or null when a partial index leaves it out. */
  indexEntry(index: IndexShape, key: Buffer, row: readonly Value[]): IndexEntry | null {
    const rule = this.ruleOf(index);
    if (!rule.includes(row)) return null;
    const values = rule.values(row);
    return { key: encodeKey(index.keyColumns, [...values, ...this.keySuffix(key, row)]), values };
  }

  /**
   * For a unique index, the encoded index column values no other entry may share; null when
   * the index is not unique or NULLs exempt the values.
   */
  uniquePrefix(index: IndexShape, values: readonly Value[]): Buffer | null {
    if (!index.unique || (!index.nullsNotDistinct && values.includes(null))) return null;
    return encodeKey(index.keyColumns.slice(0, values.length), values as Value[]);
  }

  /** `(a, lower(b))=(1, x)`: an index entry's values as unique violations show them. */
  describeEntry(index: IndexShape, values: readonly Value[]): string {
    const shown = values.map((v, i) => (v === null ? 'null' : this.format(index.keyColumns[i]!.type, v)));
    return `(${this.ruleOf(index).columnTexts().join(', ')})=(${shown.join(', ')})`;
  }

  /**
   * Keys of the rows whose entries in a unique index have the values `row` would have (none
   * when the index would give `row` no entry, or NULLs exempt it from uniqueness).
   */
  keysWithSameEntry(index: IndexShape, row: readonly Value[]): Buffer[] {
    const rule = this.ruleOf(index);
    if (!rule.includes(row)) return [];
    const prefix = this.uniquePrefix(index, rule.values(row));
    return prefix ? [...this.indexKeys(index, prefixBounds(prefix))] : [];
  }

  /**
   * A cursor over a relation as the transaction sees it: the tree at the snapshot (or newest,
   * with `latest`), with the pending entries over it. Plain tree cursors where nothing differs.
   */
  private cursorOf(relfilenode: number, options: CursorOptions, latest = false): Cursor {
    const relation = `${this.shape.dbOid}/${relfilenode}`;
    const tree = this.store.tree(this.shape.dbOid, relfilenode);
    let cursor: Cursor = tree.cursor(options);
    if (!latest) this.view?.noteRead?.(relation, options.lower ?? null, options.upper ?? null);
    const chains = latest || !this.view ? undefined : this.view.versions.chainsOf(relation);
    if (chains) cursor = new MergedCursor(cursor, new SnapshotOverlayCursor(chains, this.view!.csn, options), options);
    const pending = this.writes.entriesOf(relation);
    if (pending === undefined || pending.size === 0) return cursor;
    return new MergedCursor(cursor, pending.cursor(options), options);
  }

  /** The committed value of a key as the snapshot sees it. */
  private committedValue(relfilenode: number, key: Buffer): Buffer | undefined {
    if (this.view) {
      this.view.noteRead?.(`${this.shape.dbOid}/${relfilenode}`, { key, inclusive: true }, { key, inclusive: true });
      const old = valueAt(this.view.versions.chainsOf(`${this.shape.dbOid}/${relfilenode}`)?.get(key), this.view.csn);
      if (old !== undefined) return old ?? undefined;
    }
    return this.store.tree(this.shape.dbOid, relfilenode).get(key);
  }

  /**
   * Entries of a relation within bounds, read in batches (each entry turned into an item by
   * `read` from the cursor positioned on it, while it is open): a cursor is open only while a
   * batch is read, so a consumer that stops early (LIMIT, EXISTS, a failed statement) leaves no
   * page pinned. Each batch resumes just after the last key of the one before.
   */
  private *scan<T>(relfilenode: number, options: CursorOptions, read: (c: Cursor) => T): IterableIterator<T> {
    let bounds = options;
    for (;;) {
      const c = this.cursorOf(relfilenode, bounds);
      const batch: T[] = [];
      let last: Buffer | null = null;
      try {
        while (c.valid()) {
          batch.push(read(c));
          if (batch.length === SCAN_BATCH) {
            last = Buffer.from(c.key());
            break;
          }
          c.next();
        }
      } finally {
        c.close();
      }
      yield* batch;
      if (!last) return;
      bounds = options.reverse ? { ...options, upper: { key: last, inclusive: false } } : { ...options, lower: { key: last, inclusive: false } };
    }
  }

  /** Rows in primary-key order (or row id order), within optional key bounds. */
  rows(options: CursorOptions = {}): IterableIterator<{ key: Buffer; row: Value[] }> {
    const types = this.shape.columnTypes;
    return this.scan(this.shape.relfilenode, options, (c) => ({ key: Buffer.from(c.key()), row: decodeRow(types, c.value()) }));
  }

  /**
   * The rows alone, as rows() gives them, for scans that do not need the keys (no key copies);
   * with `columns`, only those columns are decoded and the others are NULL.
   */
  rowValues(options: CursorOptions = {}, columns: readonly number[] | null = null): IterableIterator<Value[]> {
    const types = this.shape.columnTypes;
    if (columns) {
      const wanted = columns.filter((i) => i >= 0 && i < types.length);
      return this.scan(this.shape.relfilenode, options, (c) => decodeColumns(types, c.value(), wanted));
    }
    return this.scan(this.shape.relfilenode, options, (c) => decodeRow(types, c.value()));
  }

  /** The row stored under a key, if any. */
  get(key: Buffer): Value[] | undefined {
    const pending = this.writes.entriesOf(this.relation)?.get(key);
    if (pending === null) return undefined;
    if (pending !== undefined) return decodeRow(this.shape.columnTypes, pending);
    const stored = this.committedValue(this.shape.relfilenode, key);
    return stored === undefined ? undefined : decodeRow(this.shape.columnTypes, stored);
  }

  /** Keys of an index within bounds, decoded to the primary keys they point to. */
  indexKeys(index: IndexShape, options: CursorOptions = {}): IterableIterator<Buffer> {
    return this.scan(index.relfilenode, options, (c) => this.primaryKeyFromIndexKey(index, c.key()));
  }

  private primaryKeyFromIndexKey(index: IndexShape, indexKey: Buffer): Buffer {
    const values = decodeKey(index.keyColumns, indexKey);
    const pkValues = values.slice(index.columns.length);
    return this.shape.primaryKey ? encodeKey(this.shape.primaryKeyColumns, pkValues) : encodeKey(ROWID_KEY, pkValues);
  }

  /** The key a row is stored under (primary key only; row-id tables need the stored key). */
  keyOf(row: readonly Value[]): Buffer {
    const pk = this.shape.primaryKey;
    if (!pk) throw new DbError(SqlState.InternalError, 'table has no primary key');
    return encodeKey(this.shape.primaryKeyColumns, pk.map((i) => row[i]!));
  }

  private newRowIdKey(): Buffer {
    const id = this.rowIds.allocate(this.relation, () => {
      const c = this.store.tree(this.shape.dbOid, this.shape.relfilenode).cursor({ reverse: true });
      try {
        return c.valid() ? (decodeKey(ROWID_KEY, c.key())[0] as bigint) + 1n : 1n;
      } finally {
        c.close();
      }
    });
    return encodeKey(ROWID_KEY, [id]);
  }

  private keySuffix(key: Buffer, row: readonly Value[]): Value[] {
    const pk = this.shape.primaryKey;
    return pk ? pk.map((i) => row[i]!) : decodeKey(ROWID_KEY, key);
  }

  /** Keys must fit a B+tree node: checked when written, so a commit never fails applying them. */
  private checkKeySize(key: Buffer, name: string): Buffer {
    if (key.length > MAX_KEY_SIZE) {
      throw new DbError(SqlState.ProgramLimitExceeded, `index row size ${key.length} exceeds btree maximum ${MAX_KEY_SIZE} for index "${name}"`, {
        hint: 'Values larger than a B+tree key allows cannot be indexed.',
      });
    }
    return key;
  }

  /** Inserts a row; returns its key. Throws 23505 for a duplicate primary or unique key. */
  insert(row: readonly Value[]): Buffer {
    this.writes.noteShape(this.shape);
    const key = this.shape.primaryKey ? this.checkKeySize(this.keyOf(row), this.shape.primaryKeyName ?? this.shape.name) : this.newRowIdKey();
    if (this.shape.primaryKey) this.checkPrimaryKeyFree(key, row);
    const overlay = this.writes.overlay(this.relation);
    overlay.set(key, encodeRow(this.shape.columnTypes, row as Value[]));
    for (const index of this.shape.indexes) {
      const entry = this.indexEntry(index, key, row);
      if (entry) this.insertIndexEntry(index, entry);
    }
    return key;
  }

  private checkPrimaryKeyFree(key: Buffer, row: readonly Value[]): void {
    const pending = this.writes.entriesOf(this.relation)?.get(key);
    const tree = this.store.tree(this.shape.dbOid, this.shape.relfilenode);
    const inTree = tree.has(key);
    const duplicate = () => this.duplicate(this.shape.primaryKeyName ?? this.shape.name, this.describePrimaryKey(row));
    if (pending !== undefined ? pending !== null : inTree) throw duplicate();
    if (!inTree) {
      this.awaitWriters?.(this.relation, { lower: { key, inclusive: true }, upper: { key, inclusive: true } });
      const overlay = this.writes.overlay(this.relation);
      overlay.addCommitCheck(() => {
        if (tree.has(key) && overlay.entries.get(key) !== null) throw duplicate();
      });
    }
  }

  private insertIndexEntry(index: IndexShape, entry: IndexEntry): void {
    this.checkKeySize(entry.key, index.name);
    const overlay = this.writes.overlay(`${this.shape.dbOid}/${index.relfilenode}`);
    const prefix = this.uniquePrefix(index, entry.values);
    if (prefix) {
      const bounds = prefixBounds(prefix);
      const c = this.cursorOf(index.relfilenode, bounds, true);
      const taken = c.valid();
      c.close();
      const duplicate = () => this.duplicate(index.constraintName ?? index.name, this.describeEntry(index, entry.values));
      if (index.deferred) {
        // at commit, after the transaction's other changes: at most one entry may have the values
        overlay.addCommitCheck(() => {
          const mc = this.cursorOf(index.relfilenode, bounds, true);
          try {
            let live = 0;
            for (; mc.valid(); mc.next()) if (++live > 1) throw duplicate();
          } finally {
            mc.close();
          }
        });
        overlay.set(entry.key, EMPTY);
        return;
      }
      if (taken) throw duplicate();
      this.awaitWriters?.(`${this.shape.dbOid}/${index.relfilenode}`, bounds);
      const tree = this.store.tree(this.shape.dbOid, index.relfilenode);
      overlay.addCommitCheck(() => {
        const tc = tree.cursor(bounds);
        try {
          for (; tc.valid(); tc.next()) {
            if (overlay.entries.get(tc.key()) !== null) throw duplicate();
          }
        } finally {
          tc.close();
        }
      });
    }
    overlay.set(entry.key, EMPTY);
  }

  /** Deletes the row stored under `key` (whose current content is `row`), locking it first. */
  delete(key: Buffer, row: readonly Value[]): void {
    this.rowLock?.(this.relation, key, LockMode.Update);
    this.deleteLocked(key, row);
  }

  private deleteLocked(key: Buffer, row: readonly Value[]): void {
    this.writes.noteShape(this.shape);
    this.writes.overlay(this.relation).set(key, null);
    for (const index of this.shape.indexes) {
      const entry = this.indexEntry(index, key, row);
      if (entry) this.writes.overlay(`${this.shape.dbOid}/${index.relfilenode}`).set(entry.key, null);
    }
  }

  /**
   * Replaces a row; returns its (possibly new) key. A row-id table's row gets a new row id, so
   * that (like a new heap tuple version in PostgreSQL) an updated row comes after the others in
   * an unordered scan.
   */
  update(key: Buffer, oldRow: readonly Value[], newRow: readonly Value[]): Buffer {
    const newKey = this.shape.primaryKey ? this.checkKeySize(this.keyOf(newRow), this.shape.primaryKeyName ?? this.shape.name) : null;
    // PostgreSQL: FOR NO KEY UPDATE unless the key changes (a row-id table's row moves: a new id)
    const keyChanges = newKey === null || !newKey.equals(key);
    this.rowLock?.(this.relation, key, keyChanges ? LockMode.Update : LockMode.NoKeyUpdate);
    if (keyChanges) {
      this.deleteLocked(key, oldRow);
      return this.insert(newRow);
    }
    this.writes.overlay(this.relation).set(key, encodeRow(this.shape.columnTypes, newRow as Value[]));
    for (const index of this.shape.indexes) {
      const before = this.indexEntry(index, key, oldRow);
      const after = this.indexEntry(index, key, newRow);
      if (before && after && before.key.equals(after.key)) continue;
      if (before) this.writes.overlay(`${this.shape.dbOid}/${index.relfilenode}`).set(before.key, null);
      if (after) this.insertIndexEntry(index, after);
    }
    return key;
  }

  private duplicate(constraint: string, entry: string): DbError {
    return new DbError(SqlState.UniqueViolation, `duplicate key value violates unique constraint "${constraint}"`, {
      detail: `Key ${entry} already exists.`,
      constraint,
      table: this.shape.name,
    });
  }

  /** `(a, b)=(1, x)` for the primary key of a row. */
  private describePrimaryKey(row: readonly Value[]): string {
    const columns = this.shape.primaryKey!;
    const names = columns.map((i) => this.shape.columnNames[i]).join(', ');
    const values = columns.map((i) => (row[i] === null ? 'null' : this.format(this.shape.columnTypes[i]!, row[i]!))).join(', ');
    return `(${names})=(${values})`;
  }
}

/** Cursor bounds of the keys that start with `prefix`. */
function prefixBounds(prefix: Buffer): CursorOptions {
  const end = prefixSuccessor(prefix);
  return { lower: { key: prefix, inclusive: true }, ...(end ? { upper: { key: end, inclusive: false } } : {}) };
}
