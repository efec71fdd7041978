// Compiles a typed expression into a closure `(row, ctx) => value`, once per statement, so
// evaluation per row is plain function calls: no tree walking, no type dispatch.
// SQL semantics kept here: strict functions return NULL on a NULL argument, AND/OR/NOT use
// three-valued logic, CASE/COALESCE evaluate lazily, IN lists follow OR/AND of comparisons,
// IS [NOT] NULL of a row value tests its fields (compile-row.ts).
// Async functions (pg_sleep) are only allowed as the whole expression: see compileTopLevel.
import { DbError, SqlState } from '../../errors.js';
import { typeIO } from '../types/index.js';
import type { Value } from '../types/value.js';
import type { Expr, FuncExpr } from './expr.js';
import { lookupImplementation } from './function-impls.js';
import type { AsyncFnImpl, CallInfo, EvalContext, FnImpl } from './functions/registry.js';
import { sessionValue } from './session-values.js';
import { compileArrayNode } from './compile-array.js';
import { compileRowNode, rowIsNotNull, rowIsNull } from './compile-row.js';
import { isRowType } from '../types/record.js';
import { compileSubLink } from '../exec/subplan.js';
import type { CteState } from '../exec/set-ops.js';
import type { TableAccess, TableShape } from '../../txn/table-access.js';
import type { LockMode } from '../../txn/row-locks.js';
import type { LockWait } from '../analyze/locking.js';

/** What compiled expressions read at run time: the function context plus bound parameters. */
export interface RuntimeContext extends EvalContext {
  /** Values of $1, $2, ... */
  readonly params: readonly Value[];
  /** Reads and writes of a table within the statement's transaction. */
  table(shape: TableShape): TableAccess;
  /** SELECT … FOR UPDATE / SHARE: locks a row; false when SKIP LOCKED skips it (session.ts lockRow). */
  lockRow?(table: TableShape, key: Buffer, mode: LockMode, wait: LockWait): boolean;
  /** Values the running query passes into its subqueries' plans (by slot). */
  readonly execParams: Value[];
  /** WITH queries in scope of the running plan, by id. */
  readonly ctes: Map<number, CteState>;
  /** Rows the last round of a WITH RECURSIVE query added, by id. */
  readonly workTables: Map<number, Value[][]>;
  /**
   * Whether the statement has used up its time slice and should pause (scans then return
   * PAUSE); never true inside withoutYield().
   */
  yieldDue(): boolean;
  /** Runs work that cannot pause (a subquery in an expression, INSERT ... SELECT). */
  withoutYield<T>(fn: () => T): T;
  /** Starts a new time slice (the statement's driver calls it after letting others run). */
  newSlice(): void;
}

export type RowFn = (row: readonly Value[], ctx: RuntimeContext) => Value;
export type AsyncRowFn = (row: readonly Value[], ctx: RuntimeContext) => Promise<Value>;

/** The value of the innermost simple CASE operand, while its WHEN conditions run. */
interface CaseCell {
  value: Value;
}

interface Env {
  caseCell: CaseCell | null;
}

/** Compiles an expression that may be an async call at its root (a select-list item). */
export function compileTopLevel(e: Expr): { fn: RowFn; async: false } | { fn: AsyncRowFn; async: true } {
  if (e.kind === 'func') {
    const impl = lookupImplementation(e.proc);
    if (impl?.async) return { fn: compileAsyncCall(e, impl.fn), async: true };
  }
  return { fn: compileExpr(e), async: false };
}

export function compileExpr(e: Expr): RowFn {
  return compile(e, { caseCell: null });
}

function callInfo(e: FuncExpr): CallInfo {
  return { argTypes: e.args.map((a) => a.type), resultType: e.type, resultTypmod: e.typmod, funcOid: e.proc.oid };
}

function syncImpl(e: FuncExpr): FnImpl {
  if (e.proc.proretset) throw new DbError(SqlState.FeatureNotSupported, 'set-valued function called in context that cannot accept a set');
  const impl = lookupImplementation(e.proc);
  if (!impl) throw new DbError(SqlState.FeatureNotSupported, `function ${e.proc.proname} is not supported yet`);
  if (impl.async) {
    throw new DbError(
      SqlState.FeatureNotSupported,
      `${e.proc.proname}() is only supported as a whole select-list item`,
    );
  }
  return impl.fn;
}

