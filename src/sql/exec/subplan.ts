// Subqueries inside expressions (PostgreSQL's SubPlan): EXISTS, `x op ANY/ALL (subquery)`,
// scalar subqueries and ARRAY(subquery). A correlated subquery receives values from the
// current row of the enclosing query through exec parameters and runs again for each row;
// an uncorrelated one runs once per execution of the statement and its rows are kept.
// NULL semantics are PostgreSQL's: ANY is true if some comparison is true, else NULL if some
// was NULL, else false; ALL is false if some comparison is false, else NULL if some was NULL,
// else true; a scalar subquery with no row is NULL and with two rows an error (21000).
import { DbError, SqlState } from '../../errors.js';
import type { RowFn, RuntimeContext } from '../expr/compile.js';
import type { Expr, SubLinkExpr } from '../expr/expr.js';
import { ArrayValue, type Value } from '../types/value.js';
import { builtins } from '../../catalog/builtins.js';
import { compilePlan, type Row, type RowSource } from './run-plan.js';

export function compileSubLink(e: SubLinkExpr, compileExpr: (e: Expr) => RowFn): RowFn {
  if (!e.subplan) throw new DbError(SqlState.InternalError, 'a subquery was not planned');
  const plan = compilePlan(e.subplan.plan);
  const params = e.subplan.params.map((p) => ({ slot: p.slot, value: compileExpr(p.value) }));
  const correlated = params.length > 0;

  /** Opens the subquery for the current row of the enclosing query. */
  const open = (row: readonly Value[], ctx: RuntimeContext): RowSource => {
    for (const p of params) ctx.execParams[p.slot] = p.value(row, ctx);
    const src = plan(ctx);
    if (src.async) throw new DbError(SqlState.FeatureNotSupported, 'functions that wait (pg_sleep) are not supported in subqueries yet');
    return src.source;
  };

  // an uncorrelated subquery's rows are read once per execution (the runtime context)
  const kept = new WeakMap<RuntimeContext, Row[]>();
  const allRows = (row: readonly Value[], ctx: RuntimeContext): Iterable<Row> => {
    if (correlated) return drain(open(row, ctx), ctx);
    let rows = kept.get(ctx);
    if (!rows) {
      rows = [...drain(open(row, ctx), ctx)];
      kept.set(ctx, rows);
    }
    return rows;
  };

  switch (e.linkType) {
    case 'exists': {
      const known = new WeakMap<RuntimeContext, boolean>();
      return (row, ctx) => {
        if (!correlated) {
          let v = known.get(ctx);
          if (v === undefined) known.set(ctx, (v = open(row, ctx).next() !== null));
          return v;
        }
        return open(row, ctx).next() !== null;
      };
    }
    case 'expr': {
      const known = new WeakMap<RuntimeContext, Value>();
      const evaluate = (row: readonly Value[], ctx: RuntimeContext): Value => {
        const src = open(row, ctx);
        const first = src.next();
        if (!first) return null;
        if (src.next()) throw new DbError(SqlState.CardinalityViolation, 'more than one row returned by a subquery used as an expression');
        return first[0] ?? null;
      };
      return (row, ctx) => {
        if (correlated) return evaluate(row, ctx);
        if (known.has(ctx)) return known.get(ctx)!;
        const v = evaluate(row, ctx);
        known.set(ctx, v);
        return v;
      };
    }
    case 'array': {
      const elementType = builtins().type(e.type).typelem;
      return (row, ctx) => {
        const values: Value[] = [];
        for (const r of allRows(row, ctx)) values.push(r[0] ?? null);
        return new ArrayValue(elementType, values, values.length === 0 ? [] : [values.length]);
      };
    }
    case 'any':
    case 'all': {
      const lhs = e.lhs.map((l) => compileExpr(l));
      const compare = e.compare.map((c) => compileExpr(c));
      const any = e.linkType === 'any';
      return (row, ctx) => {
        const left = lhs.map((f) => f(row, ctx));
        let sawNull = false;
        const pair: Value[] = [null, null];
        for (const r of allRows(row, ctx)) {
          // a row comparison (a, b) op (x, y) is the AND of the column comparisons
          let result: boolean | null = true;
          for (let i = 0; i < compare.length; i++) {
            pair[0] = left[i]!;
            pair[1] = r[i] ?? null;
            const v = compare[i]!(pair, ctx) as boolean | null;
            if (v === false) {
              result = false;
              break;
            }
            if (v === null) result = null;
          }
          if (result === null) sawNull = true;
          else if (result === any) return any;
        }
        return sawNull ? null : !any;
      };
    }
  }
}

function* drain(src: RowSource, ctx: RuntimeContext): IterableIterator<Row> {
  let n = 0;
  for (let r = src.next(); r; r = src.next()) {
    if ((++n & 0x3ff) === 0) ctx.checkCancel();
    yield r;
  }
}
