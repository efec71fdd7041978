// The physical plan: a tree of operators the executor runs. Each node's output is a row
// (an array of values); expressions in a node read the row of the node below it (for a join,
// the left row followed by the right row), by position (ColumnExpr).
import type { LockMode } from '../../txn/row-locks.js';
import type { LockWait } from '../analyze/locking.js';
import type { ProcRow } from '../../catalog/builtins.js';
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { TableShape } from '../../txn/table-access.js';
import type { JoinType } from '../analyze/range-table.js';
import type { IndexPath } from './index-paths.js';
import type { GroupingSetsNode, WindowNode } from './window-node.js';

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

/** One aggregate an Agg node computes, its expressions reading the Agg node's input row. */
export interface AggSpec {
  proc: ProcRow;
  args: Expr[];
  argTypes: number[];
  resultType: number;
  distinct: boolean;
  order: { expr: Expr; less: FuncExpr; descending: boolean; nullsFirst: boolean }[];
  filter: Expr | null;
}

export type PlanNode =
  /** Window functions and GROUPING SETS (window-node.ts). */
  | WindowNode
  | GroupingSetsNode
  /** One row computed from expressions (SELECT without FROM); `qual` is a one-time filter. */
  | { kind: 'result'; exprs: Expr[]; qual: Expr | null }
  /** VALUES (...), (...): one row per list. */
  | { kind: 'values'; rows: Expr[][] }
  /**
   * Every row of a table, as the transaction sees it, in key order; with `emitKey` each row
   * ends with its storage key (for UPDATE ... FROM and DELETE ... USING).
   */
  | { kind: 'seqscan'; table: TableShape; alias: string; emitKey?: boolean }
  /**
   * The rows of a system relation (pg_catalog, information_schema), computed when read; with
   * `sequence`, `oid` is a sequence's and the one row is its state (sequence-relation.ts).
   */
  | { kind: 'systemscan'; oid: number; alias: string; sequence?: boolean }
  /**
   * SELECT … FOR UPDATE / SHARE (PostgreSQL's LockRows): locks, in each row that passes, the rows
   * of the locked tables, whose storage keys are at `keyColumn`; SKIP LOCKED drops a row instead.
   */
  | { kind: 'lockrows'; input: PlanNode; locks: { table: TableShape; keyColumn: number }[]; mode: LockMode; wait: LockWait }
  /** The rows of a table within key ranges of its primary key or an index (index-paths.ts). */
  | { kind: 'indexscan'; table: TableShape; alias: string; path: IndexPath; emitKey?: boolean }
  /**
   * Joins every left row with every right row the condition accepts. With `params` (a LATERAL
   * right side), the right side reads values of the left row and is run again for each one.
   */
  | {
      kind: 'nestloop';
      left: PlanNode;
      right: PlanNode;
      type: JoinType;
      qual: Expr | null;
      leftWidth: number;
      rightWidth: number;
      params?: { slot: number; value: Expr }[];
    }
  /**
   * Joins rows whose key values are equal through a hash table of the right input's rows
   * (keys converted to `keyTypes`; NULL keys never match); `qual` is then checked on each pair.
   */
  | {
      kind: 'hashjoin';
      left: PlanNode;
      right: PlanNode;
      type: JoinType;
      leftKeys: Expr[];
      rightKeys: Expr[];
      keyTypes: number[];
      qual: Expr | null;
      leftWidth: number;
      rightWidth: number;
    }
  /**
   * Functions in FROM: each call's values (rows of its OUT columns for some), zipped when
   * there are several (NULL where one ran out), then the row number WITH ORDINALITY.
   */
  | { kind: 'functionscan'; functions: Expr[]; widths: number[]; ordinality: boolean; alias?: string; columnNames?: string[] }
  /**
   * Set-returning functions in the select list: per input row, the functions' values side by
   * side (NULL for those that ran out) appended to the row, until all ran out.
   */
  | { kind: 'projectset'; input: PlanNode; functions: FuncExpr[] }
  /** Computes new rows from the input's rows. */
  | { kind: 'project'; input: PlanNode; exprs: Expr[] }
  | { kind: 'filter'; input: PlanNode; qual: Expr }
  | { kind: 'sort'; input: PlanNode; keys: SortKey[] }
  /**
   * OFFSET / LIMIT (FETCH FIRST); with `ties` (FETCH ... WITH TIES, over sorted input), the rows
   * after the last counted one that equal it on these keys come too.
   */
  | { kind: 'limit'; input: PlanNode; count: Expr | null; offset: Expr | null; ties?: SortKey[] }
  /**
   * Groups the input rows by `keys` (all rows one group when `grouped` is false, which yields
   * one row even for no input) and computes `aggs` per group: rows [keys..., aggs...].
   */
  | { kind: 'agg'; input: PlanNode; keys: Expr[]; keyTypes: number[]; aggs: AggSpec[]; grouped: boolean }
  /** Drops rows whose `keys` columns equal an earlier row's (the first of each stays). */
  | { kind: 'distinct'; input: PlanNode; keys: number[]; keyTypes: number[] }
  /** UNION / INTERSECT / EXCEPT [ALL] of two inputs of `width` columns. */
  | { kind: 'setop'; op: 'union' | 'intersect' | 'except'; all: boolean; left: PlanNode; right: PlanNode; width: number; types: number[] }
  /** Runs `input` with WITH queries available to ctescan nodes below it (each read at most once). */
  | { kind: 'ctescope'; ctes: { id: number; plan: PlanNode; name?: string }[]; input: PlanNode }
  /** The rows of a WITH query (`alias` and `columnNames` as the query names them, for EXPLAIN). */
  | { kind: 'ctescan'; id: number; alias?: string; columnNames?: string[] }
  /** WITH RECURSIVE: the non-recursive term, then the recursive term over the rows it last added until none. */
  | { kind: 'recursiveunion'; id: number; nonRecursive: PlanNode; recursive: PlanNode; all: boolean; width: number; types: number[] }
  /** Inside a recursive term: the rows the previous round added. */
  | { kind: 'worktablescan'; id: number; alias?: string; columnNames?: string[] };

/** A plan and the columns it returns (the first `columns.length` values of each row). */
export interface Plan {
  root: PlanNode;
  columns: OutputColumn[];
}
