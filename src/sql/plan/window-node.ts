// The plan nodes of window functions and grouping sets (members of PlanNode in nodes.ts).
// Expressions in them read the row of the node's input.
import type { ProcRow } from '../../catalog/builtins.js';
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { AggSpec, PlanNode } from './nodes.js';

/** A PARTITION BY or ORDER BY key of a Window node. */
export interface WindowKey {
  expr: Expr;
  /** The `<` operator of the key's type. */
  less: FuncExpr;
  descending: boolean;
  nullsFirst: boolean;
}

/** A frame clause (frame-options.ts bits); offsets are evaluated once per execution. */
export interface WindowFrame {
  options: number;
  startOffset: Expr | null;
  endOffset: Expr | null;
  /** RANGE with an offset: the ORDER BY key's type, which picks the in_range function. */
  inRange: { columnType: number; offsetType: number } | null;
}

/** One window function (or aggregate used as one) of a Window node, over frames[frame]. */
export interface WindowCall {
  proc: ProcRow;
  isAgg: boolean;
  args: Expr[];
  argTypes: number[];
  resultType: number;
  filter: Expr | null;
  frame: number;
}

/**
 * Window functions over windows that share PARTITION BY and ORDER BY: the input rows sorted by
 * the partition keys then the order keys (as PostgreSQL's Sort orders rows equal in both), each
 * row followed by each call's value: rows [input..., calls...], in the sorted order.
 */
export interface WindowNode {
  kind: 'window';
  input: PlanNode;
  partition: WindowKey[];
  order: WindowKey[];
  frames: WindowFrame[];
  calls: WindowCall[];
}

/**
 * GROUP BY GROUPING SETS / ROLLUP / CUBE: the input rows grouped once per grouping set (`sets`
 * are lists of indexes into `keys`; keys outside a set are NULL in its rows), each group's row
 * [keys..., aggs..., grouping...], where `grouping[g][s]` is GROUPING expression g's value in
 * set s. An empty set yields one row even for no input.
 */
export interface GroupingSetsNode {
  kind: 'groupingsets';
  input: PlanNode;
  keys: Expr[];
  keyTypes: number[];
  aggs: AggSpec[];
  sets: number[][];
  grouping: number[][];
}
