// Analysis of SELECT and VALUES (PostgreSQL's transformSelectStmt): the select list with
// PostgreSQL's column names and types (unknown literals become text), WHERE, ORDER BY by
// output name, position or expression, LIMIT/OFFSET. Clauses Treeline cannot run yet are
// refused with 0A000 naming the clause, never ignored.
import { SqlState } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import { coerceToCommonType, coerceToTargetType, selectCommonType } from '../expr/coerce.js';
import { analyzeExpr, coerceToBoolean, exprNodeLocation, type ColumnScope, type ExprContext } from '../expr/analyze-expr.js';
import { makeOperator } from '../expr/analyze-operator.js';
import type { Expr, FuncExpr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { figureColname } from './figure-colname.js';
import type { ParseState } from './parse-state.js';
import { analyzeFrom } from './from.js';
import { FromScope, type FromNode, type RangeEntry } from './range-table.js';

export interface TargetEntry {
  expr: Expr;
  name: string;
  /** A sort key that is not part of the output. */
  junk: boolean;
}

export interface SortClause {
  /** Index into targets. */
  target: number;
  less: FuncExpr;
  descending: boolean;
  nullsFirst: boolean;
}

export interface SelectQuery {
  kind: 'select';
  /** The FROM items (a VALUES statement has one VALUES entry). */
  ranges: RangeEntry[];
  /** The join trees of the FROM list (several: a cross product). */
  from: FromNode[];
  targets: TargetEntry[];
  where: Expr | null;
  sort: SortClause[];
  limit: Expr | null;
  offset: Expr | null;
}

/** Clauses of a SelectStmt and how users call them, for "not supported yet" errors. */
const UNSUPPORTED_CLAUSES: [key: string, name: string][] = [
  ['withClause', 'WITH'],
  ['intoClause', 'SELECT INTO'],
  ['groupClause', 'GROUP BY'],
  ['havingClause', 'HAVING'],
  ['windowClause', 'WINDOW'],
  ['distinctClause', 'DISTINCT'],
  ['lockingClause', 'FOR UPDATE/SHARE'],
];

export function analyzeSelect(ps: ParseState, stmt: Node): SelectQuery {
  return analyzeSelectIn({ ps, scope: null, clause: 'SELECT' }, stmt, null);
}

/** A subquery: analyzed with the enclosing query's scope as its parent (correlation). */
export function analyzeSubquery(cx: ExprContext, stmt: Node, parent: FromScope | null): SelectQuery {
  return analyzeSelectIn(cx, stmt, parent);
}

function analyzeSelectIn(outer: ExprContext, stmt: Node, parent: FromScope | null): SelectQuery {
  const ps = outer.ps;
  if (stmt.op && stmt.op !== 'SETOP_NONE') {
    const op = String(stmt.op).replace('SETOP_', '');
    throw ps.error(SqlState.FeatureNotSupported, `${op} is not supported yet`);
  }
  for (const [key, name] of UNSUPPORTED_CLAUSES) {
    const value = stmt[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw ps.error(SqlState.FeatureNotSupported, `${name} is not supported yet`, exprNodeLocation(Array.isArray(value) ? value[0] : value));
  }
  if (stmt.limitOption === 'LIMIT_OPTION_WITH_TIES') {
    throw ps.error(SqlState.FeatureNotSupported, 'FETCH ... WITH TIES is not supported yet');
  }
  const scope = new FromScope([], parent);
  const cx: ExprContext = { ps, scope, clause: 'SELECT' };
  let from: FromNode[];
  let targets: TargetEntry[];
  if (stmt.valuesLists) {
    const values = analyzeValues(cx, stmt.valuesLists);
    const row = values[0]!;
    const names = row.map((_, i) => `column${i + 1}`);
    scope.ranges.push({
      kind: 'values',
      alias: '*VALUES*',
      columnNames: names,
      columnTypes: row.map((e) => e.type),
      columnTypmods: row.map((e) => e.typmod),
      values,
      location: -1,
    });
    from = [{ kind: 'range', range: 0 }];
    targets = row.map((_e, i) => ({ expr: scope.columnExpr(0, i, 0, -1), name: names[i]!, junk: false }));
  } else {
    from = stmt.fromClause ? analyzeFrom(cx, stmt.fromClause, scope) : [];
    targets = analyzeTargetList(cx, stmt.targetList ?? [], from);
  }
  const where = stmt.whereClause ? coerceToBoolean({ ...cx, clause: 'WHERE' }, analyzeExpr({ ...cx, clause: 'WHERE' }, stmt.whereClause), 'WHERE') : null;
  const sort = analyzeSortClause(cx, stmt.sortClause ?? [], targets);
  const limit = stmt.limitCount ? analyzeLimit(cx, stmt.limitCount, 'LIMIT') : null;
  const offset = stmt.limitOffset ? analyzeLimit(cx, stmt.limitOffset, 'OFFSET') : null;
  return { kind: 'select', ranges: scope.ranges, from, targets, where, sort, limit, offset };
}

/** The columns `*` stands for: every column of the FROM items, joins' merged columns first. */
export function expandStar(scope: FromScope, from: readonly FromNode[]): { expr: Expr; name: string }[] {
  const out: { expr: Expr; name: string }[] = [];
  for (const node of from) {
    const r = scope.ranges[node.range]!;
    r.columnNames.forEach((name, i) => {
      if (name !== '') out.push({ expr: scope.columnExpr(node.range, i, 0, -1), name });
    });
  }
  return out;
}

/** The columns `t.*` stands for. */
function expandQualifiedStar(cx: ExprContext, scope: FromScope, qualifier: string, location: number): { expr: Expr; name: string }[] {
  const item = scope.findItem(cx.ps, qualifier, location);
  if (!item) throw scope.missingEntry(cx.ps, qualifier, location);
  const r = scope.ranges[item.range]!;
  return r.columnNames.flatMap((name, i) => (name === '' ? [] : [{ expr: scope.columnExpr(item.range, i, 0, location), name }]));
}

export function analyzeTargetList(cx: ExprContext, list: Node[], from: readonly FromNode[]): TargetEntry[] {
  const out: TargetEntry[] = [];
  const scope = cx.scope as FromScope;
  for (const item of list) {
    const rt = item.ResTarget;
    const val = rt.val;
    const fields: Node[] | undefined = val?.ColumnRef?.fields;
    if (fields && fields[fields.length - 1].A_Star) {
      const location = val.ColumnRef.location;
      if (fields.length === 1) {
        if (from.length === 0) throw cx.ps.error(SqlState.SyntaxError, 'SELECT * with no tables specified is not valid', location);
        for (const c of expandStar(scope, from)) out.push({ expr: c.expr, name: c.name, junk: false });
      } else {
        for (const c of expandQualifiedStar(cx, scope, fields[fields.length - 2].String.sval, location)) out.push({ expr: c.expr, name: c.name, junk: false });
      }
      continue;
    }
    let expr = analyzeExpr(cx, val);
    // PostgreSQL resolves unknown-type outputs (literals, parameters) as text.
    if (expr.type === Oid.unknown) expr = coerceToCommonType(cx.ps, expr, Oid.text, 'SELECT');
    out.push({ expr, name: rt.name ?? figureColname(val), junk: false });
  }
  return out;
}

function analyzeValues(cx: ExprContext, lists: Node[]): Expr[][] {
  const rows = lists.map((l) => (l.List.items as Node[]).map((n) => analyzeExpr(cx, n)));
  const width = rows[0]!.length;
  for (const row of rows) {
    if (row.length !== width) {
      throw cx.ps.error(SqlState.SyntaxError, 'VALUES lists must all be the same length', exprNodeLocation(lists[rows.indexOf(row)].List.items[0]));
    }
  }
  for (let c = 0; c < width; c++) {
    const column = rows.map((r) => r[c]!);
    const type = selectCommonType(cx.ps, column, 'VALUES');
    for (const row of rows) row[c] = coerceToCommonType(cx.ps, row[c]!, type, 'VALUES');
  }
  return rows;
}

function analyzeSortClause(cx: ExprContext, list: Node[], targets: TargetEntry[]): SortClause[] {
  const out: SortClause[] = [];
  for (const item of list) {
    const sb = item.SortBy;
    if (sb.sortby_dir === 'SORTBY_USING') {
      throw cx.ps.error(SqlState.FeatureNotSupported, 'ORDER BY ... USING is not supported yet', sb.location);
    }
    const target = findSortTarget(cx, sb.node, targets);
    const descending = sb.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_DEFAULT' ? descending : sb.sortby_nulls === 'SORTBY_NULLS_FIRST';
    const e = targets[target]!.expr;
    let less: FuncExpr;
    try {
      less = makeOperator(cx.ps, ['<'], e, e, exprNodeLocation(sb.node)) as FuncExpr;
    } catch {
      throw cx.ps.error(SqlState.UndefinedFunction, `could not identify an ordering operator for type ${formatType(e.type)}`, exprNodeLocation(sb.node), {
        hint: 'Use an explicit ordering operator or modify the query.',
      });
    }
    out.push({ target, less, descending, nullsFirst });
  }
  return out;
}

/** PostgreSQL's findTargetlistEntrySQL92: an output name, an output position, or an expression. */
function findSortTarget(cx: ExprContext, node: Node, targets: TargetEntry[]): number {
  const fields: Node[] | undefined = node.ColumnRef?.fields;
  if (fields && fields.length === 1 && fields[0].String) {
    const name: string = fields[0].String.sval;
    let found = -1;
    targets.forEach((t, i) => {
      if (t.junk || t.name !== name) return;
      if (found >= 0) {
        throw cx.ps.error(SqlState.AmbiguousColumn, `ORDER BY "${name}" is ambiguous`, node.ColumnRef.location);
      }
      found = i;
    });
    if (found >= 0) return found;
  }
  const ival = node.A_Const?.ival;
  if (node.A_Const && ival !== undefined) {
    const position = Number(ival.ival ?? 0);
    const visible = targets.filter((t) => !t.junk).length;
    if (position < 1 || position > visible) {
      throw cx.ps.error(SqlState.InvalidColumnReference, `ORDER BY position ${position} is not in select list`, node.A_Const.location);
    }
    return position - 1;
  }
  let expr = analyzeExpr(cx, node);
  if (expr.type === Oid.unknown) expr = coerceToCommonType(cx.ps, expr, Oid.text, 'ORDER BY');
  targets.push({ expr, name: '?column?', junk: true });
  return targets.length - 1;
}

function analyzeLimit(cx: ExprContext, node: Node, clause: 'LIMIT' | 'OFFSET'): Expr | null {
  if (node.A_Const?.isnull) return null;
  const e = analyzeExpr({ ...cx, clause }, node);
  const coerced = coerceToTargetType(cx.ps, e, Oid.int8, -1, 'assignment', exprNodeLocation(node));
  if (!coerced) {
    throw cx.ps.error(SqlState.DatatypeMismatch, `argument of ${clause} must be type bigint, not type ${formatType(e.type)}`, exprNodeLocation(node));
  }
  return coerced;
}

export type { ColumnScope };
