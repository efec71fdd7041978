// What planning one statement carries along: the runtime context (constants are folded with
// the bound parameters and settings), the exec-parameter slots handed out to correlated
// subqueries, and the WITH RECURSIVE queries whose recursive term is being planned (a
// reference to one of those reads the work table).
import type { RuntimeContext } from '../expr/compile.js';

export interface Planner {
  readonly ctx: RuntimeContext;
  /** The next free exec-parameter slot. */
  nextSlot: number;
  /** Ids of WITH RECURSIVE queries whose recursive term is being planned. */
  readonly recursive: Set<number>;
}

export function newPlanner(ctx: RuntimeContext): Planner {
  return { ctx, nextSlot: 0, recursive: new Set() };
}

const perExecution = new WeakMap<RuntimeContext, Planner>();

/** One planner per execution (so exec-parameter slots stay unique across its expressions). */
export function plannerFor(ctx: RuntimeContext): Planner {
  let p = perExecution.get(ctx);
  if (!p) perExecution.set(ctx, (p = newPlanner(ctx)));
  return p;
}
