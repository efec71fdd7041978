// Reads a relation as a transaction sees it: the committed B+tree merged with an overlay — the
// transaction's pending entries, or the old versions a snapshot reads (version-store.ts).
// Where both have a key, the overlay's entry wins; an overlay null hides the key. Follows the
// cursor contract (storage/cursor.ts) in either direction; both cursors share its options.
import { compareBytes } from '../storage/compare-bytes.js';
import type { Cursor, CursorOptions, OrderedCursor } from '../storage/cursor.js';

export class MergedCursor implements Cursor {
  private readonly pending: OrderedCursor<Buffer | null>;
  private readonly sign: number;
  /** Which side the current entry comes from. */
  private side: 'tree' | 'pending' | null = null;

  constructor(
    private readonly tree: Cursor,
    overlay: OrderedCursor<Buffer | null>,
    options: CursorOptions,
  ) {
    this.pending = overlay;
    this.sign = options.reverse ? -1 : 1;
    this.settle();
  }

  /** Chooses the next entry to show, skipping keys a pending deletion hides. */
  private settle(): void {
    for (;;) {
      const t = this.tree.valid();
      const p = this.pending.valid();
      if (!t && !p) {
        this.side = null;
        return;
      }
      const takePending = p;
      if (t && p) {
        const c = compareBytes(this.tree.key(), this.pending.key()) * this.sign;
        if (c < 0) {
          this.side = 'tree';
          return;
        }
        if (c === 0) this.tree.next(); // the pending entry shadows the committed one
      }
      if (takePending) {
        if (this.pending.value() === null) {
          this.pending.next();
          continue;
        }
        this.side = 'pending';
        return;
      }
      this.side = 'tree';
      return;
    }
  }

  valid(): boolean {
    return this.side !== null;
  }

  key(): Buffer {
    return this.side === 'tree' ? this.tree.key() : this.pending.key();
  }

  value(): Buffer {
    return this.side === 'tree' ? this.tree.value() : this.pending.value()!;
  }

  next(): void {
    if (this.side === 'tree') this.tree.next();
    else if (this.side === 'pending') this.pending.next();
    this.settle();
  }

  seek(key: Buffer): void {
    this.tree.seek(key);
    this.pending.seek(key);
    this.settle();
  }

  close(): void {
    this.tree.close();
    this.pending.close();
    this.side = null;
  }
}
