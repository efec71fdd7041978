// Window function calls, `f(...) OVER (...)` (the window branch of PostgreSQL's
// ParseFuncOrColumn and transformWindowFuncCall): the resolved function must be a window
// function or a plain aggregate; then the checks PostgreSQL makes, in its order (DISTINCT,
// aggregate ORDER BY and FILTER on true window functions are not implemented; window calls may
// not nest or take set-returning arguments; the clause must allow them), and the OVER clause
// becomes a reference to one of the query level's windows (analyze/window.ts).
import { builtins } from '../../catalog/builtins.js';
import { formatType } from '../../catalog/format-type.js';
import { SqlState } from '../../errors.js';
import { windowRef } from '../analyze/window.js';
import { hasAggregateImplementation } from '../exec/aggregates/registry.js';
import { hasWindowImplementation } from '../exec/window-functions/registry.js';
import type { Node } from '../parser.js';
import { checkNotAggregateDecorations } from './analyze-agg.js';
import { analyzeExpr, coerceToBoolean, type ExprContext } from './analyze-expr.js';
import { checkAggregateAllowed } from './clause-rules.js';
import { findExpr } from './expr-walk.js';
import { exprLocation, type Expr, type FuncExpr, type WindowFuncExpr } from './expr.js';

/** Turns a resolved call with an OVER clause into a WindowFuncExpr. `name` is the name as written. */
export function makeWindowFunction(cx: ExprContext, f: Node, call: FuncExpr, name: string): WindowFuncExpr {
  const ps = cx.ps;
  const proc = call.proc;
  const location = call.location;
  const isAgg = proc.prokind === 'a';
  if (isAgg) {
    const aggkind = builtins().aggregateByOid.get(proc.oid)?.aggkind ?? 'n';
    if (aggkind !== 'n') {
      if (f.agg_within_group) throw ps.error(SqlState.FeatureNotSupported, `OVER is not supported for ordered-set aggregate ${name}`, location);
      throw ps.error(SqlState.WrongObjectType, `WITHIN GROUP is required for ordered-set aggregate ${name}`, location);
    }
    if (f.agg_within_group) throw ps.error(SqlState.WrongObjectType, `${name} is not an ordered-set aggregate, so it cannot have WITHIN GROUP`, location);
  } else if (proc.prokind === 'w') {
    if (f.agg_within_group) throw ps.error(SqlState.WrongObjectType, `window function ${name} cannot have WITHIN GROUP`, location);
  } else {
    checkNotAggregateDecorations(cx, f, proc, location);
    throw ps.error(SqlState.WrongObjectType, `OVER specified, but ${name} is not a window function nor an aggregate function`, location);
  }
  let filter: Expr | null = null;
  if (f.agg_filter) {
    const fcx: ExprContext = { ...cx, clause: 'FILTER' };
    filter = coerceToBoolean(fcx, analyzeExpr(fcx, f.agg_filter), 'FILTER');
  }
  if (f.agg_distinct) throw ps.error(SqlState.FeatureNotSupported, 'DISTINCT is not implemented for window functions', location);
  if (isAgg && call.args.length === 0 && !f.agg_star) {
    throw ps.error(SqlState.WrongObjectType, `${name}(*) must be used to call a parameterless aggregate function`, location);
  }
  if (f.agg_order) throw ps.error(SqlState.FeatureNotSupported, 'aggregate ORDER BY is not implemented for window functions', location);
  if (!isAgg && filter) throw ps.error(SqlState.FeatureNotSupported, 'FILTER is not implemented for non-aggregate window functions', location);
  const srf = call.args.map((a) => findExpr(a, (x) => x.kind === 'func' && x.proc.proretset)).find((x) => x !== null);
  if (srf) {
    throw ps.error(SqlState.FeatureNotSupported, 'window function calls cannot contain set-returning function calls', exprLocation(srf), {
      hint: 'You might be able to move the set-returning function into a LATERAL FROM item.',
    });
  }
  const nested = call.args.map((a) => findExpr(a, (x) => x.kind === 'window')).find((x) => x !== null);
  if (nested) throw ps.error(SqlState.WindowingError, 'window function calls cannot be nested', exprLocation(nested));
  checkAggregateAllowed(cx, 'window', location);
  const winref = windowRef(cx, f.over);
  const implemented = isAgg ? hasAggregateImplementation(proc) : hasWindowImplementation(proc);
  if (!implemented) {
    const what = isAgg ? 'aggregate' : 'window function';
    throw ps.error(SqlState.FeatureNotSupported, `${what} ${proc.proname}(${proc.proargtypes.map((t) => formatType(t)).join(', ')}) is not supported yet`, location);
  }
  return { kind: 'window', proc, args: call.args, star: f.agg_star === true, isAgg, filter, winref, type: call.type, typmod: -1, location };
}

/** An aggregate's arguments may not contain GROUPING (a nested aggregate) or window functions (42803). */
export function checkAggregateArguments(cx: ExprContext, call: FuncExpr): FuncExpr {
  const grouping = call.args.map((a) => findExpr(a, (x) => x.kind === 'groupingfunc')).find((x) => x !== null);
  if (grouping) throw cx.ps.error(SqlState.GroupingError, 'aggregate function calls cannot be nested', exprLocation(grouping));
  const w = call.args.map((a) => findExpr(a, (x) => x.kind === 'window')).find((x) => x !== null);
  if (w) throw cx.ps.error(SqlState.GroupingError, 'aggregate function calls cannot contain window function calls', exprLocation(w));
  return call;
}
