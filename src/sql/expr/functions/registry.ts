// The contract of built-in function implementations. PostgreSQL identifies an internal
// function by its C symbol (pg_proc.prosrc, e.g. `int4pl`, `textcat`); Treeline keys its
// TypeScript implementations the same way, so the analyzer resolves a call against the full
// pg_proc catalog exactly as PostgreSQL does and then looks the implementation up by prosrc.
// A resolved function with no implementation fails with 0A000, never with a wrong answer.
//
// Requires: strict functions (pg_proc.proisstrict) are never called with a null argument:
// the caller returns null instead. Non-strict functions receive nulls and must handle them.
import type { TypeContext } from '../../types/typeio.js';
import type { Value } from '../../types/value.js';

/** What a function may need from the session and the statement while it runs. */
export interface EvalContext {
  /** Settings that affect type input and output (DateStyle, TimeZone, ...). */
  readonly types: TypeContext;
  /** Session facts for functions like current_user and pg_backend_pid(). */
  readonly session: SessionInfo;
  /** Throws 57014 if the statement was cancelled; long loops call it now and then. */
  checkCancel(): void;
  /** A cancellable wait, for pg_sleep: rejects with 57014 when the statement is cancelled. */
  sleep(ms: number): Promise<void>;
  /** Statement start time in microseconds since 2000-01-01 UTC (statement_timestamp()). */
  readonly statementStart: bigint;
}

/** The session facts functions can read, and the settings they can read and write. */
export interface SessionInfo {
  readonly user: string;
  readonly database: string;
  readonly backendPid: number;
  readonly applicationName: string;
  /** current_setting(): the displayed value; null when missing and missingOk. */
  getSetting(name: string, missingOk: boolean): string | null;
  /** set_config(): sets a setting and returns its new displayed value. */
  setSetting(name: string, value: string, isLocal: boolean): string;
  /** Schemas in the search path, for current_schema() / current_schemas(). */
  searchPath(includeImplicit: boolean): string[];
  /** Sends a NOTICE/WARNING to the client (RAISE-like functions). */
  notice(severity: 'NOTICE' | 'WARNING', message: string): void;
  /** nextval / currval / setval / lastval of a sequence (by OID). */
  readonly sequences: {
    next(oid: number): bigint;
    current(oid: number): bigint;
    set(oid: number, value: bigint, isCalled: boolean): bigint;
    last(): bigint;
  };
}

/** Facts about one call site, fixed when the expression is analyzed. */
export interface CallInfo {
  /** Actual argument types after resolution (polymorphic arguments resolved). */
  readonly argTypes: readonly number[];
  /** Result type (polymorphic result resolved) and typmod. */
  readonly resultType: number;
  readonly resultTypmod: number;
  /** The function's OID in pg_proc. */
  readonly funcOid: number;
}

/** A synchronous implementation. */
export type FnImpl = (args: Value[], ctx: EvalContext, call: CallInfo) => Value;

/** An implementation that waits (pg_sleep); only allowed where the executor can await. */
export type AsyncFnImpl = (args: Value[], ctx: EvalContext, call: CallInfo) => Promise<Value>;

export interface FunctionImpl {
  readonly fn: FnImpl | AsyncFnImpl;
  readonly async?: boolean;
}

/** A group of implementations keyed by prosrc, as each functions/*.ts module exports it. */
export type FunctionTable = Record<string, FnImpl>;
