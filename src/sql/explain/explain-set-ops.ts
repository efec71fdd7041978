// EXPLAIN lines for UNION, INTERSECT and EXCEPT, in PostgreSQL's layout: UNION ALL chains are
// one Append; UNION is a HashAggregate over the Append (its Group Key every column); INTERSECT
// and EXCEPT are a HashSetOp over an Append of "Subquery Scan on "*SELECT* n"" nodes.
import type { PlanNode } from '../plan/nodes.js';
import { CPU_OPERATOR_COST, CPU_TUPLE_COST, DEFAULT_GROUPS, clampRows } from './estimates.js';
import { explainNode, summedStats } from './explain-node.js';
import type { Built, PlanExplainer } from './explain-plan.js';

export function explainSetOperation(x: PlanExplainer, node: Extract<PlanNode, { kind: 'setop' }>): Built {
  // UNION ALL chains become one Append, as in PostgreSQL
  const leaves: PlanNode[] = [];
  const flatten = (n: PlanNode) => {
    if (n.kind === 'setop' && n.op === 'union' && n.all === node.all) {
      flatten(n.left);
      flatten(n.right);
    } else leaves.push(n);
  };
  if (node.op === 'union') {
    flatten(node.left);
    flatten(node.right);
  } else leaves.push(node.left, node.right);
  const built = leaves.map((l) => x.build(l));
  let children = built.map((b) => b.en);
  if (node.op !== 'union') {
    children = built.map((b, i) => {
      const sub = explainNode(`Subquery Scan on "*SELECT* ${i + 1}"`, { ...b.en.estimate }, b.en.stats, [b.en]);
      x.markScan(sub);
      return sub;
    });
  }
  const sum = children.reduce((e, c) => ({ startup: e.startup, total: e.total + c.estimate.total, rows: e.rows + c.estimate.rows, width: Math.max(e.width, c.estimate.width) }), { startup: 0, total: 0, rows: 0, width: 0 });
  const append = explainNode('Append', sum, summedStats(children), children);
  const cols = built[0]!.cols;
  if (node.op === 'union' && node.all) {
    append.stats = x.stats(node);
    return { en: append, cols };
  }
  const rows = clampRows(Math.min(sum.rows, DEFAULT_GROUPS));
  const startup = sum.total + sum.rows * CPU_OPERATOR_COST * node.width;
  const title = node.op === 'union' ? 'HashAggregate' : `HashSetOp ${node.op === 'intersect' ? 'Intersect' : 'Except'}${node.all ? ' All' : ''}`;
  const en = explainNode(title, { startup, total: startup + rows * CPU_TUPLE_COST, rows, width: sum.width }, x.stats(node), [append]);
  if (node.op === 'union') en.details.push(`Group Key: ${cols.map((c) => c.name(x.upperPrefix)).join(', ')}`);
  return { en, cols };
}
