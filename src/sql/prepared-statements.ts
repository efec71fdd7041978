// A session's named prepared statements: one namespace for those made by SQL PREPARE and by
// the extended protocol's Parse, as in PostgreSQL (EXECUTE runs either; DEALLOCATE and Close
// remove either; pg_prepared_statements lists both). The unnamed statement of the extended
// protocol is not kept here. Statements are not transactional: a rollback keeps them.
// Invariant: names are unique; adding a taken name fails with 42P05.
import { DbError, SqlState } from '../errors.js';
import type { ParsedStatement } from './parser.js';
import type { Prepared } from './statement.js';

export interface PreparedStatementEntry {
  /** null for an empty query string (Parse of ''). */
  readonly parsed: ParsedStatement | null;
  readonly prepared: Prepared | null;
  /** The query string that created it: the client's PREPARE text or the Parse message's query. */
  readonly source: string;
  /** Made by SQL PREPARE (not by Parse). */
  readonly fromSql: boolean;
  /** statement_timestamp() of its creation, microseconds since 2000-01-01 UTC. */
  readonly prepareTime: bigint;
  /** Executions run with a generic plan and with a custom one, as PostgreSQL's plan cache counts them. */
  genericPlans: number;
  customPlans: number;
}

/** PostgreSQL's plan cache chooses custom plans for the first five runs with parameters. */
const CUSTOM_PLAN_RUNS = 5;

export class PreparedStatements {
  private readonly entries = new Map<string, PreparedStatementEntry>();

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): PreparedStatementEntry | undefined {
    return this.entries.get(name);
  }

  /** The statement, or 26000 `prepared statement "x" does not exist`. */
  require(name: string): PreparedStatementEntry {
    const entry = this.entries.get(name);
    if (!entry) throw new DbError(SqlState.InvalidSqlStatementName, `prepared statement "${name}" does not exist`);
    return entry;
  }

  add(name: string, entry: PreparedStatementEntry): void {
    if (this.entries.has(name)) throw new DbError(SqlState.DuplicatePreparedStatement, `prepared statement "${name}" already exists`);
    this.entries.set(name, entry);
  }

  delete(name: string): boolean {
    return this.entries.delete(name);
  }

  clear(): void {
    this.entries.clear();
  }

  list(): IterableIterator<[string, PreparedStatementEntry]> {
    return this.entries.entries();
  }

  /** Counts one execution (a Bind or an EXECUTE) of a statement. */
  static countRun(entry: PreparedStatementEntry): void {
    const withParams = (entry.prepared?.paramTypes.length ?? 0) > 0;
    if (withParams && entry.customPlans < CUSTOM_PLAN_RUNS) entry.customPlans++;
    else entry.genericPlans++;
  }
}
