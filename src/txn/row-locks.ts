// Row locks (DESIGN.md §6, invariant 4): UPDATE, DELETE and SELECT … FOR UPDATE / SHARE lock the
// rows they touch until their transaction ends, in PostgreSQL's four modes. A request that
// conflicts with another transaction's lock is not queued here: the statement rolls back and
// waits for the holders to end (waitFor), then runs again (sql/lock-retry.ts). Waits form the
// wait-for graph that deadlock detection walks.
// Invariants: `rows` holds only live locks of transactions that have not ended; a holder's
// `held` list names every row it holds; release() wakes everyone waiting for that holder.
import { DbError, SqlState } from '../errors.js';

/** PostgreSQL's row lock modes, weakest first. */
export const LockMode = { KeyShare: 0, Share: 1, NoKeyUpdate: 2, Update: 3 } as const;
export type LockMode = (typeof LockMode)[keyof typeof LockMode];

/** CONFLICTS[held][requested]: PostgreSQL's row-level lock conflict table. */
const CONFLICTS: readonly (readonly boolean[])[] = [
  [false, false, false, true],
  [false, false, true, true],
  [false, true, true, true],
  [true, true, true, true],
];

/** A transaction as the lock table knows it. */
export interface LockHolder {
  /** A number for messages (like PostgreSQL's transaction id). */
  readonly xid: number;
  /** The backend pid of its session, for deadlock details. */
  readonly pid: number;
}

interface Ending {
  promise: Promise<void>;
  resolve(): void;
}

export class RowLocks {
  private readonly rows = new Map<string, Map<LockHolder, LockMode>>();
  private readonly held = new Map<LockHolder, string[]>();
  /** The wait-for graph: a waiting transaction → the holders it waits for. */
  private readonly waiting = new Map<LockHolder, readonly LockHolder[]>();
  private readonly endings = new Map<LockHolder, Ending>();

  /** Locks a row for `holder`; returns the other holders whose locks conflict (empty: granted). */
  tryLock(holder: LockHolder, relation: string, key: Buffer, mode: LockMode): LockHolder[] {
    const id = `${relation}\0${key.toString('latin1')}`;
    let row = this.rows.get(id);
    const blockers: LockHolder[] = [];
    if (row) {
      for (const [other, otherMode] of row) if (other !== holder && CONFLICTS[otherMode]![mode]) blockers.push(other);
      if (blockers.length > 0) return blockers;
    } else {
      this.rows.set(id, (row = new Map()));
    }
    const had = row.get(holder);
    if (had === undefined) {
      let list = this.held.get(holder);
      if (!list) this.held.set(holder, (list = []));
      list.push(id);
    }
    if (had === undefined || had < mode) row.set(holder, mode);
    return blockers;
  }

  /** Whether a holder has locks (an ending transaction must release them). */
  holds(holder: LockHolder): boolean {
    return this.held.has(holder);
  }

  /**
   * Resolves when every one of `blockers` has ended (release() runs when a transaction ends,
   * whether it holds locks or not). `ended` tells which have ended already. Call stopWaiting
   * when done waiting.
   */
  waitFor(waiter: LockHolder, blockers: readonly LockHolder[], ended: (h: LockHolder) => boolean): Promise<void> {
    const live = blockers.filter((b) => !ended(b));
    this.waiting.set(waiter, live);
    return Promise.all(live.map((b) => this.ending(b).promise)).then(() => {});
  }

  stopWaiting(waiter: LockHolder): void {
    this.waiting.delete(waiter);
  }

  /** The cycle of the wait-for graph through `waiter`, as the holders in it (empty: none). */
  deadlockCycle(waiter: LockHolder): LockHolder[] {
    const path: LockHolder[] = [waiter];
    const seen = new Set<LockHolder>();
    const visit = (h: LockHolder): boolean => {
      for (const next of this.waiting.get(h) ?? []) {
        if (next === waiter) return true;
        if (seen.has(next)) continue;
        seen.add(next);
        path.push(next);
        if (visit(next)) return true;
        path.pop();
      }
      return false;
    };
    return visit(waiter) ? path : [];
  }

  /** What a waiter waits for (deadlock details). */
  waitsFor(waiter: LockHolder): readonly LockHolder[] {
    return this.waiting.get(waiter) ?? [];
  }

  private ending(holder: LockHolder): Ending {
    let e = this.endings.get(holder);
    if (!e) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.endings.set(holder, (e = { promise, resolve }));
    }
    return e;
  }

  /** The transaction ended (committed and visible, or rolled back): its locks go, its waiters wake. */
  release(holder: LockHolder): void {
    for (const id of this.held.get(holder) ?? []) {
      const row = this.rows.get(id);
      if (!row) continue;
      row.delete(holder);
      if (row.size === 0) this.rows.delete(id);
    }
    this.held.delete(holder);
    this.waiting.delete(holder);
    const e = this.endings.get(holder);
    if (e) {
      this.endings.delete(holder);
      e.resolve();
    }
  }

  /** Rows locked (tests, statistics). */
  get size(): number {
    return this.rows.size;
  }
}

/**
 * Thrown by a statement that needs a row another transaction has locked: the statement is
 * rolled back, waits for the blockers to end and runs again. A DbError (40001) in case it ever
 * escapes the retry loop.
 */
export class RowLockConflict extends DbError {
  constructor(
    readonly blockers: readonly LockHolder[],
    readonly relationName: string,
  ) {
    super(SqlState.SerializationFailure, 'could not serialize access due to concurrent update');
  }

  /** A signal of normal control flow, thrown often under contention: no stack trace taken. */
  static create(blockers: readonly LockHolder[], relationName: string): RowLockConflict {
    return withoutStack(() => new RowLockConflict(blockers, relationName));
  }
}

function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Thrown under READ COMMITTED when a row the statement is about to change was changed by a
 * commit after the statement's snapshot: the statement runs again with a new snapshot (where
 * PostgreSQL re-checks just that row, EvalPlanQual).
 */
export class StatementRetry extends DbError {
  constructor() {
    super(SqlState.SerializationFailure, 'could not serialize access due to concurrent update');
  }

  /** Without a stack trace, as RowLockConflict.create. */
  static create(): StatementRetry {
    return withoutStack(() => new StatementRetry());
  }
}
