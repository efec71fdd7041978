// The rows an UPDATE or DELETE changes: those of the target table its WHERE accepts, read
// through the primary key or an index when the WHERE fixes a key prefix (the same choice a
// SELECT makes), with each row's storage key. All are collected before any is changed.
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import { compileIndexEntries } from '../exec/index-scan.js';
import { chooseIndexPath, type IndexPath } from '../plan/index-paths.js';
import { placeVars } from '../plan/place-vars.js';
import { simplify } from '../plan/simplify.js';
import type { Value } from '../types/value.js';
import type { TargetTable } from './target-table.js';
import { compileExpr } from '../expr/compile.js';
import { plannerFor } from '../plan/planner.js';
import { planSubLinks } from '../plan/subplans.js';

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

export function matchingRows(target: TargetTable, where: Expr | null, ctx: RuntimeContext): { key: Buffer; row: Value[] }[] {
  const access = ctx.table(target.shape);
  const planned = where ? planSubLinks(plannerFor(ctx), where) : null;
  const accept = planned ? compileExpr(simplify(placeVars(planned, target.layout), ctx)) : null;
  const matched: { key: Buffer; row: Value[] }[] = [];
  let scanned = 0;
  const take = (key: Buffer, row: Value[]) => {
    if ((++scanned & 0x3ff) === 0) ctx.checkCancel();
    if (!accept || accept(row, ctx) === true) matched.push({ key, row });
  };
  const choice = planned ? chooseIndexPath(target.shape, 0, conjuncts(planned), null) : null;
  if (!choice) {
    for (const e of access.rows()) take(e.key, e.row);
    return matched;
  }
  const bound = (e: Expr) => simplify(placeVars(e, []), ctx);
  const p = choice.path;
  const path: IndexPath = {
    ...p,
    equal: p.equal.map(bound),
    anyOf: p.anyOf?.map(bound) ?? null,
    lower: p.lower ? { ...p.lower, value: bound(p.lower.value) } : null,
    upper: p.upper ? { ...p.upper, value: bound(p.upper.value) } : null,
  };
  for (const e of compileIndexEntries(target.shape, path)(ctx)) take(e.key, e.row);
  return matched;
}
