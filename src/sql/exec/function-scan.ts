// Set-returning functions at run time: a FunctionScan (functions in FROM: one row per value,
// several functions zipped with NULL padding, the row number WITH ORDINALITY) and a
// ProjectSet (set-returning calls in the select list, run side by side per input row). A
// strict function with a NULL argument returns no rows; a non-set function in FROM gives one.
import { DbError, SqlState } from '../../errors.js';
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { CallInfo } from '../expr/functions/registry.js';
import { outColumns, setReturningImpl } from '../expr/set-returning/index.js';
import type { PlanNode } from '../plan/nodes.js';
import { RecordValue, type RecordDescriptor, type Value } from '../types/value.js';
import { PAUSE, type AnySource, type CompiledPlan, type Next, type Row, type RowSource } from './run-plan.js';

/** Opens one call for a row: an iterator of its values (or rows of OUT columns). */
type CompiledCall = (row: readonly Value[], ctx: RuntimeContext) => Iterator<Value | Value[]>;

function compileCall(e: Expr): CompiledCall {
  if (e.kind !== 'func' || !e.proc.proretset) {
    const f = compileExpr(e);
    return (row, ctx) => [f(row, ctx)][Symbol.iterator]();
  }
  const impl = setReturningImpl(e.proc);
  if (!impl) throw new DbError(SqlState.FeatureNotSupported, `function ${e.proc.proname} is not supported yet`);
  const args: RowFn[] = e.args.map((a) => compileExpr(a));
  const call: CallInfo = { argTypes: e.args.map((a) => a.type), resultType: e.type, resultTypmod: e.typmod, funcOid: e.proc.oid };
  const strict = e.proc.proisstrict;
  return (row, ctx) => {
    const values = args.map((a) => a(row, ctx));
    if (strict && values.includes(null)) return [][Symbol.iterator]();
    return impl(values, ctx, call)[Symbol.iterator]();
  };
}

const EMPTY: readonly Value[] = [];

export function compileFunctionScan(node: Extract<PlanNode, { kind: 'functionscan' }>): CompiledPlan {
  const calls = node.functions.map(compileCall);
  const { widths, ordinality } = node;
  return (ctx): AnySource => {
    const iterators: (Iterator<Value | Value[]> | null)[] = calls.map((c) => c(EMPTY, ctx));
    let n = 0;
    const source: RowSource = {
      next: (): Next => {
        if (ctx.yieldDue()) return PAUSE;
        const row: Row = [];
        let any = false;
        iterators.forEach((it, i) => {
          const r = it ? it.next() : { done: true as const, value: undefined };
          if (r.done) {
            iterators[i] = null;
            for (let k = 0; k < widths[i]!; k++) row.push(null);
            return;
          }
          any = true;
          if (widths[i]! > 1 || Array.isArray(r.value)) row.push(...(r.value as Value[]));
          else row.push(r.value as Value);
        });
        if (!any) return null;
        if ((++n & 0x3ff) === 0) ctx.checkCancel();
        if (ordinality) row.push(BigInt(n));
        return row;
      },
    };
    return { async: false, source };
  };
}

/** The row type of a call's OUT columns (json_each's key and value), or null for one value. */
function outDescriptor(f: FuncExpr): RecordDescriptor | null {
  const out = f.proc.proretset ? outColumns(f.proc) : null;
  if (!out) return null;
  return { names: out.map((c) => c.name), types: out.map((c) => c.type), typmods: out.map(() => -1) };
}

export function compileProjectSet(node: Extract<PlanNode, { kind: 'projectset' }>, input: CompiledPlan, requireSync: (s: AnySource) => RowSource): CompiledPlan {
  const calls = node.functions.map((f: FuncExpr) => compileCall(f));
  // in the select list, a row of OUT columns is one record value
  const descriptors = node.functions.map((f: FuncExpr) => (f.kind === 'func' ? outDescriptor(f) : null));
  return (ctx) => {
    const src = requireSync(input(ctx));
    let current: Row | null = null;
    let iterators: (Iterator<Value | Value[]> | null)[] = [];
    let n = 0;
    let pending: Row | null = null;
    return {
      async: false,
      source: {
        next: (): Next => {
          if (pending) {
            const row = pending;
            pending = null;
            return row;
          }
          for (;;) {
            if (!current) {
              const next = src.next();
              if (next === null || next === PAUSE) return next;
              current = next;
              const row = current;
              iterators = calls.map((c) => c(row, ctx));
            }
            const values: Value[] = [];
            let any = false;
            iterators.forEach((it, i) => {
              const r = it ? it.next() : { done: true as const, value: undefined };
              if (r.done) {
                iterators[i] = null;
                values.push(null);
                return;
              }
              any = true;
              const desc = descriptors[i];
              values.push(desc && Array.isArray(r.value) ? new RecordValue(desc, r.value) : (r.value as Value));
            });
            if (!any) {
              current = null;
              continue;
            }
            if ((++n & 0x3ff) === 0) ctx.checkCancel();
            if (ctx.yieldDue()) {
              // the values found are kept: return them after the pause
              pending = [...current, ...values];
              return PAUSE;
            }
            return [...current, ...values];
          }
        },
      },
    };
  };
}
