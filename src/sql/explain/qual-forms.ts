// How EXPLAIN reads and reshapes conditions: AND lists split into conjuncts, a comparison seen
// from either side (FLIP), the column a condition side reads through relabels, the row count of
// generate_series with constant bounds (PostgreSQL's support function), and conditions
// flattened and IN lists folded into `= ANY ('{...}')` as PostgreSQL's planner leaves them.
import { builtins } from '../../catalog/builtins.js';
import type { Expr, FuncExpr } from '../expr/expr.js';
import { rewriteExpr } from '../expr/expr-walk.js';
import { Oid } from '../types/oids.js';
import { ArrayValue } from '../types/value.js';

export const FLIP: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

export function columnIndex(e: Expr): number {
  let x = e;
  while (x.kind === 'relabel') x = x.arg;
  return x.kind === 'column' ? x.index : -1;
}

/** Rows generate_series(int, int [, step]) with constant arguments returns (PostgreSQL's support function). */
export function seriesRows(f: Expr): number | null {
  if (f.kind !== 'func' || f.proc.proname !== 'generate_series') return null;
  const nums = f.args.map((a) => (a.kind === 'const' && (typeof a.value === 'number' || typeof a.value === 'bigint') ? Number(a.value) : null));
  if (nums.length < 2 || nums.some((n) => n === null)) return null;
  const [start, stop, step = 1] = nums as number[];
  if (step === 0) return null;
  return Math.max(0, Math.floor((stop! - start!) / step!) + 1);
}

/**
 * Conditions as PostgreSQL's planner leaves them: nested ANDs/ORs flattened, `x IN (constants)`
 * as x = ANY ('{...}'::type[]).
 */
export function foldInLists(e: Expr): Expr {
  return rewriteExpr(e, (x) => {
    if ((x.kind === 'and' || x.kind === 'or') && x.args.some((a) => a.kind === x.kind)) {
      // nested ANDs (ORs) print as one list, as the planner flattens them
      return foldInLists({ ...x, args: x.args.flatMap((a) => (a.kind === x.kind ? a.args : [a])) });
    }
    if (x.kind !== 'inlist') return undefined;
    const values = x.comparisons.map((c) => c.args[1]!);
    const first: FuncExpr = x.comparisons[0]!;
    const elemType = values[0]?.type ?? 0;
    const arrayType = builtins().typeByOid.get(elemType)?.typarray ?? 0;
    if (!first.operator || arrayType === 0 || !values.every((v) => v.kind === 'const' && v.type === elemType)) return undefined;
    const array = new ArrayValue(
      elemType,
      values.map((v) => (v.kind === 'const' ? v.value : null)),
      [values.length],
    );
    return {
      kind: 'scalararrayop',
      proc: first.proc,
      operator: first.operator,
      args: [foldInLists(first.args[0]!), { kind: 'const', type: arrayType, typmod: -1, value: array, location: -1 }],
      any: x.any,
      type: Oid.bool,
      typmod: -1,
      location: -1,
    };
  });
}
