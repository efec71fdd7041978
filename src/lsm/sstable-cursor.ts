// A cursor over one SSTable's entries (storage/cursor.ts's contract, entry.ts's LsmCursor shape):
// forward in file order (key ascending, CSN descending: newest first) or reverse (the exact
// opposite). Bounds apply to keys, so a key's versions are all in or all out; value() is null
// for a tombstone; csn() is the version's CSN; seek takes an optional CSN.
// Invariant: while valid, (block, entry) names an existing entry within the bounds.
// Requires: key(), value(), csn() only while valid(); the reader stays open while the cursor is.
import type { CursorOptions, KeyBound, OrderedCursor } from '../storage/cursor.js';
import { compareBytes } from '../storage/compare-bytes.js';
import { blockKey, blockValue, type DecodedBlock } from './sstable-format.js';
import type { SstableReader } from './sstable-reader.js';

/** First index in [0, n) where `past(i)` holds, given that it holds for a suffix; n if none. */
export function partitionPoint(n: number, past: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export class SstableCursor implements OrderedCursor<Buffer | null> {
  private block: DecodedBlock | null = null;
  private blockIndex = -1;
  private entry = -1;
  private readonly lower: KeyBound | undefined;
  private readonly upper: KeyBound | undefined;
  private readonly reverse: boolean;

  constructor(
    private readonly table: SstableReader,
    options: CursorOptions = {},
  ) {
    this.lower = options.lower;
    this.upper = options.upper;
    this.reverse = options.reverse ?? false;
    if (this.reverse) {
      if (this.upper === undefined) this.last();
      else this.seek(this.upper.key);
      this.checkLower();
    } else {
      if (this.lower === undefined) this.at(0, 0);
      else this.seek(this.lower.key);
      this.checkUpper();
    }
  }

  valid(): boolean {
    return this.block !== null;
  }

  key(): Buffer {
    return blockKey(this.current(), this.entry);
  }

  /** The value, or null for a tombstone. */
  value(): Buffer | null {
    return blockValue(this.current(), this.entry);
  }

  csn(): number {
    return this.current().csn[this.entry]!;
  }

  isTombstone(): boolean {
    return this.current().valueLength[this.entry]! < 0;
  }

  next(): void {
    const block = this.current();
    if (this.reverse) {
      if (this.entry > 0) this.entry--;
      else if (this.blockIndex > 0) this.at(this.blockIndex - 1, -1);
      else this.block = null;
      this.checkLower();
    } else {
      if (this.entry + 1 < block.count) this.entry++;
      else this.at(this.blockIndex + 1, 0);
      this.checkUpper();
    }
  }

  /**
   * Forward: the first entry at or after (key, csn) in entry order (csn omitted: the newest
   * version of key); reverse: the last entry at or before it (csn omitted: the oldest version).
   * Never outside the bounds.
   */
  seek(key: Buffer, csn?: number): void {
    if (this.reverse) {
      const u = this.upper;
      const c = u === undefined ? -1 : compareBytes(key, u.key);
      if (u !== undefined && (c > 0 || (c === 0 && !u.inclusive))) this.lastBefore(u.key, u.inclusive ? (d) => d > 0 : (d) => d >= 0);
      else if (csn === undefined) this.lastBefore(key, (d) => d > 0);
      else this.lastBefore(key, (d, e) => d > 0 || (d === 0 && e < csn));
      this.checkLower();
    } else {
      const l = this.lower;
      const c = l === undefined ? 1 : compareBytes(key, l.key);
      if (l !== undefined && (c < 0 || (c === 0 && !l.inclusive))) this.firstPast(l.key, l.inclusive ? (d) => d >= 0 : (d) => d > 0);
      else if (csn === undefined) this.firstPast(key, (d) => d >= 0);
      else this.firstPast(key, (d, e) => d > 0 || (d === 0 && e <= csn));
      this.checkUpper();
    }
  }

  close(): void {
    this.block = null;
  }

  private current(): DecodedBlock {
    if (this.block === null) throw new RangeError('SSTable cursor used while not valid');
    return this.block;
  }

  /** Positions at entry `entry` of block `index` (-1: its last entry); invalid past the file. */
  private at(index: number, entry: number): void {
    if (index >= this.table.blocks.length) {
      this.block = null;
      return;
    }
    this.block = this.table.readBlock(index);
    this.blockIndex = index;
    this.entry = entry < 0 ? this.block.count - 1 : entry;
  }

  private last(): void {
    if (this.table.blocks.length > 0) this.at(this.table.blocks.length - 1, -1);
    else this.block = null;
  }

  /**
   * Positions at the first entry for which `past(compare(entry key, target), entry CSN)` holds;
   * `past` must be false for every key below target and monotone in entry order.
   */
  private firstPast(target: Buffer, past: (c: number, csn: number) => boolean): void {
    const blocks = this.table.blocks.length;
    for (let b = this.table.blockFor(target); b < blocks; b++) {
      const block = this.table.readBlock(b);
      const i = partitionPoint(block.count, (j) => past(compareBytes(blockKey(block, j), target), block.csn[j]!));
      if (i < block.count) {
        this.block = block;
        this.blockIndex = b;
        this.entry = i;
        return;
      }
    }
    this.block = null;
    this.blockIndex = blocks;
  }

  /** Positions at the entry before the first one `past` holds for (the last entry if none). */
  private lastBefore(target: Buffer, past: (c: number, csn: number) => boolean): void {
    this.firstPast(target, past);
    if (this.block === null) this.last();
    else if (this.entry > 0) this.entry--;
    else if (this.blockIndex > 0) this.at(this.blockIndex - 1, -1);
    else this.block = null;
  }

  private checkUpper(): void {
    const u = this.upper;
    if (this.block === null || u === undefined) return;
    const c = compareBytes(this.key(), u.key);
    if (c > 0 || (c === 0 && !u.inclusive)) this.block = null;
  }

  private checkLower(): void {
    const l = this.lower;
    if (this.block === null || l === undefined) return;
    const c = compareBytes(this.key(), l.key);
    if (c < 0 || (c === 0 && !l.inclusive)) this.block = null;
  }
}
