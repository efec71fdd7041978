// The typed expression tree the analyzer produces and the compiler turns into closures.
// Every node knows its result type (a pg_type OID) and typmod, so the planner and the
// protocol layer never guess types. Locations are byte offsets into the query text (-1 when
// unknown), kept for error positions.
import type { OperatorRow, ProcRow } from '../../catalog/builtins.js';
import type { RecordDescriptor, Value } from '../types/value.js';
import type { Query } from '../analyze/query.js';
import type { PlanNode } from '../plan/nodes.js';

interface Typed {
  /** Result type OID. */
  type: number;
  /** Result typmod, -1 when none. */
  typmod: number;
}

export interface ConstExpr extends Typed {
  kind: 'const';
  value: Value;
  location: number;
}

/** A bound parameter $n (index is 0-based). Its type may be refined during analysis. */
export interface ParamExpr extends Typed {
  kind: 'param';
  index: number;
  location: number;
}

/**
 * A column of a FROM item (range table entry `range`, column `column`, both 0-based), as the
 * analyzer produces it; `levelsUp` > 0 reaches an outer query. The planner replaces it by a
 * ColumnExpr with the column's position in the row its node reads.
 */
export interface VarExpr extends Typed {
  kind: 'var';
  range: number;
  column: number;
  levelsUp: number;
  location: number;
}

/** A column of the current input row. */
export interface ColumnExpr extends Typed {
  kind: 'column';
  /** Position in the input row. */
  index: number;
  name: string;
}

/** A function call, including operators (then `operator` is set) and function casts. */
export interface FuncExpr extends Typed {
  kind: 'func';
  proc: ProcRow;
  operator?: OperatorRow;
  args: Expr[];
  /** How the call was written: a call, an operator, or a cast (for EXPLAIN / deparse). */
  format: 'call' | 'operator' | 'cast' | 'implicit';
  location: number;
}

/** Binary-compatible relabelling (e.g. varchar → text): no work at run time. */
export interface RelabelExpr extends Typed {
  kind: 'relabel';
  arg: Expr;
}

/** A cast through the text form: output of the source type, input of the target type. */
export interface CoerceViaIOExpr extends Typed {
  kind: 'iocoerce';
  arg: Expr;
  location: number;
}

export interface BoolExpr extends Typed {
  kind: 'and' | 'or' | 'not';
  args: Expr[];
}

/** CASE; for `CASE x WHEN ...`, `arg` is x and the WHEN conditions read it as CaseTestExpr. */
export interface CaseExpr extends Typed {
  kind: 'case';
  arg: Expr | null;
  whens: { when: Expr; then: Expr }[];
  otherwise: Expr;
}

/** The value of the enclosing simple CASE's operand. */
export interface CaseTestExpr extends Typed {
  kind: 'casetest';
}

/** COALESCE, GREATEST and LEAST: `compare` (a btree cmp function) for the latter two. */
export interface CoalesceExpr extends Typed {
  kind: 'coalesce' | 'greatest' | 'least';
  args: Expr[];
  compare?: FuncExpr;
}

/** NULLIF(a, b): null when the equality operator says a = b, else a. */
export interface NullIfExpr extends Typed {
  kind: 'nullif';
  arg: Expr;
  equals: FuncExpr;
}

/** a IS [NOT] DISTINCT FROM b: null-safe use of the equality operator. */
export interface DistinctExpr extends Typed {
  kind: 'distinct';
  equals: FuncExpr;
  /** true for IS NOT DISTINCT FROM. */
  not: boolean;
}

export interface NullTestExpr extends Typed {
  kind: 'nulltest';
  arg: Expr;
  isNull: boolean;
}

export interface BoolTestExpr extends Typed {
  kind: 'booltest';
  arg: Expr;
  test: 'IS_TRUE' | 'IS_NOT_TRUE' | 'IS_FALSE' | 'IS_NOT_FALSE' | 'IS_UNKNOWN' | 'IS_NOT_UNKNOWN';
}

/** `x IN (a, b, c)` / `x NOT IN (...)` / `x = ANY(list)`: one comparison per element. */
export interface InListExpr extends Typed {
  kind: 'inlist';
  /** The per-element comparisons `x op element`, left operands all the same expression. */
  comparisons: FuncExpr[];
  /** true: any comparison true (IN); false: all comparisons true (NOT IN / ALL). */
  any: boolean;
}

