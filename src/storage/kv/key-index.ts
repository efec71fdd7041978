// The KV log's in-memory state: the live value of every key, in key order, with the byte
// accounting that drives compaction. Keys are held as latin1 strings (one char per byte), so
// string order is Buffer.compare order and a Map gives O(1) point lookups.
// Invariant: `sorted` holds exactly the Map's keys in ascending order; `liveBytes` is the sum
// of entrySize over the live entries.
import { entrySize } from './format.js';

interface LiveEntry {
  key: Buffer;
  value: Buffer;
}

export class KeyIndex {
  private readonly entries = new Map<string, LiveEntry>();
  /** Keys in ascending order; rebuilt lazily after bulk loading (see `sortedKeys`). */
  private sorted: string[] = [];
  private sortedValid = true;
  private live = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Sum of the encoded sizes of the live entries (what a compacted file holds). */
  get liveBytes(): number {
    return this.live;
  }

  get(key: Buffer): Buffer | undefined {
    return this.entries.get(key.toString('latin1'))?.value;
  }

  /**
   * Sets or (value undefined) removes a key. `bulk` skips keeping the order up to date, for
   * loading a whole file: the order is rebuilt once on the next scan.
   */
  apply(key: Buffer, value: Buffer | undefined, bulk = false): void {
    const name = key.toString('latin1');
    const old = this.entries.get(name);
    if (old !== undefined) this.live -= entrySize(old.key, old.value);
    if (value === undefined) {
      if (old === undefined) return;
      this.entries.delete(name);
      if (!bulk && this.sortedValid) this.sorted.splice(this.lowerBound(name), 1);
      else this.sortedValid = false;
      return;
    }
    this.entries.set(name, { key, value });
    this.live += entrySize(key, value);
    if (old !== undefined) return;
    if (!bulk && this.sortedValid) this.sorted.splice(this.lowerBound(name), 0, name);
    else this.sortedValid = false;
  }

  /** Live entries whose key starts with `prefix`, in key order (a snapshot: later changes do not show). */
  scanPrefix(prefix: Buffer): Array<[Buffer, Buffer]> {
    const keys = this.sortedKeys();
    const start = prefix.toString('latin1');
    const out: Array<[Buffer, Buffer]> = [];
    for (let i = this.lowerBound(start); i < keys.length && keys[i].startsWith(start); i++) {
      const entry = this.entries.get(keys[i])!;
      out.push([entry.key, entry.value]);
    }
    return out;
  }

  /** Every live entry in key order. */
  *all(): IterableIterator<LiveEntry> {
    for (const name of this.sortedKeys()) yield this.entries.get(name)!;
  }

  clear(): void {
    this.entries.clear();
    this.sorted = [];
    this.sortedValid = true;
    this.live = 0;
  }

  private sortedKeys(): string[] {
    if (!this.sortedValid) {
      // Plain < on latin1 strings compares code units, i.e. bytes: Buffer.compare's order.
      this.sorted = [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.sortedValid = true;
    }
    return this.sorted;
  }

  /** First index of `sorted` whose key is ≥ name. Requires: sortedValid. */
  private lowerBound(name: string): number {
    const keys = this.sortedKeys();
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < name) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
