// The analyzed form of a query, what the planner takes: a SELECT (FROM items, select list,
// WHERE, GROUP BY, HAVING, DISTINCT, ORDER BY, LIMIT) or a set operation (UNION, INTERSECT,
// EXCEPT) over two queries, each with the WITH queries it defines.
// Invariants: ORDER BY, GROUP BY and DISTINCT ON refer to select-list entries by index
// (entries added only for them are `junk` and not returned); `targets` of a set operation
// are ColumnExpr over the operation's output row.
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { FromNode, RangeEntry } from './range-table.js';

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
}

interface QueryCommon {
  targets: TargetEntry[];
  sort: SortClause[];
  limit: Expr | null;
  offset: Expr | null;
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
  /** Aggregates appear (or GROUP BY / HAVING is present): the query groups its rows. */
  grouped: boolean;
  /** DISTINCT: null for none; `on` null for plain DISTINCT, else the DISTINCT ON keys. */
  distinct: { on: number[] | null } | null;
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
