// The extended query protocol of one connection: named and unnamed prepared statements
// (Parse), portals (Bind), Describe, Execute with a row limit (PortalSuspended), Close, Sync.
// After an error every message up to the next Sync is discarded, as PostgreSQL does; Sync
// commits an implicit transaction and ends the cycle. Portals live until their transaction
// ends; prepared statements until closed, DEALLOCATE or DISCARD ALL (named ones are the
// session's, shared with SQL PREPARE: sql/prepared-statements.ts).
import { DbError, SqlState, toDbError } from '../errors.js';
import { prepareStatement, transactionKind } from '../sql/engine.js';
import { parseSql, type ParsedStatement } from '../sql/parser.js';
import type { Session } from '../sql/session.js';
import type { Portal, PortalResult } from '../sql/statement.js';
import type { ListedPortal } from '../sql/cursors.js';
import { PreparedStatements, type PreparedStatementEntry } from '../sql/prepared-statements.js';
import { runPortal } from '../sql/lock-retry.js';
import type { Value } from '../sql/types/value.js';
import type { ProtocolOutput } from './connection.js';
import { serveCopy } from './copy-transfer.js';
import type { Frontend } from './frontend-messages.js';
import { rowEncoders, sendRows } from './send-rows.js';
import { decodeParams, resultFormat, typeLength, type FieldEncoder } from './value-codec.js';

type StatementEntry = PreparedStatementEntry;

interface PortalEntry {
  statement: StatementEntry;
  portal: Portal | null;
  formats: number[];
  encoders: FieldEncoder[] | null;
  /** statement_timestamp() of the Bind (pg_cursors.creation_time). */
  created: bigint;
  /** The bound parameter values (a statement that must wait for a row lock is bound again). */
  params: readonly Value[];
  /** An Execute has returned rows: the portal can no longer start over. */
  started: boolean;
}

type Message<K extends Frontend['kind']> = Extract<Frontend, { kind: K }>;

const SIMPLE_CYCLE_TYPES = new Set(['Q'.charCodeAt(0), 'F'.charCodeAt(0)]);
const SYNC = 'S'.charCodeAt(0);

export class ExtendedQuery {
  /** The unnamed statement; named ones are the session's (SQL PREPARE shares them). */
  private unnamed: StatementEntry | null = null;
  private readonly portals = new Map<string, PortalEntry>();
  /** After an error: discard messages until Sync. */
  ignoringTillSync = false;

  constructor(
    private readonly session: Session,
    private readonly out: ProtocolOutput & { readyForQuery(): void },
  ) {}

  /** The open portals, as pg_cursors lists them. */
  listPortals(): ListedPortal[] {
    return [...this.portals].map(([name, p]) => ({ name, statement: p.statement.source, creationTime: p.created }));
  }