function compileAsyncCall(e: FuncExpr, fn: AsyncFnImpl): AsyncRowFn {
  const args = e.args.map((a) => compileExpr(a));
  const call = callInfo(e);
  const strict = e.proc.proisstrict;
  return async (row, ctx) => {
    const values = args.map((a) => a(row, ctx));
    if (strict && values.includes(null)) return null;
    return fn(values, ctx, call);
  };
}

function compile(e: Expr, env: Env): RowFn {
  switch (e.kind) {
    case 'const': {
      const value = e.value;
      return () => value;
    }
    case 'param': {
      const index = e.index;
      return (_row, ctx) => ctx.params[index] ?? null;
    }
    case 'column': {
      const index = e.index;
      return (row) => row[index] ?? null;
    }
    case 'var':
      throw new Error(`column ${e.range}.${e.column} was not placed by the planner`);
    case 'casetest': {
      const cell = env.caseCell;
      if (!cell) throw new Error('CASE test value outside of CASE');
      return () => cell.value;
    }
    case 'func':
      return compileCall(e, env);
    case 'relabel':
      return compileRelabel(e.arg.type, e.type, compile(e.arg, env));
    case 'iocoerce': {
      const arg = compile(e.arg, env);
      const source = typeIO(e.arg.type);
      const target = typeIO(e.type);
      if (!source || !target) throw new DbError(SqlState.FeatureNotSupported, 'this cast is not supported yet');
      return (row, ctx) => {
        const v = arg(row, ctx);
        if (v === null) return null;
        const text = typeof v === 'string' && e.arg.type === 705 ? v : source.output(v, ctx.types);
        return target.input(text, -1, ctx.types);
      };
    }
    case 'and': {
      const args = e.args.map((a) => compile(a, env));
      return (row, ctx) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row, ctx);
          if (v === false) return false;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : true;
      };
    }
    case 'or': {
      const args = e.args.map((a) => compile(a, env));
      return (row, ctx) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row, ctx);
          if (v === true) return true;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'not': {
      const arg = compile(e.args[0]!, env);
      return (row, ctx) => {
        const v = arg(row, ctx);
        return v === null ? null : !v;
      };
    }
    case 'case':
      return compileCase(e, env);
    case 'coalesce': {
      const args = e.args.map((a) => compile(a, env));
      return (row, ctx) => {
        for (const a of args) {
          const v = a(row, ctx);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'greatest':
    case 'least':
      return compileMinMax(e.compare!, e.args.map((a) => compile(a, env)), e.kind === 'greatest');
    case 'nullif': {
      const left = compile(e.arg, env);
      const right = compile(e.equals.args[1]!, env);
      const eq = syncImpl(e.equals);
      const call = callInfo(e.equals);
      return (row, ctx) => {
        const a = left(row, ctx);
        const b = right(row, ctx);
        if (a !== null && b !== null && eq([a, b], ctx, call) === true) return null;
        return a;
      };
    }
    case 'distinct': {
      const left = compile(e.equals.args[0]!, env);
      const right = compile(e.equals.args[1]!, env);
      const eq = syncImpl(e.equals);
      const call = callInfo(e.equals);
      const not = e.not;
      return (row, ctx) => {
        const a = left(row, ctx);
        const b = right(row, ctx);
        let distinct: boolean;
        if (a === null || b === null) distinct = a !== b;
        else distinct = eq([a, b], ctx, call) !== true;
        return not ? !distinct : distinct;
      };
    }
    case 'nulltest': {
      const arg = compile(e.arg, env);
      if (isRowType(e.arg.type)) return e.isNull ? (row, ctx) => rowIsNull(arg(row, ctx)) : (row, ctx) => rowIsNotNull(arg(row, ctx));
      return e.isNull ? (row, ctx) => arg(row, ctx) === null : (row, ctx) => arg(row, ctx) !== null;
    }
    case 'booltest': {
      const arg = compile(e.arg, env);
      const test = e.test;
      return (row, ctx) => {
        const v = arg(row, ctx);
        switch (test) {
          case 'IS_TRUE':
            return v === true;
          case 'IS_NOT_TRUE':
            return v !== true;
          case 'IS_FALSE':
            return v === false;
          case 'IS_NOT_FALSE':
            return v !== false;
          case 'IS_UNKNOWN':
            return v === null;
          case 'IS_NOT_UNKNOWN':
            return v !== null;
        }
      };
    }
    case 'inlist': {
      const comparisons = e.comparisons.map((c) => compile(c, env));
      const any = e.any;
      return (row, ctx) => {
        let sawNull = false;
        for (const c of comparisons) {
          const v = c(row, ctx);
          if (v === null) sawNull = true;
          else if (v === any) return any;
        }
        return sawNull ? null : !any;
      };
    }
    case 'array':
    case 'subscript':
    case 'scalararrayop':
    case 'arraycoerce':
      return compileArrayNode(e, (c, caseCell) => compile(c, caseCell ? { ...env, caseCell } : env));
    case 'row':
    case 'rowcompare':
    case 'fieldselect':
      return compileRowNode(e, (c) => compile(c, env));
    case 'sessionvalue': {
      const name = e.name;
      const typmod = e.typmod;
      return (_row, ctx) => sessionValue(name, typmod, ctx);
    }
    case 'execparam': {
      const slot = e.slot;
      return (_row, ctx) => ctx.execParams[slot] ?? null;
    }
    case 'sublink':
      return compileSubLink(e, compileExpr);
    case 'agg':
      throw new DbError(SqlState.InternalError, 'an aggregate was not computed by an Agg plan node');
    case 'window':
      throw new DbError(SqlState.InternalError, 'a window function was not computed by a Window plan node');
    case 'groupingfunc':
      throw new DbError(SqlState.InternalError, 'a GROUPING expression was not computed by an Agg plan node');
  }
}

/** OID-family types hold unsigned 32-bit values; int4 is signed: the same bits, reread. */
const OID_FAMILY = new Set([26, 24, 2202, 2203, 2204, 2205, 2206, 4089, 4096]);

export function relabelValue(from: number, to: number): ((v: Value) => Value) | null {
  if (from === 23 && OID_FAMILY.has(to)) return (v) => (v as number) >>> 0;
  if (OID_FAMILY.has(from) && to === 23) return (v) => (v as number) | 0;
  return null;
}

function compileRelabel(from: number, to: number, arg: RowFn): RowFn {
  const convert = relabelValue(from, to);
  if (!convert) return arg;
  return (row, ctx) => {
    const v = arg(row, ctx);
    return v === null ? null : convert(v);
  };
}

function compileCall(e: FuncExpr, env: Env): RowFn {
  const fn = syncImpl(e);
  const call = callInfo(e);
  const args = e.args.map((a) => compile(a, env));
  if (!e.proc.proisstrict) {
    return (row, ctx) => fn(args.map((a) => a(row, ctx)), ctx, call);
  }
  switch (args.length) {
    case 0:
      return (_row, ctx) => fn([], ctx, call);
    case 1: {
      const a0 = args[0]!;
      return (row, ctx) => {
        const v0 = a0(row, ctx);
        return v0 === null ? null : fn([v0], ctx, call);
      };
    }
    case 2: {
      const a0 = args[0]!;
      const a1 = args[1]!;
      return (row, ctx) => {
        const v0 = a0(row, ctx);
        if (v0 === null) return null;
        const v1 = a1(row, ctx);
        return v1 === null ? null : fn([v0, v1], ctx, call);
      };
    }
    default:
      return (row, ctx) => {
        const values: Value[] = new Array(args.length);
        for (let i = 0; i < args.length; i++) {
          const v = args[i]!(row, ctx);
          if (v === null) return null;
          values[i] = v;
        }
        return fn(values, ctx, call);
      };
  }
}

function compileCase(e: Extract<Expr, { kind: 'case' }>, env: Env): RowFn {
  const cell: CaseCell = { value: null };
  const inner: Env = e.arg ? { caseCell: cell } : env;
  const arg = e.arg ? compile(e.arg, env) : null;
  const whens = e.whens.map((w) => ({ when: compile(w.when, inner), then: compile(w.then, env) }));
  const otherwise = compile(e.otherwise, env);
  return (row, ctx) => {
    if (arg) cell.value = arg(row, ctx);
    for (const w of whens) {
      if (w.when(row, ctx) === true) return w.then(row, ctx);
    }
    return otherwise(row, ctx);
  };
}

/** GREATEST / LEAST: NULLs are ignored; the result is NULL only if every argument is. */
function compileMinMax(compare: FuncExpr, args: RowFn[], greatest: boolean): RowFn {
  const less = syncImpl(compare);
  const call = callInfo(compare);
  return (row, ctx) => {
    let best: Value = null;
    for (const a of args) {
      const v = a(row, ctx);
      if (v === null) continue;
      if (best === null) best = v;
      else if (greatest ? less([best, v], ctx, call) === true : less([v, best], ctx, call) === true) best = v;
    }
    return best;
  };
}
