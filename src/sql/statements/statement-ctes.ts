// The WITH queries a statement defines at its top level, prepared before it runs: plain ones
// are registered with the runtime context (read on first use); data-modifying ones (INSERT /
// UPDATE / DELETE ... RETURNING) run now, once, whether read or not, and their RETURNING rows
// are what reading them gives. With a data-modifying WITH query present, the plain ones are
// read first, so they see the data as it was before the statement (as PostgreSQL's snapshot
// does); the main query itself reads the tables as changed.
import type { CteDef } from '../analyze/query.js';
import type { RuntimeContext } from '../expr/compile.js';
import { compilePlan, drainSource } from '../exec/run-plan.js';
import { planCte } from '../plan/plan-select.js';
import { plannerFor } from '../plan/planner.js';
import type { Session } from '../session.js';
import { executeDml } from './dml-statement.js';

export function prepareStatementCtes(session: Session, ctes: readonly CteDef[], ctx: RuntimeContext): void {
  if (ctes.length === 0) return;
  const p = plannerFor(ctx);
  const hasDml = ctes.some((c) => c.dml);
  for (const c of ctes) {
    if (c.dml) continue;
    ctx.ctes.set(c.id, { plan: compilePlan(planCte(p, c)), rows: [], source: null, done: false });
  }
  if (!hasDml) return;
  for (const c of ctes) {
    if (c.dml) continue;
    const state = ctx.ctes.get(c.id)!;
    const source = state.plan(ctx);
    if (source.async) throw new Error('a WITH query cannot wait');
    state.rows = drainSource(source.source, ctx);
    state.done = true;
  }
  for (const c of ctes) {
    if (!c.dml) continue;
    const { rows } = executeDml(session, c.dml, ctx);
    ctx.ctes.set(c.id, { plan: () => ({ async: false, source: { next: () => null } }), rows, source: null, done: true });
  }
}