  handle(message: Frontend): void | Promise<void> {
    if (this.ignoringTillSync) return;
    try {
      switch (message.kind) {
        case 'parse':
          return this.parse(message);
        case 'bind':
          return this.bind(message);
        case 'describe':
          return this.describe(message);
        case 'execute': {
          const pending = this.execute(message);
          if (pending) return pending.catch((err) => this.fail(err));
          return;
        }
        case 'close':
          return this.close(message);
        default:
          return;
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** An error for a message that could not even be decoded. */
  failMessage(err: DbError, type: number): void {
    if (type === SYNC) {
      // a malformed Sync still ends the cycle, rolling back an implicit transaction
      this.out.send(this.out.encoder.errorOrNotice(err));
      this.session.statementFailed();
      this.ignoringTillSync = false;
      this.dropPortalsIfIdle();
      this.out.readyForQuery();
      return;
    }
    if (SIMPLE_CYCLE_TYPES.has(type)) {
      this.out.send(this.out.encoder.errorOrNotice(err));
      this.out.readyForQuery();
      return;
    }
    if (this.ignoringTillSync) return;
    this.fail(err);
  }

  private fail(err: unknown): void {
    const e = toDbError(err);
    this.session.statementFailed();
    this.out.sendNotices(this.session);
    this.out.send(this.out.encoder.errorOrNotice(e));
    this.ignoringTillSync = true;
    this.dropPortalsIfIdle();
  }

  /** Sync: end of the cycle; an implicit transaction commits (an error at commit is reported). */
  async sync(): Promise<void> {
    this.ignoringTillSync = false;
    try {
      await this.session.commitImplicit();
    } catch (err) {
      this.out.sendNotices(this.session);
      this.out.send(this.out.encoder.errorOrNotice(toDbError(err)));
    }
    this.dropPortalsIfIdle();
  }

  /** After a simple Query: the unnamed portal is gone, and every portal if the transaction ended. */
  afterSimpleQuery(): void {
    this.portals.delete('');
    this.dropPortalsIfIdle();
  }

  /** DISCARD ALL: every prepared statement and portal goes. */
  discardAll(): void {
    this.unnamed = null;
    this.session.preparedStatements.clear();
    this.portals.clear();
  }

  /** Portals do not outlive their transaction. */
  private dropPortalsIfIdle(): void {
    if (this.session.status === 'idle') this.portals.clear();
  }

  private parse(m: Message<'parse'>): void {
    if (m.name !== '' && this.session.preparedStatements.has(m.name)) {
      throw new DbError(SqlState.DuplicatePreparedStatement, `prepared statement "${m.name}" already exists`);
    }
    const statements = parseSql(m.sql);
    if (statements.length > 1) {
      throw new DbError(SqlState.SyntaxError, 'cannot insert multiple commands into a prepared statement');
    }
    const parsed = statements[0] ?? null;
    if (this.session.status === 'failed' && !(parsed && isTransactionExit(parsed))) {
      throw new DbError(SqlState.InFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    this.session.beginStatement(parsed ? transactionKind(parsed) : undefined);
    try {
      const prepared = parsed ? prepareStatement(this.session, parsed, m.paramTypes) : null;
      if (prepared?.notices) this.session.notices.push(...prepared.notices);
      const entry: StatementEntry = { parsed, prepared, source: m.sql, fromSql: false, prepareTime: this.session.statementStart, genericPlans: 0, customPlans: 0 };
      if (m.name === '') this.unnamed = entry;
      else this.session.preparedStatements.add(m.name, entry);
    } finally {
      this.session.endStatement();
    }
    this.out.send(this.out.encoder.parseComplete());
  }

  private statement(name: string): StatementEntry {
    const s = name === '' ? this.unnamed : this.session.preparedStatements.get(name);
    if (!s) throw new DbError(SqlState.InvalidSqlStatementName, `prepared statement "${name}" does not exist`);
    return s;
  }

  private portal(name: string): PortalEntry {
    const p = this.portals.get(name);
    if (!p) throw new DbError(SqlState.InvalidCursorName, `portal "${name}" does not exist`);
    return p;
  }

  private bind(m: Message<'bind'>): void {
    const statement = this.statement(m.statement);
    if (m.portal !== '' && this.portals.has(m.portal)) {
      throw new DbError(SqlState.DuplicateCursor, `portal "${m.portal}" already exists`);
    }
    const prepared = statement.prepared;
    const paramTypes = prepared?.paramTypes ?? [];
    if (m.paramFormats.length > 1 && m.paramFormats.length !== m.params.length) {
      throw new DbError(SqlState.ProtocolViolation, `bind message has ${m.paramFormats.length} parameter formats but ${m.params.length} parameters`);
    }
    if (m.params.length !== paramTypes.length) {
      throw new DbError(
        SqlState.ProtocolViolation,
        `bind message supplies ${m.params.length} parameters, but prepared statement "${m.statement}" requires ${paramTypes.length}`,
      );
    }
    const columns = prepared?.columns ?? null;
    const ncols = columns?.length ?? 0;
    if (m.resultFormats.length > 1 && m.resultFormats.length !== ncols) {
      throw new DbError(SqlState.ProtocolViolation, `bind message has ${m.resultFormats.length} result formats but query has ${ncols} columns`);
    }
    if (this.session.status === 'failed' && !(statement.parsed && isTransactionExit(statement.parsed))) {
      throw new DbError(SqlState.InFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
    }
    this.session.beginStatement(statement.parsed ? transactionKind(statement.parsed) : undefined);
    try {
      const values = decodeParams(m.params, m.paramFormats, paramTypes, this.session.types);
      const portal = prepared ? prepared.bind(values) : null;
      if (m.statement !== '') PreparedStatements.countRun(statement);
      const formats = Array.from({ length: ncols }, (_, i) => resultFormat(m.resultFormats, i));
      const encoders = portal?.columns ? rowEncoders(this.session, portal.columns, formats) : null;
      if (m.portal === '') this.portals.delete('');
      this.portals.set(m.portal, { statement, portal, formats, encoders, created: this.session.statementStart, params: values, started: false });
    } finally {
      this.session.endStatement();
    }
    this.out.send(this.out.encoder.bindComplete());
  }

  private describe(m: Message<'describe'>): void {
    const enc = this.out.encoder;
    if (m.target === 'S') {
      const s = this.statement(m.name);
      this.out.send(enc.parameterDescription(s.prepared?.paramTypes ?? []));
      const columns = s.prepared?.columns;
      this.out.send(columns ? enc.rowDescription(columns, columns.map(() => 0), typeLength) : enc.noData());
      return;
    }
    const p = this.portal(m.name);
    const columns = p.portal?.columns;
    this.out.send(columns ? enc.rowDescription(columns, p.formats, typeLength) : enc.noData());
  }

  private execute(m: Message<'execute'>): void | Promise<void> {
    const entry = this.portal(m.portal);
    if (!entry.portal || !entry.statement.parsed) {
      this.out.send(this.out.encoder.emptyQueryResponse());
      return;
    }
    const parsed = entry.statement.parsed;
    this.session.beginStatement(transactionKind(parsed));
    const prepared = entry.statement.prepared;
    const rebind = !entry.started && prepared ? () => prepared.bind(entry.params) : null;
    entry.started = true;
    const run = runPortal(this.session, entry.portal, Math.max(0, m.maxRows), rebind);
    if (run instanceof Promise) {
      return run.then((r) => {
        entry.portal = r.portal;
        return this.finishExecuteOrCopy(entry, r.result);
      });
    }
    return this.finishExecuteOrCopy(entry, run.result);
  }

  /** A COPY's data transfer runs before its CommandComplete. */
  private finishExecuteOrCopy(entry: PortalEntry, result: PortalResult): void | Promise<void> {
    if (!result.copy) return this.finishExecute(entry, result);
    return serveCopy(this.session, this.out, result.copy).then((tag) => this.finishExecute(entry, { ...result, tag }));
  }

  private finishExecute(entry: PortalEntry, result: PortalResult): void {
    const columns = entry.portal!.columns;
    if (columns) sendRows(this.session, this.out, columns, entry.formats, result.rows, entry.encoders ?? undefined);
    this.out.sendNotices(this.session);
    this.out.send(result.done ? this.out.encoder.commandComplete(result.tag) : this.out.encoder.portalSuspended());
    this.session.endStatement();
    this.dropPortalsIfIdle();
  }

  private close(m: Message<'close'>): void {
    if (m.target === 'S' && m.name === '') this.unnamed = null;
    else if (m.target === 'S') this.session.preparedStatements.delete(m.name);
    else this.portals.delete(m.name);
    this.out.send(this.out.encoder.closeComplete());
  }
}

/** COMMIT / ROLLBACK / ROLLBACK TO: the statements allowed in a failed transaction. */
function isTransactionExit(parsed: ParsedStatement): boolean {
  const kind = transactionKind(parsed);
  return kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_ROLLBACK_TO' || kind === 'TRANS_STMT_PREPARE';
}
