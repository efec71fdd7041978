// EXPLAIN lines for window functions and grouping sets, in PostgreSQL's layout: a WindowAgg over
// the Sort that orders its partitions (Treeline's Window node sorts by itself, so the Sort shown
// is that step of it), and grouping sets as a MixedAggregate / HashAggregate with one Hash Key
// line per non-empty set and `Group Key: ()` for the empty one.
import type { WindowKey, WindowNode, GroupingSetsNode } from '../plan/window-node.js';
import { CPU_OPERATOR_COST, CPU_TUPLE_COST, DEFAULT_GROUPS, clampRows, sortCost, widthOf } from './estimates.js';
import { Oid } from '../types/oids.js';
import { explainNode } from './explain-node.js';
import type { Built, Col, PlanExplainer } from './explain-plan.js';

export function explainWindow(x: PlanExplainer, node: WindowNode, b: Built): Built {
  let child = b.en;
  const keys = [...node.partition, ...node.order];
  if (keys.length > 0) {
    child = explainNode('Sort', sortCost(b.en.estimate), x.stats(node), [b.en]);
    child.details.push(`Sort Key: ${keys.map((k) => windowKeyText(x, k, b.cols, child)).join(', ')}`);
  }
  const input = child.estimate;
  const startup = input.startup;
  const total = input.total + input.rows * CPU_OPERATOR_COST * Math.max(1, node.calls.length);
  const en = explainNode('WindowAgg', { startup, total, rows: input.rows, width: 0 }, x.stats(node), [child]);
  const calls: Col[] = node.calls.map((c) => ({
    name: (prefix) => `${c.proc.proname}(${c.args.map((a) => x.text(a, b.cols, prefix, en)).join(', ')}) OVER (?)`,
    type: c.resultType,
    typmod: -1,
  }));
  const cols = [...b.cols, ...calls];
  en.estimate.width = widthOf(cols);
  return { en, cols };
}

function windowKeyText(x: PlanExplainer, k: WindowKey, cols: readonly Col[], owner: Parameters<PlanExplainer['text']>[3]): string {
  let t = x.text(k.expr, cols, x.upperPrefix, owner);
  if (!/^[\w."]+$/.test(t)) t = `(${t})`;
  if (k.descending) t += ' DESC';
  if (k.nullsFirst !== k.descending) t += k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return t;
}

export function explainGroupingSets(x: PlanExplainer, node: GroupingSetsNode, b: Built): Built {
  const input = b.en.estimate;
  const hashed = node.sets.filter((s) => s.length > 0);
  const title = hashed.length === 0 ? 'Aggregate' : hashed.length === node.sets.length ? 'HashAggregate' : 'MixedAggregate';
  const rows = clampRows(hashed.length * Math.min(input.rows, DEFAULT_GROUPS) + (node.sets.length - hashed.length));
  const startup = hashed.length === 0 ? input.total + input.rows * CPU_OPERATOR_COST * node.aggs.length : 0;
  const total = input.total + input.rows * CPU_OPERATOR_COST * node.sets.length * (node.keys.length + node.aggs.length) + rows * CPU_TUPLE_COST;
  const en = explainNode(title, { startup, total, rows, width: 0 }, x.stats(node), [b.en]);
  const keyCols = node.keys.map((k) => x.exprCol(k, b.cols, en));
  // PostgreSQL lists the hashed sets widest first, then the empty set
  for (const set of [...hashed].sort((p, q) => q.length - p.length)) {
    en.details.push(`Hash Key: ${set.map((i) => keyCols[i]!.name(x.upperPrefix)).join(', ')}`);
  }
  if (hashed.length < node.sets.length) en.details.push('Group Key: ()');
  const aggCols = node.aggs.map((a) => x.aggCol(a, b.cols, en));
  const groupingCols: Col[] = node.grouping.map(() => ({ name: () => 'GROUPING(?)', type: Oid.int4, typmod: -1 }));
  const cols = [...keyCols, ...aggCols, ...groupingCols];
  en.estimate.width = widthOf(cols);
  return { en, cols };
}