/** A value computed from the session at run time: current_user, current_date, ... */
export interface SessionValueExpr extends Typed {
  kind: 'sessionvalue';
  name: string;
}

/** One ORDER BY key inside an aggregate call (string_agg(x, ',' ORDER BY y DESC)). */
export interface AggOrderKey {
  expr: Expr;
  /** The `<` operator of the key's type. */
  less: FuncExpr;
  descending: boolean;
  nullsFirst: boolean;
}

/**
 * An aggregate call of the query it appears in. The planner computes it in an Agg node and
 * replaces it by a ColumnExpr reading that node's output; it is never compiled itself.
 */
export interface AggExpr extends Typed {
  kind: 'agg';
  /** The aggregate's pg_proc row. */
  proc: ProcRow;
  /** The arguments (none for count(*)). */
  args: Expr[];
  star: boolean;
  distinct: boolean;
  order: AggOrderKey[];
  filter: Expr | null;
  location: number;
}

/**
 * A window function call, or an aggregate used as one (`isAgg`), over the query's window
 * clause `winref` (an index into SelectQuery.windows). The planner computes it in a Window node
 * and replaces it by a ColumnExpr reading that node's output; it is never compiled itself.
 */
export interface WindowFuncExpr extends Typed {
  kind: 'window';
  proc: ProcRow;
  args: Expr[];
  /** count(*) OVER (...). */
  star: boolean;
  isAgg: boolean;
  /** FILTER (WHERE ...), aggregates only. */
  filter: Expr | null;
  winref: number;
  location: number;
}

/**
 * GROUPING(a, b, ...) of a grouped query: `refs` are the select-list indexes of the GROUP BY
 * items the arguments name; bit (n-1-i) of the result is set when refs[i] is not grouped in the
 * current grouping set. Computed by the Agg node, like an aggregate.
 */
export interface GroupingFuncExpr extends Typed {
  kind: 'groupingfunc';
  args: Expr[];
  refs: number[];
  location: number;
}

/** The btree strategies of an ordering row comparison. */
export type OrderStrategy = '<' | '<=' | '>' | '>=';

/**
 * How the column comparisons of a row comparison make one result (PostgreSQL's RowCompareType):
 * all true (=), any true (<>), or lexicographic order, where `equals[i]` (reading the same pair
 * as the column's comparison) says whether the decision moves on to the next column.
 */
export type RowCombine = { kind: 'and' } | { kind: 'or' } | { kind: 'order'; strategy: OrderStrategy; equals: FuncExpr[] };

/**
 * A subquery used as an expression: EXISTS, `x op ANY/ALL (subquery)` (IN is = ANY), a
 * scalar subquery, ARRAY(subquery), or a row compared with a one-row subquery
 * (`(a, b) = (SELECT x, y ...)`, 'rowcompare'). For ANY/ALL/rowcompare, `lhs` are the left
 * operands and `compare[i]` compares lhs[i] with the subquery's column i, reading row
 * [left, right]; with several columns, `combine` says how (AND when absent).
 * The planner plans `query` and sets `subplan`; values the subquery takes from the
 * enclosing query's row are passed as exec parameters (slot numbers in `params`).
 */
export interface SubLinkExpr extends Typed {
  kind: 'sublink';
  linkType: 'exists' | 'any' | 'all' | 'expr' | 'array' | 'rowcompare';
  lhs: Expr[];
  compare: FuncExpr[];
  combine?: RowCombine;
  query: Query;
  subplan?: {
    plan: PlanNode;
    params: { slot: number; value: Expr }[];
    /**
     * EXISTS correlated only through `inner = outer` equalities: `plan` is then uncorrelated and
     * returns the inner values (one column per key); EXISTS holds when the outer values (the
     * params, in key order, hashed as keyTypes) are among them (PostgreSQL's hashed semi-join).
     */
    hashedKeys?: number[];
  };
  location: number;
}

/** A value the enclosing query passes into a subquery's plan (PostgreSQL's PARAM_EXEC). */
export interface ExecParamExpr extends Typed {
  kind: 'execparam';
  slot: number;
}

/** ARRAY[...]: elements coerced to the element type, or (multidims) to the array type. */
export interface ArrayExpr extends Typed {
  kind: 'array';
  elements: Expr[];
  elementType: number;
  /** The elements are sub-arrays: the result has one more dimension than they do. */
  multidims: boolean;
  location: number;
}

