// CALL. Treeline has no user-defined procedures yet; it has one built-in procedure:
//   CALL treeline_backup('/absolute/dir')  — an online backup of the cluster into a new (or
//   empty) directory on the server's machine (lsm/backup.ts), what `treeline backup` sends.
// It runs outside a transaction block (like PostgreSQL's base backups) and reports the
// backup's CSN in a NOTICE. Any other procedure does not exist (42883, as in PostgreSQL).
import { DbError, SqlState } from '../../errors.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from './utility.js';

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function prepareCall(session: Session, parsed: ParsedStatement): Prepared {
  const call = parsed.stmt.CallStmt.funccall as Node;
  const names = ((call.funcname ?? []) as Node[]).map((n) => n.String?.sval as string);
  const name = names.at(-1) ?? '';
  const args = (call.args ?? []) as Node[];
  const known = name === 'treeline_backup' && (names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog'));
  if (!known || args.length !== 1 || typeof args[0]?.A_Const?.sval?.sval !== 'string') {
    const types = args.map((a) => (a.A_Const?.sval ? 'unknown' : a.A_Const?.ival !== undefined ? 'integer' : 'unknown'));
    throw new DbError(SqlState.UndefinedFunction, `procedure ${names.join('.')}(${types.join(', ')}) does not exist`, {
      hint: 'No procedure matches the given name and argument types. You might need to add explicit type casts.',
      position: (call.location as number) + 1,
    });
  }
  const dir = args[0].A_Const.sval.sval as string;
  return utilityStatement(parsed.kind, null, async () => {
    if (session.inTransactionBlock || session.inImplicitBlock) throw new DbError(SqlState.ActiveSqlTransaction, 'treeline_backup cannot run inside a transaction block');
    const summary = await session.cluster.backup(dir);
    session.notice('NOTICE', `backup at CSN ${summary.csn} in "${dir}": ${summary.linkedFiles} file(s) linked, ${summary.copiedBytes} byte(s) copied`);
    return { tag: 'CALL' };
  });
}
