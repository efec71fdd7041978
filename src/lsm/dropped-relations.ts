// Entries of dropped relations in the mirror. Dropping a relation writes no tombstones: the
// MANIFEST records the drop's CSN, and every entry of that relation with CSN ≤ it is dead —
// readers skip it and compaction discards it. A relation file number used again later (after a
// restart) gets entries with larger CSNs, which stay live.
// Invariant: isDead is a pure function of the version's dropped map.
import type { ManifestVersion } from './manifest-format.js';
import type { LsmCursor } from './entry.js';
import { RELATION_PREFIX_SIZE } from './internal-key.js';

/** (internal key, CSN) → true when the entry belongs to a dropped relation. */
export type DeadEntryTest = (key: Buffer, csn: number) => boolean;

/** The dead-entry test of a MANIFEST version (constant false when nothing was dropped). */
export function deadEntryTest(version: Pick<ManifestVersion, 'dropped'>): DeadEntryTest {
  if (version.dropped.size === 0) return () => false;
  const dropCsn = new Map<string, number>();
  for (const [id, r] of version.dropped) dropCsn.set(id, r.csn);
  let lastPrefix: Buffer | null = null;
  let lastCsn = -1;
  return (key, csn) => {
    if (key.length < RELATION_PREFIX_SIZE) return false;
    if (lastPrefix === null || key.compare(lastPrefix, 0, RELATION_PREFIX_SIZE, 0, RELATION_PREFIX_SIZE) !== 0) {
      lastPrefix = Buffer.from(key.subarray(0, RELATION_PREFIX_SIZE));
      lastCsn = dropCsn.get(`${key.readUInt32BE(0)}/${key.readUInt32BE(4)}`) ?? -1;
    }
    return csn <= lastCsn;
  };
}

/** A cursor that skips the dead entries of its source. */
export class LiveEntriesCursor implements LsmCursor {
  constructor(
    private readonly source: LsmCursor,
    private readonly isDead: DeadEntryTest,
  ) {
    this.skip();
  }

  private skip(): void {
    while (this.source.valid() && this.isDead(this.source.key(), this.source.csn())) this.source.next();
  }

  valid(): boolean {
    return this.source.valid();
  }

  key(): Buffer {
    return this.source.key();
  }

  value(): Buffer | null {
    return this.source.value();
  }

  csn(): number {
    return this.source.csn();
  }

  next(): void {
    this.source.next();
    this.skip();
  }

  seek(key: Buffer, csn?: number): void {
    this.source.seek(key, csn);
    this.skip();
  }

  close(): void {
    this.source.close();
  }
}
