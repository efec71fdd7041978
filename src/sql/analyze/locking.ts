// SELECT … FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [OF t, …] [NOWAIT | SKIP LOCKED]:
// which FROM items' rows the query locks, in which mode, and what it does when another
// transaction holds one (wait, fail with 55P03, or skip the row). The locked items carry their
// storage keys (withKey) so that the LockRows plan node can lock the rows the query returns.
// PostgreSQL's refusals are kept: no locking with aggregates, GROUP BY, DISTINCT, window
// functions or set-returning functions (0A000), and OF must name a FROM item (42P01).
import { DbError, SqlState } from '../../errors.js';
import type { Node } from '../parser.js';
import { LockMode } from '../../txn/row-locks.js';
import type { SelectQuery } from './query.js';

export type LockWait = 'wait' | 'nowait' | 'skip';

export interface RowLocking {
  /** FROM items (range indexes) whose rows are locked. */
  ranges: number[];
  mode: LockMode;
  wait: LockWait;
}

const STRENGTH: Record<string, [LockMode, string]> = {
  LCS_FORKEYSHARE: [LockMode.KeyShare, 'FOR KEY SHARE'],
  LCS_FORSHARE: [LockMode.Share, 'FOR SHARE'],
  LCS_FORNOKEYUPDATE: [LockMode.NoKeyUpdate, 'FOR NO KEY UPDATE'],
  LCS_FORUPDATE: [LockMode.Update, 'FOR UPDATE'],
};

const WAIT: Record<string, LockWait> = { LockWaitBlock: 'wait', LockWaitError: 'nowait', LockWaitSkip: 'skip' };

/** The row locking of a SELECT's locking clauses; marks the locked items withKey. */
export function analyzeLocking(clauses: Node[], q: SelectQuery, hasWindows: boolean, hasSrf: boolean): RowLocking {
  let mode: LockMode = LockMode.KeyShare;
  let wait: LockWait = 'wait';
  const ranges = new Set<number>();
  for (const c of clauses.map((n) => n.LockingClause as Node)) {
    const [m, name] = STRENGTH[c.strength as string] ?? [LockMode.Update, 'FOR UPDATE'];
    const refuse = (what: string) => new DbError(SqlState.FeatureNotSupported, `${name} is not allowed with ${what}`);
    if (q.distinct) throw refuse('DISTINCT clause');
    if (q.groupBy.length > 0) throw refuse('GROUP BY clause');
    if (q.having) throw refuse('HAVING clause');
    if (q.grouped) throw refuse('aggregate functions');
    if (hasWindows) throw refuse('window functions');
    if (hasSrf) throw refuse('set-returning functions in the target list');
    if (m > mode) mode = m;
    const w = WAIT[c.waitPolicy as string] ?? 'wait';
    if (w === 'nowait' || (w === 'skip' && wait === 'wait')) wait = w;
    const named = (c.lockedRels ?? []) as Node[];
    const tables = q.ranges.map((r, i) => [r, i] as const).filter(([r]) => r.kind === 'table');
    if (named.length === 0) {
      for (const [, i] of tables) ranges.add(i);
      continue;
    }
    for (const rel of named) {
      const relname = rel.RangeVar.relname as string;
      const found = q.ranges.findIndex((r) => r.alias === relname);
      if (found < 0) {
        throw new DbError(SqlState.UndefinedTable, `relation "${relname}" in ${name} clause not found in FROM clause`, { position: (rel.RangeVar.location as number) + 1 });
      }
      if (q.ranges[found]!.kind === 'table') ranges.add(found);
    }
  }
  for (const i of ranges) q.ranges[i]!.withKey = true;
  return { ranges: [...ranges].sort((a, b) => a - b), mode, wait };
}
