// An in-memory ordered map from byte-string keys to values (Buffer.compare order), for a
// transaction's write set and, later, the LSM memtable. Entries live in sorted chunks of at
// most CHUNK_MAX entries; a sorted list of chunks is searched by each chunk's first key, so
// lookups are two binary searches and inserts move at most one chunk's entries; a key above
// every other (loading in key order) is appended without searching.
// Invariants: chunks are non-empty (except the single chunk of an empty map), each chunk is
// sorted, every key of chunk i is below every key of chunk i+1, and `size` counts entries.
import { compareBytes } from './compare-bytes.js';
import type { CursorOptions, OrderedCursor } from './cursor.js';

const CHUNK_MAX = 128;

interface Chunk<V> {
  keys: Buffer[];
  values: V[];
}

/** Index of the first key >= `key` in a sorted array (length when none). */
function lowerBound(keys: readonly Buffer[], key: Buffer): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedMap<V> {
  private chunks: Chunk<V>[] = [{ keys: [], values: [] }];
  private count = 0;
  /** Bumped on every change; cursors use it to notice modifications. */
  version = 0;

  get size(): number {
    return this.count;
  }

  /** The chunk that holds `key` or would hold it. */
  private chunkIndex(key: Buffer): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (compareBytes(this.chunks[mid]!.keys[0]!, key) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get(key: Buffer): V | undefined {
    const chunk = this.chunks[this.chunkIndex(key)]!;
    const i = lowerBound(chunk.keys, key);
    return i < chunk.keys.length && compareBytes(chunk.keys[i]!, key) === 0 ? chunk.values[i] : undefined;
  }

  has(key: Buffer): boolean {
    const chunk = this.chunks[this.chunkIndex(key)]!;
    const i = lowerBound(chunk.keys, key);
    return i < chunk.keys.length && compareBytes(chunk.keys[i]!, key) === 0;
  }

  /**
   * Inserts or replaces; returns the value replaced, or undefined when the key is new (so V
   * must not include undefined). The map keeps `key` itself: do not modify it afterwards.
   */
  set(key: Buffer, value: V): V | undefined {
    this.version++;
    const lastIndex = this.chunks.length - 1;
    const lastChunk = this.chunks[lastIndex]!;
    const lastKeys = lastChunk.keys;
    let ci: number;
    let chunk: Chunk<V>;
    const append = lastKeys.length === 0 || compareBytes(lastKeys[lastKeys.length - 1]!, key) < 0;
    if (append) {
      ci = lastIndex; // above every key: append
      chunk = lastChunk;
      chunk.keys.push(key);
      chunk.values.push(value);
    } else {
      ci = this.chunkIndex(key);
      chunk = this.chunks[ci]!;
      const i = lowerBound(chunk.keys, key);
      if (i < chunk.keys.length && compareBytes(chunk.keys[i]!, key) === 0) {
        const previous = chunk.values[i];
        chunk.values[i] = value;
        return previous;
      }
      chunk.keys.splice(i, 0, key);
      chunk.values.splice(i, 0, value);
    }
    this.count++;
    if (chunk.keys.length > CHUNK_MAX) {
      // appending starts a new chunk (keys in order fill chunks); otherwise split in halves
      const at = append ? chunk.keys.length - 1 : chunk.keys.length >>> 1;
      const right: Chunk<V> = { keys: chunk.keys.splice(at), values: chunk.values.splice(at) };
      this.chunks.splice(ci + 1, 0, right);
    }
    return undefined;
  }

  delete(key: Buffer): boolean {
    const ci = this.chunkIndex(key);
    const chunk = this.chunks[ci]!;
    const i = lowerBound(chunk.keys, key);
    if (i >= chunk.keys.length || compareBytes(chunk.keys[i]!, key) !== 0) return false;
    chunk.keys.splice(i, 1);
    chunk.values.splice(i, 1);
    this.count--;
    this.version++;
    if (chunk.keys.length === 0 && this.chunks.length > 1) this.chunks.splice(ci, 1);
    return true;
  }

  clear(): void {
    this.chunks = [{ keys: [], values: [] }];
    this.count = 0;
    this.version++;
  }

  /** All entries in key order. */
  *entries(): IterableIterator<[Buffer, V]> {
    for (const c of this.chunks) for (let i = 0; i < c.keys.length; i++) yield [c.keys[i]!, c.values[i]!];
  }

  /** A cursor over the entries within the options' bounds (see cursor.ts). */
  cursor(options: CursorOptions = {}): SortedMapCursor<V> {
    return new SortedMapCursor(this, options);
  }

  /** Position of the first entry >= key, as [chunk, index] (chunk === chunks.length at the end). */
  locate(key: Buffer): [number, number] {
    const ci = this.chunkIndex(key);
    const i = lowerBound(this.chunks[ci]!.keys, key);
    if (i < this.chunks[ci]!.keys.length) return [ci, i];
    return [ci + 1, 0];
  }

  /** Internal access for the cursor. */
  chunkAt(ci: number): Chunk<V> | undefined {
    return this.chunks[ci];
  }

  get chunkCount(): number {
    return this.chunks.length;
  }
}

/** A cursor over a SortedMap; after a change to the map it re-finds its place by key. */
export class SortedMapCursor<V> implements OrderedCursor<V> {
  private ci = 0;
  private i = 0;
  private current: Buffer | null = null;
  private seenVersion: number;

  constructor(
    private readonly map: SortedMap<V>,
    private readonly options: CursorOptions,
  ) {
    this.seenVersion = map.version;
    if (options.reverse) this.seekLast(options.upper?.key ?? null, options.upper?.inclusive ?? true);
    else this.seekFirst(options.lower?.key ?? null, options.lower?.inclusive ?? true);
  }

  private entryKey(): Buffer | null {
    const c = this.map.chunkAt(this.ci);
    return c && this.i >= 0 && this.i < c.keys.length ? c.keys[this.i]! : null;
  }

  /** Positions at the first entry >= key (> key when exclusive), forward. */
  private seekFirst(key: Buffer | null, inclusive: boolean): void {
    if (key === null) {
      this.ci = 0;
      this.i = 0;
    } else {
      [this.ci, this.i] = this.map.locate(key);
      const k = this.entryKey();
      if (!inclusive && k && k.equals(key)) this.step(1);
    }
    this.settle();
  }

  /** Positions at the last entry <= key (< key when exclusive), backward. */
  private seekLast(key: Buffer | null, inclusive: boolean): void {
    if (key === null) {
      this.ci = this.map.chunkCount - 1;
      this.i = (this.map.chunkAt(this.ci)?.keys.length ?? 0) - 1;
    } else {
      [this.ci, this.i] = this.map.locate(key);
      const k = this.entryKey();
      if (!(inclusive && k && k.equals(key))) this.step(-1);
    }
    this.settle();
  }

  /** Moves one entry in a direction, across chunks. */
  private step(dir: 1 | -1): void {
    if (dir === 1) {
      this.i++;
      const c = this.map.chunkAt(this.ci);
      if (c && this.i >= c.keys.length) {
        this.ci++;
        this.i = 0;
      }
    } else {
      this.i--;
      if (this.i < 0) {
        this.ci--;
        this.i = (this.map.chunkAt(this.ci)?.keys.length ?? 0) - 1;
      }
    }
  }

  /** Records the current key, or invalidates the cursor when out of entries or bounds. */
  private settle(): void {
    this.seenVersion = this.map.version;
    const k = this.entryKey();
    if (k === null || !this.inBounds(k)) {
      this.current = null;
      return;
    }
    this.current = k;
  }

  private inBounds(k: Buffer): boolean {
    const { lower, upper } = this.options;
    if (lower) {
      const c = compareBytes(k, lower.key);
      if (c < 0 || (c === 0 && !lower.inclusive)) return false;
    }
    if (upper) {
      const c = compareBytes(k, upper.key);
      if (c > 0 || (c === 0 && !upper.inclusive)) return false;
    }
    return true;
  }

  valid(): boolean {
    return this.current !== null;
  }

  key(): Buffer {
    if (!this.current) throw new Error('cursor is not valid');
    return this.current;
  }

  value(): V {
    if (!this.current) throw new Error('cursor is not valid');
    if (this.seenVersion !== this.map.version) this.refind(this.current, true);
    return this.map.chunkAt(this.ci)!.values[this.i]!;
  }

  next(): void {
    if (!this.current) throw new Error('cursor is not valid');
    const last = this.current;
    if (this.seenVersion !== this.map.version) {
      this.refind(last, false);
      return;
    }
    this.step(this.options.reverse ? -1 : 1);
    this.settle();
  }

  /** After the map changed: position strictly after (or at, when `atKey`) the last key. */
  private refind(last: Buffer, atKey: boolean): void {
    if (this.options.reverse) this.seekLast(last, atKey);
    else this.seekFirst(last, atKey);
    if (atKey && (!this.current || !this.current.equals(last))) {
      throw new Error('the entry under the cursor was deleted');
    }
  }

  seek(key: Buffer): void {
    const { lower, upper, reverse } = this.options;
    if (reverse) {
      const beyond = upper && compareBytes(key, upper.key) >= 0;
      this.seekLast(beyond ? upper.key : key, beyond ? upper.inclusive : true);
    } else {
      const before = lower && compareBytes(key, lower.key) <= 0;
      this.seekFirst(before ? lower.key : key, before ? lower.inclusive : true);
    }
  }

  close(): void {
    this.current = null;
  }
}
