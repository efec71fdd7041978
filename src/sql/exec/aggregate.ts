// The Agg node: reads all its input, groups rows by the key expressions (one group for
// everything when the query has no GROUP BY, which yields a row even for no input) and runs
// each aggregate over its group's rows: FILTER drops rows, DISTINCT keeps the first of equal
// argument lists, ORDER BY feeds the rows in that order. Output rows are [keys..., results...],
// groups in the order they were first seen.
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { AggSpec, PlanNode } from '../plan/nodes.js';
import type { Value } from '../types/value.js';
import { aggregateFunction } from './aggregates/registry.js';
import type { AggregateFunction } from './aggregates/aggregate-function.js';
import { valuesKey } from './row-key.js';
import { compileSortComparator } from './sort.js';
import { PAUSE, type CompiledPlan, type Next, type Row } from './run-plan.js';

interface CompiledAgg {
  spec: AggSpec;
  args: RowFn[];
  filter: RowFn | null;
  order: RowFn[];
  /** Rows are buffered (DISTINCT or ORDER BY) and fed at the end. */
  buffered: boolean;
  compare: ((ctx: RuntimeContext) => (a: Value[], b: Value[]) => number) | null;
  argsKey: ((values: readonly Value[]) => string) | null;
}

interface Group {
  keys: Value[];
  states: unknown[];
  /** Per buffered aggregate: rows [args..., order keys...]. */
  buffers: Value[][][];
}

function compileAgg(spec: AggSpec): CompiledAgg {
  const buffered = spec.distinct || spec.order.length > 0;
  const width = spec.args.length;
  // buffered rows are [args..., order keys...]: sort by the order keys (or the arguments)
  const sortKeys =
    spec.order.length > 0
      ? spec.order.map((o, i) => ({ index: width + i, less: o.less, descending: o.descending, nullsFirst: o.nullsFirst }))
      : null;
  return {
    spec,
    args: spec.args.map((a) => compileExpr(a)),
    filter: spec.filter ? compileExpr(spec.filter) : null,
    order: spec.order.map((o) => compileExpr(o.expr)),
    buffered,
    compare: sortKeys ? compileSortComparator(sortKeys) : null,
    argsKey: spec.distinct ? valuesKey(spec.argTypes) : null,
  };
}

export function compileAggregate(node: Extract<PlanNode, { kind: 'agg' }>, input: CompiledPlan, requireSync: (s: ReturnType<CompiledPlan>) => { next(): Next }): CompiledPlan {
  const keys = node.keys.map((k) => compileExpr(k));
  const keyOf = valuesKey(node.keyTypes);
  const aggs = node.aggs.map(compileAgg);
  return (ctx) => {
    const impls: AggregateFunction[] = aggs.map((a) => aggregateFunction({ proc: a.spec.proc, argTypes: a.spec.argTypes, resultType: a.spec.resultType, ctx }));
    const groups = new Map<string, Group>();
    const newGroup = (keyValues: Value[]): Group => ({ keys: keyValues, states: impls.map((f) => f.init()), buffers: aggs.map(() => []) });
    if (!node.grouped) groups.set('', newGroup([]));
    const src = requireSync(input(ctx));
    let n = 0;
    let out: Row[] | null = null;
    let i = 0;
    /** Adds the input rows to their groups; false when the input paused. */
    const consume = (): boolean => {
      for (;;) {
        const row = src.next();
        if (row === PAUSE) return false;
        if (row === null) return true;
        if ((++n & 0x3ff) === 0) ctx.checkCancel();
        let group: Group;
        if (node.grouped) {
          const keyValues = keys.map((k) => k(row, ctx));
          const key = keyOf(keyValues);
          let g = groups.get(key);
          if (!g) groups.set(key, (g = newGroup(keyValues)));
          group = g;
        } else {
          group = groups.get('')!;
        }
        for (let a = 0; a < aggs.length; a++) {
          const agg = aggs[a]!;
          if (agg.filter && agg.filter(row, ctx) !== true) continue;
          const args = agg.args.map((f) => f(row, ctx));
          if (agg.buffered) group.buffers[a]!.push([...args, ...agg.order.map((f) => f(row, ctx))]);
          else group.states[a] = impls[a]!.add(group.states[a], args);
        }
      }
    };
    return {
      async: false,
      source: {
        next: (): Next => {
          if (!out) {
            if (!consume()) return PAUSE;
            out = [];
            for (const g of groups.values()) {
              const results = aggs.map((a, k) => {
                let state = g.states[k];
                if (a.buffered) state = feedBuffered(a, impls[k]!, state, g.buffers[k]!, ctx);
                return impls[k]!.final(state);
              });
              out.push([...g.keys, ...results]);
            }
          }
          return i < out.length ? out[i++]! : null;
        },
      },
    };
  };
}

/** Feeds buffered rows in ORDER BY order, skipping repeated argument lists under DISTINCT. */
function feedBuffered(a: CompiledAgg, impl: AggregateFunction, state: unknown, rows: Value[][], ctx: RuntimeContext): unknown {
  if (a.compare) rows.sort(a.compare(ctx));
  const width = a.spec.args.length;
  const seen = a.argsKey ? new Set<string>() : null;
  for (const r of rows) {
    const args = r.length === width ? r : r.slice(0, width);
    if (seen) {
      // DISTINCT compares the arguments; rows with a NULL argument count too (strict
      // aggregates skip them themselves)
      const key = a.argsKey!(args);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    state = impl.add(state, args);
  }
  return state;
}
