// The tree EXPLAIN prints: one node per plan step PostgreSQL would show, with its title
// ("Seq Scan on t"), property lines ("Filter: ..."), InitPlans and CTEs printed before its
// inputs, SubPlans after them, its cost estimate, and where its run statistics come from.
import type { NodeStats } from '../exec/instrument.js';
import type { Estimate } from './estimates.js';

export interface Labeled {
  label: string;
  node: ExplainNode;
}

export interface ExplainNode {
  title: string;
  /** Property lines: "Index Cond: ...", "Sort Key: ...". */
  details: string[];
  /** Filter conditions added by the plan steps folded into this node (printed AND-ed). */
  quals: string[];
  /** How the quals line is labelled ("Filter", "One-Time Filter"). */
  qualLabel: string;
  /** Output columns (EXPLAIN VERBOSE). */
  output: string[] | null;
  initPlans: Labeled[];
  children: ExplainNode[];
  subPlans: Labeled[];
  estimate: Estimate;
  /** Statistics of the run (EXPLAIN ANALYZE): undefined when the node never ran. */
  stats: () => NodeStats | undefined;
  /** Rows the node's filter removed (EXPLAIN ANALYZE), when it has one. */
  removedByFilter?: () => number;
}

export function explainNode(title: string, estimate: Estimate, stats: () => NodeStats | undefined, children: ExplainNode[] = []): ExplainNode {
  return { title, details: [], quals: [], qualLabel: 'Filter', output: null, initPlans: [], children, subPlans: [], estimate, stats };
}

/** Sums children's statistics (for steps Treeline runs as one node, e.g. Append). */
export function summedStats(children: readonly ExplainNode[]): () => NodeStats | undefined {
  return () => {
    const all = children.map((c) => c.stats()).filter((s) => s !== undefined);
    if (all.length === 0) return undefined;
    return {
      loops: Math.max(...all.map((s) => s.loops)),
      rows: all.reduce((n, s) => n + s.rows, 0),
      startupMs: Math.min(...all.map((s) => s.startupMs)),
      totalMs: all.reduce((n, s) => n + s.totalMs, 0),
    };
  };
}
