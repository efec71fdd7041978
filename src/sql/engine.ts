// The entry to the SQL engine: turns one parsed statement into a Prepared statement for the
// session. Each statement kind has its module under statements/; kinds Treeline does not run
// yet fail with 0A000 naming the command, never silently.
import { prepareLock } from './statements/lock.js';
import { dropTempRelations } from './ddl/temp-tables.js';
import { prepareCall } from './statements/call.js';
import { prepareCheckpoint } from './statements/checkpoint.js';
import { prepareVacuum } from './statements/vacuum.js';
import { DbError, SqlState, notSupported } from '../errors.js';
import type { ParsedStatement } from './parser.js';
import type { Session } from './session.js';
import type { Prepared } from './statement.js';
import { prepareCopy } from './copy/copy-statement.js';
import { prepareCreateDatabase, prepareDropDatabase } from './ddl/database-ddl.js';
import { prepareCreateTable } from './ddl/create-table.js';
import { prepareCreateIndex } from './ddl/create-index.js';
import { prepareCreateView } from './ddl/create-view.js';
import { prepareDrop } from './ddl/drop.js';
import { prepareAlterEnum, prepareCreateEnum, prepareRenameType } from './ddl/enum-ddl.js';
import { prepareCreateSchema } from './ddl/schema-ddl.js';
import { prepareCreateSequence } from './ddl/sequence-ddl.js';
import { prepareAlterTable } from './ddl/alter-table.js';
import { prepareAlterSequence } from './ddl/alter-sequence.js';
import { prepareAlterOwner } from './ddl/alter-owner.js';
import { prepareRename } from './ddl/rename.js';
import { prepareSetSchema } from './ddl/set-schema.js';
import { prepareTruncate } from './ddl/truncate.js';
import { prepareComment } from './ddl/comment.js';
import { prepareCreateTableAs, prepareSelectInto } from './ddl/create-table-as.js';
import { prepareReindex } from './ddl/reindex.js';
import { prepareDml } from './statements/dml-statement.js';
import { prepareExplain } from './explain/explain-statement.js';
import { prepareSelect } from './statements/select-statement.js';
import { prepareVariableSet, prepareVariableShow } from './statements/set-show.js';
import { prepareTransaction } from './statements/transaction.js';
import { utilityStatement } from './statements/utility.js';
import { prepareDeallocate, prepareExecute, preparePrepare } from './statements/prepare.js';
import { prepareClosePortal, prepareDeclareCursor, prepareFetch } from './statements/cursor.js';

/** The command names of statement kinds, for "not supported yet" messages. */
const COMMAND_NAMES: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  DropStmt: 'DROP',
  AlterTableStmt: 'ALTER TABLE',
  IndexStmt: 'CREATE INDEX',
  CreateSeqStmt: 'CREATE SEQUENCE',
  AlterSeqStmt: 'ALTER SEQUENCE',
  ViewStmt: 'CREATE VIEW',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateEnumStmt: 'CREATE TYPE',
  CompositeTypeStmt: 'CREATE TYPE',
  CreateDomainStmt: 'CREATE DOMAIN',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateRoleStmt: 'CREATE ROLE',
  AlterRoleStmt: 'ALTER ROLE',
  DropRoleStmt: 'DROP ROLE',
  GrantStmt: 'GRANT',
  GrantRoleStmt: 'GRANT',
  TruncateStmt: 'TRUNCATE',
  CopyStmt: 'COPY',
  ExplainStmt: 'EXPLAIN',
  CommentStmt: 'COMMENT',
  RenameStmt: 'ALTER ... RENAME',
  AlterOwnerStmt: 'ALTER ... OWNER TO',
  CreateExtensionStmt: 'CREATE EXTENSION',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  DeclareCursorStmt: 'DECLARE CURSOR',
  FetchStmt: 'FETCH',
  ClosePortalStmt: 'CLOSE',
  LockStmt: 'LOCK',
  VacuumStmt: 'VACUUM',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  CheckPointStmt: 'CHECKPOINT',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  NotifyStmt: 'NOTIFY',
  LoadStmt: 'LOAD',
  CreateTrigStmt: 'CREATE TRIGGER',
  RuleStmt: 'CREATE RULE',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  CreatePolicyStmt: 'CREATE POLICY',
  SecLabelStmt: 'SECURITY LABEL',
  ReassignOwnedStmt: 'REASSIGN OWNED',
  DropOwnedStmt: 'DROP OWNED',
  AlterSystemStmt: 'ALTER SYSTEM',
};

