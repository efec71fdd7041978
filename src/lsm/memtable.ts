// The memtable: the mirror's newest committed changes in memory, ordered by (internal key, CSN
// descending), fed one CommitRecord at a time; when full it is frozen and flushed to an SSTable.
// Invariants: each key's versions are sorted by CSN, at most one version per (key, CSN); a
// frozen memtable never changes; `approximateBytes` grows by entryBytes() of every version.
// Requires: callers do not modify the value buffers of records they add (the memtable keeps them).
// Catalog entries of a record are not mirrored (the catalog has its own log, catalog.kv).
import { SortedMap, type SortedMapCursor } from '../storage/sorted-map.js';
import { compareBytes } from '../storage/compare-bytes.js';
import { inBounds, type LsmCursor, type LsmCursorOptions, type LsmEntry } from './entry.js';
import { encodeInternalKey } from './internal-key.js';
import type { CommitRecord } from './wal-format.js';

/** Bookkeeping bytes counted per version on top of its key and value (object, array slot). */
export const ENTRY_OVERHEAD = 48;

/** The approximate memory (and flushed size) of one version. */
export function entryBytes(key: Buffer, value: Buffer | null): number {
  return ENTRY_OVERHEAD + key.length + (value?.length ?? 0);
}

interface Version {
  csn: number;
  value: Buffer | null;
}

/** Index of the newest version with csn ≤ `csn` in ascending `versions`, or -1. */
function newestAtOrBelow(versions: readonly Version[], csn: number): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (versions[mid]!.csn <= csn) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export class Memtable {
  /** Versions of each key in ascending CSN order (appending is the common case). */
  private readonly map = new SortedMap<Version[]>();
  private bytes = 0;
  private entries = 0;
  private frozen = false;
  private lowestCsn = Infinity;
  private highestCsn = 0;

  /** Approximate bytes held (keys, values and bookkeeping). */
  get approximateBytes(): number {
    return this.bytes;
  }

  /** Number of versions (entries) held. */
  get entryCount(): number {
    return this.entries;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Smallest and largest CSN added (Infinity and 0 while empty). */
  get minCsn(): number {
    return this.lowestCsn;
  }

  get maxCsn(): number {
    return this.highestCsn;
  }

  /** Adds one entry per relation operation of a committed transaction. */
  add(record: CommitRecord): void {
    if (this.frozen) throw new Error('memtable is frozen');
    for (const relation of record.relations) {
      for (const { key, value } of relation.entries) this.put(encodeInternalKey(record.dbOid, relation.relfilenode, key), record.csn, value);
    }
  }

  /** Adds one version; a second version of the same (key, CSN) replaces the first. */
  put(key: Buffer, csn: number, value: Buffer | null): void {
    if (this.frozen) throw new Error('memtable is frozen');
    if (!Number.isSafeInteger(csn) || csn < 1) throw new RangeError(`bad CSN ${csn}`);
    let versions = this.map.get(key);
    if (versions === undefined) {
      versions = [];
      this.map.set(key, versions);
    }
    const at = newestAtOrBelow(versions, csn);
    if (at >= 0 && versions[at]!.csn === csn) {
      this.bytes += (value?.length ?? 0) - (versions[at]!.value?.length ?? 0);
      versions[at] = { csn, value };
      this.map.version++; // cursors re-read the value
    } else {
      versions.splice(at + 1, 0, { csn, value });
      this.bytes += entryBytes(key, value);
      this.entries++;
    }
    if (csn < this.lowestCsn) this.lowestCsn = csn;
    if (csn > this.highestCsn) this.highestCsn = csn;
  }

  /** Makes the memtable immutable (ready to flush); returns it. */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  /**
   * The newest version of `key` with CSN ≤ snapshotCsn, or undefined when this memtable has
   * none (older sources must be asked). A tombstone comes back with value null.
   */
  get(key: Buffer, snapshotCsn: number): LsmEntry | undefined {
    const versions = this.map.get(key);
    if (versions === undefined) return undefined;
    const at = newestAtOrBelow(versions, snapshotCsn);
    if (at < 0) return undefined;
    return { key, csn: versions[at]!.csn, value: versions[at]!.value };
  }

  /** A cursor over all versions within the bounds, in entry order. */
  cursor(options: LsmCursorOptions = {}): MemtableCursor {
    return new MemtableCursor(this.map.cursor({ lower: options.lower, upper: options.upper }), options);
  }
}

/**
 * A forward cursor over a memtable's entries. On an active memtable it sees versions added
 * after it was opened when they sort after its position (it re-finds its place by (key, CSN)).
 */
export class MemtableCursor implements LsmCursor {
  /** CSN of the current version; undefined when not valid. */
  private currentCsn: number | undefined;
  private currentValue: Buffer | null = null;

  constructor(
    private readonly keys: SortedMapCursor<Version[]>,
    private readonly options: LsmCursorOptions,
  ) {
    this.settle(Infinity);
  }

  /** Positions at the newest version ≤ csn of the key cursor's key, or at the next key. */
  private settle(csn: number): void {
    while (this.keys.valid()) {
      const versions = this.keys.value();
      const at = newestAtOrBelow(versions, csn);
      if (at >= 0) {
        this.currentCsn = versions[at]!.csn;
        this.currentValue = versions[at]!.value;
        return;
      }
      this.keys.next();
      csn = Infinity;
    }
    this.currentCsn = undefined;
    this.currentValue = null;
  }

  valid(): boolean {
    return this.currentCsn !== undefined;
  }

  key(): Buffer {
    if (this.currentCsn === undefined) throw new Error('cursor is not valid');
    return this.keys.key();
  }

  value(): Buffer | null {
    if (this.currentCsn === undefined) throw new Error('cursor is not valid');
    return this.currentValue;
  }

  csn(): number {
    if (this.currentCsn === undefined) throw new Error('cursor is not valid');
    return this.currentCsn;
  }

  next(): void {
    if (this.currentCsn === undefined) throw new Error('cursor is not valid');
    this.settle(this.currentCsn - 1);
  }

  seek(key: Buffer, csn = Infinity): void {
    this.keys.seek(key);
    if (!this.keys.valid()) {
      this.currentCsn = undefined;
      return;
    }
    // Only an exact match of the sought key starts below the newest version.
    this.settle(compareBytes(this.keys.key(), key) === 0 && inBounds(key, this.options) ? csn : Infinity);
  }

  close(): void {
    this.keys.close();
    this.currentCsn = undefined;
  }
}
