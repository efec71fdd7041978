// A transaction: its catalog view (CatalogTxn), its write set, and actions to run when it
// ends (files to delete after a committed DROP, files to delete after an aborted CREATE).
// Savepoints and failed statements roll back to a Mark: catalog changes, writes and the end
// actions registered since.
import type { CatalogTxn } from '../catalog/catalog-txn.js';
import type { LockHolder } from './row-locks.js';
import type { SerializableState } from './ssi.js';
import { WriteSet } from './write-set.js';

export interface Mark {
  writes: number;
  catalog: number;
  onAbort: number;
  onCommit: number;
}

export class Transaction implements LockHolder {
  readonly writes = new WriteSet();
  /** Commit checks are running: reads see the newest committed state, not the snapshot. */
  committing = false;
  /** SERIALIZABLE: what SSI tracks (set when the transaction takes its snapshot). */
  serializable: SerializableState | null = null;
  private readonly onCommit: (() => void)[] = [];
  private readonly onAbort: (() => void)[] = [];

  constructor(
    readonly catalog: CatalogTxn,
    /** A number for lock messages (PostgreSQL's transaction id). */
    readonly xid = 0,
    /** The backend pid of the session running it. */
    readonly pid = 0,
  ) {}

  /** Runs after a successful commit (e.g. deleting a dropped table's file). */
  afterCommit(action: () => void): void {
    this.onCommit.push(action);
  }

  /** Runs if the transaction (or the statement, or the savepoint) is rolled back. */
  afterAbort(action: () => void): void {
    this.onAbort.push(action);
  }

  mark(): Mark {
    return { writes: this.writes.mark(), catalog: this.catalog.mark(), onAbort: this.onAbort.length, onCommit: this.onCommit.length };
  }

  /** Undoes everything done since the mark, running the abort actions registered since. */
  rollbackTo(mark: Mark): void {
    this.writes.rollbackTo(mark.writes);
    this.catalog.rollbackTo(mark.catalog);
    const undone = this.onAbort.splice(mark.onAbort);
    for (const action of undone.reverse()) action();
    this.onCommit.splice(mark.onCommit);
  }

  get readOnly(): boolean {
    return this.writes.empty && !this.catalog.changed;
  }

  /** The actions to run after commit, in order. */
  commitActions(): readonly (() => void)[] {
    return this.onCommit;
  }

  /** The abort actions, newest first (a full rollback). */
  abortActions(): (() => void)[] {
    return [...this.onAbort].reverse();
  }
}
