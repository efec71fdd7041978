// Reading across LSM sources: a k-way merge of sorted sources (memtables, SSTables) into one
// cursor in entry order, a "visible view" of a merge at a snapshot CSN (what a reader sees),
// and the compaction filter: which versions a compaction must keep for the live snapshots.
// Invariants: the merge yields strictly increasing (key, CSN desc) entries — a (key, CSN) held
// by several sources comes once, from the first source given (pass the newest source first);
// the compaction filter keeps, for every reader (each live snapshot and "now"), the version it
// sees, and drops a tombstone only when bottommost and no kept version of its key lies below it.
import { compareBytes } from '../storage/compare-bytes.js';
import type { Cursor } from '../storage/cursor.js';
import { compareEntries, type LsmCursor, type LsmEntry } from './entry.js';

/**
 * Merges sorted sources by entry order. k is small (memtables, L0 files, one file per level),
 * so the smallest source is found by a linear scan, which beats a heap for a handful of sources.
 */
export class MergingCursor implements LsmCursor {
  /** Index of the source at the current entry, or -1. */
  private current = -1;

  constructor(private readonly sources: readonly LsmCursor[]) {
    this.pick();
  }

  /** Points `current` at the source with the smallest entry (ties: the earliest source). */
  private pick(): void {
    let best = -1;
    for (let i = 0; i < this.sources.length; i++) {
      const s = this.sources[i]!;
      if (!s.valid()) continue;
      if (best < 0) best = i;
      else {
        const b = this.sources[best]!;
        if (compareEntries(s.key(), s.csn(), b.key(), b.csn()) < 0) best = i;
      }
    }
    this.current = best;
  }

  private source(): LsmCursor {
    if (this.current < 0) throw new Error('cursor is not valid');
    return this.sources[this.current]!;
  }

  valid(): boolean {
    return this.current >= 0;
  }

  key(): Buffer {
    return this.source().key();
  }

  value(): Buffer | null {
    return this.source().value();
  }

  csn(): number {
    return this.source().csn();
  }

  next(): void {
    const s = this.source();
    const key = Buffer.from(s.key());
    const csn = s.csn();
    s.next();
    // Later sources holding the same (key, CSN) (e.g. a memtable and the SSTable it was flushed to) step over it.
    for (let i = this.current + 1; i < this.sources.length; i++) {
      const o = this.sources[i]!;
      if (o.valid() && o.csn() === csn && o.key().equals(key)) o.next();
    }
    this.pick();
  }

  seek(key: Buffer, csn = Infinity): void {
    for (const s of this.sources) s.seek(key, csn);
    this.pick();
  }

  close(): void {
    for (const s of this.sources) s.close();
    this.current = -1;
  }
}

/**
 * What a reader at `snapshotCsn` sees through an LSM cursor: for each key, the newest version
 * with CSN ≤ snapshotCsn, and nothing for a key whose visible version is a tombstone.
 */
export class VisibleCursor implements Cursor {
  private ok = false;

  constructor(
    private readonly source: LsmCursor,
    private readonly snapshotCsn: number,
  ) {
    this.settle();
  }

  /** From the source's position (the first version of some key), finds the next visible entry. */
  private settle(): void {
    const s = this.source;
    while (s.valid()) {
      if (s.csn() > this.snapshotCsn) {
        s.next(); // too new for the snapshot: an older version of the key, or the next key, follows
        continue;
      }
      if (s.value() !== null) {
        this.ok = true;
        return;
      }
      this.skipKey();
    }
    this.ok = false;
  }

  /** Moves the source past every remaining version of its current key. */
  private skipKey(): void {
    const s = this.source;
    const key = Buffer.from(s.key());
    do s.next();
    while (s.valid() && s.key().equals(key));
  }

  valid(): boolean {
    return this.ok;
  }

  key(): Buffer {
    if (!this.ok) throw new Error('cursor is not valid');
    return this.source.key();
  }

  value(): Buffer {
    if (!this.ok) throw new Error('cursor is not valid');
    return this.source.value()!;
  }

  /** CSN of the visible version. Requires valid(). */
  csn(): number {
    if (!this.ok) throw new Error('cursor is not valid');
    return this.source.csn();
  }

  next(): void {
    if (!this.ok) throw new Error('cursor is not valid');
    this.skipKey();
    this.settle();
  }

  seek(key: Buffer): void {
    this.source.seek(key, Infinity);
    this.settle();
  }

  close(): void {
    this.source.close();
    this.ok = false;
  }
}

export interface CompactionFilterOptions {
  /** CSNs of the open snapshots, any order (the reader "now", +Infinity, is always added). */
  snapshots: readonly number[];
  /** The output has nothing older below it (the last level, or no deeper file overlaps). */
  bottommost: boolean;
}

/**
 * Of one key's versions (newest first), those a compaction must keep: each version some reader
 * sees (the newest with CSN ≤ the reader's snapshot); at the bottom, tombstones that have no kept
 * version below them are dropped too (a reader then sees nothing, as before).
 * `sortedSnapshots` must be ascending.
 */
export function keepVersions<T extends { csn: number; value: Buffer | null }>(versions: readonly T[], sortedSnapshots: readonly number[], bottommost: boolean): T[] {
  const kept: T[] = [];
  let newer = Infinity; // CSN of the next newer version
  for (const v of versions) {
    // v is seen by a reader s with v.csn ≤ s < newer; the newest version is seen by "now".
    if (newer === Infinity) kept.push(v);
    else {
      const s = firstAtOrAbove(sortedSnapshots, v.csn);
      if (s !== undefined && s < newer) kept.push(v);
    }
    newer = v.csn;
  }
  if (bottommost) while (kept.length > 0 && kept[kept.length - 1]!.value === null) kept.pop();
  return kept;
}

function firstAtOrAbove(sorted: readonly number[], csn: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < csn) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/**
 * The compaction merge: reads a (merging) cursor to its end and yields, in entry order, copies
 * of the entries to write to the output files. Closes the cursor when done.
 */
export function* compactionMerge(input: LsmCursor, options: CompactionFilterOptions): Generator<LsmEntry> {
  const snapshots = [...options.snapshots].sort((a, b) => a - b);
  try {
    let versions: LsmEntry[] = [];
    while (input.valid()) {
      const key = input.key();
      if (versions.length > 0 && compareBytes(versions[0]!.key, key) !== 0) {
        yield* keepVersions(versions, snapshots, options.bottommost);
        versions = [];
      }
      const value = input.value();
      versions.push({ key: versions[0]?.key ?? Buffer.from(key), csn: input.csn(), value: value === null ? null : Buffer.from(value) });
      input.next();
    }
    if (versions.length > 0) yield* keepVersions(versions, snapshots, options.bottommost);
  } finally {
    input.close();
  }
}
