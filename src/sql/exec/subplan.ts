// Subqueries inside expressions (PostgreSQL's SubPlan): EXISTS, `x op ANY/ALL (subquery)`,
// scalar subqueries and ARRAY(subquery). A correlated subquery receives values from the
// current row of the enclosing query through exec parameters and runs again for each row;
// an uncorrelated one runs once per execution of the statement and its rows are kept.
// NULL semantics are PostgreSQL's: ANY is true if some comparison is true, else NULL if some
// was NULL, else false; ALL is false if some comparison is false, else NULL if some was NULL,
// else true; a scalar subquery (or one a row is compared with) with no row is NULL and with two
// rows an error (21000).
// Two shortcuts keep results the same: `x IN (subquery)` with a hashable equality looks x up
// in a hash of the subquery's values (PostgreSQL's hashed SubPlan), and a correlated subquery
// without volatile functions remembers its result per distinct parameter values (Memoize).
import { DbError, SqlState } from '../../errors.js';
import { rewriteQueryDeep } from '../analyze/query-walk.js';
import type { RowFn, RuntimeContext } from '../expr/compile.js';
import { arrayElementType } from '../expr/coerce.js';
import type { Expr, RowCombine, SubLinkExpr } from '../expr/expr.js';
import { makeRowComparer } from '../expr/compile-row.js';
import { ArrayValue, type Value } from '../types/value.js';
import { valuesKey } from './row-key.js';
import { compilePlan, PAUSE, type Row, type RowSource } from './run-plan.js';

const AND: RowCombine = { kind: 'and' };

/** Remembered results per execution stop growing past this many (then it recomputes). */
const MEMO_LIMIT = 50_000;

function hasVolatile(e: SubLinkExpr): boolean {
  let found = false;
  rewriteQueryDeep(e.query, (x) => {
    if (x.kind === 'func' && x.proc.provolatile === 'v') found = true;
    return undefined;
  });
  return found;
}

export function compileSubLink(e: SubLinkExpr, compileExpr: (e: Expr) => RowFn): RowFn {
  if (!e.subplan) throw new DbError(SqlState.InternalError, 'a subquery was not planned');
  const plan = compilePlan(e.subplan.plan);
  const params = e.subplan.params.map((p) => ({ slot: p.slot, value: compileExpr(p.value) }));
  const paramsKey = valuesKey(e.subplan.params.map((p) => p.value.type));
  const memoize = !hasVolatile(e);

  /**
   * Runs the subquery for the current row of the enclosing query (its parameters set from
   * the row). It runs inside an expression, so it cannot pause: its source never returns PAUSE.
   */
  const open = (ctx: RuntimeContext): { next(): Row | null } => {
    const src = plan(ctx);
    if (src.async) throw new DbError(SqlState.FeatureNotSupported, 'functions that wait (pg_sleep) are not supported in subqueries yet');
    return unpaused(src.source, ctx);
  };

  /** Per execution and parameter values, what `compute` made of the subquery's rows. */
  const memos = new WeakMap<RuntimeContext, Map<string, unknown>>();
  function cached<T>(row: readonly Value[], ctx: RuntimeContext, compute: () => T): T {
    const values = params.map((p) => p.value(row, ctx));
    params.forEach((p, i) => (ctx.execParams[p.slot] = values[i]!));
    // an uncorrelated subquery runs once per execution, volatile or not (PostgreSQL's InitPlan)
    if (!memoize && params.length > 0) return compute();
    let memo = memos.get(ctx);
    if (!memo) memos.set(ctx, (memo = new Map()));
    const key = params.length === 0 ? '' : paramsKey(values);
    if (memo.has(key)) return memo.get(key) as T;
    const v = compute();
    if (memo.size < MEMO_LIMIT) memo.set(key, v);
    return v;
  }

  const hashed = e.subplan.hashedKeys;
  if (hashed) {
    // one run of the uncorrelated inner query gives the set of inner key values
    const keyOf = valuesKey(hashed);
    const sets = new WeakMap<RuntimeContext, Set<string>>();
    const normalize = (v: Value, type: number): Value => (type === 20 && typeof v === 'number' ? BigInt(v) : v);
    return (row, ctx) => {
      let set = sets.get(ctx);
      if (!set) {
        set = new Set();
        for (const r of drain(open(ctx), ctx)) {
          const k = hashed.map((t, i) => normalize(r[i] ?? null, t));
          if (!k.includes(null)) set.add(keyOf(k));
        }
        sets.set(ctx, set);
      }
      const outer = params.map((p, i) => normalize(p.value(row, ctx), hashed[i]!));
      if (outer.includes(null)) return false;
      return set.has(keyOf(outer));
    };
  }

  switch (e.linkType) {
    case 'exists':
      return (row, ctx) => cached(row, ctx, () => open(ctx).next() !== null);
    case 'expr':
      return (row, ctx) =>
        cached(row, ctx, () => {
          const src = open(ctx);
          const first = src.next();
          if (!first) return null;
          if (src.next()) throw new DbError(SqlState.CardinalityViolation, 'more than one row returned by a subquery used as an expression');
          return first[0] ?? null;
        });
    case 'array': {
      const elementType = arrayElementType(e.type);
      return (row, ctx) =>
        cached(row, ctx, () => {
          const values = [...drain(open(ctx), ctx)].map((r) => r[0] ?? null);
          return new ArrayValue(elementType, values, values.length === 0 ? [] : [values.length]);
        });
    }
    case 'any':
    case 'all':
      return compileQuantified(e, compileExpr, (row, ctx) => cached(row, ctx, () => [...drain(open(ctx), ctx)]));
    case 'rowcompare': {
      // (a, b) op (SELECT x, y ...): NULL without a row, 21000 with two
      const lhs = e.lhs.map((l) => compileExpr(l));
      const compare = makeRowComparer(e.compare, e.combine ?? AND, compileExpr);
      return (row, ctx) => {
        const found = cached(row, ctx, () => {
          const src = open(ctx);
          const first = src.next();
          if (first && src.next()) throw new DbError(SqlState.CardinalityViolation, 'more than one row returned by a subquery used as an expression');
          return first;
        });
        return found ? compare(lhs.map((f) => f(row, ctx)), found, ctx) : null;
      };
    }
  }
}

