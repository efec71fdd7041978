// Waiting for row-lock holders to end (DESIGN.md §6, invariant 4), outside any statement: the
// wait ends when every blocker has committed or rolled back; after deadlock_timeout, a wait that
// closes a cycle of the wait-for graph fails with 40P01 (this transaction is the victim, as the
// PostgreSQL backend that runs the check is); lock_timeout gives 55P03; a cancel request (or
// statement_timeout) ends it with the session's cancel error.
import { DbError, SqlState } from '../errors.js';
import type { LockHolder, RowLocks } from '../txn/row-locks.js';

export interface LockWait {
  locks: RowLocks;
  waiter: LockHolder;
  blockers: readonly LockHolder[];
  /** Whether a transaction has ended already. */
  ended(h: LockHolder): boolean;
  deadlockTimeoutMs: number;
  /** 0: no limit. */
  lockTimeoutMs: number;
  /** Registers `wake` to run on a cancel request; returns the unregistration. */
  onCancel(wake: () => void): () => void;
  /** The error a cancelled statement ends with, or null while it is not cancelled. */
  cancelError(): DbError | null;
}

export async function waitForLockHolders(w: LockWait): Promise<void> {
  const ended = w.locks.waitFor(w.waiter, w.blockers, w.ended);
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const timers: NodeJS.Timeout[] = [];
      let unregister = () => {};
      const finish = (err?: DbError | null) => {
        if (finished) return;
        finished = true;
        for (const t of timers) clearTimeout(t);
        unregister();
        if (err) reject(err);
        else resolve();
      };
      unregister = w.onCancel(() => {
        const err = w.cancelError();
        if (err) finish(err);
      });
      const cancelled = w.cancelError();
      if (cancelled) return finish(cancelled);
      void ended.then(() => finish());
      timers.push(
        setTimeout(() => {
          const cycle = w.locks.deadlockCycle(w.waiter);
          if (cycle.length > 0) finish(deadlockError(cycle, (h) => w.locks.waitsFor(h)));
        }, w.deadlockTimeoutMs),
      );
      if (w.lockTimeoutMs > 0) timers.push(setTimeout(() => finish(new DbError(SqlState.LockNotAvailable, 'canceling statement due to lock timeout')), w.lockTimeoutMs));
    });
  } finally {
    w.locks.stopWaiting(w.waiter);
  }
}

/** PostgreSQL's deadlock report: who waits for whom around the cycle. */
function deadlockError(cycle: readonly LockHolder[], waitsFor: (h: LockHolder) => readonly LockHolder[]): DbError {
  const lines = cycle.map((h, i) => {
    const next = cycle[(i + 1) % cycle.length]!;
    const blocker = waitsFor(h).includes(next) ? next : (waitsFor(h)[0] ?? next);
    return `Process ${h.pid} waits for ShareLock on transaction ${blocker.xid}; blocked by process ${blocker.pid}.`;
  });
  return new DbError(SqlState.DeadlockDetected, 'deadlock detected', { detail: lines.join('\n'), hint: 'See server log for query details.' });
}
