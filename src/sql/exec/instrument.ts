// Per-node run statistics for EXPLAIN ANALYZE (PostgreSQL's Instrumentation): how often each
// plan node was opened (loops), the rows it returned, and the time spent inside it — until its
// first row (startup) and in all (total), both inclusive of its inputs, summed over its loops.
// Plans compiled while an Instrumentation is active (`instrumenting`) report into it; all
// other plans run without any of this overhead.
import type { PlanNode } from '../plan/nodes.js';
import { PAUSE, type AnySource, type CompiledPlan, type Next, type Row } from './run-plan.js';

export interface NodeStats {
  loops: number;
  rows: number;
  /** Milliseconds to the first row of each loop, summed over loops. */
  startupMs: number;
  /** Milliseconds inside the node, summed over loops. */
  totalMs: number;
}

export class Instrumentation {
  private readonly stats = new Map<PlanNode, NodeStats>();

  constructor(readonly timing: boolean) {}

  /** The node's statistics; undefined when it never ran. */
  of(node: PlanNode): NodeStats | undefined {
    const s = this.stats.get(node);
    return s && s.loops > 0 ? s : undefined;
  }

  /** Records the statistics of a node that runs outside a compiled plan (a DML's row scan). */
  record(node: PlanNode, rows: number, ms: number): void {
    this.stats.set(node, { loops: 1, rows, startupMs: ms, totalMs: ms });
  }

  wrap(node: PlanNode, compiled: CompiledPlan): CompiledPlan {
    let stats = this.stats.get(node);
    if (!stats) this.stats.set(node, (stats = { loops: 0, rows: 0, startupMs: 0, totalMs: 0 }));
    const s = stats;
    const clock = this.timing ? () => performance.now() : () => 0;
    return (ctx) => {
      const opened = clock();
      s.loops++;
      const inner = compiled(ctx);
      let spent = clock() - opened;
      let first = true;
      const took = (row: Next, started: number) => {
        const dt = clock() - started;
        spent += dt;
        s.totalMs += dt;
        if (row !== null && row !== PAUSE) {
          s.rows++;
          if (first) {
            first = false;
            s.startupMs += spent;
          }
        } else if (row === null && first) {
          first = false;
          s.startupMs += spent;
        }
      };
      s.totalMs += spent;
      if (!inner.async) {
        const src = inner.source;
        return {
          async: false,
          source: {
            next: (): Next => {
              const started = clock();
              const row = src.next();
              took(row, started);
              return row;
            },
          },
        } satisfies AnySource;
      }
      const src = inner.source;
      return {
        async: true,
        source: {
          next: async (): Promise<Row | null> => {
            const started = clock();
            const row = await src.next();
            took(row, started);
            return row;
          },
        },
      } satisfies AnySource;
    };
  }
}

let active: Instrumentation | null = null;

/** Compiles (in `fn`) plans whose nodes report into `inst`. */
export function instrumenting<T>(inst: Instrumentation, fn: () => T): T {
  const saved = active;
  active = inst;
  try {
    return fn();
  } finally {
    active = saved;
  }
}

/** The compiled node, wrapped to report into the active Instrumentation if there is one. */
export function instrumentNode(node: PlanNode, compiled: CompiledPlan): CompiledPlan {
  return active ? active.wrap(node, compiled) : compiled;
}
