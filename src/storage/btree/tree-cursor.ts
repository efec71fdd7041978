// The B+tree cursor (storage/cursor.ts contract): walks the leaf chain forward or backward within
// inclusive/exclusive bounds, holding at most one pinned leaf (none once invalid or closed).
// A change to the tree while the cursor is open detaches it first: it copies its current key and
// value and lets go of its leaf; key()/value() keep returning those copies, and the next move
// re-seeks the tree just after (or before) that key, so it sees the tree as it is then.
// Views returned by key()/value() are valid until the cursor moves, closes, or the tree changes.
import { DbError, SqlState } from '../../errors.js';
import type { Cursor, CursorOptions, KeyBound } from '../cursor.js';
import type { PageGuard } from '../pagecache.js';
import {
  LEAF_CELL_HEADER,
  leafValueField,
  leftSibling,
  nodeCount,
  rightSibling,
  slotOffset,
  u16,
  VALUE_COMPRESSED,
  VALUE_LENGTH_MASK,
  VALUE_OVERFLOW,
} from './layout.js';
import { readValue } from './overflow.js';
import { compareKeyAt, descend, descendEdge, leafSearch } from './search.js';
import type { Detachable, TreeState } from './tree-state.js';

/** Consecutive leaf pages read at once when a forward scan reaches a leaf not in the cache. */
const SCAN_READ_AHEAD = 8;

function copyBound(bound: KeyBound | undefined): KeyBound | null {
  return bound === undefined ? null : { key: Buffer.from(bound.key), inclusive: bound.inclusive };
}

export class BTreeCursor implements Cursor, Detachable {
  private guard: PageGuard | null = null;
  private slot = 0;
  private isValid = false;
  /** Why the tree closed this cursor under its user (its file was replaced): thrown on use. */
  private closedBy: DbError | null = null;
  private closed = false;
  /** The current value when it had to be decoded (compressed or overflow). */
  private decoded: Buffer | null = null;
  /** Set while detached: copies of the current entry. */
  private savedKey: Buffer | null = null;
  private savedValue: Buffer | null = null;
  private readonly lower: KeyBound | null;
  private readonly upper: KeyBound | null;
  private readonly reverse: boolean;

  constructor(
    private readonly t: TreeState,
    options: CursorOptions = {},
  ) {
    t.assertOpen();
    this.lower = copyBound(options.lower);
    this.upper = copyBound(options.upper);
    this.reverse = options.reverse === true;
    t.cursors.add(this);
    try {
      if (!this.reverse) {
        if (this.lower !== null) this.seekForward(this.lower.key, !this.lower.inclusive);
        else this.positionEdge(false);
      } else if (this.upper !== null) {
        this.seekBackward(this.upper.key, !this.upper.inclusive);
      } else {
        this.positionEdge(true);
      }
    } catch (err) {
      this.close();
      throw err;
    }
  }

  valid(): boolean {
    if (this.closedBy !== null) throw this.closedBy;
    return this.isValid;
  }

  key(): Buffer {
    this.requireValid('key');
    if (this.savedKey !== null) return this.savedKey;
    const page = this.guard!.page;
    const off = slotOffset(page, this.slot);
    return page.subarray(off + LEAF_CELL_HEADER, off + LEAF_CELL_HEADER + u16(page, off));
  }

  value(): Buffer {
    this.requireValid('value');
    if (this.savedKey !== null) return this.savedValue!;
    if (this.decoded !== null) return this.decoded;
    const page = this.guard!.page;
    const off = slotOffset(page, this.slot);
    const field = leafValueField(page, off);
    if ((field & (VALUE_COMPRESSED | VALUE_OVERFLOW)) !== 0) {
      this.decoded = readValue(this.t, page, off);
      return this.decoded;
    }
    const start = off + LEAF_CELL_HEADER + u16(page, off);
    return page.subarray(start, start + (field & VALUE_LENGTH_MASK));
  }

  next(): void {
    this.requireValid('next');
    this.decoded = null;
    if (this.savedKey !== null) {
      const key = this.savedKey;
      this.savedKey = null;
      this.savedValue = null;
      if (this.reverse) this.seekBackward(key, true);
      else this.seekForward(key, true);
      return;
    }
    if (this.reverse) {
      this.slot--;
      this.settleBackward();
    } else {
      this.slot++;
      this.settleForward();
    }
  }

