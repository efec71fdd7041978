// UNION / INTERSECT / EXCEPT [ALL] (PostgreSQL's transformSetOperationStmt): each leaf SELECT
// is a query one level down; for each column both sides get a common type (unknown literals
// coerced to it, 42804 when there is none), the names come from the leftmost leaf, and ORDER
// BY may name only result columns (by name or position).
import { SqlState } from '../../errors.js';
import { analyzeExpr, exprNodeLocation, type ColumnScope, type ExprContext } from '../expr/analyze-expr.js';
import { coerceToCommonType, selectCommonType } from '../expr/coerce.js';
import { makeOperator } from '../expr/analyze-operator.js';
import { exprEquals } from '../expr/expr-walk.js';
import { exprLocation, type ColumnExpr, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import type { CteDef, Query, SetOpQuery, SetOpTree, SortClause, TargetEntry } from './query.js';
import type { FromScope } from './range-table.js';
import { analyzeLimitClauses, analyzeSubquery } from './select.js';
import { orderingOperator, sortDirection } from './sort-group.js';

const OPS: Record<string, 'union' | 'intersect' | 'except'> = { SETOP_UNION: 'union', SETOP_INTERSECT: 'intersect', SETOP_EXCEPT: 'except' };

/** A leaf's visible select-list entries (the ones a set operation combines). */
function visibleTargets(q: Query): TargetEntry[] {
  return q.targets.filter((t) => !t.junk);
}

interface Analyzed {
  tree: SetOpTree;
  /** The output columns as the leaves give them (after coercion of unknowns). */
  columns: Expr[];
  /** The leftmost leaf, whose column names the result takes. */
  leftmost: Query;
  firstLocation: number;
}

function analyzeTree(cx: ExprContext, stmt: Node, scope: FromScope, top: boolean): Analyzed {
  const op = OPS[stmt.op as string];
  const isLeaf = !op || (!top && (stmt.sortClause || stmt.limitCount || stmt.limitOffset || stmt.withClause));
  if (isLeaf) {
    const query = analyzeSubquery(cx, stmt, scope, { resolveUnknowns: false });
    const visible = visibleTargets(query);
    return { tree: { kind: 'leaf', query }, columns: visible.map((t) => t.expr), leftmost: query, firstLocation: visible[0] ? exprLocation(visible[0].expr) : -1 };
  }
  const name = op.toUpperCase();
  const left = analyzeTree(cx, stmt.larg, scope, false);
  const right = analyzeTree(cx, stmt.rarg, scope, false);
  if (left.columns.length !== right.columns.length) {
    throw cx.ps.error(SqlState.SyntaxError, `each ${name} query must have the same number of columns`, right.firstLocation);
  }
  const all = stmt.all === true;
  const types: number[] = [];
  const typmods: number[] = [];
  const columns: Expr[] = [];
  const coerce: [Expr[], Expr[]] = [[], []];
  left.columns.forEach((l, i) => {
    const r = right.columns[i]!;
    const type = selectCommonType(cx.ps, [l, r], name);
    // unknown literals take the common type in their leaf; other inputs are cast per side
    coerceLeafUnknown(cx, left.tree, i, type, name);
    coerceLeafUnknown(cx, right.tree, i, type, name);
    const lc = coerceToCommonType(cx.ps, l, type, name);
    coerceToCommonType(cx.ps, r, type, name);
    if (!all || op !== 'union') requireEquality(cx, lc, exprLocation(l));
    types.push(type);
    typmods.push(l.type === r.type && l.typmod === r.typmod ? l.typmod : -1);
    columns.push({ kind: 'column', index: i, name: '', type, typmod: typmods[i]! } satisfies ColumnExpr);
  });
  // each side's row, read by column position, cast to the chosen types
  [left, right].forEach((side, s) => {
    side.columns.forEach((c, i) => {
      const input: ColumnExpr = { kind: 'column', index: i, name: '', type: c.type === Oid.unknown ? types[i]! : c.type, typmod: c.typmod };
      coerce[s]!.push(input.type === types[i] ? input : coerceToCommonType(cx.ps, input, types[i]!, name));
    });
  });
  return { tree: { kind: 'op', op, all, left: left.tree, right: right.tree, types, typmods, coerce }, columns, leftmost: left.leftmost, firstLocation: left.firstLocation };
}

/** Replaces an unknown-type literal or parameter output of a leaf by its coercion to `type`. */
function coerceLeafUnknown(cx: ExprContext, tree: SetOpTree, column: number, type: number, context: string): void {
  if (tree.kind !== 'leaf') return;
  const t = visibleTargets(tree.query)[column]!;
  if (t.expr.type === Oid.unknown && (t.expr.kind === 'const' || t.expr.kind === 'param')) t.expr = coerceToCommonType(cx.ps, t.expr, type, context);
}

function requireEquality(cx: ExprContext, e: Expr, location: number): void {
  try {
    makeOperator(cx.ps, ['='], e, e, location);
  } catch {
    throw cx.ps.error(SqlState.UndefinedFunction, `could not identify an equality operator for type ${cx.ps.typeText(e.type)}`, location);
  }
}

export function analyzeSetOperation(cx: ExprContext, stmt: Node, scope: FromScope, ctes: CteDef[]): SetOpQuery {
  const analyzed = analyzeTree(cx, stmt, scope, true);
  const tree = analyzed.tree as SetOpQuery['tree'];
  const names = visibleTargets(analyzed.leftmost).map((t) => t.name);
  const targets: TargetEntry[] = analyzed.columns.map((c, i) => ({ expr: { ...(c as ColumnExpr), name: names[i]! }, name: names[i]!, junk: false }));
  const sort = analyzeSetOpSort(cx, stmt.sortClause ?? [], targets);
  return {
    kind: 'setop',
    tree,
    targets,
    sort,
    ...analyzeLimitClauses(cx, stmt),
    ctes,
  };
}

/** ORDER BY over a set operation's result: its column names or positions only. */
function analyzeSetOpSort(cx: ExprContext, list: Node[], targets: TargetEntry[]): SortClause[] {
  const outputs: ColumnScope = {
    resolveColumn: (_ps, names) => {
      if (names.length !== 1) return null;
      const i = targets.findIndex((t) => t.name === names[0]);
      return i >= 0 ? targets[i]!.expr : null;
    },
  };
  return list.map((item) => {
    const sb = item.SortBy;
    const node: Node = sb.node;
    let target: number;
    if (node.A_Const?.ival !== undefined) {
      const position = Number(node.A_Const.ival.ival ?? 0);
      if (position < 1 || position > targets.length) {
        throw cx.ps.error(SqlState.InvalidColumnReference, `ORDER BY position ${position} is not in select list`, node.A_Const.location);
      }
      target = position - 1;
    } else {
      const e = analyzeExpr({ ps: cx.ps, scope: outputs, clause: 'ORDER BY' }, node);
      target = targets.findIndex((t) => exprEquals(t.expr, e));
      if (target < 0) {
        throw cx.ps.error(SqlState.FeatureNotSupported, 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause', exprNodeLocation(node), {
          detail: 'Only result column names can be used, not expressions or functions.',
          hint: 'Add the expression/function to every SELECT, or move the UNION into a FROM clause.',
        });
      }
    }
    const { descending, nullsFirst } = sortDirection(cx, sb, targets[target]!.expr);
    return { target, less: orderingOperator(cx, targets[target]!.expr, exprNodeLocation(node)), descending, nullsFirst };
  });
}
