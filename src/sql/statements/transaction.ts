// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT (with their options), as
// PostgreSQL handles them, including the warnings for COMMIT or ROLLBACK outside a block and
// for BEGIN inside one; SAVEPOINT, RELEASE and ROLLBACK TO (which revives a failed block).
// AND CHAIN starts the next block at once with the same characteristics. Two-phase commit is
// not supported.
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { applyTransactionOptions } from './set-show.js';
import { utilityStatement } from './utility.js';

export function prepareTransaction(session: Session, parsed: ParsedStatement): Prepared {
  const t = parsed.stmt.TransactionStmt;
  const kind: string = t.kind;
  return utilityStatement(parsed.kind, null, () => {
    switch (kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START': {
        const wasBlock = session.inTransactionBlock;
        session.beginBlock();
        if (!wasBlock && t.options) applyTransactionOptions(session, t.options, true);
        return { tag: kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION' };
      }
      case 'TRANS_STMT_COMMIT': {
        if (!t.chain) return session.commitBlock().then((tag) => ({ tag }));
        const chained = chainCharacteristics(session, 'COMMIT');
        return session.commitBlock().then((tag) => {
          chained();
          return { tag };
        });
      }
      case 'TRANS_STMT_ROLLBACK': {
        const chained = t.chain ? chainCharacteristics(session, 'ROLLBACK') : null;
        session.rollbackBlock();
        chained?.();
        return { tag: 'ROLLBACK' };
      }
      case 'TRANS_STMT_SAVEPOINT':
      case 'TRANS_STMT_RELEASE':
      case 'TRANS_STMT_ROLLBACK_TO': {
        const what = kind === 'TRANS_STMT_SAVEPOINT' ? 'SAVEPOINT' : kind === 'TRANS_STMT_RELEASE' ? 'RELEASE SAVEPOINT' : 'ROLLBACK TO SAVEPOINT';
        if (!session.inTransactionBlock) {
          throw new DbError(SqlState.NoActiveSqlTransaction, `${what} can only be used in transaction blocks`);
        }
        const name: string = t.savepoint_name;
        if (kind === 'TRANS_STMT_SAVEPOINT') session.savepoint(name);
        else if (kind === 'TRANS_STMT_RELEASE') session.releaseSavepoint(name);
        else session.rollbackToSavepoint(name);
        return { tag: kind === 'TRANS_STMT_SAVEPOINT' ? 'SAVEPOINT' : kind === 'TRANS_STMT_RELEASE' ? 'RELEASE' : 'ROLLBACK' };
      }
      case 'TRANS_STMT_PREPARE':
      case 'TRANS_STMT_COMMIT_PREPARED':
      case 'TRANS_STMT_ROLLBACK_PREPARED':
        throw notSupported('two-phase commit');
      default:
        throw notSupported(`transaction statement ${kind}`);
    }
  });
}

const CHARACTERISTICS = ['transaction_isolation', 'transaction_read_only', 'transaction_deferrable'];

/**
 * COMMIT / ROLLBACK AND CHAIN (only inside a block, 25P01): returns what starts the next block
 * right after the end, with the ending one's isolation level, read-only and deferrable modes.
 */
function chainCharacteristics(session: Session, what: string): () => void {
  if (!session.inTransactionBlock) throw new DbError(SqlState.NoActiveSqlTransaction, `${what} AND CHAIN can only be used in transaction blocks`);
  const values = CHARACTERISTICS.map((name) => [name, session.settings.get(name)] as const);
  return () => {
    session.beginBlock();
    for (const [name, value] of values) session.settings.set(name, value, { local: true });
  };
}