/** a[i][j] (lower null) or a slice a[i:j] (lower set; a null entry is an omitted bound). */
export interface SubscriptExpr extends Typed {
  kind: 'subscript';
  arg: Expr;
  upper: (Expr | null)[];
  lower: (Expr | null)[] | null;
  /**
   * Subscripted assignment (UPDATE ... SET a[i] = x): the value to store, of the element type
   * (the array type for a slice); the expression is then the whole updated array.
   */
  assign?: Expr;
}

/** x op ANY/ALL (array): the operator compares args[0] with each element of args[1]. */
export interface ScalarArrayOpExpr extends Typed {
  kind: 'scalararrayop';
  proc: ProcRow;
  operator: OperatorRow;
  args: [Expr, Expr];
  /** true for ANY (SOME), false for ALL. */
  any: boolean;
  location: number;
}

/** An element-wise array cast: `elem` converts one element, which it reads as CaseTestExpr. */
export interface ArrayCoerceExpr extends Typed {
  kind: 'arraycoerce';
  arg: Expr;
  elem: Expr;
  location: number;
}

/**
 * A row value: ROW(a, b), (a, b), or a FROM item's whole row (`SELECT t FROM t`). `type` is
 * `record` or the composite type; `desc` names and types the fields (f1, f2, ... for ROW()).
 * A table's whole row read through an outer join is NULL where the join found no row:
 * `absentWhenNull` is an expression NULL exactly there (a NOT NULL column, or the row's key).
 */
export interface RowExpr extends Typed {
  kind: 'row';
  args: Expr[];
  desc: RecordDescriptor;
  /** A FROM item's whole row (not ROW() syntax): the analyzer treats it as a plain value. */
  wholeRow: boolean;
  absentWhenNull?: Expr;
  location: number;
}

/**
 * (a, b) < (c, d) and the other ordering comparisons (PostgreSQL's RowCompareExpr): columns are
 * compared left to right until one decides; `compare[i]` and `equals[i]` read the pair
 * [largs[i], rargs[i]] as columns 0 and 1. (= and <> become AND / OR of column comparisons.)
 */
export interface RowCompareExpr extends Typed {
  kind: 'rowcompare';
  strategy: OrderStrategy;
  largs: Expr[];
  rargs: Expr[];
  compare: FuncExpr[];
  equals: FuncExpr[];
  location: number;
}

/** (row).field: field `field` (0-based) of a row value; NULL for a NULL row. */
export interface FieldSelectExpr extends Typed {
  kind: 'fieldselect';
  arg: Expr;
  field: number;
}

export type Expr =
  | RowExpr
  | RowCompareExpr
  | FieldSelectExpr
  | AggExpr
  | WindowFuncExpr
  | GroupingFuncExpr
  | SubLinkExpr
  | ExecParamExpr
  | ConstExpr
  | ParamExpr
  | VarExpr
  | ColumnExpr
  | FuncExpr
  | RelabelExpr
  | CoerceViaIOExpr
  | BoolExpr
  | CaseExpr
  | CaseTestExpr
  | CoalesceExpr
  | NullIfExpr
  | DistinctExpr
  | NullTestExpr
  | BoolTestExpr
  | InListExpr
  | SessionValueExpr
  | ArrayExpr
  | SubscriptExpr
  | ScalarArrayOpExpr
  | ArrayCoerceExpr;

export function isConst(e: Expr): e is ConstExpr {
  return e.kind === 'const';
}

export function makeConst(type: number, value: Value, typmod = -1, location = -1): ConstExpr {
  return { kind: 'const', type, typmod, value, location };
}

/** The byte location of an expression in the query text, or -1. */
export function exprLocation(e: Expr): number {
  switch (e.kind) {
    case 'const':
    case 'param':
    case 'var':
    case 'func':
    case 'iocoerce':
    case 'agg':
    case 'window':
    case 'groupingfunc':
    case 'sublink':
    case 'row':
      return e.location;
    case 'rowcompare':
      return exprLocation(e.largs[0]!);
    case 'fieldselect':
      return exprLocation(e.arg);
    case 'relabel':
    case 'subscript':
      return exprLocation(e.arg);
    case 'array':
      return e.location;
    case 'scalararrayop':
    case 'arraycoerce': {
      const inner = exprLocation(e.kind === 'arraycoerce' ? e.arg : e.args[0]);
      return inner >= 0 && (inner < e.location || e.location < 0) ? inner : e.location;
    }
    default:
      return -1;
  }
}
