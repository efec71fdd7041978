// One client session's SQL state: settings, transaction status, cancellation and notices.
// The protocol layer drives the transaction lifecycle around each statement
// (beginStatement / statementSucceeded / statementFailed / commitImplicit); transaction
// control statements change it directly. States follow PostgreSQL's:
//   idle      no transaction                           ReadyForQuery 'I'
//   implicit  a statement (or a multi-statement Query) runs in its own transaction  'I'
//   block     inside BEGIN ... COMMIT                  'T'
//   failed    an error happened inside a block; only ROLLBACK is accepted  'E'
import { DbError, SqlState } from '../errors.js';
import { nowMicros } from './clock.js';
import type { RuntimeContext } from './expr/compile.js';
import type { SessionInfo } from './expr/functions/registry.js';
import { SessionSettings, type SettingsMark } from './settings/session-settings.js';
import { StatementCache } from './statement-cache.js';
import { PreparedStatements } from './prepared-statements.js';
import { SessionCursors, type ListedPortal } from './cursors.js';
import type { Cluster } from '../cluster.js';
import type { Mark, Transaction } from '../txn/transaction.js';
import { RowLockConflict, StatementRetry, type LockMode } from '../txn/row-locks.js';
import { waitForLockHolders } from './lock-wait.js';
import { SessionSequences } from './session-sequences.js';
import type { ReadView } from '../txn/version-store.js';
import { SerializableState } from '../txn/ssi.js';
import { TableAccess, type IndexEntryRule, type IndexShape, type TableShape } from '../txn/table-access.js';
import type { AnalyzedIndex } from './analyze/index-definition.js';
import { computedIndexRule } from './dml/index-entries.js';
import { typeIO } from './types/index.js';
import { catalogNames } from './catalog-access.js';
import { resolveTimeZone } from './types/timezone.js';
import type { DateOrder, DateStyleName, IntervalStyle, TypeContext } from './types/typeio.js';
import type { Value } from './types/value.js';

export type TransactionStatus = 'idle' | 'implicit' | 'block' | 'failed';

export interface SessionOptions {
  user: string;
  database: string;
  /** The database's OID. */
  dbOid: number;
  backendPid: number;
  settings: SessionSettings;
  cluster: Cluster;
}

/** Statements allowed in a failed transaction block (everything else gets 25P02). */
/** How long a statement runs before it lets other connections' work run (milliseconds). */
const SLICE_MS = 10;

