// The physical plan: a tree of operators the executor runs. Each node's output is a row
// (an array of values); expressions in a node read the row of the node below it (for a join,
// the left row followed by the right row), by position (ColumnExpr).
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { TableShape } from '../../txn/table-access.js';
import type { JoinType } from '../analyze/range-table.js';

/** A result column as RowDescription describes it. */
export interface OutputColumn {
  name: string;
  type: number;
  typmod: number;
  /** The table and column the value comes from, 0 when it is computed. */
  tableOid: number;
  columnNumber: number;
}

export interface SortKey {
  /** Position of the key in the input row. */
  index: number;
  /** The `<` operator of the key's type (the `>` one for DESC is derived from it). */
  less: FuncExpr;
  descending: boolean;
  nullsFirst: boolean;
}

export type PlanNode =
  /** One row computed from expressions (SELECT without FROM); `qual` is a one-time filter. */
  | { kind: 'result'; exprs: Expr[]; qual: Expr | null }
  /** VALUES (...), (...): one row per list. */
  | { kind: 'values'; rows: Expr[][] }
  /** Every row of a table, as the transaction sees it, in key order. */
  | { kind: 'seqscan'; table: TableShape; alias: string }
  /** Joins every left row with every right row the condition accepts. */
  | { kind: 'nestloop'; left: PlanNode; right: PlanNode; type: JoinType; qual: Expr | null; leftWidth: number; rightWidth: number }
  /** Computes new rows from the input's rows. */
  | { kind: 'project'; input: PlanNode; exprs: Expr[] }
  | { kind: 'filter'; input: PlanNode; qual: Expr }
  | { kind: 'sort'; input: PlanNode; keys: SortKey[] }
  | { kind: 'limit'; input: PlanNode; count: Expr | null; offset: Expr | null };

/** A plan and the columns it returns (the first `columns.length` values of each row). */
export interface Plan {
  root: PlanNode;
  columns: OutputColumn[];
}
