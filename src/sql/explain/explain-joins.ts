// EXPLAIN lines for joins, in PostgreSQL's layout: a Nested Loop (its parameterized inner side
// reads the outer row's values as $n) with its "Join Filter:", and a Hash Join whose right input
// sits under a "Hash" node, with the hashed equalities as "Hash Cond:" and the rest of the join
// condition as "Join Filter:".
import type { PlanNode } from '../plan/nodes.js';
import { CPU_OPERATOR_COST, CPU_TUPLE_COST, clampRows, selectivity } from './estimates.js';
import { explainNode } from './explain-node.js';
import type { Built, PlanExplainer } from './explain-plan.js';
import { conjuncts } from './qual-forms.js';

const JOIN_NAMES: Record<string, string> = { inner: '', left: ' Left Join', right: ' Right Join', full: ' Full Join' };

export function explainNestLoop(x: PlanExplainer, node: Extract<PlanNode, { kind: 'nestloop' }>): Built {
  const left = x.build(node.left);
  for (const p of node.params ?? []) x.nameSlot(p.slot, x.text(p.value, left.cols, true, left.en));
  const right = x.build(node.right);
  const l = left.en.estimate;
  const r = right.en.estimate;
  const perRow = node.params?.length ? 1 : r.rows;
  let rows = l.rows * perRow * (node.qual ? selectivity(node.qual) : 1);
  if (node.type === 'left' || node.type === 'full') rows = Math.max(rows, l.rows);
  const estimate = { startup: l.startup + r.startup, total: l.total + l.rows * r.total + l.rows * perRow * CPU_TUPLE_COST, rows: clampRows(rows), width: l.width + r.width };
  const en = explainNode(`Nested Loop${JOIN_NAMES[node.type] ?? ''}`, estimate, x.stats(node), [left.en, right.en]);
  const cols = [...left.cols.slice(0, node.leftWidth), ...right.cols.slice(0, node.rightWidth)];
  if (node.qual) {
    en.details.push(`Join Filter: ${x.text(node.qual, cols, x.upperPrefix, en)}`);
  }
  return { en, cols };
}

export function explainHashJoin(x: PlanExplainer, node: Extract<PlanNode, { kind: 'hashjoin' }>): Built {
  const left = x.build(node.left);
  const right = x.build(node.right);
  const l = left.en.estimate;
  const r = right.en.estimate;
  const hash = explainNode('Hash', { startup: r.total, total: r.total, rows: r.rows, width: r.width }, right.en.stats, [right.en]);
  let rows = (l.rows * r.rows) / Math.max(l.rows, r.rows, 1);
  if (node.qual) rows *= selectivity(node.qual);
  if (node.type === 'left' || node.type === 'full') rows = Math.max(rows, l.rows);
  if (node.type === 'right' || node.type === 'full') rows = Math.max(rows, r.rows);
  const startup = r.total + r.rows * CPU_OPERATOR_COST;
  const estimate = { startup, total: startup + l.total + l.rows * CPU_OPERATOR_COST * node.leftKeys.length + rows * CPU_TUPLE_COST, rows: clampRows(rows), width: l.width + r.width };
  const en = explainNode(`Hash${JOIN_NAMES[node.type] ? JOIN_NAMES[node.type] : ' Join'}`, estimate, x.stats(node), [left.en, hash]);
  const pairs = node.leftKeys.map((k, i) => [x.text(k, left.cols, x.upperPrefix, en), x.text(node.rightKeys[i]!, right.cols, x.upperPrefix, en)] as const);
  const conds = pairs.map(([l, r]) => `(${l} = ${r})`);
  en.details.push(`Hash Cond: ${conds.length === 1 ? conds[0] : `(${conds.join(' AND ')})`}`);
  const cols = [...left.cols.slice(0, node.leftWidth), ...right.cols.slice(0, node.rightWidth)];
  // the join re-checks its whole condition; the hashed equalities need no line of their own
  const hashed = new Set([...conds, ...pairs.map(([l, r]) => `(${r} = ${l})`)]);
  const rest = node.qual ? conjuncts(node.qual).map((c) => x.text(c, cols, x.upperPrefix, en)).filter((t) => !hashed.has(t)) : [];
  if (rest.length > 0) en.details.push(`Join Filter: ${rest.length === 1 ? rest[0] : `(${rest.join(' AND ')})`}`);
  return { en, cols };
}