const ALLOWED_WHEN_FAILED = new Set(['TRANS_STMT_ROLLBACK', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK_TO', 'TRANS_STMT_PREPARE']);

export class Session implements SessionInfo {
  readonly user: string;
  readonly database: string;
  readonly dbOid: number;
  readonly backendPid: number;
  readonly settings: SessionSettings;
  readonly cluster: Cluster;
  status: TransactionStatus = 'idle';
  /** The open transaction's catalog view and write set (null when idle). */
  txn: Transaction | null = null;
  /** Open savepoints of the transaction block, oldest first. */
  private savepoints: { name: string; txn: Mark; settings: SettingsMark }[] = [];
  /** Where the running statement started, to undo it if it fails inside a block. */
  private statementMark: Mark | null = null;
  /** Start of the current transaction (now()), microseconds since 2000-01-01 UTC. */
  transactionStart = 0n;
  /** Start of the current statement (statement_timestamp()). */
  statementStart = 0n;
  /** NOTICE / WARNING messages waiting to be sent to the client. */
  readonly notices: DbError[] = [];
  /** A query has taken its snapshot in this transaction (SET TRANSACTION ISOLATION is too late). */
  snapshotTaken = false;
  /** The snapshot the running statement reads at (null until its first table read). */
  private snapshotCsn: number | null = null;
  /** The transaction's oldest snapshot, registered with the cluster until the transaction ends. */
  private heldSnapshot: number | null = null;
  /** Several statements of one Query message share the implicit transaction. */
  inImplicitBlock = false;
  /** Parsed and prepared simple-query texts, reused while the settings are unchanged. */
  readonly statementCache = new StatementCache();
  /** Named prepared statements (SQL PREPARE and the extended protocol's Parse share them). */
  readonly preparedStatements = new PreparedStatements();
  /** SQL cursors of the open transaction (DECLARE / FETCH / CLOSE). */
  readonly cursors = new SessionCursors();
  /** Expression and partial index definitions analyzed, by the shape they were made for. */
  readonly indexDefinitions = new WeakMap<IndexShape, AnalyzedIndex>();
  /** Their entry rules, compiled (sql/dml/index-entries.ts). */
  readonly indexEntryRules = new WeakMap<IndexShape, IndexEntryRule>();
  /** The number N of this session's temporary schema pg_temp_N, once it has needed one. */
  tempId: number | null = null;
  /** Leftovers of an earlier holder of pg_temp_N have been dropped (sql/ddl/temp-tables.ts). */
  tempSchemaClaimed = false;
  /** Temporary tables' ON COMMIT actions, by table OID: run inside every transaction just before it commits. */
  readonly onCommitActions = new Map<number, () => void>();
  /** nextval / currval / setval / lastval state (session-sequences.ts). */
  readonly sequences: SessionSequences;
  /** Set by the connection: its extended-protocol portals, which pg_cursors lists too. */
  protocolPortals?: () => Iterable<ListedPortal>;
  /** Set by the connection: DISCARD ALL also drops its prepared statements and portals. */
  onDiscardAll?: () => void;
  /** Set by the connection: ends the session (DROP DATABASE ... WITH (FORCE)). */
  terminate?: () => void;

  private running = false;
  /** Why the running statement was cancelled, if it was. */
  private cancelled: 'user' | 'timeout' | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private readonly sleepers = new Set<() => void>();
  private cachedTypes: TypeContext | null = null;
  private cachedTypesVersion = -1;

  constructor(options: SessionOptions) {
    this.user = options.user;
    this.database = options.database;
    this.dbOid = options.dbOid;
    this.backendPid = options.backendPid;
    this.settings = options.settings;
    this.cluster = options.cluster;
    this.sequences = new SessionSequences(this.cluster, this.dbOid, () => this.txn?.catalog ?? this.cluster.catalog.begin(this.dbOid));
  }

  get readyStatus(): 'I' | 'T' | 'E' {
    return this.status === 'block' ? 'T' : this.status === 'failed' ? 'E' : 'I';
  }

  get applicationName(): string {
    return this.settings.get('application_name');
  }

  // ---- transaction lifecycle -------------------------------------------------------------

  /**
   * Called before each statement runs. `transactionKind` is the TransactionStmt kind for
   * transaction control statements. Throws 25P02 in a failed block.
   */
  beginStatement(transactionKind?: string): void {
    if (this.status === 'failed' && !(transactionKind && ALLOWED_WHEN_FAILED.has(transactionKind))) {
      throw new DbError(
        SqlState.InFailedSqlTransaction,
        'current transaction is aborted, commands ignored until end of transaction block',
      );
    }
    this.statementStart = nowMicros();
    if (this.status === 'idle') this.startTransaction('implicit');
    // READ COMMITTED: each statement reads at a new snapshot
    if (!this.transactionSnapshot) this.snapshotCsn = null;
    this.statementMark = this.txn!.mark();
    this.running = true;
    this.cancelled = null;
    const timeout = Number(this.settings.get('statement_timeout'));
    if (timeout > 0) this.timeoutTimer = setTimeout(() => this.cancel('timeout'), timeout);
  }

  /** The statement ended (successfully or not); cancellation no longer applies. */
  endStatement(): void {
    this.running = false;
    this.cancelled = null;
    if (this.timeoutTimer) {
      clearTimeout(this.timeoutTimer);
      this.timeoutTimer = null;
    }
  }

  /** An error ended the statement: a block becomes failed, an implicit transaction rolls back. */
  statementFailed(): void {
    this.endStatement();
    if (this.status === 'block') {
      if (this.statementMark && this.txn) this.txn.rollbackTo(this.statementMark);
      this.status = 'failed';
    } else if (this.status === 'implicit') {
      this.abortTransaction();
    }
    this.statementMark = null;
  }

  /** Commits the implicit transaction, if one is open (end of a Query message, or Sync). */
  async commitImplicit(): Promise<void> {
    if (this.status === 'implicit') await this.commitTransaction();
  }

  private startTransaction(status: 'implicit' | 'block'): void {
    this.status = status;
    this.savepoints = [];
    this.snapshotTaken = false;
    this.transactionStart = this.statementStart || nowMicros();
    this.settings.beginTransaction();
    this.txn = this.cluster.begin(this.dbOid, this.backendPid);
  }

  /** Commits the open transaction; if the commit fails, the transaction is rolled back. */
  private async commitTransaction(): Promise<void> {
    const txn = this.txn;
    try {
      if (txn) {
        for (const action of [...this.onCommitActions.values()]) action();
        // from here the commit owns the transaction: a connection closing meanwhile must not
        // roll back (and run the abort actions of) a transaction whose commit is under way
        this.commitInFlight = true;
        try {
          await this.cluster.commit(txn);
        } finally {
          this.commitInFlight = false;
        }
      }
    } catch (err) {
      this.abortTransaction();
      throw err;
    }
    this.releaseSnapshot();
    this.txn = null;
    this.settings.endTransaction(true);
    this.status = 'idle';
  }

  /** COMMIT is waiting for the cluster (checks, WAL flush). */
  private commitInFlight = false;

  /** Whether a closing connection may roll the transaction back (not while it commits). */
  get abortable(): boolean {
    return this.txn !== null && !this.commitInFlight;
  }

  /** REPEATABLE READ and SERIALIZABLE read the whole transaction at its first snapshot. */
  get transactionSnapshot(): boolean {
    return this.settings.get('transaction_isolation') !== 'read committed';
  }

  /** The snapshot the statement reads at: taken (and registered) at its first table read. */
  readCsn(): number {
    if (this.snapshotCsn === null) {
      if (this.heldSnapshot === null) {
        this.snapshotCsn = this.heldSnapshot = this.cluster.snapshots.take();
        if (this.settings.get('transaction_isolation') === 'serializable' && this.txn) {
          this.txn.serializable = new SerializableState(this.heldSnapshot);
          this.cluster.ssi.begin(this.txn.serializable);
        }
      } else {
        this.snapshotCsn = this.cluster.snapshots.visible;
      }
    }
    return this.snapshotCsn;
  }

  /** What a table access reads at: the snapshot, or the newest state while commit checks run. */
  private readView(): ReadView {
    const csn = this.readCsn();
    const txn = this.transaction;
    const ssi = txn.serializable;
    return {
      versions: this.cluster.versions,
      get csn() {
        return txn.committing ? Number.MAX_SAFE_INTEGER : csn;
      },
      noteRead: ssi && !txn.committing ? (relation, lower, upper) => ssi.noteRead(relation, lower, upper) : undefined,
    };
  }

  /** READ COMMITTED: the statement runs again and reads at a new snapshot. */
  newStatementSnapshot(): void {
    if (!this.transactionSnapshot) this.snapshotCsn = null;
  }

  /**
   * Locks a row the statement is about to change or lock (`relation` is "db/relfilenode").
   * Returns false when SKIP LOCKED skips it. Throws RowLockConflict to wait and re-run, 55P03
   * with NOWAIT, and — when a commit after the snapshot changed the row — 40001 under
   * REPEATABLE READ and SERIALIZABLE, StatementRetry under READ COMMITTED.
   */
  lockRow(relation: string, key: Buffer, mode: LockMode, tableName: string, wait: 'wait' | 'nowait' | 'skip' = 'wait'): boolean {
    const txn = this.transaction;
    const blockers = this.cluster.locks.tryLock(txn, relation, key, mode);
    if (blockers.length > 0) {
      if (wait === 'skip') return false;
      if (wait === 'nowait') throw new DbError(SqlState.LockNotAvailable, `could not obtain lock on row in relation "${tableName}"`);
      throw RowLockConflict.create(blockers, tableName);
    }
    if (this.snapshotCsn !== null && this.cluster.versions.changedAfter(relation, key, this.snapshotCsn)) {
      if (this.transactionSnapshot) throw new DbError(SqlState.SerializationFailure, 'could not serialize access due to concurrent update');
      throw StatementRetry.create();
    }
    return true;
  }

  /** Waits until the transactions holding the rows end (lock-wait.ts: deadlocks, lock_timeout, cancel). */
  waitForRowLocks(conflict: RowLockConflict): Promise<void> {
    return waitForLockHolders({
      locks: this.cluster.locks,
      waiter: this.transaction,
      blockers: conflict.blockers,
      ended: (h) => !this.cluster.isOpen(h),
      deadlockTimeoutMs: Number(this.settings.get('deadlock_timeout')) || 1000,
      lockTimeoutMs: Number(this.settings.get('lock_timeout')) || 0,
      onCancel: (wake) => {
        this.sleepers.add(wake);
        return () => this.sleepers.delete(wake);
      },
      cancelError: () => (this.cancelled ? this.cancelError() : null),
    });
  }

  /** The transaction ended: its snapshot no longer holds old versions. */
  private releaseSnapshot(): void {
    this.snapshotCsn = null;
    if (this.heldSnapshot === null) return;
    this.cluster.snapshots.release(this.heldSnapshot);
    this.heldSnapshot = null;
    this.cluster.pruneVersions();
  }

  /** Rolls the open transaction back. */
  abortTransaction(): void {
    if (this.txn) this.cluster.abort(this.txn);
    this.releaseSnapshot();
    this.txn = null;
    this.settings.endTransaction(false);
    this.status = 'idle';
  }

  /** The open transaction (statements run inside one). */
  get transaction(): Transaction {
    if (!this.txn) throw new DbError(SqlState.InternalError, 'no transaction is open');
    return this.txn;
  }

  /** BEGIN: an implicit transaction becomes a block; a block warns (25001). */
  beginBlock(): void {
    if (this.status === 'block' || this.status === 'failed') {
      this.warning(SqlState.ActiveSqlTransaction, 'there is already a transaction in progress');
      return;
    }
    if (this.status === 'idle') this.startTransaction('block');
    else this.status = 'block';
  }

  /** COMMIT: returns the tag to send (a failed block is rolled back: `ROLLBACK`). */
  async commitBlock(): Promise<'COMMIT' | 'ROLLBACK'> {
    if (this.status === 'failed') {
      this.abortTransaction();
      return 'ROLLBACK';
    }
    if (this.status !== 'block') {
      this.warning(SqlState.NoActiveSqlTransaction, 'there is no transaction in progress');
    }
    await this.commitTransaction();
    return 'COMMIT';
  }

  rollbackBlock(): void {
    if (this.status !== 'block' && this.status !== 'failed') {
      this.warning(SqlState.NoActiveSqlTransaction, 'there is no transaction in progress');
    }
    this.abortTransaction();
  }

  /** SAVEPOINT name: remembers the transaction's state (names may repeat; the newest wins). */
  savepoint(name: string): void {
    this.savepoints.push({ name, txn: this.transaction.mark(), settings: this.settings.mark() });
  }

  private findSavepoint(name: string): number {
    for (let i = this.savepoints.length - 1; i >= 0; i--) if (this.savepoints[i]!.name === name) return i;
    throw new DbError(SqlState.InvalidSavepointSpecification, `savepoint "${name}" does not exist`);
  }

  /** RELEASE SAVEPOINT name: forgets it and every savepoint made after it; the changes stay. */
  releaseSavepoint(name: string): void {
    this.savepoints.splice(this.findSavepoint(name));
  }

  /** ROLLBACK TO SAVEPOINT name: undoes everything since it (a failed block works again). */
  rollbackToSavepoint(name: string): void {
    const i = this.findSavepoint(name);
    const sp = this.savepoints[i]!;
    this.savepoints.splice(i + 1);
    this.transaction.rollbackTo(sp.txn);
    this.settings.rollbackTo(sp.settings);
    this.status = 'block';
  }

  get inTransactionBlock(): boolean {
    return this.status === 'block' || this.status === 'failed';
  }

  // ---- notices, cancellation ---------------------------------------------------------------

  warning(code: string, message: string, fields: { hint?: string; detail?: string } = {}): void {
    this.notices.push(new DbError(code, message, { ...fields, severity: 'WARNING' }));
  }

  notice(severity: 'NOTICE' | 'WARNING', message: string): void {
    this.notices.push(new DbError(severity === 'NOTICE' ? SqlState.SuccessfulCompletion : SqlState.Warning, message, { severity }));
  }

  /** A CancelRequest for this backend: cancels the running statement, if any. */
  requestCancel(): void {
    this.cancel('user');
  }

  private cancel(reason: 'user' | 'timeout'): void {
    if (!this.running || this.cancelled) return;
    this.cancelled = reason;
    for (const wake of [...this.sleepers]) wake();
  }

  private cancelError(): DbError {
    return new DbError(
      SqlState.QueryCanceled,
      this.cancelled === 'timeout' ? 'canceling statement due to statement timeout' : 'canceling statement due to user request',
    );
  }

  checkCancel(): void {
    if (this.cancelled) throw this.cancelError();
  }

  /** Waits `ms`, or less if the statement is cancelled (then throws 57014). */
  sleep(ms: number): Promise<void> {
    this.checkCancel();
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        if (this.cancelled) reject(this.cancelError());
        else resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  // ---- what expressions see -------------------------------------------------------------

  /** Type I/O settings derived from the session's settings (cached until they change). */
  get types(): TypeContext {
    if (this.cachedTypes && this.cachedTypesVersion === this.settings.version) return this.cachedTypes;
    const [style, order] = this.settings.get('DateStyle').split(/\s*,\s*/) as [DateStyleName, DateOrder];
    this.cachedTypes = {
      dateStyle: style,
      dateOrder: order,
      intervalStyle: this.settings.get('IntervalStyle') as IntervalStyle,
      timeZone: resolveTimeZone(this.settings.get('TimeZone')) ?? resolveTimeZone('UTC')!,
      extraFloatDigits: Number(this.settings.get('extra_float_digits')),
      byteaOutput: this.settings.get('bytea_output') as 'hex' | 'escape',
      transactionStart: () => this.transactionStart || nowMicros(),
      names: catalogNames(this),
    };
    this.cachedTypesVersion = this.settings.version;
    return this.cachedTypes;
  }

  /** The context compiled expressions run with. */
  runtime(params: readonly Value[]): RuntimeContext {
    // time slicing: scans pause when the statement has run SLICE_MS since its last pause
    let noYield = 0;
    let sliceStart = performance.now();
    let calls = 0;
    return {
      yieldDue: () => noYield === 0 && (++calls & 0x3f) === 0 && performance.now() - sliceStart > SLICE_MS,
      withoutYield: <T>(fn: () => T): T => {
        noYield++;
        try {
          return fn();
        } finally {
          noYield--;
        }
      },
      newSlice: () => {
        sliceStart = performance.now();
      },
      types: this.types,
      session: this,
      params,
      statementStart: this.statementStart,
      checkCancel: () => this.checkCancel(),
      sleep: (ms) => this.sleep(ms),
      table: (shape) => this.tableAccess(shape),
      lockRow: (shape, key, mode, wait) => this.lockRow(`${shape.dbOid}/${shape.relfilenode}`, key, mode, shape.name, wait),
      execParams: [],
      ctes: new Map(),
      workTables: new Map(),
    };
  }

  /** Access to a table through the open transaction's write set. */
  tableAccess(shape: TableShape): TableAccess {
    const types = this.types;
    return new TableAccess(
      this.cluster.relations,
      shape,
      this.transaction.writes,
      this.cluster.rowIds,
      (type, value) => typeIO(type)?.output(value, types) ?? String(value),
      (index) => computedIndexRule(this, index),
      this.readView(),
      (relation, key, mode) => {
        this.lockRow(relation, key, mode, shape.name);
      },
      (relation, bounds) => {
        const writers = this.cluster.writersWithin(this.transaction, relation, bounds);
        if (writers.length > 0) throw RowLockConflict.create(writers, shape.name);
      },
    );
  }

  /** Fails (25006) when the transaction is read-only: `command` is the statement's name. */
  requireWritable(command: string): void {
    if (this.settings.get('transaction_read_only') === 'on') {
      throw new DbError(SqlState.ReadOnlySqlTransaction, `cannot execute ${command} in a read-only transaction`);
    }
  }

  getSetting(name: string, missingOk: boolean): string | null {
    if (missingOk && !this.settings.has(name)) return null;
    return this.settings.show(name).value;
  }

  setSetting(name: string, value: string, isLocal: boolean): string {
    this.settings.set(name, value, { local: isLocal && this.status !== 'idle' });
    return this.settings.show(name).value;
  }

  /** pg_temp_N once the session has a temporary schema, else null. */
  get tempSchemaName(): string | null {
    return this.tempId === null ? null : `pg_temp_${this.tempId}`;
  }

  searchPath(includeImplicit: boolean): string[] {
    // schemas that do not exist are skipped, as PostgreSQL does
    const catalog = this.txn?.catalog ?? this.cluster.catalog.state.catalog(this.dbOid);
    const raw = this.settings.get('search_path');
    const temp = this.tempSchemaName;
    const schemas = raw
      .split(',')
      .map((s) => s.trim())
      .map((s) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s.toLowerCase()))
      .map((s) => (s === '$user' ? this.user : s === 'pg_temp' && temp ? temp : s))
      .filter((s) => catalog.namespaceByName(s) !== undefined);
    if (includeImplicit && !schemas.includes('pg_catalog')) schemas.unshift('pg_catalog');
    // the temporary schema comes first unless the path places it (PostgreSQL's recomputeNamespacePath)
    if (includeImplicit && temp && !schemas.includes(temp) && catalog.namespaceByName(temp)) schemas.unshift(temp);
    return schemas;
  }
}

