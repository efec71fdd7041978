// Reading and writing one table as a transaction sees it: rows stored in the table's clustered
// B+tree under their primary key (or a hidden 8-byte row id when the table has none), one
// B+tree per secondary index mapping (index columns, primary key) to nothing. Writes go to the
// transaction's write set; reads merge it with the committed trees. Unique constraints are
// checked against both when a row is written, and again against the committed trees at commit.
// Requires: `shape` matches the catalog the transaction sees.
import { DbError, SqlState } from '../errors.js';
import type { Value } from '../sql/types/value.js';
import { Oid } from '../sql/types/oids.js';
import type { CursorOptions } from '../storage/cursor.js';
import { decodeKey, encodeKey, prefixSuccessor, type KeyColumn } from '../storage/encoding/key.js';
import { decodeRow, encodeRow } from '../storage/encoding/row.js';
import type { RelationStore } from '../storage/relation-store.js';
import { SortedMap } from '../storage/sorted-map.js';
import { MergedCursor } from './merged-cursor.js';
import type { WriteSet } from './write-set.js';

export interface IndexShape {
  name: string;
  /** The constraint the index enforces (primary key or unique), for error messages. */
  constraintName: string | null;
  relfilenode: number;
  unique: boolean;
  nullsNotDistinct: boolean;
  /** Table column positions (0-based) of the index columns. */
  columns: number[];
  /** Key columns: the index columns, then the primary key columns. */
  keyColumns: KeyColumn[];
}

export interface TableShape {
  dbOid: number;
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
const EMPTY_MAP = new SortedMap<Buffer | null>();

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

  constructor(
    private readonly store: RelationStore,
    readonly shape: TableShape,
    private readonly writes: WriteSet,
    private readonly rowIds: RowIds,
    /** Text of a value for error details. */
    private readonly format: (type: number, value: Value) => string,
  ) {
    this.relation = `${shape.dbOid}/${shape.relfilenode}`;
  }

  private cursorOf(relfilenode: number, options: CursorOptions): MergedCursor {
    const tree = this.store.tree(this.shape.dbOid, relfilenode);
    const pending = this.writes.entriesOf(`${this.shape.dbOid}/${relfilenode}`);
    return new MergedCursor(tree.cursor(options), pending ?? EMPTY_MAP, options);
  }

  /** Rows in primary-key order (or row id order), within optional key bounds. */
  *rows(options: CursorOptions = {}): IterableIterator<{ key: Buffer; row: Value[] }> {
    const c = this.cursorOf(this.shape.relfilenode, options);
    try {
      for (; c.valid(); c.next()) yield { key: Buffer.from(c.key()), row: decodeRow(this.shape.columnTypes, c.value()) };
    } finally {
      c.close();
    }
  }

  /** The row stored under a key, if any. */
  get(key: Buffer): Value[] | undefined {
    const pending = this.writes.entriesOf(this.relation)?.get(key);
    if (pending === null) return undefined;
    if (pending !== undefined) return decodeRow(this.shape.columnTypes, pending);
    const stored = this.store.tree(this.shape.dbOid, this.shape.relfilenode).get(key);
    return stored === undefined ? undefined : decodeRow(this.shape.columnTypes, stored);
  }