export function commandName(kind: string): string {
  return COMMAND_NAMES[kind] ?? kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/**
 * Analyzes a statement for the session. `paramTypes` are the client's parameter types from
 * Parse (0 = deduce from use); null for a simple Query, which has no parameters.
 */
export function prepareStatement(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null): Prepared {
  switch (parsed.kind) {
    case 'SelectStmt':
      if (parsed.stmt.SelectStmt.intoClause) return prepareSelectInto(session, parsed);
      return prepareSelect(session, parsed, paramTypes);
    case 'VariableSetStmt':
      return prepareVariableSet(session, parsed);
    case 'VariableShowStmt':
      return prepareVariableShow(session, parsed);
    case 'TransactionStmt':
      return prepareTransaction(session, parsed);
    case 'DiscardStmt':
      return prepareDiscard(session, parsed);
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
      return prepareDml(session, parsed, paramTypes);
    case 'CreateStmt':
      return prepareCreateTable(session, parsed);
    case 'IndexStmt':
      return prepareCreateIndex(session, parsed);
    case 'ExplainStmt':
      return prepareExplain(session, parsed, paramTypes);
    case 'ViewStmt':
      return prepareCreateView(session, parsed);
    case 'CreateSeqStmt':
      return prepareCreateSequence(session, parsed);
    case 'CreateSchemaStmt':
      return prepareCreateSchema(session, parsed);
    case 'DropStmt':
      return prepareDrop(session, parsed);
    case 'CreatedbStmt':
      return prepareCreateDatabase(session, parsed);
    case 'DropdbStmt':
      return prepareDropDatabase(session, parsed);
    case 'CopyStmt':
      return prepareCopy(session, parsed);
    case 'CreateEnumStmt':
      return prepareCreateEnum(session, parsed);
    case 'AlterEnumStmt':
      return prepareAlterEnum(session, parsed);
    case 'RenameStmt':
      if (parsed.stmt.RenameStmt.renameType === 'OBJECT_TYPE') return prepareRenameType(session, parsed);
      return prepareRename(session, parsed);
    case 'AlterObjectSchemaStmt':
      return prepareSetSchema(session, parsed);
    case 'TruncateStmt':
      return prepareTruncate(session, parsed);
    case 'CommentStmt':
      return prepareComment(session, parsed);
    case 'CreateTableAsStmt':
      return prepareCreateTableAs(session, parsed);
    case 'ReindexStmt':
      return prepareReindex(session, parsed);
    case 'AlterTableStmt':
      return prepareAlterTable(session, parsed);
    case 'AlterSeqStmt':
      return prepareAlterSequence(session, parsed);
    case 'AlterOwnerStmt':
      return prepareAlterOwner(session, parsed);
    case 'VacuumStmt':
      return prepareVacuum(session, parsed);
    case 'CheckPointStmt':
      return prepareCheckpoint(session, parsed);
    case 'CallStmt':
      return prepareCall(session, parsed);
    case 'LockStmt':
      return prepareLock(session, parsed);
    case 'PrepareStmt':
      return preparePrepare(session, parsed);
    case 'ExecuteStmt':
      return prepareExecute(session, parsed);
    case 'DeallocateStmt':
      return prepareDeallocate(session, parsed);
    case 'DeclareCursorStmt':
      return prepareDeclareCursor(session, parsed, paramTypes);
    case 'FetchStmt':
      return prepareFetch(session, parsed);
    case 'ClosePortalStmt':
      return prepareClosePortal(session, parsed);
    default:
      throw notSupported(commandName(parsed.kind));
  }
}

/** The TransactionStmt kind of a statement (for the failed-transaction check), if it is one. */
export function transactionKind(parsed: ParsedStatement): string | undefined {
  return parsed.kind === 'TransactionStmt' ? (parsed.stmt.TransactionStmt.kind as string) : undefined;
}

function prepareDiscard(session: Session, parsed: ParsedStatement): Prepared {
  const target: string = parsed.stmt.DiscardStmt.target;
  return utilityStatement(parsed.kind, null, () => {
    switch (target) {
      case 'DISCARD_ALL':
        if (session.inTransactionBlock || session.inImplicitBlock) {
          throw new DbError(SqlState.ActiveSqlTransaction, 'DISCARD ALL cannot run inside a transaction block');
        }
        session.settings.resetAll();
        session.sequences.discard();
        session.onDiscardAll?.();
        dropTempRelations(session);
        return { tag: 'DISCARD ALL' };
      case 'DISCARD_PLANS':
        return { tag: 'DISCARD PLANS' };
      case 'DISCARD_SEQUENCES':
        session.sequences.discard();
        return { tag: 'DISCARD SEQUENCES' };
      case 'DISCARD_TEMP':
        dropTempRelations(session);
        return { tag: 'DISCARD TEMP' };
      default:
        throw notSupported(`DISCARD ${target}`);
    }
  });
}
