// The cost model EXPLAIN prints: PostgreSQL's cost units (a sequential page read is 1.0, a
// random one 4.0, a row 0.01, an operator 0.0025) and its default selectivities, applied to
// the row counts Treeline knows exactly (every table's B+tree keeps its entry count). The
// planner does not choose by these numbers; they show the expected size of each step.
import type { Expr } from '../expr/expr.js';
import { builtins } from '../../catalog/builtins.js';
import { Oid } from '../types/oids.js';

export const SEQ_PAGE_COST = 1.0;
export const RANDOM_PAGE_COST = 4.0;
export const CPU_TUPLE_COST = 0.01;
export const CPU_INDEX_TUPLE_COST = 0.005;
export const CPU_OPERATOR_COST = 0.0025;
/** Rows PostgreSQL assumes a set-returning function returns (pg_proc.prorows). */
export const DEFAULT_FUNCTION_ROWS = 1000;
/** Groups PostgreSQL assumes a GROUP BY or DISTINCT makes without statistics. */
export const DEFAULT_GROUPS = 200;
const DEFAULT_EQ_SEL = 0.005;
const DEFAULT_INEQ_SEL = 1 / 3;
const DEFAULT_RANGE_SEL = 0.005;
const DEFAULT_OTHER_SEL = 0.5;
const PAGE_SIZE = 8192;
/** Per-row overhead (item pointer and tuple header) PostgreSQL's page estimates include. */
const ROW_OVERHEAD = 28;

export interface Estimate {
  startup: number;
  total: number;
  rows: number;
  width: number;
}

/** The average width PostgreSQL assumes for a value of a type (get_typavgwidth). */
export function typeWidth(type: number, typmod: number): number {
  const row = builtins().typeByOid.get(type);
  if (row && row.typlen > 0) return row.typlen;
  if ((type === Oid.varchar || type === Oid.bpchar) && typmod > 4) {
    const max = typmod - 4;
    return max <= 32 ? max : max < 1000 ? 32 + Math.floor((max - 32) / 2) : 32 + Math.floor((1000 - 32) / 2);
  }
  return isEnumLike(row?.typcategory) ? 4 : 32;
}

function isEnumLike(category: string | undefined): boolean {
  return category === 'E';
}

export function widthOf(types: readonly { type: number; typmod: number }[]): number {
  return types.reduce((sum, t) => sum + typeWidth(t.type, t.typmod), 0);
}

/** PostgreSQL clamps every row estimate to at least one row (clamp_row_est). */
export function clampRows(n: number): number {
  return n <= 1 ? 1 : Math.round(n);
}

export function tablePages(rows: number, width: number): number {
  return Math.max(1, Math.ceil((rows * (width + ROW_OVERHEAD)) / PAGE_SIZE));
}

/** Operators evaluated per row by an expression (for its cost). */
export function operatorCount(e: Expr): number {
  switch (e.kind) {
    case 'func':
      return 1 + e.args.reduce((n, a) => n + operatorCount(a), 0);
    case 'and':
    case 'or':
    case 'not':
      return e.args.reduce((n, a) => n + operatorCount(a), 0);
    case 'inlist':
      return e.comparisons.length;
    case 'nulltest':
    case 'booltest':
      return 1;
    default:
      return 0;
  }
}

/** The fraction of rows a condition keeps, by PostgreSQL's defaults for unknown data. */
export function selectivity(e: Expr): number {
  switch (e.kind) {
    case 'and':
      return e.args.reduce((s, a) => s * selectivity(a), 1);
    case 'or': {
      const keep = e.args.reduce((s, a) => s * (1 - selectivity(a)), 1);
      return 1 - keep;
    }
    case 'not':
      return 1 - selectivity(e.args[0]!);
    case 'nulltest':
      return e.isNull ? DEFAULT_EQ_SEL : 1 - DEFAULT_EQ_SEL;
    case 'inlist':
      return e.any ? Math.min(1, e.comparisons.length * DEFAULT_EQ_SEL) : Math.max(0, 1 - e.comparisons.length * DEFAULT_EQ_SEL);
    case 'const':
      return e.value === true ? 1 : 0;
    case 'func': {
      const op = e.operator?.oprname;
      if (op === '=') return DEFAULT_EQ_SEL;
      if (op === '<>') return 1 - DEFAULT_EQ_SEL;
      if (op === '<' || op === '<=' || op === '>' || op === '>=') return DEFAULT_INEQ_SEL;
      if (op === '~~' || op === '~') return DEFAULT_EQ_SEL;
      return DEFAULT_OTHER_SEL;
    }
    default:
      return DEFAULT_OTHER_SEL;
  }
}

/** Rows an index path is expected to return from `rows` table rows. */
export function indexPathRows(rows: number, path: { equal: number; anyOf: number | null; lower: boolean; upper: boolean; unique: boolean; keyColumns: number }): number {
  if (path.unique && path.equal === path.keyColumns) return Math.min(rows, 1);
  let fraction = Math.pow(DEFAULT_EQ_SEL, path.equal);
  if (path.anyOf !== null) fraction *= Math.min(1, path.anyOf * DEFAULT_EQ_SEL);
  else if (path.lower && path.upper) fraction *= DEFAULT_RANGE_SEL;
  else if (path.lower || path.upper) fraction *= DEFAULT_INEQ_SEL;
  return rows * fraction;
}

/** Cost of sorting `input`'s rows (PostgreSQL's cost_sort for an in-memory sort). */
export function sortCost(input: Estimate): Estimate {
  const n = Math.max(input.rows, 2);
  const startup = input.total + 2 * CPU_OPERATOR_COST * n * Math.log2(n);
  return { startup, total: startup + CPU_OPERATOR_COST * input.rows, rows: input.rows, width: input.width };
}
