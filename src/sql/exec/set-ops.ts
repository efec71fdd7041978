// Row-set operators: DISTINCT (the first row of each key), UNION / INTERSECT / EXCEPT with
// and without ALL (rows compared whole, NULLs equal to NULLs, as PostgreSQL's set operations
// do), and WITH RECURSIVE's iteration. Rows come out in the order they were first seen.
import type { PlanNode } from '../plan/nodes.js';
import type { RuntimeContext } from '../expr/compile.js';
import { rowKey } from './row-key.js';
import type { AnySource, CompiledPlan, Row, RowSource } from './run-plan.js';

type SyncOf = (s: AnySource) => RowSource;

export function compileDistinct(node: Extract<PlanNode, { kind: 'distinct' }>, input: CompiledPlan, requireSync: SyncOf): CompiledPlan {
  const keyOf = rowKey(node.keyTypes, node.keys);
  return (ctx) => {
    const src = requireSync(input(ctx));
    const seen = new Set<string>();
    return {
      async: false,
      source: {
        next: () => {
          for (let row = src.next(); row; row = src.next()) {
            const key = keyOf(row);
            if (seen.has(key)) continue;
            seen.add(key);
            return row;
          }
          return null;
        },
      },
    };
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function compileSetOp(node: Extract<PlanNode, { kind: 'setop' }>, left: CompiledPlan, right: CompiledPlan, requireSync: SyncOf): CompiledPlan {
  const keyOf = rowKey(node.types, range(node.width));
  const width = node.width;
  const cut = (r: Row) => (r.length === width ? r : r.slice(0, width));
  return (ctx) => {
    if (node.op === 'union') {
      const l = requireSync(left(ctx));
      let r: RowSource | null = null;
      const seen = node.all ? null : new Set<string>();
      return {
        async: false,
        source: {
          next: () => {
            for (;;) {
              let row = l.next();
              if (!row) {
                r ??= requireSync(right(ctx));
                row = r.next();
              }
              if (!row) return null;
              row = cut(row);
              if (seen) {
                const key = keyOf(row);
                if (seen.has(key)) continue;
                seen.add(key);
              }
              return row;
            }
          },
        },
      };
    }
    // INTERSECT / EXCEPT: count each distinct row on both sides
    const counts = new Map<string, { row: Row; left: number; right: number }>();
    const l = requireSync(left(ctx));
    for (let row = l.next(); row; row = l.next()) {
      const key = keyOf(row);
      const c = counts.get(key);
      if (c) c.left++;
      else counts.set(key, { row: cut(row), left: 1, right: 0 });
    }
    const r = requireSync(right(ctx));
    for (let row = r.next(); row; row = r.next()) {
      const c = counts.get(keyOf(row));
      if (c) c.right++;
    }
    const out: Row[] = [];
    for (const c of counts.values()) {
      const times =
        node.op === 'intersect'
          ? node.all
            ? Math.min(c.left, c.right)
            : c.left > 0 && c.right > 0
              ? 1
              : 0
          : node.all
            ? Math.max(c.left - c.right, 0)
            : c.right === 0
              ? 1
              : 0;
      for (let i = 0; i < times; i++) out.push(c.row);
    }
    let i = 0;
    return { async: false, source: { next: () => (i < out.length ? out[i++]! : null) } };
  };
}

/** Per execution: the rows of WITH queries (read once, on first use) and recursive work tables. */
export interface CteState {
  plan: CompiledPlan;
  rows: Row[] | null;
}

/** WITH RECURSIVE: rows of the non-recursive term, then rounds of the recursive term. */
export function compileRecursiveUnion(
  node: Extract<PlanNode, { kind: 'recursiveunion' }>,
  nonRecursive: CompiledPlan,
  recursive: CompiledPlan,
  requireSync: SyncOf,
): CompiledPlan {
  const keyOf = rowKey(node.types, range(node.width));
  const width = node.width;
  return (ctx) => {
    const seen = node.all ? null : new Set<string>();
    const out: Row[] = [];
    const keep = (row: Row, into: Row[]) => {
      const r = row.length === width ? row : row.slice(0, width);
      if (seen) {
        const key = keyOf(r);
        if (seen.has(key)) return;
        seen.add(key);
      }
      into.push(r);
      out.push(r);
    };
    let work: Row[] = [];
    const first = requireSync(nonRecursive(ctx));
    for (let row = first.next(); row; row = first.next()) keep(row, work);
    while (work.length > 0) {
      ctx.checkCancel();
      ctx.workTables.set(node.id, work);
      const next: Row[] = [];
      const src = requireSync(recursive(ctx));
      for (let row = src.next(); row; row = src.next()) keep(row, next);
      work = next;
    }
    ctx.workTables.delete(node.id);
    let i = 0;
    return { async: false, source: { next: () => (i < out.length ? out[i++]! : null) } };
  };
}

/** Rows of a WITH query: computed by the first scan of this execution, shared by later ones. */
export function openCteScan(id: number, ctx: RuntimeContext, requireSync: SyncOf): RowSource {
  const state = ctx.ctes.get(id);
  if (!state) throw new Error(`WITH query ${id} is not in scope`);
  if (!state.rows) {
    const rows: Row[] = [];
    const src = requireSync(state.plan(ctx));
    for (let row = src.next(); row; row = src.next()) rows.push(row);
    state.rows = rows;
  }
  const rows = state.rows;
  let i = 0;
  return { next: () => (i < rows.length ? rows[i++]! : null) };
}