  seek(target: Buffer): void {
    if (this.closedBy !== null) throw this.closedBy;
    if (this.closed) throw new DbError(SqlState.InvalidCursorState, 'B+tree cursor is closed');
    const key = Buffer.from(target);
    this.savedKey = null;
    this.savedValue = null;
    this.decoded = null;
    if (!this.reverse) {
      const lower = this.lower;
      const c = lower === null ? 1 : key.compare(lower.key);
      if (lower !== null && (c < 0 || (c === 0 && !lower.inclusive))) this.seekForward(lower.key, !lower.inclusive);
      else this.seekForward(key, false);
    } else {
      const upper = this.upper;
      const c = upper === null ? -1 : key.compare(upper.key);
      if (upper !== null && (c > 0 || (c === 0 && !upper.inclusive))) this.seekBackward(upper.key, !upper.inclusive);
      else this.seekBackward(key, false);
    }
  }

  /** Closes the cursor; with `reason`, every later use throws it (the tree was replaced under it). */
  close(reason?: DbError): void {
    if (this.closed) return;
    this.closed = true;
    this.closedBy = reason ?? null;
    this.invalidate();
    this.savedKey = null;
    this.savedValue = null;
    this.t.cursors.delete(this);
  }

  /** Called by the tree before it changes: keep the current entry by copy, let go of the leaf. */
  detach(): void {
    if (this.guard === null) return;
    if (this.isValid && this.savedKey === null) {
      const value = this.value();
      this.savedValue = this.decoded ?? Buffer.from(value);
      this.savedKey = Buffer.from(this.key());
      this.decoded = null;
    }
    this.guard.release();
    this.guard = null;
  }

  private requireValid(what: string): void {
    if (this.closedBy !== null) throw this.closedBy;
    if (!this.isValid) throw new DbError(SqlState.InvalidCursorState, `B+tree cursor ${what}() called while not positioned on an entry`);
  }

  private invalidate(): void {
    this.isValid = false;
    this.decoded = null;
    if (this.guard !== null) {
      const g = this.guard;
      this.guard = null;
      g.release();
    }
  }

  private pinLeaf(pageNo: number, readAhead: number): void {
    this.guard = this.t.pinNode(pageNo, 0, readAhead);
  }

  private positionEdge(rightmost: boolean): void {
    this.invalidate();
    this.pinLeaf(descendEdge(this.t, rightmost), 0);
    if (rightmost) {
      this.slot = nodeCount(this.guard!.page) - 1;
      this.settleBackward();
    } else {
      this.slot = 0;
      this.settleForward();
    }
  }

  /** Positions at the first entry >= key (> key when exclusive). */
  private seekForward(key: Buffer, exclusive: boolean): void {
    this.invalidate();
    this.t.assertOpen();
    this.pinLeaf(descend(this.t, key), 0);
    const r = leafSearch(this.guard!.page, key);
    this.slot = r >= 0 ? (exclusive ? r + 1 : r) : ~r;
    this.settleForward();
  }

  /** Positions at the last entry <= key (< key when exclusive). */
  private seekBackward(key: Buffer, exclusive: boolean): void {
    this.invalidate();
    this.t.assertOpen();
    this.pinLeaf(descend(this.t, key), 0);
    const r = leafSearch(this.guard!.page, key);
    this.slot = r >= 0 ? (exclusive ? r - 1 : r) : ~r - 1;
    this.settleBackward();
  }

  /** Moves right past the end of leaves, then checks the upper bound. */
  private settleForward(): void {
    let page = this.guard!.page;
    while (this.slot >= nodeCount(page)) {
      const current = this.guard!.pageNo;
      const next = rightSibling(page);
      this.invalidate();
      if (next === 0) return;
      this.pinLeaf(next, next === current + 1 ? SCAN_READ_AHEAD : 0);
      page = this.guard!.page;
      this.slot = 0;
    }
    const upper = this.upper;
    if (upper !== null) {
      const off = slotOffset(page, this.slot);
      const start = off + LEAF_CELL_HEADER;
      const c = compareKeyAt(upper.key, page, start, u16(page, off));
      if (c < 0 || (c === 0 && !upper.inclusive)) return this.invalidate();
    }
    this.isValid = true;
  }

  /** Moves left past the start of leaves, then checks the lower bound. */
  private settleBackward(): void {
    let page = this.guard!.page;
    while (this.slot < 0) {
      const prev = leftSibling(page);
      this.invalidate();
      if (prev === 0) return;
      this.pinLeaf(prev, 0);
      page = this.guard!.page;
      this.slot = nodeCount(page) - 1;
    }
    const lower = this.lower;
    if (lower !== null) {
      const off = slotOffset(page, this.slot);
      const start = off + LEAF_CELL_HEADER;
      const c = compareKeyAt(lower.key, page, start, u16(page, off));
      if (c > 0 || (c === 0 && !lower.inclusive)) return this.invalidate();
    }
    this.isValid = true;
  }
}
