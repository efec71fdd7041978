// Serializable snapshot isolation (DESIGN.md §6, invariant 3): SERIALIZABLE transactions record
// what they read — key ranges per relation file, a point for a lookup, the bounds of a scan —
// and, at commit, a transaction that is the pivot of a dangerous structure fails with 40001:
// it read something a concurrent, already committed serializable transaction wrote (an
// rw-dependency out) and wrote something a concurrent serializable transaction read (in). This
// is PostgreSQL's rule (Cahill's SSI) at commit time; write skew is its simplest case.
// Invariant: `committed` keeps a summary of every serializable commit that an active
// serializable transaction's snapshot predates, and nothing older.
import { DbError, SqlState } from '../errors.js';
import { compareBytes } from '../storage/compare-bytes.js';
import type { KeyBound } from '../storage/cursor.js';

/** Key ranges read, by relation ("db/relfilenode"); null bounds are open ends. */
export type ReadRanges = Map<string, { lower: KeyBound | null; upper: KeyBound | null }[]>;
/** Keys written, by relation. */
export type WrittenKeys = Map<string, Buffer[]>;

/** What SSI tracks of one serializable transaction. */
export class SerializableState {
  readonly reads: ReadRanges = new Map();

  constructor(readonly snapshot: number) {}

  /** Records a read of `relation` between the bounds (a scan) or of one key (lower = upper). */
  noteRead(relation: string, lower: KeyBound | null, upper: KeyBound | null): void {
    let list = this.reads.get(relation);
    if (!list) this.reads.set(relation, (list = []));
    if (list.length > 0 && list[0]!.lower === null && list[0]!.upper === null) return; // read whole already
    if (lower === null && upper === null) list.length = 0;
    list.push({ lower, upper });
  }
}

function inRange(key: Buffer, r: { lower: KeyBound | null; upper: KeyBound | null }): boolean {
  if (r.lower) {
    const c = compareBytes(key, r.lower.key);
    if (c < 0 || (c === 0 && !r.lower.inclusive)) return false;
  }
  if (r.upper) {
    const c = compareBytes(key, r.upper.key);
    if (c > 0 || (c === 0 && !r.upper.inclusive)) return false;
  }
  return true;
}

/** Whether any written key lies in a range read. */
function overlaps(writes: WrittenKeys, reads: ReadRanges): boolean {
  for (const [relation, keys] of writes) {
    const ranges = reads.get(relation);
    if (!ranges) continue;
    for (const key of keys) for (const r of ranges) if (inRange(key, r)) return true;
  }
  return false;
}

interface CommittedSummary {
  csn: number;
  reads: ReadRanges;
  writes: WrittenKeys;
}

export class SerializableTracker {
  private readonly active = new Set<SerializableState>();
  private committed: CommittedSummary[] = [];

  begin(state: SerializableState): void {
    this.active.add(state);
  }

  /** The transaction ended without committing. */
  end(state: SerializableState): void {
    this.active.delete(state);
    this.prune();
  }

  /**
   * At commit, before anything is applied: throws 40001 when the transaction is a pivot. Then
   * (the caller commits it with `csn`) call committed().
   */
  check(state: SerializableState, writes: WrittenKeys): void {
    const concurrent = this.committed.filter((c) => c.csn > state.snapshot);
    const outgoing = concurrent.some((c) => overlaps(c.writes, state.reads));
    if (!outgoing) return;
    const incoming = concurrent.some((c) => overlaps(writes, c.reads)) || [...this.active].some((a) => a !== state && overlaps(writes, a.reads));
    if (!incoming) return;
    throw new DbError(SqlState.SerializationFailure, 'could not serialize access due to read/write dependencies among transactions', {
      detail: 'Reason code: Canceled on identification as a pivot, during commit attempt.',
      hint: 'The transaction might succeed if retried.',
    });
  }

  /** The transaction committed with `csn`: concurrent ones are checked against it from now on. */
  committedAs(state: SerializableState, csn: number, writes: WrittenKeys): void {
    this.active.delete(state);
    if (this.active.size > 0) this.committed.push({ csn, reads: state.reads, writes });
    this.prune();
  }

  /** Forgets commits no active serializable transaction is concurrent with. */
  private prune(): void {
    if (this.active.size === 0) {
      this.committed = [];
      return;
    }
    let oldest = Infinity;
    for (const a of this.active) oldest = Math.min(oldest, a.snapshot);
    this.committed = this.committed.filter((c) => c.csn > oldest);
  }
}
