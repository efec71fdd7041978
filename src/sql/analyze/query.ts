// The analyzed form of a query, what the planner takes: a SELECT (FROM items, select list,
// WHERE, GROUP BY, HAVING, DISTINCT, ORDER BY, LIMIT) or a set operation (UNION, INTERSECT,
// EXCEPT) over two queries, each with the WITH queries it defines.
// Invariants: ORDER BY, GROUP BY and DISTINCT ON refer to select-list entries by index
// (entries added only for them are `junk` and not returned); `targets` of a set operation
// are ColumnExpr over the operation's output row.
import type { RowLocking } from './locking.js';
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { FromNode, RangeEntry } from './range-table.js';
import type { DmlQuery } from '../dml/dml-query.js';

export interface TargetEntry {
  expr: Expr;
  name: string;
  /** A sort or group key that is not part of the output. */
  junk: boolean;
}

export interface SortClause {
  /** Index into targets. */
  target: number;
  less: FuncExpr;
  descending: boolean;
  nullsFirst: boolean;
}

/**
 * A window of the query (WINDOW clause entry or OVER clause): PARTITION BY and ORDER BY items
 * (select-list indexes), and the frame as PostgreSQL's FRAMEOPTION_* bits
 * (frame-options.ts) with its offset expressions (constant for one execution).
 */
export interface WindowClause {
  name: string | null;
  /** Sorted on like ORDER BY items (ascending unless ORDER BY sorts the same item). */
  partitionBy: SortClause[];
  orderBy: SortClause[];
  frameOptions: number;
  startOffset: Expr | null;
  endOffset: Expr | null;
  /** RANGE with an offset: the ORDER BY column's type and the offset's (in_range's types). */
  inRange: { columnType: number; offsetType: number } | null;
}

/** A WITH query: its name, its analyzed query, and whether it refers to itself. */
export interface CteDef {
  /** Unique within the statement (plans find their storage by it). */
  id: number;
  name: string;
  query: Query;
  recursive: boolean;
  columnNames: string[];
  columnTypes: number[];
  columnTypmods: number[];
  /** MATERIALIZED / NOT MATERIALIZED as written (null: default). */
  materialized: boolean | null;
  /**
   * A data-modifying WITH query (INSERT / UPDATE / DELETE ... RETURNING): run once before the
   * statement's main part; its rows are what RETURNING gave. `query` is unused then.
   */
  dml?: DmlQuery;
}

interface QueryCommon {
  targets: TargetEntry[];
  sort: SortClause[];
  limit: Expr | null;
  offset: Expr | null;
  /** FETCH FIRST n ROWS WITH TIES: rows equal to the last one on the sort keys come too. */
  withTies?: boolean;
  /** WITH queries defined at this level. */
  ctes: CteDef[];
}

export interface SelectQuery extends QueryCommon {
  kind: 'select';
  /** The FROM items (a VALUES statement has one VALUES entry). */
  ranges: RangeEntry[];
  /** The join trees of the FROM list (several: a cross product). */
  from: FromNode[];
  where: Expr | null;
  /** GROUP BY keys, as indexes into targets. */
  groupBy: number[];
  having: Expr | null;
  /**
   * GROUPING SETS / ROLLUP / CUBE expanded into their grouping sets (each a list of GROUP BY
   * items, as indexes into targets; `groupBy` holds them all); absent for a plain GROUP BY.
   */
  groupingSets?: number[][];
  /** Aggregates appear (or GROUP BY / HAVING is present): the query groups its rows. */
  grouped: boolean;
  /** The windows window functions refer to (WindowFuncExpr.winref indexes them). */
  windows?: WindowClause[];
  /** DISTINCT: null for none; `on` null for plain DISTINCT, else the DISTINCT ON keys. */
  distinct: { on: number[] | null } | null;
  /** FOR UPDATE / SHARE: the rows of these items are locked as the query returns them. */
  locking?: RowLocking;
}

/**
 * The tree of a set operation: leaves are queries one level below the set operation (as
 * PostgreSQL makes them subqueries), inner nodes combine them with the column types chosen
 * for both sides (each leaf's output is coerced to them).
 */
export type SetOpTree =
  | { kind: 'leaf'; query: Query }
  | {
      kind: 'op';
      op: 'union' | 'intersect' | 'except';
      all: boolean;
      left: SetOpTree;
      right: SetOpTree;
      types: number[];
      typmods: number[];
      /** Per side, the output columns computed from that side's row (casts to `types`). */
      coerce: [Expr[], Expr[]];
    };

export interface SetOpQuery extends QueryCommon {
  kind: 'setop';
  tree: Extract<SetOpTree, { kind: 'op' }>;
}

export type Query = SelectQuery | SetOpQuery;

/** The visible output columns of a query: names, types and typmods. */
export function outputColumns(q: Query): { name: string; type: number; typmod: number }[] {
  return q.targets.filter((t) => !t.junk).map((t) => ({ name: t.name, type: t.expr.type, typmod: t.expr.typmod }));
}
