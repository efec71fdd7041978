// Walking a plan for EXPLAIN: the nodes a node reads from, the expressions it evaluates (where
// its subqueries are), and the alias a scan node is known by.
import type { Expr } from '../expr/expr.js';
import type { PlanNode } from '../plan/nodes.js';

const SCAN_KINDS = new Set(['seqscan', 'indexscan', 'systemscan', 'functionscan', 'values', 'ctescan', 'worktablescan']);

/** The alias a node scanning a relation is known by, or null for other nodes. */
export function scanAlias(n: PlanNode): string | null {
  if (!SCAN_KINDS.has(n.kind)) return null;
  switch (n.kind) {
    case 'seqscan':
    case 'indexscan':
    case 'systemscan':
      return n.alias;
    case 'functionscan':
      return n.alias ?? 'function';
    case 'values':
      return '*VALUES*';
    case 'ctescan':
    case 'worktablescan':
      return n.alias ?? 'cte';
    default:
      return null;
  }
}

/** The nodes a node reads from. */
export function planChildren(n: PlanNode): PlanNode[] {
  switch (n.kind) {
    case 'nestloop':
    case 'hashjoin':
    case 'setop':
      return [n.left, n.right];
    case 'recursiveunion':
      return [n.nonRecursive, n.recursive];
    case 'ctescope':
      return [n.input, ...n.ctes.map((c) => c.plan)];
    default: {
      const input = (n as { input?: PlanNode }).input;
      return input ? [input] : [];
    }
  }
}

/** The expressions a node evaluates (for finding the subqueries in them). */
export function planExprs(n: PlanNode): Expr[] {
  switch (n.kind) {
    case 'result':
      return [...n.exprs, ...(n.qual ? [n.qual] : [])];
    case 'values':
      return n.rows.flat();
    case 'filter':
      return [n.qual];
    case 'project':
      return n.exprs;
    case 'functionscan':
      return n.functions;
    case 'projectset':
      return n.functions;
    case 'nestloop':
      return [...(n.qual ? [n.qual] : []), ...(n.params ?? []).map((p) => p.value)];
    case 'hashjoin':
      return [...n.leftKeys, ...n.rightKeys, ...(n.qual ? [n.qual] : [])];
    case 'agg':
      return [...n.keys, ...n.aggs.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])])];
    case 'limit':
      return [...(n.count ? [n.count] : []), ...(n.offset ? [n.offset] : [])];
    default:
      return [];
  }
}
