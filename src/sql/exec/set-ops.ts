// Row-set operators: DISTINCT (the first row of each key), UNION / INTERSECT / EXCEPT with
// and without ALL (rows compared whole, NULLs equal to NULLs, as PostgreSQL's set operations
// do), WITH RECURSIVE's iteration and the scans of WITH queries. Rows come out in the order
// they were first seen. UNION and WITH RECURSIVE stream (a LIMIT above them stops them); all
// of them pass a PAUSE from their inputs up and carry on where they were.
import type { PlanNode } from '../plan/nodes.js';
import type { RuntimeContext } from '../expr/compile.js';
import { rowKey } from './row-key.js';
import { PAUSE, type AnySource, type CompiledPlan, type Next, type Row, type RowSource } from './run-plan.js';

type SyncOf = (s: AnySource) => RowSource;

export function compileDistinct(node: Extract<PlanNode, { kind: 'distinct' }>, input: CompiledPlan, requireSync: SyncOf): CompiledPlan {
  const keyOf = rowKey(node.keyTypes, node.keys);
  return (ctx) => {
    const src = requireSync(input(ctx));
    const seen = new Set<string>();
    return {
      async: false,
      source: {
        next: (): Next => {
          for (;;) {
            const row = src.next();
            if (row === null || row === PAUSE) return row;
            const key = keyOf(row);
            if (seen.has(key)) continue;
            seen.add(key);
            return row;
          }
        },
      },
    };
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Reads a source to its end into `into`; false when it paused (call again to go on). */
function readAll(src: RowSource, into: (row: Row) => void): boolean {
  for (;;) {
    const row = src.next();
    if (row === PAUSE) return false;
    if (row === null) return true;
    into(row);
  }
}

export function compileSetOp(node: Extract<PlanNode, { kind: 'setop' }>, left: CompiledPlan, right: CompiledPlan, requireSync: SyncOf): CompiledPlan {
  const keyOf = rowKey(node.types, range(node.width));
  const width = node.width;
  const cut = (r: Row) => (r.length === width ? r : r.slice(0, width));
  return (ctx) => {
    if (node.op === 'union') {
      let src: RowSource = requireSync(left(ctx));
      let onRight = false;
      const seen = node.all ? null : new Set<string>();
      return {
        async: false,
        source: {
          next: (): Next => {
            for (;;) {
              const next = src.next();
              if (next === PAUSE) return PAUSE;
              if (next === null) {
                if (onRight) return null;
                onRight = true;
                src = requireSync(right(ctx));
                continue;
              }
              const row = cut(next);
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
    // INTERSECT / EXCEPT: count each distinct row on both sides, then emit
    const counts = new Map<string, { row: Row; left: number; right: number }>();
    let phase: 'left' | 'right' | 'out' = 'left';
    let src: RowSource = requireSync(left(ctx));
    let out: Row[] = [];
    let i = 0;
    return {
      async: false,
      source: {
        next: (): Next => {
          if (phase === 'left') {
            const done = readAll(src, (row) => {
              const key = keyOf(row);
              const c = counts.get(key);
              if (c) c.left++;
              else counts.set(key, { row: cut(row), left: 1, right: 0 });
            });
            if (!done) return PAUSE;
            phase = 'right';
            src = requireSync(right(ctx));
          }
          if (phase === 'right') {
            const done = readAll(src, (row) => {
              const c = counts.get(keyOf(row));
              if (c) c.right++;
            });
            if (!done) return PAUSE;
            phase = 'out';
            out = emitCounts(node, counts);
          }
          return i < out.length ? out[i++]! : null;
        },
      },
    };
  };
}

function emitCounts(node: Extract<PlanNode, { kind: 'setop' }>, counts: Map<string, { row: Row; left: number; right: number }>): Row[] {
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
    for (let k = 0; k < times; k++) out.push(c.row);
  }
  return out;
}

/**
 * Per execution: a WITH query's rows, read from its plan as far as some scan of it needed
 * (scans share them; a LIMIT above a scan of an endless WITH RECURSIVE stops it).
 */
export interface CteState {
  plan: CompiledPlan;
  rows: Row[];
  /** The query's plan while rows remain to be read; null before the first scan. */
  source: RowSource | null;
  done: boolean;
}

/**
 * WITH RECURSIVE: rows of the non-recursive term, then rounds of the recursive term reading
 * the rows the round before added (its work table), until a round adds none. Rows are
 * returned as they are found (UNION drops repeats of earlier rows).
 */
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
    let src: RowSource = requireSync(nonRecursive(ctx));
    let round: Row[] = [];
    return {
      async: false,
      source: {
        next: (): Next => {
          for (;;) {
            const next = src.next();
            if (next === PAUSE) return PAUSE;
            if (next === null) {
              if (round.length === 0) {
                ctx.workTables.delete(node.id);
                return null;
              }
              ctx.checkCancel();
              ctx.workTables.set(node.id, round);
              round = [];
              src = requireSync(recursive(ctx));
              continue;
            }
            const row = next.length === width ? next : next.slice(0, width);
            if (seen) {
              const key = keyOf(row);
              if (seen.has(key)) continue;
              seen.add(key);
            }
            round.push(row);
            return row;
          }
        },
      },
    };
  };
}

/** A scan of a WITH query: its rows so far, then more from its plan as the scan needs them. */
export function openCteScan(id: number, ctx: RuntimeContext, requireSync: SyncOf): RowSource {
  const state = ctx.ctes.get(id);
  if (!state) throw new Error(`WITH query ${id} is not in scope`);
  let i = 0;
  return {
    next: (): Next => {
      if (i < state.rows.length) return ctx.yieldDue() ? PAUSE : state.rows[i++]!;
      if (state.done) return null;
      state.source ??= requireSync(state.plan(ctx));
      const row = state.source.next();
      if (row === PAUSE) return PAUSE;
      if (row === null) {
        state.done = true;
        state.source = null;
        return null;
      }
      state.rows.push(row);
      i++;
      return row;
    },
  };
}
