// LSM entries and the cursor contract every LSM source follows (memtable, SSTable, merge).
// An entry is (internal key, CSN, value); a null value is a tombstone. Entry order: key
// ascending (unsigned bytes), then CSN descending, so the newest version of a key comes first.
// Invariant: a source yields entries in strictly increasing entry order (no duplicate (key, CSN)).
// Requires: as in storage/cursor.ts, key()/value()/csn() only while valid(); views stay valid
// until the cursor moves or closes.
import { compareBytes } from '../storage/compare-bytes.js';
import type { KeyBound, OrderedCursor } from '../storage/cursor.js';

export interface LsmEntry {
  key: Buffer;
  csn: number;
  /** null: a tombstone (the key was deleted at this CSN). */
  value: Buffer | null;
}

/** Bounds of an LSM cursor; LSM cursors only go forward. */
export interface LsmCursorOptions {
  lower?: KeyBound;
  upper?: KeyBound;
}

/** A forward cursor over LSM entries: the storage cursor contract plus the entry's CSN. */
export interface LsmCursor extends OrderedCursor<Buffer | null> {
  /** CSN of the current entry. Requires valid(). */
  csn(): number;
  /**
   * Positions at the first entry at or after (key, csn) in entry order: the newest version of
   * `key` with CSN ≤ csn (csn defaults to +Infinity: the newest version), else a later key.
   */
  seek(key: Buffer, csn?: number): void;
}

/** Entry order: key ascending, then CSN descending. */
export function compareEntries(aKey: Buffer, aCsn: number, bKey: Buffer, bCsn: number): number {
  const c = compareBytes(aKey, bKey);
  if (c !== 0) return c;
  return bCsn - aCsn;
}

/** True when `key` is within the bounds. */
export function inBounds(key: Buffer, options: LsmCursorOptions): boolean {
  const { lower, upper } = options;
  if (lower) {
    const c = compareBytes(key, lower.key);
    if (c < 0 || (c === 0 && !lower.inclusive)) return false;
  }
  if (upper) {
    const c = compareBytes(key, upper.key);
    if (c > 0 || (c === 0 && !upper.inclusive)) return false;
  }
  return true;
}

/** Drains a cursor into copied entries (tests and small sources). Closes the cursor. */
export function collectEntries(cursor: LsmCursor): LsmEntry[] {
  const out: LsmEntry[] = [];
  try {
    for (; cursor.valid(); cursor.next()) {
      const value = cursor.value();
      out.push({ key: Buffer.from(cursor.key()), csn: cursor.csn(), value: value === null ? null : Buffer.from(value) });
    }
  } finally {
    cursor.close();
  }
  return out;
}

/** A cursor over an array of entries already in entry order (tests, compaction outputs). */
export class ArrayLsmCursor implements LsmCursor {
  private i = 0;
  private closed = false;

  constructor(
    private readonly entries: readonly LsmEntry[],
    private readonly options: LsmCursorOptions = {},
  ) {
    for (let j = 1; j < entries.length; j++) {
      const a = entries[j - 1]!;
      const b = entries[j]!;
      if (compareEntries(a.key, a.csn, b.key, b.csn) >= 0) throw new Error('ArrayLsmCursor: entries are not in strictly increasing entry order');
    }
    this.seekTo(options.lower?.key ?? Buffer.alloc(0), Infinity);
  }

  private seekTo(key: Buffer, csn: number): void {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid]!;
      if (compareEntries(e.key, e.csn, key, csn) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.i = lo;
    const lower = this.options.lower;
    while (lower && !lower.inclusive && this.i < this.entries.length && this.entries[this.i]!.key.equals(lower.key)) this.i++;
  }

  valid(): boolean {
    return !this.closed && this.i < this.entries.length && inBounds(this.entries[this.i]!.key, this.options);
  }

  private current(): LsmEntry {
    if (!this.valid()) throw new Error('cursor is not valid');
    return this.entries[this.i]!;
  }

  key(): Buffer {
    return this.current().key;
  }

  value(): Buffer | null {
    return this.current().value;
  }

  csn(): number {
    return this.current().csn;
  }

  next(): void {
    this.current();
    this.i++;
  }

  seek(key: Buffer, csn = Infinity): void {
    if (this.closed) return;
    const lower = this.options.lower;
    if (lower && compareBytes(key, lower.key) < 0) this.seekTo(lower.key, Infinity);
    else this.seekTo(key, csn);
  }

  close(): void {
    this.closed = true;
  }
}