/** The equality's type when `x = ANY (subquery)` can be answered by a hash lookup, else null. */
export function hashableType(e: SubLinkExpr): number | null {
  if (e.linkType !== 'any' || e.compare.length !== 1) return null;
  const c = e.compare[0]!;
  const [l, r] = c.args;
  if (c.operator?.oprname !== '=' || !c.operator.oprcanhash || l?.kind !== 'column' || r?.kind !== 'column' || l.type !== r.type) return null;
  return l.type;
}

function compileQuantified(e: SubLinkExpr, compileExpr: (e: Expr) => RowFn, rowsOf: (row: readonly Value[], ctx: RuntimeContext) => Row[]): RowFn {
  const lhs = e.lhs.map((l) => compileExpr(l));
  const any = e.linkType === 'any';
  const hashType = hashableType(e);
  if (hashType !== null) {
    // the subquery's values as a set (per rows array), and whether one of them was NULL
    const keyOf = valuesKey([hashType]);
    const sets = new WeakMap<Row[], { keys: Set<string>; sawNull: boolean }>();
    return (row, ctx) => {
      const rows = rowsOf(row, ctx);
      let set = sets.get(rows);
      if (!set) {
        set = { keys: new Set(), sawNull: false };
        for (const r of rows) {
          const v = r[0] ?? null;
          if (v === null) set.sawNull = true;
          else set.keys.add(keyOf([v]));
        }
        sets.set(rows, set);
      }
      if (rows.length === 0) return false;
      const x = lhs[0]!(row, ctx);
      if (x === null) return null;
      if (set.keys.has(keyOf([x]))) return true;
      return set.sawNull ? null : false;
    };
  }
  // a row comparison (a, b) op (x, y) per subquery row: AND of the column comparisons for =,
  // OR for <>, lexicographic for < <= > >=
  const rowCompare = makeRowComparer(e.compare, e.combine ?? AND, compileExpr);
  return (row, ctx) => {
    const left = lhs.map((f) => f(row, ctx));
    let sawNull = false;
    for (const r of rowsOf(row, ctx)) {
      const result = rowCompare(left, r, ctx);
      if (result === null) sawNull = true;
      else if (result === any) return any;
    }
    return sawNull ? null : !any;
  };
}

/** A source read without pauses (each step runs with the statement's pausing off). */
function unpaused(src: RowSource, ctx: RuntimeContext): { next(): Row | null } {
  return {
    next: () =>
      ctx.withoutYield(() => {
        for (;;) {
          const r = src.next();
          if (r !== PAUSE) return r;
        }
      }),
  };
}

function* drain(src: { next(): Row | null }, ctx: RuntimeContext): IterableIterator<Row> {
  let n = 0;
  for (let r = src.next(); r; r = src.next()) {
    if ((++n & 0x3ff) === 0) ctx.checkCancel();
    yield r;
  }
}
