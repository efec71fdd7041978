// A transaction's write set: for every relation file it changed, an ordered map from key to
// the new value (null: deleted). Statements read through it (merged-cursor.ts); commit applies
// it to the B+trees; rollback forgets it. Every change is logged, so a failed statement or a
// ROLLBACK TO SAVEPOINT undoes exactly the changes made after its mark. Checks that must hold
// against the committed trees at commit time (a key inserted here must still be absent) are
// registered with the changes and undone with them.
// Invariant: B+trees hold committed data only (DESIGN.md §6, invariant 1).
import { SortedMap } from '../storage/sorted-map.js';
import type { TableShape } from './table-access.js';

/** The pending changes of one relation file. */
export interface Overlay {
  /** Pending entries: value, or null for a deletion. */
  readonly entries: SortedMap<Buffer | null>;
  set(key: Buffer, value: Buffer | null): void;
  /** A check to run at commit, before anything is applied; it throws to abort the commit. */
  addCommitCheck(check: () => void): void;
}

interface Change {
  relation: string;
  key: Buffer;
  had: boolean;
  previous: Buffer | null;
}

export class WriteSet {
  private readonly relations = new Map<string, SortedMap<Buffer | null>>();
  /** The shape (columns, indexes) each written table had when written, by table OID. */
  readonly shapes = new Map<number, TableShape>();
  private readonly log: (Change | { check: () => void })[] = [];

  /** Pending entries of a relation, or undefined when it has none. */
  entriesOf(relation: string): SortedMap<Buffer | null> | undefined {
    return this.relations.get(relation);
  }

  /** The overlay through which a statement writes to a relation. */
  overlay(relation: string): Overlay {
    let entries = this.relations.get(relation);
    if (!entries) this.relations.set(relation, (entries = new SortedMap()));
    const map = entries;
    return {
      entries: map,
      set: (key, value) => {
        const previous = map.set(key, value);
        this.log.push({ relation, key, had: previous !== undefined, previous: previous ?? null });
      },
      addCommitCheck: (check) => {
        this.log.push({ check });
      },
    };
  }

  /** Records the shape a table is written with (checked against the catalog at commit). */
  noteShape(shape: TableShape): void {
    if (!this.shapes.has(shape.oid)) this.shapes.set(shape.oid, shape);
  }

  /** A check to run at commit (serialized with other commits), undone with later changes. */
  addCheck(check: () => void): void {
    this.log.push({ check });
  }

  get empty(): boolean {
    return this.log.length === 0;
  }

  mark(): number {
    return this.log.length;
  }

  /** Undoes every change made after `mark`. */
  rollbackTo(mark: number): void {
    while (this.log.length > mark) {
      const c = this.log.pop()!;
      if ('check' in c) continue;
      const map = this.relations.get(c.relation)!;
      if (c.had) map.set(c.key, c.previous);
      else map.delete(c.key);
    }
  }

  /** The commit checks still in force, in the order they were registered. */
  commitChecks(): (() => void)[] {
    return this.log.filter((c): c is { check: () => void } => 'check' in c).map((c) => c.check);
  }

  /**
   * Forgets every pending entry of a relation (ON COMMIT DELETE ROWS, just before commit:
   * the relation's committed state stays as it was). Not undoable: only for the commit path.
   */
  discard(relation: string): void {
    this.relations.delete(relation);
  }

  /** Relations and their pending entries, for commit. */
  relationEntries(): IterableIterator<[string, SortedMap<Buffer | null>]> {
    return this.relations.entries();
  }
}
