// Column definition lists (`FROM json_to_record(j) AS x(a int, b text)`): a function declared
// to return "record" learns its columns from the call site. The analyzer gives the call a copy
// of its pg_proc row that declares those columns as OUT parameters (so the FROM item, the
// planner and the function scan see an ordinary function with OUT columns, one row per
// result) and records the columns, typmods included, for the implementation.
// Invariant: only procs made by withColumnDefinitions() have column definitions; the copy
// is a set-returning function, non-strict (a NULL argument is the implementation's business:
// json_to_record(NULL) still gives one row of NULLs).
import type { ProcRow } from '../../../catalog/builtins.js';
import type { CallInfo, EvalContext } from '../functions/registry.js';
import type { Value } from '../../types/value.js';

export interface DefinedColumn {
  name: string;
  type: number;
  typmod: number;
}

/** A record-returning function's implementation, given the columns it must produce. */
export type RecordSetImpl = (args: Value[], ctx: EvalContext, call: CallInfo, columns: readonly DefinedColumn[]) => Iterable<Value[]>;

const definitions = new WeakMap<ProcRow, readonly DefinedColumn[]>();

/** A copy of `proc` returning rows of `columns`. */
export function withColumnDefinitions(proc: ProcRow, columns: readonly DefinedColumn[]): ProcRow {
  const inputs = proc.proargtypes.length;
  const copy: ProcRow = {
    ...proc,
    proretset: true,
    proisstrict: false,
    proallargtypes: [...proc.proargtypes, ...columns.map((c) => c.type)],
    proargmodes: [...proc.proargtypes.map(() => 'i'), ...columns.map(() => 'o')],
    proargnames: [...Array.from({ length: inputs }, (_, i) => proc.proargnames?.[i] ?? ''), ...columns.map((c) => c.name)],
  };
  definitions.set(copy, columns);
  return copy;
}

/** The columns a call site defined for this proc, if any. */
export function columnDefinitions(proc: ProcRow): readonly DefinedColumn[] | undefined {
  return definitions.get(proc);
}
