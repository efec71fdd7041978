// The rows an UPDATE or DELETE changes: those of the target table its WHERE accepts, read
// through the primary key or an index when the WHERE fixes a key prefix (the same choice a
// SELECT makes), with each row's storage key. All are collected before any is changed.
// targetScanPlan shows the same read as plan nodes, for EXPLAIN.
import { indexDefinitionsIn } from '../analyze/index-definition.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import { compileIndexEntries } from '../exec/index-scan.js';
import { chooseIndexPath, useIndexDefinition, type IndexPath } from '../plan/index-paths.js';
import { Oid } from '../types/oids.js';
import { placeVars } from '../plan/place-vars.js';
import { simplify } from '../plan/simplify.js';
import type { Value } from '../types/value.js';
import type { TargetTable } from './target-table.js';
import { compileExpr } from '../expr/compile.js';
import { plannerFor } from '../plan/planner.js';
import { planSubLinks } from '../plan/subplans.js';
import type { PlanNode } from '../plan/nodes.js';

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

export function matchingRows(target: TargetTable, where: Expr | null, ctx: RuntimeContext): { key: Buffer; row: Value[] }[] {
  const access = ctx.table(target.shape);
  const { accept, path } = targetRead(target, where, ctx);
  const check = accept ? compileExpr(accept) : null;
  const matched: { key: Buffer; row: Value[] }[] = [];
  let scanned = 0;
  const take = (key: Buffer, row: Value[]) => {
    if ((++scanned & 0x3ff) === 0) ctx.checkCancel();
    if (!check || check(row, ctx) === true) matched.push({ key, row });
  };
  if (!path) {
    for (const e of access.rows()) take(e.key, e.row);
    return matched;
  }
  for (const e of compileIndexEntries(target.shape, path)(ctx)) take(e.key, e.row);
  return matched;
}

/**
 * How the target's rows are read: the condition over a stored row and the key ranges (null:
 * the whole table).
 */
function targetRead(target: TargetTable, where: Expr | null, ctx: RuntimeContext): { accept: Expr | null; path: IndexPath | null } {
  const planned = where ? planSubLinks(plannerFor(ctx), where) : null;
  const place = (e: Expr) => simplify(placeVars(e, target.layout), ctx);
  const accept = planned ? place(planned) : null;
  const definitions = indexDefinitionsIn(ctx);
  const conds = planned ? conjuncts(planned) : [];
  const choice = planned ? chooseIndexPath(target.shape, 0, conds, null, definitions) : null;
  if (!choice) return { accept, path: null };
  const bound = (e: Expr) => simplify(placeVars(e, []), ctx);
  const p = choice.path;
  const path: IndexPath = {
    ...p,
    equal: p.equal.map(bound),
    anyOf: p.anyOf?.map(bound) ?? null,
    lower: p.lower ? { ...p.lower, value: bound(p.lower.value) } : null,
    upper: p.upper ? { ...p.upper, value: bound(p.upper.value) } : null,
  };
  const rest = useIndexDefinition(path, p.index && definitions(p.index), 0, conds, place);
  if (rest.length === conds.length) return { accept, path };
  return { accept: rest.length === 0 ? null : place(rest.length === 1 ? rest[0]! : { kind: 'and', args: rest, type: Oid.bool, typmod: -1 }), path };
}

/** The read of the target's rows as a plan (for EXPLAIN): a scan with the condition as filter. */
export function targetScanPlan(target: TargetTable, where: Expr | null, ctx: RuntimeContext): PlanNode {
  const { accept, path } = targetRead(target, where, ctx);
  const alias = target.scope.ranges[0]!.alias;
  const scan: PlanNode = path ? { kind: 'indexscan', table: target.shape, alias, path } : { kind: 'seqscan', table: target.shape, alias };
  return accept ? { kind: 'filter', input: scan, qual: accept } : scan;
}