  /** Keys of an index within bounds, decoded to the primary keys they point to. */
  *indexKeys(index: IndexShape, options: CursorOptions = {}): IterableIterator<Buffer> {
    const c = this.cursorOf(index.relfilenode, options);
    try {
      for (; c.valid(); c.next()) yield this.primaryKeyFromIndexKey(index, c.key());
    } finally {
      c.close();
    }
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

  /** Primary key values (or the row id) of a stored key, for index keys. */
  private keySuffix(key: Buffer, row: readonly Value[]): Value[] {
    const pk = this.shape.primaryKey;
    return pk ? pk.map((i) => row[i]!) : decodeKey(ROWID_KEY, key);
  }

  /** Inserts a row; returns its key. Throws 23505 for a duplicate primary or unique key. */
  insert(row: readonly Value[]): Buffer {
    const key = this.shape.primaryKey ? this.keyOf(row) : this.newRowIdKey();
    if (this.shape.primaryKey) this.checkPrimaryKeyFree(key, row);
    const overlay = this.writes.overlay(this.relation);
    overlay.set(key, encodeRow(this.shape.columnTypes, row as Value[]));
    for (const index of this.shape.indexes) this.insertIndexEntry(index, key, row);
    return key;
  }

  private checkPrimaryKeyFree(key: Buffer, row: readonly Value[]): void {
    const pending = this.writes.entriesOf(this.relation)?.get(key);
    const tree = this.store.tree(this.shape.dbOid, this.shape.relfilenode);
    const inTree = tree.has(key);
    if (pending !== undefined ? pending !== null : inTree) throw this.duplicate(this.shape.primaryKeyName ?? this.shape.name, this.shape.primaryKey!, row);
    if (!inTree) {
      const overlay = this.writes.overlay(this.relation);
      overlay.addCommitCheck(() => {
        if (tree.has(key) && overlay.entries.get(key) !== null) throw this.duplicate(this.shape.primaryKeyName ?? this.shape.name, this.shape.primaryKey!, row);
      });
    }
  }

  private indexKey(index: IndexShape, key: Buffer, row: readonly Value[]): Buffer {
    return encodeKey(index.keyColumns, [...index.columns.map((i) => row[i]!), ...this.keySuffix(key, row)]);
  }

  private insertIndexEntry(index: IndexShape, key: Buffer, row: readonly Value[]): void {
    const indexKey = this.indexKey(index, key, row);
    const relation = `${this.shape.dbOid}/${index.relfilenode}`;
    const overlay = this.writes.overlay(relation);
    if (index.unique && (index.nullsNotDistinct || index.columns.every((i) => row[i] !== null))) {
      const prefix = encodeKey(index.keyColumns.slice(0, index.columns.length), index.columns.map((i) => row[i]!));
      const bounds: CursorOptions = { lower: { key: prefix, inclusive: true } };
      const end = prefixSuccessor(prefix);
      if (end) bounds.upper = { key: end, inclusive: false };
      const c = this.cursorOf(index.relfilenode, bounds);
      const taken = c.valid();
      c.close();
      if (taken) throw this.duplicate(index.constraintName ?? index.name, index.columns, row);
      const tree = this.store.tree(this.shape.dbOid, index.relfilenode);
      overlay.addCommitCheck(() => {
        const tc = tree.cursor(bounds);
        try {
          for (; tc.valid(); tc.next()) {
            if (overlay.entries.get(tc.key()) !== null) throw this.duplicate(index.constraintName ?? index.name, index.columns, row);
          }
        } finally {
          tc.close();
        }
      });
    }
    overlay.set(indexKey, EMPTY);
  }

  /** Deletes the row stored under `key` (whose current content is `row`). */
  delete(key: Buffer, row: readonly Value[]): void {
    this.writes.overlay(this.relation).set(key, null);
    for (const index of this.shape.indexes) {
      this.writes.overlay(`${this.shape.dbOid}/${index.relfilenode}`).set(this.indexKey(index, key, row), null);
    }
  }

  /** Replaces a row; returns its (possibly new) key. */
  update(key: Buffer, oldRow: readonly Value[], newRow: readonly Value[]): Buffer {
    const newKey = this.shape.primaryKey ? this.keyOf(newRow) : key;
    if (!newKey.equals(key)) {
      this.delete(key, oldRow);
      return this.insert(newRow);
    }
    this.writes.overlay(this.relation).set(key, encodeRow(this.shape.columnTypes, newRow as Value[]));
    for (const index of this.shape.indexes) {
      const oldKey = this.indexKey(index, key, oldRow);
      const nextKey = this.indexKey(index, key, newRow);
      if (oldKey.equals(nextKey)) continue;
      this.writes.overlay(`${this.shape.dbOid}/${index.relfilenode}`).set(oldKey, null);
      this.insertIndexEntry(index, key, newRow);
    }
    return key;
  }

  private duplicate(constraint: string, columns: readonly number[], row: readonly Value[]): DbError {
    const names = columns.map((i) => this.shape.columnNames[i]).join(', ');
    const values = columns.map((i) => (row[i] === null ? 'null' : this.format(this.shape.columnTypes[i]!, row[i]!))).join(', ');
    return new DbError(SqlState.UniqueViolation, `duplicate key value violates unique constraint "${constraint}"`, {
      detail: `Key (${names})=(${values}) already exists.`,
      constraint,
      table: this.shape.name,
    });
  }
}
