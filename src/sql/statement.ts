// The contract between the protocol layer and the SQL engine: a statement is analyzed once
// into a Prepared (parameter types and result columns known, as Describe needs them), bound
// to parameter values as a Portal, and run, possibly in several steps (Execute with a row limit).
// COPY FROM STDIN / TO STDOUT return a copy request from run(): the protocol layer then moves
// the data (CopyInResponse + the client's CopyData, or CopyOutResponse + ours) and completes
// the command with the request's tag.
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
  /** COPY FROM STDIN / TO STDOUT: the data transfer to serve; its tag replaces `tag`. */
  copy?: CopyInRequest | CopyOutRequest;
}

/** COPY FROM STDIN: after CopyInResponse, the client's CopyData go to data(), CopyDone to done(). */
export interface CopyInRequest {
  readonly direction: 'in';
  /** 0: text or CSV, 1: binary (for CopyInResponse; every column has the same format). */
  readonly format: 0 | 1;
  readonly columnCount: number;
  /** Right after CopyInResponse, before any data: the checks PostgreSQL makes at that point. */
  begin(): void;
  /** One CopyData payload. Throws a DbError (with its context line) to fail the COPY. */
  data(chunk: Buffer): void;
  /** CopyDone: loads what is left; returns the command tag (`COPY n`). */
  done(): string;
  /** The context line for an error that ends the COPY from outside (CopyFail, a bad message). */
  context(): string | undefined;
}

/** COPY TO STDOUT: after CopyOutResponse, one CopyData per piece next() gives, then CopyDone. */
export interface CopyOutRequest {
  readonly direction: 'out';
  readonly format: 0 | 1;
  readonly columnCount: number;
  /** The next CopyData payload, or null at the end. */
  next(): Buffer | null | Promise<Buffer | null>;
  /** The command tag once next() has returned null. */
  tag(): string;
  /** Releases the row source; called when the transfer ends, also after an error. */
  close(): void;
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
