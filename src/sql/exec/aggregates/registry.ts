// Finds the implementation of an aggregate from its pg_aggregate row. Aggregates whose
// transition function is an ordinary built-in (max → int4larger, count → int8inc, sum(float8)
// → float8pl, bool_and → booland_statefunc, ...) run that function with PostgreSQL's rules
// for strict transition functions: NULL inputs are skipped and, when the initial state is
// NULL, the first input becomes the state. The others (internal-state ones: avg, sum of
// integers and numeric, variance, string_agg, array_agg, ...) have their own implementations,
// keyed by transition and final function as PostgreSQL names them.
import { builtins, type AggregateRow, type ProcRow } from '../../../catalog/builtins.js';
import { lookupImplementation } from '../../expr/function-impls.js';
import type { CallInfo, FnImpl } from '../../expr/functions/registry.js';
import { typeIO } from '../../types/index.js';
import type { Value } from '../../types/value.js';
import type { AggregateCall, AggregateFactory, AggregateFunction } from './aggregate-function.js';
import { arrayAgg, arrayAggOfArrays, byteaStringAgg, intervalAvg, stringAgg } from './collecting-aggregates.js';
import { floatAccumAggregate, regrAggregate, regrCount } from './float-aggregates.js';
import { jsonAgg, jsonbAgg, jsonbObjectAgg, jsonObjectAgg } from './json-aggregates.js';
import { int8Sum, intAvg, intSum, numericSumAvg, numericVariance } from './numeric-aggregates.js';

/** Variance-family final functions: [sample, variance]. */
const VARIANCE_FINALS: Record<string, [boolean, boolean]> = {
  var_samp: [true, true],
  var_pop: [false, true],
  stddev_samp: [true, false],
  stddev_pop: [false, false],
};

function varianceFamily(finalName: string): AggregateFactory | undefined {
  const m = /^numeric_(?:poly_)?(var_samp|var_pop|stddev_samp|stddev_pop)$/.exec(finalName);
  if (!m) return undefined;
  const [sample, variance] = VARIANCE_FINALS[m[1]!]!;
  return numericVariance(sample, variance);
}

/** Implementations by transition function, then by final function. */
function nativeAggregate(transfn: string, finalfn: string): AggregateFactory | undefined {
  switch (transfn) {
    case 'int2_sum':
    case 'int4_sum':
      return intSum;
    case 'int8_avg_accum':
      return finalfn === 'numeric_poly_sum' ? int8Sum : finalfn === 'numeric_poly_avg' ? intAvg : undefined;
    case 'int2_avg_accum':
    case 'int4_avg_accum':
      return finalfn === 'int8_avg' ? intAvg : undefined;
    case 'numeric_avg_accum':
      return finalfn === 'numeric_sum' ? numericSumAvg(false) : finalfn === 'numeric_avg' ? numericSumAvg(true) : undefined;
    case 'int2_accum':
    case 'int4_accum':
    case 'int8_accum':
    case 'numeric_accum':
      return varianceFamily(finalfn);
    case 'float4_accum':
    case 'float8_accum':
      return floatAccumAggregate(finalfn);
    case 'float8_regr_accum':
      return regrAggregate(finalfn);
    case 'int8inc_float8_float8':
      return regrCount;
    case 'interval_accum':
      return finalfn === 'interval_avg' ? intervalAvg : undefined;
    case 'string_agg_transfn':
      return stringAgg;
    case 'bytea_string_agg_transfn':
      return byteaStringAgg;
    case 'array_agg_transfn':
      return arrayAgg;
    case 'array_agg_array_transfn':
      return arrayAggOfArrays;
    case 'json_agg_transfn':
      return jsonAgg;
    case 'jsonb_agg_transfn':
      return jsonbAgg;
    case 'json_object_agg_transfn':
      return jsonObjectAgg;
    case 'jsonb_object_agg_transfn':
      return jsonbObjectAgg;
    default:
      return undefined;
  }
}

function procName(oid: number): string {
  return oid === 0 ? '' : (builtins().procByOid.get(oid)?.prosrc ?? '');
}

/** An aggregate run through its built-in transition (and final) function. */
function functionAggregate(agg: AggregateRow): AggregateFactory | undefined {
  const b = builtins();
  const transProc = b.procByOid.get(agg.aggtransfn);
  const finalProc = agg.aggfinalfn === 0 ? undefined : b.procByOid.get(agg.aggfinalfn);
  if (!transProc || (agg.aggfinalfn !== 0 && !finalProc)) return undefined;
  const trans = lookupImplementation(transProc);
  const fin = finalProc ? lookupImplementation(finalProc) : undefined;
  if (!trans || trans.async || (finalProc && (!fin || fin.async))) return undefined;
  const transType = agg.aggtranstype;
  // polymorphic or internal states cannot be parsed from their text form here
  if (agg.agginitval !== null && !typeIO(transType)) return undefined;
  const transFn = trans.fn;
  const finalFn = fin && !fin.async ? fin.fn : null;
  return (call) => functionAggregateOf(call, agg, transProc, transFn, finalProc, finalFn);
}

function functionAggregateOf(
  call: AggregateCall,
  agg: AggregateRow,
  transProc: ProcRow,
  transFn: FnImpl,
  finalProc: ProcRow | undefined,
  finalFn: FnImpl | null,
): AggregateFunction<Value> {
  const { ctx } = call;
  const stateType = agg.aggtranstype === call.proc.prorettype ? call.resultType : agg.aggtranstype;
  const initial: Value = agg.agginitval === null ? null : typeIO(agg.aggtranstype)!.input(agg.agginitval, -1, ctx.types);
  const transCall: CallInfo = { argTypes: [stateType, ...call.argTypes], resultType: stateType, resultTypmod: -1, funcOid: transProc.oid };
  const finalCall: CallInfo | null = finalProc ? { argTypes: [stateType], resultType: call.resultType, resultTypmod: -1, funcOid: finalProc.oid } : null;
  const strict = transProc.proisstrict;
  return {
    init: () => initial,
    add: (state, args) => {
      if (strict) {
        for (const a of args) if (a === null) return state;
        // a strict transition with a NULL state starts from the first input
        if (state === null) return args[0] ?? null;
      }
      return transFn([state, ...args], ctx, transCall);
    },
    final: (state) => {
      if (!finalFn) return state;
      if (state === null && finalProc!.proisstrict) return null;
      return finalFn([state], ctx, finalCall!);
    },
  };
}

const factories = new Map<number, AggregateFactory | null>();

function factoryOf(proc: ProcRow): AggregateFactory | null {
  let f = factories.get(proc.oid);
  if (f === undefined) {
    const agg = builtins().aggregateByOid.get(proc.oid);
    f = agg && agg.aggkind === 'n' ? (nativeAggregate(procName(agg.aggtransfn), procName(agg.aggfinalfn)) ?? functionAggregate(agg) ?? null) : null;
    factories.set(proc.oid, f);
  }
  return f;
}

export function hasAggregateImplementation(proc: ProcRow): boolean {
  return factoryOf(proc) !== null;
}

/** The implementation of one aggregate call. Requires hasAggregateImplementation(call.proc). */
export function aggregateFunction(call: AggregateCall): AggregateFunction {
  return factoryOf(call.proc)!(call);
}
