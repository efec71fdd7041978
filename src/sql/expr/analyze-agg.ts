// Aggregate calls (PostgreSQL's transformAggregateCall): count(*), sum(DISTINCT x),
// string_agg(x, ',' ORDER BY y), avg(x) FILTER (WHERE ...). The call resolves like any
// function (analyze-func.ts); here it becomes an AggExpr with its DISTINCT, ORDER BY and
// FILTER parts, after the checks PostgreSQL makes: aggregates may not nest, may not appear
// where the clause forbids them, and the decorations need an aggregate.
import { SqlState } from '../../errors.js';
import type { ProcRow } from '../../catalog/builtins.js';
import type { Node } from '../parser.js';
import { analyzeExpr, coerceToBoolean, exprNodeLocation, type ExprContext } from './analyze-expr.js';
import { makeOperator } from './analyze-operator.js';
import { checkAggregateAllowed } from './clause-rules.js';
import { anyExpr, exprEquals } from './expr-walk.js';
import { exprLocation, type AggExpr, type AggOrderKey, type Expr, type FuncExpr } from './expr.js';
import { hasAggregateImplementation } from '../exec/aggregates/registry.js';
import { sortDirection } from '../analyze/sort-group.js';

/** The decorations of a call that only aggregates may have, named as PostgreSQL names them. */
export function checkNotAggregateDecorations(cx: ExprContext, f: Node, proc: ProcRow, location: number): void {
  const what = f.agg_star ? `${proc.proname}(*)` : f.agg_distinct ? 'DISTINCT' : f.agg_order ? 'ORDER BY' : f.agg_filter ? 'FILTER' : f.agg_within_group ? 'WITHIN GROUP' : null;
  if (what) throw cx.ps.error(SqlState.WrongObjectType, `${what} specified, but ${proc.proname} is not an aggregate function`, location);
}

/** Turns a resolved call of an aggregate function into an AggExpr. */
export function makeAggregate(cx: ExprContext, f: Node, call: FuncExpr): AggExpr {
  const ps = cx.ps;
  const location = call.location;
  if (f.agg_within_group) {
    throw ps.error(SqlState.WrongObjectType, `${call.proc.proname} is not an ordered-set aggregate, so it cannot have WITHIN GROUP`, location);
  }
  checkAggregateAllowed(cx, 'aggregate', location);
  const nested = call.args.find((a) => anyExpr(a, (x) => x.kind === 'agg'));
  if (nested) {
    let at = -1;
    anyExpr(nested, (x) => (x.kind === 'agg' ? ((at = x.location), true) : false));
    throw ps.error(SqlState.GroupingError, 'aggregate function calls cannot be nested', at);
  }
  if (call.args.some((a) => anyExpr(a, (x) => x.kind === 'func' && x.proc.proretset))) {
    throw ps.error(SqlState.FeatureNotSupported, 'aggregate function calls cannot contain set-returning function calls', location, {
      hint: 'You might be able to move the set-returning function into a LATERAL FROM item.',
    });
  }
  if (call.args.some((a) => anyExpr(a, (x) => x.kind === 'var' && x.levelsUp > 0))) {
    throw ps.error(SqlState.FeatureNotSupported, 'aggregates of outer query columns are not supported yet', location);
  }
  if (!hasAggregateImplementation(call.proc)) {
    throw ps.error(SqlState.FeatureNotSupported, `aggregate ${call.proc.proname}(${call.proc.proargtypes.map((t) => ps.typeText(t)).join(', ')}) is not supported yet`, location);
  }
  const order: AggOrderKey[] = ((f.agg_order ?? []) as Node[]).map((item) => aggregateOrderKey(cx, item.SortBy));
  let filter: Expr | null = null;
  if (f.agg_filter) {
    const fcx: ExprContext = { ...cx, clause: 'FILTER' };
    filter = coerceToBoolean(fcx, analyzeExpr(fcx, f.agg_filter), 'FILTER');
  }
  if (f.agg_distinct) {
    // DISTINCT sorts by the arguments (so string_agg(DISTINCT x, ',') lists x in order);
    // ORDER BY with DISTINCT may only use arguments
    const argKeys = call.args.map((a) => {
      const at = exprLocation(a) >= 0 ? exprLocation(a) : location;
      return { expr: a, less: requireOrdering(cx, a, at), descending: false, nullsFirst: false };
    });
    if (order.some((o) => !call.args.some((a) => exprEquals(a, o.expr)))) {
      throw ps.error(SqlState.InvalidColumnReference, 'in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list', location);
    }
    order.push(...argKeys.filter((k) => !order.some((o) => exprEquals(o.expr, k.expr))));
  }
  return {
    kind: 'agg',
    proc: call.proc,
    args: call.args,
    star: f.agg_star === true,
    distinct: f.agg_distinct === true,
    order,
    filter,
    type: call.type,
    typmod: -1,
    location,
  };
}

function aggregateOrderKey(cx: ExprContext, sb: Node): AggOrderKey {
  const expr = analyzeExpr(cx, sb.node);
  const { descending, nullsFirst } = sortDirection(cx, sb, expr);
  return { expr, less: requireOrdering(cx, expr, exprNodeLocation(sb.node)), descending, nullsFirst };
}

/** The `<` operator of an expression's type (42883 when it has none). */
export function requireOrdering(cx: ExprContext, e: Expr, location: number): FuncExpr {
  try {
    return makeOperator(cx.ps, ['<'], e, e, location) as FuncExpr;
  } catch {
    throw cx.ps.error(SqlState.UndefinedFunction, `could not identify an ordering operator for type ${cx.ps.typeText(e.type)}`, location, {
      hint: 'Use an explicit ordering operator or modify the query.',
    });
  }
}
