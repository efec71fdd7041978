// Runs a plan as a pull-based pipeline of row sources: each `next()` returns the next row,
// null at the end, or PAUSE. A plan is compiled once (`compilePlan`: every expression becomes
// a closure) and opened for each execution with that execution's runtime context (parameters,
// session). Everything is synchronous except select-list items that wait (pg_sleep): a plan
// containing one opens as an async source, allowed only below LIMIT, never below a sort.
//
// Cooperative scheduling: a long statement must not hold up the other connections. Scans
// return PAUSE when the runtime context says the time slice is used up (ctx.yieldDue());
// every node passes a PAUSE from its input straight up, keeping its own progress, and is
// called again later; the statement's driver lets the event loop run in between.
//
// Requires: the plan was produced by the planner for this statement (expressions typed).
import { DbError, SqlState } from '../../errors.js';
import { compileExpr, compileTopLevel, type AsyncRowFn, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { PlanNode } from '../plan/nodes.js';
import type { Value } from '../types/value.js';
import { compileSortComparator } from './sort.js';
import { pgQsort } from './pg-qsort.js';
import { compileAggregate } from './aggregate.js';
import { compileGroupingSets } from './grouping-sets.js';
import { compileWindow } from './window.js';
import { compileFunctionScan, compileProjectSet } from './function-scan.js';
import { compileNestLoop } from './nestloop.js';
import { compileIndexScan } from './index-scan.js';
import { compileSystemScan } from './system-scan.js';
import { compileHashJoin } from './hashjoin.js';
import { instrumentNode } from './instrument.js';
import { columnsRead, unionColumns } from './read-columns.js';
import { compileDistinct, compileRecursiveUnion, compileSetOp, openCteScan } from './set-ops.js';

export type Row = Value[];

/** What next() returns when the statement should let other work run: call next() again later. */
export const PAUSE = Symbol('pause');
export type Next = Row | null | typeof PAUSE;

export interface RowSource {
  next(): Next;
}

export interface AsyncRowSource {
  next(): Promise<Row | null>;
}

export type AnySource = { async: false; source: RowSource } | { async: true; source: AsyncRowSource };

/** A compiled plan node: opens a fresh row source for one execution. */
export type CompiledPlan = (ctx: RuntimeContext) => AnySource;

/**
 * All rows of a source, run to the end without pausing (for work that cannot pause: a
 * subquery inside an expression, INSERT ... SELECT).
 */
export function drainSource(src: RowSource, ctx: RuntimeContext): Row[] {
  return ctx.withoutYield(() => {
    const rows: Row[] = [];
    for (;;) {
      const r = src.next();
      if (r === null) return rows;
      if (r === PAUSE) continue;
      rows.push(r);
    }
  });
}

const EMPTY_ROW: readonly Value[] = [];

/**
 * Compiles a plan once; the result can be opened any number of times. With `columns`, the
 * node's consumer reads only those columns of its rows (read-columns.ts): a table scan may
 * leave the others NULL.
 */
export function compilePlan(node: PlanNode, columns: Set<number> | null = null): CompiledPlan {
  return instrumentNode(node, compileNode(node, columns));
}

function compileNode(node: PlanNode, columns: Set<number> | null): CompiledPlan {
  switch (node.kind) {
    case 'result':
      return compileResult(node.exprs, node.qual);
    case 'values': {
      const rows = node.rows.map((r) => r.map((e) => compileExpr(e)));
      return (ctx) => {
        let i = 0;
        return sync({ next: () => (i >= rows.length ? null : ctx.yieldDue() ? PAUSE : rows[i++]!.map((f) => f(EMPTY_ROW, ctx))) });
      };
    }
    case 'lockrows': {
      const keyColumns = node.locks.map((l) => l.keyColumn);
      const input = compilePlan(node.input, columns && unionColumns(columns, new Set(keyColumns)));
      const { locks, mode, wait } = node;
      return (ctx) => {
        const src = requireSync(input(ctx));
        const lockRow = ctx.lockRow;
        if (!lockRow) throw new DbError(SqlState.FeatureNotSupported, 'row locks are not available here');
        return sync({
          next: () => {
            next: for (;;) {
              const row = src.next();
              if (row === null || row === PAUSE) return row;
              for (const l of locks) {
                const key = row[l.keyColumn];
                // a NULL-extended row of an outer join has nothing to lock
                if (key !== null && !lockRow(l.table, key as Buffer, mode, wait)) continue next;
              }
              return row;
            }
          },
        });
      };
    }
    case 'filter': {
      const input = compilePlan(node.input, columns && unionColumns(columns, columnsRead([node.qual])));
      const qual = compileExpr(node.qual);
      return (ctx) => {
        const src = requireSync(input(ctx));
        return sync({
          next: () => {
            for (;;) {
              const row = src.next();
              if (row === null || row === PAUSE || qual(row, ctx) === true) return row;
            }
          },
        });
      };
    }
    case 'seqscan': {
      const shape = node.table;
      const emitKey = node.emitKey === true;
      const mask = columns && [...columns].sort((a, b) => a - b);
      return (ctx) => {
        let scanned = 0;
        if (!emitKey) {
          const rows = ctx.table(shape).rowValues({}, mask);
          return sync({
            next: () => {
              if (ctx.yieldDue()) return PAUSE;
              const r = rows.next();
              if ((++scanned & 0xfff) === 0) ctx.checkCancel();
              return r.done ? null : r.value;
            },
          });
        }
        const rows = ctx.table(shape).rows();
        return sync({
          next: () => {
            if (ctx.yieldDue()) return PAUSE;
            const r = rows.next();
            if ((++scanned & 0xfff) === 0) ctx.checkCancel();
            if (r.done) return null;
            return [...r.value.row, r.value.key];
          },
        });
      };
    }
    case 'indexscan':
      return compileIndexScan(node, columns && [...columns].sort((a, b) => a - b));
    case 'systemscan':
      return compileSystemScan(node.oid, node.sequence === true);
    case 'hashjoin':
      return compileHashJoin(node, compilePlan(node.left), compilePlan(node.right), (s) => requireSync(s, 'joins'));
    case 'nestloop':
      return compileNestLoop(node, compilePlan(node.left), compilePlan(node.right), (s) => requireSync(s, 'joins'));
    case 'functionscan':
      return compileFunctionScan(node);
    case 'projectset':
      return compileProjectSet(node, compilePlan(node.input), (s) => requireSync(s, 'set-returning functions'));
    case 'project':
      return compileProject(node.exprs, compilePlan(node.input, columnsRead(node.exprs)));
    case 'sort': {
      const input = compilePlan(node.input);
      const comparator = compileSortComparator(node.keys);
      return (ctx) => sync(openSort(requireSync(input(ctx), 'ORDER BY'), comparator(ctx), ctx));
    }
    case 'limit':
      return compileLimit(node.count, node.offset, compilePlan(node.input), node.ties ? compileSortComparator(node.ties) : null);
    case 'agg':
      return compileAggregate(node, compilePlan(node.input, columnsRead([node.keys, ...node.aggs])), (s) => requireSync(s, 'aggregates'));
    case 'window':
      return compileWindow(node, compilePlan(node.input), (s) => requireSync(s, 'window functions'));
    case 'groupingsets':
      return compileGroupingSets(node, compilePlan(node.input), (s) => requireSync(s, 'GROUPING SETS'));
    case 'distinct':
      return compileDistinct(node, compilePlan(node.input), (s) => requireSync(s, 'DISTINCT'));
    case 'setop':
      return compileSetOp(node, compilePlan(node.left), compilePlan(node.right), (s) => requireSync(s, 'set operations'));
    case 'recursiveunion':
      return compileRecursiveUnion(node, compilePlan(node.nonRecursive), compilePlan(node.recursive), (s) => requireSync(s, 'WITH RECURSIVE'));
    case 'ctescope': {
      const ctes = node.ctes.map((c) => ({ id: c.id, plan: compilePlan(c.plan) }));
      const input = compilePlan(node.input);
      return (ctx) => {
        // each execution (and each run of a correlated subquery) computes its WITH queries anew
        for (const c of ctes) ctx.ctes.set(c.id, { plan: c.plan, rows: [], source: null, done: false });
        return input(ctx);
      };
    }
    case 'ctescan': {
      const id = node.id;
      return (ctx) => sync(openCteScan(id, ctx, (s) => requireSync(s, 'WITH')));
    }
    case 'worktablescan': {
      const id = node.id;
      return (ctx) => {
        const rows = ctx.workTables.get(id) ?? [];
        let i = 0;
        return sync({ next: () => (i >= rows.length ? null : ctx.yieldDue() ? PAUSE : rows[i++]!) });
      };
    }
  }
}

export function sync(source: RowSource): AnySource {
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

function compileResult(exprs: Expr[], qualExpr: Expr | null): CompiledPlan {
  const qual = qualExpr ? compileExpr(qualExpr) : null;
  const { fns, async } = compileTargets(exprs);
  if (!async) {
    const syncFns = fns as RowFn[];
    return (ctx) => {
      let done = false;
      return sync({
        next: () => {
          if (done) return null;
          done = true;
          if (qual && qual(EMPTY_ROW, ctx) !== true) return null;
          const row: Row = new Array(syncFns.length);
          for (let i = 0; i < syncFns.length; i++) row[i] = syncFns[i]!(EMPTY_ROW, ctx);
          return row;
        },
      });
    };
  }
  return (ctx) => {
    let done = false;
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
  };
}

function compileProject(exprs: Expr[], input: CompiledPlan): CompiledPlan {
  const { fns, async } = compileTargets(exprs);
  return (ctx) => {
    const src = input(ctx);
    if (!async && !src.async) {
      const syncFns = fns as RowFn[];
      const s = src.source;
      return sync({
        next: () => {
          const row = s.next();
          return row === null || row === PAUSE ? row : syncFns.map((f) => f(row, ctx));
        },
      });
    }
    return {
      async: true,
      source: {
        next: async () => {
          const row = src.async ? await src.source.next() : await syncStep(src.source);
          if (!row) return null;
          const out: Row = [];
          for (const f of fns) out.push(await f(row, ctx));
          return out;
        },
      },
    };
  };
}

/** The next row of a sync source from async code: a PAUSE lets the event loop run. */
export async function syncStep(src: RowSource): Promise<Row | null> {
  for (;;) {
    const r = src.next();
    if (r !== PAUSE) return r;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function openSort(input: RowSource, compare: (a: Row, b: Row) => number, ctx: RuntimeContext): RowSource {
  const rows: Row[] = [];
  let sorted = false;
  let i = 0;
  return {
    next: () => {
      while (!sorted) {
        const row = input.next();
        if (row === PAUSE) return PAUSE;
        if (row === null) {
          pgQsort(rows, compare); // PostgreSQL's algorithm: ties come out in its order
          sorted = true;
          break;
        }
        rows.push(row);
        if ((rows.length & 0x3ff) === 0) ctx.checkCancel();
      }
      return i < rows.length ? rows[i++]! : null;
    },
  };
}

function compileLimitValue(e: Expr | null, clause: 'LIMIT' | 'OFFSET'): (ctx: RuntimeContext) => bigint | null {
  if (!e) return () => null;
  const f = compileExpr(e);
  return (ctx) => {
    const v = f(EMPTY_ROW, ctx) as bigint | null;
    if (v !== null && v < 0n) throw new DbError(clause === 'LIMIT' ? '2201W' : '2201X', `${clause} must not be negative`);
    return v;
  };
}

/**
 * OFFSET and LIMIT; with `ties` (WITH TIES: the sort's comparator), once `count` rows are
 * out, further rows come while they compare equal to the last of them.
 */
function compileLimit(countExpr: Expr | null, offsetExpr: Expr | null, input: CompiledPlan, ties: ((ctx: RuntimeContext) => (a: Row, b: Row) => number) | null): CompiledPlan {
  const countOf = compileLimitValue(countExpr, 'LIMIT');
  const offsetOf = compileLimitValue(offsetExpr, 'OFFSET');
  return (ctx) => {
    const offset = offsetOf(ctx) ?? 0n;
    const count = countOf(ctx);
    const tie = ties?.(ctx) ?? null;
    const src = input(ctx);
    let skipped = 0n;
    let returned = 0n;
    let last: Row | null = null;
    let done = false;
    /** After `count` rows: whether `row` still comes (a tie with the last one). */
    const tied = (row: Row | null): Row | null => {
      if (row !== null && tie !== null && last !== null && tie(row, last) === 0) return row;
      done = true;
      return null;
    };
    if (!src.async) {
      const s = src.source;
      return sync({
        next: () => {
          if (done) return null;
          if (count !== null && returned >= count) {
            if (tie === null || last === null) return null;
            const row = s.next();
            return row === PAUSE ? row : tied(row);
          }
          while (skipped < offset) {
            const r = s.next();
            if (r === PAUSE || r === null) return r;
            skipped++;
          }
          const row = s.next();
          if (row !== null && row !== PAUSE) {
            returned++;
            last = row;
          }
          return row;
        },
      });
    }
    const s = src.source;
    return {
      async: true,
      source: {
        next: async () => {
          if (done) return null;
          if (count !== null && returned >= count) return tie === null || last === null ? null : tied(await s.next());
          while (skipped < offset) {
            if (!(await s.next())) return null;
            skipped++;
          }
          const row = await s.next();
          if (row) {
            returned++;
            last = row;
          }
          return row;
        },
      },
    };
  };
}
