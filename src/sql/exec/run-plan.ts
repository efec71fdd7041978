// Runs a plan as a pull-based pipeline of row sources: each `next()` returns the next row or
// null at the end. Everything is synchronous except select-list items that wait (pg_sleep):
// a plan containing one gets an async source, allowed only below LIMIT, never below a sort.
//
// Requires: the plan was produced by the planner for this statement (expressions typed).
import { DbError, SqlState } from '../../errors.js';
import { compileExpr, compileTopLevel, type AsyncRowFn, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { PlanNode, SortKey } from '../plan/nodes.js';
import type { Value } from '../types/value.js';
import { compareForSort } from './sort.js';

export type Row = Value[];

export interface RowSource {
  next(): Row | null;
}

export interface AsyncRowSource {
  next(): Promise<Row | null>;
}

export type AnySource = { async: false; source: RowSource } | { async: true; source: AsyncRowSource };

const EMPTY_ROW: readonly Value[] = [];

/** Opens a plan for execution with the given runtime context. */
export function openPlan(node: PlanNode, ctx: RuntimeContext): AnySource {
  switch (node.kind) {
    case 'result':
      return openResult(node.exprs, node.qual, ctx);
    case 'values': {
      const rows = node.rows.map((r) => r.map((e) => compileExpr(e)));
      let i = 0;
      return sync({
        next: () => (i < rows.length ? rows[i++]!.map((f) => f(EMPTY_ROW, ctx)) : null),
      });
    }
    case 'filter': {
      const input = requireSync(openPlan(node.input, ctx));
      const qual = compileExpr(node.qual);
      return sync({
        next: () => {
          for (let row = input.next(); row; row = input.next()) if (qual(row, ctx) === true) return row;
          return null;
        },
      });
    }
    case 'project':
      return openProject(node.exprs, openPlan(node.input, ctx), ctx);
    case 'sort':
      return sync(openSort(requireSync(openPlan(node.input, ctx), 'ORDER BY'), node.keys, ctx));
    case 'limit':
      return openLimit(node.count, node.offset, openPlan(node.input, ctx), ctx);
  }
}

function sync(source: RowSource): AnySource {
  return { async: false, source };
}

function requireSync(s: AnySource, what = 'this query'): RowSource {
  if (s.async) {
    throw new DbError(SqlState.FeatureNotSupported, `functions that wait (pg_sleep) are not supported with ${what} yet`);
  }
  return s.source;
}

/** Compiled select-list items: sync closures, or async ones where an item waits. */
function compileTargets(exprs: Expr[]): { fns: (RowFn | AsyncRowFn)[]; async: boolean } {
  const compiled = exprs.map((e) => compileTopLevel(e));
  return { fns: compiled.map((c) => c.fn), async: compiled.some((c) => c.async) };
}

function openResult(exprs: Expr[], qualExpr: Expr | null, ctx: RuntimeContext): AnySource {
  const qual = qualExpr ? compileExpr(qualExpr) : null;
  const { fns, async } = compileTargets(exprs);
  let done = false;
  if (!async) {
    const syncFns = fns as RowFn[];
    return sync({
      next: () => {
        if (done) return null;
        done = true;
        if (qual && qual(EMPTY_ROW, ctx) !== true) return null;
        return syncFns.map((f) => f(EMPTY_ROW, ctx));
      },
    });
  }
  return {
    async: true,
    source: {
      next: async () => {
        if (done) return null;
        done = true;
        if (qual && qual(EMPTY_ROW, ctx) !== true) return null;
        const row: Row = [];
        for (const f of fns) row.push(await f(EMPTY_ROW, ctx));
        return row;
      },
    },
  };
}

function openProject(exprs: Expr[], input: AnySource, ctx: RuntimeContext): AnySource {
  const { fns, async } = compileTargets(exprs);
  if (!async && !input.async) {
    const syncFns = fns as RowFn[];
    const src = input.source;
    return sync({
      next: () => {
        const row = src.next();
        return row ? syncFns.map((f) => f(row, ctx)) : null;
      },
    });
  }
  return {
    async: true,
    source: {
      next: async () => {
        const row = input.async ? await input.source.next() : input.source.next();
        if (!row) return null;
        const out: Row = [];
        for (const f of fns) out.push(await f(row, ctx));
        return out;
      },
    },
  };
}

function openSort(input: RowSource, keys: SortKey[], ctx: RuntimeContext): RowSource {
  let rows: Row[] | null = null;
  let i = 0;
  return {
    next: () => {
      if (!rows) {
        rows = [];
        for (let row = input.next(); row; row = input.next()) {
          rows.push(row);
          if ((rows.length & 0x3ff) === 0) ctx.checkCancel();
        }
        const compare = compareForSort(keys, ctx);
        rows.sort(compare);
      }
      return i < rows.length ? rows[i++]! : null;
    },
  };
}

function evalLimit(e: Expr | null, ctx: RuntimeContext, clause: 'LIMIT' | 'OFFSET'): bigint | null {
  if (!e) return null;
  const v = compileExpr(e)(EMPTY_ROW, ctx) as bigint | null;
  if (v === null) return null;
  if (v < 0n) {
    throw new DbError(clause === 'LIMIT' ? '2201W' : '2201X', `${clause} must not be negative`);
  }
  return v;
}

function openLimit(countExpr: Expr | null, offsetExpr: Expr | null, input: AnySource, ctx: RuntimeContext): AnySource {
  const offset = evalLimit(offsetExpr, ctx, 'OFFSET') ?? 0n;
  const count = evalLimit(countExpr, ctx, 'LIMIT');
  let skipped = 0n;
  let returned = 0n;
  if (!input.async) {
    const src = input.source;
    return sync({
      next: () => {
        if (count !== null && returned >= count) return null;
        while (skipped < offset) {
          if (!src.next()) return null;
          skipped++;
        }
        const row = src.next();
        if (row) returned++;
        return row;
      },
    });
  }
  const src = input.source;
  return {
    async: true,
    source: {
      next: async () => {
        if (count !== null && returned >= count) return null;
        while (skipped < offset) {
          if (!(await src.next())) return null;
          skipped++;
        }
        const row = await src.next();
        if (row) returned++;
        return row;
      },
    },
  };
}
