// The contract of an aggregate's implementation: a transition state per group, fed the
// arguments of each input row, turned into the result at the end. Implementations follow
// PostgreSQL's transition and final functions (pg_aggregate.aggtransfn / aggfinalfn) so
// results agree to the last digit, including NULL, NaN and infinity handling.
import type { ProcRow } from '../../../catalog/builtins.js';
import type { EvalContext } from '../../expr/functions/registry.js';
import type { Value } from '../../types/value.js';

export interface AggregateFunction<S = unknown> {
  /** A fresh state for a group. */
  init(): S;
  /** The state after one more input row (its arguments; rows FILTER removed never come). */
  add(state: S, args: readonly Value[]): S;
  /** The aggregate's value for a group. */
  final(state: S): Value;
}

/** What an implementation is built from: the aggregate and its resolved argument/result types. */
export interface AggregateCall {
  proc: ProcRow;
  argTypes: readonly number[];
  resultType: number;
  ctx: EvalContext;
}

export type AggregateFactory = (call: AggregateCall) => AggregateFunction;
