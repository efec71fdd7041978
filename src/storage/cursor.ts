// The one cursor contract of Treeline's ordered structures (B+tree cursors now; memtable,
// SSTable and merge iterators in the LSM issue): position, read, move.
// Requires: key() and value() only while valid(); next() only while valid(). The buffers they
// return are views that stay valid until the cursor moves or closes (copy to keep them).

export interface KeyBound {
  key: Buffer;
  inclusive: boolean;
}

export interface CursorOptions {
  /** Entries with keys below (or at, when exclusive) this bound are skipped. */
  lower?: KeyBound;
  /** Entries with keys above (or at, when exclusive) this bound are skipped. */
  upper?: KeyBound;
  /** Descending order: starts at the upper end. */
  reverse?: boolean;
}

/** The contract over any value type (in-memory maps hold objects; stored trees hold bytes). */
export interface OrderedCursor<V> {
  /** True when positioned at an entry within the bounds. */
  valid(): boolean;
  key(): Buffer;
  value(): V;
  /** Moves to the next entry in the cursor's direction. */
  next(): void;
  /**
   * Positions at the first entry at or after `key` in the cursor's direction (>= key going
   * forward, <= key going backward), never outside the bounds.
   */
  seek(key: Buffer): void;
  /** Releases pinned pages; the cursor is invalid afterwards. Safe to call twice. */
  close(): void;
}

/** A cursor over byte-string values (B+trees, SSTables). */
export type Cursor = OrderedCursor<Buffer>;
