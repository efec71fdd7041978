// The GroupingSets node: GROUP BY GROUPING SETS / ROLLUP / CUBE. It reads its input once, then
// runs the ordinary Agg node (aggregate.ts) over those rows once per grouping set, grouping by
// that set's keys only, and widens each result row to all keys (NULL for keys the set leaves
// out), the aggregates, and the values of the query's GROUPING expressions for that set.
// Sets are run in the order the analyzer expanded them; duplicate sets give duplicate rows,
// and an empty set gives one row even for no input, as in PostgreSQL.
import type { Value } from '../types/value.js';
import type { GroupingSetsNode } from '../plan/window-node.js';
import { compileAggregate } from './aggregate.js';
import { PAUSE, type CompiledPlan, type Next, type Row, type RowSource } from './run-plan.js';

export function compileGroupingSets(node: GroupingSetsNode, input: CompiledPlan, requireSync: (s: ReturnType<CompiledPlan>) => RowSource): CompiledPlan {
  // each set's Agg node reads the rows of the running execution, set just before it opens
  let replay: Row[] = [];
  const replayInput: CompiledPlan = () => {
    const rows = replay;
    let i = 0;
    return { async: false, source: { next: () => (i < rows.length ? rows[i++]! : null) } };
  };
  const sets = node.sets.map((set, s) => ({
    set,
    grouping: node.grouping.map((g) => g[s]!),
    agg: compileAggregate(
      { kind: 'agg', input: node.input, keys: set.map((k) => node.keys[k]!), keyTypes: set.map((k) => node.keyTypes[k]!), aggs: node.aggs, grouped: set.length > 0 },
      replayInput,
      requireSync,
    ),
  }));
  const width = node.keys.length;
  return (ctx) => {
    const src = requireSync(input(ctx));
    const rows: Row[] = [];
    let read = false;
    let s = 0;
    let current: RowSource | null = null;
    const next = (): Next => {
      while (!read) {
        const row = src.next();
        if (row === PAUSE) return PAUSE;
        if (row === null) read = true;
        else rows.push(row);
        if ((rows.length & 0x3ff) === 0) ctx.checkCancel();
      }
      for (;;) {
        if (!current) {
          if (s >= sets.length) return null;
          replay = rows;
          current = requireSync(sets[s]!.agg(ctx));
        }
        const r = current.next();
        if (r === PAUSE) return PAUSE;
        if (r === null) {
          current = null;
          s++;
          continue;
        }
        const { set, grouping } = sets[s]!;
        const out: Value[] = new Array<Value>(width).fill(null);
        set.forEach((k, j) => (out[k] = r[j] ?? null));
        for (let j = set.length; j < r.length; j++) out.push(r[j]!);
        for (const g of grouping) out.push(g);
        return out;
      }
    };
    return { async: false, source: { next } };
  };
}
