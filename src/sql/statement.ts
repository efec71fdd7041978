// The contract between the protocol layer and the SQL engine: a statement is analyzed once
// into a Prepared (parameter types and result columns known, as Describe needs them), bound
// to parameter values as a Portal, and run, possibly in several steps (Execute with a row limit).
import type { DbError } from '../errors.js';
import type { OutputColumn } from './plan/nodes.js';
import type { Value } from './types/value.js';

export interface PortalResult {
  /** Rows produced by this step (only the visible columns). */
  rows: Value[][];
  /** False when the portal was suspended by the row limit and has more rows. */
  done: boolean;
  /** The command tag (set when done), e.g. `SELECT 3`, `SET`, `BEGIN`. */
  tag: string;
}

export interface Portal {
  readonly columns: readonly OutputColumn[] | null;
  /** Runs until `maxRows` rows are produced (0: no limit) or the statement completes. */
  run(maxRows: number): PortalResult | Promise<PortalResult>;
}

export interface Prepared {
  /** The parameter types, as ParameterDescription reports them. */
  readonly paramTypes: readonly number[];
  /** The result columns, or null when the statement returns no rows (NoData). */
  readonly columns: readonly OutputColumn[] | null;
  /** The statement's node kind, e.g. `SelectStmt`, `TransactionStmt`. */
  readonly kind: string;
  /** Warnings raised by analysis; sent each time the statement is prepared or reused. */
  readonly notices?: readonly DbError[];
  /** Binds parameter values (already decoded to the parameter types). */
  bind(params: readonly Value[]): Portal;
}
