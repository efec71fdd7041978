// The contract of set-returning functions (pg_proc.proretset): called once with their
// arguments, they produce a sequence of values — for functions with OUT parameters, rows of
// those — lazily, so a LIMIT stops them early. Keyed by prosrc like other built-ins.
// Requires: strict functions are not called with a NULL argument (the caller yields no rows).
import type { CallInfo, EvalContext } from '../functions/registry.js';
import type { Value } from '../../types/value.js';

export type SetReturningImpl = (args: Value[], ctx: EvalContext, call: CallInfo) => Iterable<Value | Value[]>;

export type SetReturningTable = Record<string, SetReturningImpl>;
