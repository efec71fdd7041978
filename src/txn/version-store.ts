// The in-memory version store (DESIGN.md §6, invariant 2): B+trees hold the newest committed
// version of every key; when a commit changes a key, the value it had before (null: absent) is
// kept here, stamped with the commit's CSN, for as long as a snapshot older than that commit may
// read it. A reader at snapshot S takes, for a key, the `before` of the oldest change newer than
// S, or the tree's value when there is none. Versions every registered snapshot is past are
// dropped (prune) in CSN order.
// Invariants: each key's chain is in ascending CSN order; `changes` lists every chain entry once,
// in ascending CSN order.
import type { CursorOptions, KeyBound, OrderedCursor } from '../storage/cursor.js';
import { SortedMap } from '../storage/sorted-map.js';

export interface Version {
  /** The commit that changed the key. */
  csn: number;
  /** The key's value before that commit (null: it did not exist). */
  before: Buffer | null;
}

/** What a reader reads with: the version store and its snapshot CSN. */
export interface ReadView {
  versions: VersionStore;
  readonly csn: number;
  /** SERIALIZABLE: records what was read (a scan's bounds, or a key as both bounds). */
  noteRead?(relation: string, lower: KeyBound | null, upper: KeyBound | null): void;
}

export class VersionStore {
  private readonly relations = new Map<string, SortedMap<Version[]>>();
  private changes: { csn: number; relation: string; key: Buffer }[] = [];
  private head = 0;

  /** A commit with `csn` changes `key` of `relation`, whose committed value was `before`. */
  record(relation: string, key: Buffer, before: Buffer | null, csn: number): void {
    let map = this.relations.get(relation);
    if (!map) this.relations.set(relation, (map = new SortedMap()));
    const chain = map.get(key);
    if (chain) chain.push({ csn, before });
    else map.set(key, [{ csn, before }]);
    this.changes.push({ csn, relation, key });
  }

  /** The chains of a relation, or undefined when none of its keys has old versions. */
  chainsOf(relation: string): SortedMap<Version[]> | undefined {
    const map = this.relations.get(relation);
    return map && map.size > 0 ? map : undefined;
  }

  /** Whether a commit newer than `csn` changed the key. */
  changedAfter(relation: string, key: Buffer, csn: number): boolean {
    const chain = this.relations.get(relation)?.get(key);
    return chain !== undefined && chain[chain.length - 1]!.csn > csn;
  }

  /** Drops the versions no snapshot at or after `horizon` needs (those of commits ≤ horizon). */
  prune(horizon: number): void {
    const changes = this.changes;
    let i = this.head;
    while (i < changes.length && changes[i]!.csn <= horizon) {
      const c = changes[i]!;
      const map = this.relations.get(c.relation);
      const chain = map?.get(c.key);
      if (chain) {
        chain.shift();
        if (chain.length === 0) {
          map!.delete(c.key);
          if (map!.size === 0) this.relations.delete(c.relation);
        }
      }
      i++;
    }
    this.head = i;
    if (this.head > 1024 && this.head * 2 > changes.length) {
      this.changes = changes.slice(this.head);
      this.head = 0;
    }
  }

  /** Versions kept (statistics, tests). */
  get size(): number {
    return this.changes.length - this.head;
  }
}

/** The value a key had at snapshot `csn`, from its chain: undefined when the tree's value is it. */
export function valueAt(chain: readonly Version[] | undefined, csn: number): Buffer | null | undefined {
  if (chain === undefined) return undefined;
  for (const v of chain) if (v.csn > csn) return v.before;
  return undefined;
}

/**
 * The keys of a relation whose value at a snapshot differs from the tree's, with that value
 * (null: absent at the snapshot) — the overlay a MergedCursor lays over the tree's cursor.
 */
export class SnapshotOverlayCursor implements OrderedCursor<Buffer | null> {
  private readonly inner: OrderedCursor<Version[]>;
  private current: Buffer | null = null;

  constructor(
    chains: SortedMap<Version[]>,
    private readonly csn: number,
    options: CursorOptions,
  ) {
    this.inner = chains.cursor(options);
    this.settle();
  }

  /** Skips keys whose chain has no change after the snapshot. */
  private settle(): void {
    while (this.inner.valid()) {
      const v = valueAt(this.inner.value(), this.csn);
      if (v !== undefined) {
        this.current = v;
        return;
      }
      this.inner.next();
    }
  }

  valid(): boolean {
    return this.inner.valid();
  }

  key(): Buffer {
    return this.inner.key();
  }

  value(): Buffer | null {
    return this.current;
  }

  next(): void {
    this.inner.next();
    this.settle();
  }

  seek(key: Buffer): void {
    this.inner.seek(key);
    this.settle();
  }

  close(): void {
    this.inner.close();
  }
}
