// Running a portal when rows may be locked (DESIGN.md §6, invariant 4): the executor never waits
// inside a statement. A statement that meets a row lock of another transaction (RowLockConflict)
// or, under READ COMMITTED, a row changed since its snapshot (StatementRetry) is rolled back to
// where it started, waits — for the lock holders to end, with deadlock detection, lock_timeout
// and cancellation — and runs again from a new portal with a new snapshot. Waiting is a promise,
// so other connections go on meanwhile. A statement that read a B+tree page failing its
// checksum has the relation rebuilt from the LSM mirror (Cluster.repairRelation) and runs again
// the same way, once per relation.
// Requires: `rebind` makes a fresh portal of the same statement and parameters; null when the
// portal has already returned rows (a resumed portal cannot start over: its conflict is 40001).
import type { Session } from './session.js';
import type { Portal, PortalResult } from './statement.js';
import { RowLockConflict, StatementRetry } from '../txn/row-locks.js';
import { CorruptPageError } from '../storage/pagefile.js';
import type { Mark } from '../txn/transaction.js';

export interface PortalRun {
  result: PortalResult;
  /** The portal that produced the result (a new one after a retry). */
  portal: Portal;
}

/** Runs a portal step; synchronous when nothing has to wait. */
export function runPortal(session: Session, portal: Portal, maxRows: number, rebind: (() => Portal) | null): PortalRun | Promise<PortalRun> {
  const mark = session.txn?.mark();
  try {
    const pending = portal.run(maxRows);
    if (!(pending instanceof Promise)) return { result: pending, portal };
    return pending.then(
      (result) => ({ result, portal }),
      (err: unknown) => retry(session, err, mark, maxRows, rebind),
    );
  } catch (err) {
    return retry(session, err, mark, maxRows, rebind);
  }
}

async function retry(session: Session, first: unknown, mark: Mark | undefined, maxRows: number, rebind: (() => Portal) | null): Promise<PortalRun> {
  let err = first;
  const repaired = new Set<string>();
  for (;;) {
    const damaged = err instanceof CorruptPageError ? err.relation : null;
    if (!(err instanceof RowLockConflict || err instanceof StatementRetry || damaged) || rebind === null || mark === undefined || !session.txn) throw err;
    if (damaged) {
      const id = `${damaged.dbOid}/${damaged.relfilenode}`;
      if (repaired.has(id)) throw err;
      session.txn.rollbackTo(mark);
      if (!session.cluster.repairRelation(damaged.dbOid, damaged.relfilenode)) throw err;
      repaired.add(id);
    } else {
      session.txn.rollbackTo(mark);
    }
    if (err instanceof RowLockConflict) await session.waitForRowLocks(err);
    else if (err instanceof StatementRetry) await session.cluster.snapshots.whenVisible(session.cluster.lastCsn);
    session.newStatementSnapshot();
    const current = rebind();
    try {
      const pending = current.run(maxRows);
      return { result: pending instanceof Promise ? await pending : pending, portal: current };
    } catch (next) {
      err = next;
    }
  }
}
