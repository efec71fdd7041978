// EXPLAIN of INSERT, UPDATE and DELETE: PostgreSQL's ModifyTable node ("Insert on t") over
// the rows it writes — the VALUES list or query of an INSERT, the target's scan (or the join
// of UPDATE ... FROM / DELETE ... USING) of an UPDATE or DELETE. Under ANALYZE the statement
// runs; the plans it makes are observed so their nodes show what they did.
import { quoteIdentifier } from '../expr/functions/string-format.js';
import type { DmlQuery } from '../dml/dml-query.js';
import { joinedRowsPlan } from '../dml/joined-rows.js';
import { targetScanPlan } from '../dml/matching-rows.js';
import { executeDml } from '../statements/dml-statement.js';
import { prepareStatementCtes } from '../statements/statement-ctes.js';
import type { Instrumentation } from '../exec/instrument.js';
import { instrumenting } from '../exec/instrument.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { Plan, PlanNode } from '../plan/nodes.js';
import { observePlans } from '../plan/plan-observer.js';
import { planSelect } from '../plan/plan-select.js';
import type { Session } from '../session.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';
import { CPU_TUPLE_COST } from './estimates.js';
import { explainNode, type ExplainNode } from './explain-node.js';
import { PlanExplainer } from './explain-plan.js';

const NULL_CONST: Expr = { kind: 'const', type: Oid.text, typmod: -1, value: null, location: -1 };

export function explainDml(
  session: Session,
  q: DmlQuery,
  ctx: RuntimeContext,
  inst: Instrumentation | null,
  verbose: boolean,
  params: readonly Value[],
): { root: ExplainNode; planningMs: number; executionMs: number } {
  const started = performance.now();
  let source = dmlSource(q, ctx);
  const planningMs = performance.now() - started;
  let executionMs = 0;
  let written = 0;
  if (inst) {
    const observed: Plan[] = [];
    const t0 = performance.now();
    const result = instrumenting(inst, () =>
      observePlans(
        (p) => observed.push(p),
        () => {
          prepareStatementCtes(session, q.ctes, ctx);
          return executeDml(session, q, ctx);
        },
      ),
    );
    executionMs = performance.now() - t0;
    written = result.rows.length;
    if (observed[0]) source = observed[0].root;
    else if (source) inst.record(source, result.count, executionMs);
  }
  const target = q.target;
  const alias = target.scope.ranges[0]!.alias;
  const explainer = new PlanExplainer(session, inst, verbose, source ? [source] : [], params);
  const child = source ? explainer.build(source).en : null;
  const verb = q.kind === 'insert' ? 'Insert' : q.kind === 'update' ? 'Update' : 'Delete';
  const ns = session.transaction.catalog.get(target.record.namespaceOid);
  const relation = verbose && ns?.kind === 'namespace' ? `${quoteIdentifier(ns.name)}.${quoteIdentifier(target.record.name)}` : quoteIdentifier(target.record.name);
  const title = `${verb} on ${relation}${alias !== target.record.name ? ` ${quoteIdentifier(alias)}` : ''}`;
  const below = child?.estimate ?? { startup: 0, total: 0.01, rows: 1, width: 0 };
  const estimate = { startup: below.startup, total: below.total + below.rows * CPU_TUPLE_COST, rows: 0, width: 0 };
  const stats = () => (inst ? { loops: 1, rows: written, startupMs: executionMs, totalMs: executionMs } : undefined);
  const root = explainNode(title, estimate, stats, child ? [child] : []);
  if (q.kind === 'insert' && q.onConflict) root.details.push(`Conflict Resolution: ${q.onConflict.action === 'nothing' ? 'NOTHING' : 'UPDATE'}`);
  if (q.kind === 'insert' && !child) root.children.push(explainNode('Result', { startup: 0, total: 0.01, rows: 1, width: 0 }, stats));
  return { root, planningMs, executionMs };
}

/** The plan of the rows the statement writes (null: one computed row, PostgreSQL's Result). */
function dmlSource(q: DmlQuery, ctx: RuntimeContext): PlanNode | null {
  switch (q.kind) {
    case 'insert': {
      const s = q.source;
      if (s.kind === 'select') return planSelect(s.query, ctx).root;
      if (s.kind === 'values' && s.rows.length > 1) return { kind: 'values', rows: s.rows.map((r) => r.map((e) => e ?? NULL_CONST)) };
      return null;
    }
    case 'update':
      return q.from ? joinedRowsPlan(q.target, q.from, q.where, ctx).root : targetScanPlan(q.target, q.where, ctx);
    case 'delete':
      return q.using ? joinedRowsPlan(q.target, q.using, q.where, ctx).root : targetScanPlan(q.target, q.where, ctx);
  }
}
