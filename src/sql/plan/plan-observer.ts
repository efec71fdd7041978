// Lets EXPLAIN ANALYZE see the plans a data-modifying statement makes while it runs (the
// join of UPDATE ... FROM, the query of INSERT ... SELECT): while an observer is set, those
// statements report each plan they make, before compiling it, to it.
import type { Plan } from './nodes.js';

let observer: ((plan: Plan) => void) | null = null;

/** Runs `fn`, handing every plan a statement reports meanwhile to `observe`. */
export function observePlans<T>(observe: (plan: Plan) => void, fn: () => T): T {
  const saved = observer;
  observer = observe;
  try {
    return fn();
  } finally {
    observer = saved;
  }
}

/** Reports a plan a statement is about to run. */
export function reportPlan(plan: Plan): Plan {
  observer?.(plan);
  return plan;
}
