// LOCK [TABLE] [ONLY] name [, ...] [IN mode MODE] [NOWAIT]. Treeline has no relation locks yet
// (they come with concurrency control), so only ACCESS SHARE MODE — the mode pg_dump takes, which
// conflicts with nothing but ACCESS EXCLUSIVE — is accepted, after PostgreSQL's checks: inside a
// transaction block (25P01), each relation found (42P01), a table or a view (42809). Stronger
// modes are refused with 0A000 rather than pretending to exclude anyone.
import { DbError, SqlState, notSupported } from '../../errors.js';
import { targetRelation } from '../ddl/target-relation.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from './utility.js';

const MODES = ['', 'ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];
const ACCESS_SHARE = 1;

export function prepareLock(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.LockStmt as Node;
  const mode = Number(stmt.mode ?? 8);
  return utilityStatement(parsed.kind, null, () => {
    if (!session.inTransactionBlock) throw new DbError(SqlState.NoActiveSqlTransaction, 'LOCK TABLE can only be used in transaction blocks');
    for (const item of (stmt.relations ?? []) as Node[]) {
      const r = targetRelation(session, item.RangeVar, false)!;
      if (r.relkind !== 'r' && r.relkind !== 'v') {
        throw new DbError(SqlState.WrongObjectType, `cannot lock relation "${r.name}"`, { detail: `This operation is not supported for ${r.relkind === 'S' ? 'sequences' : 'indexes'}.` });
      }
    }
    if (mode !== ACCESS_SHARE) throw notSupported(`LOCK TABLE IN ${MODES[mode] ?? 'this'} MODE`);
    return { tag: 'LOCK TABLE' };
  });
}
