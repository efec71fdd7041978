// ORDER BY, GROUP BY and DISTINCT [ON] items, resolved against the select list as PostgreSQL
// does (findTargetlistEntrySQL92/SQL99): an output column name, an output position, or an
// expression — equal to a select-list item, or added as a junk item. In GROUP BY a bare name
// that is also an input column means the input column. Then the rules that tie them together:
// with DISTINCT, ORDER BY must use select-list items; DISTINCT ON must lead ORDER BY.
import { SqlState } from '../../errors.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import { makeOperator } from '../expr/analyze-operator.js';
import { exprEquals, findExpr } from '../expr/expr-walk.js';
import { exprLocation, type Expr, type FuncExpr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import type { SortClause, TargetEntry } from './query.js';
import { nameParts } from './typename.js';
import { resolveUnknown } from './target-list.js';

type Clause = 'ORDER BY' | 'GROUP BY' | 'DISTINCT ON';
type WindowClauseName = 'window ORDER BY' | 'window PARTITION BY';

/** Implicit casts PostgreSQL ignores when matching an item with the select list. */
function stripImplicit(e: Expr): Expr {
  if (e.kind === 'relabel') return stripImplicit(e.arg);
  if (e.kind === 'func' && e.format === 'implicit' && e.args.length >= 1) return stripImplicit(e.args[0]!);
  return e;
}

/** The select-list index an ORDER BY / GROUP BY / DISTINCT ON item refers to (adding junk). */
export function findTarget(cx: ExprContext, node: Node, targets: TargetEntry[], clause: Clause): number {
  const fields: Node[] | undefined = node.ColumnRef?.fields;
  if (fields && fields.length === 1 && fields[0].String) {
    let name: string | null = fields[0].String.sval;
    // in GROUP BY an input column wins over an output column of the same name
    if (clause === 'GROUP BY' && cx.scope?.resolveColumn(cx.ps, [name!], node.ColumnRef.location)) name = null;
    if (name !== null) {
      let found = -1;
      targets.forEach((t, i) => {
        if (t.junk || t.name !== name) return;
        if (found >= 0 && !exprEquals(targets[found]!.expr, t.expr)) {
          throw cx.ps.error(SqlState.AmbiguousColumn, `${clause} "${name}" is ambiguous`, node.ColumnRef.location);
        }
        if (found < 0) found = i;
      });
      if (found >= 0) return checkGroupByTarget(cx, targets, found, clause);
    }
  }
  if (node.A_Const) {
    const c = node.A_Const;
    if (c.ival !== undefined) {
      const position = Number(c.ival.ival ?? 0);
      const visible = targets.filter((t) => !t.junk).length;
      if (position < 1 || position > visible) {
        throw cx.ps.error(SqlState.InvalidColumnReference, `${clause} position ${position} is not in select list`, c.location);
      }
      return checkGroupByTarget(cx, targets, position - 1, clause);
    }
    throw cx.ps.error(SqlState.SyntaxError, `non-integer constant in ${clause}`, c.location);
  }
  const expr = resolveUnknown(cx, analyzeExpr({ ...cx, clause }, node), clause);
  const i = targets.findIndex((t) => exprEquals(stripImplicit(t.expr), expr));
  if (i >= 0) return i;
  targets.push({ expr, name: '?column?', junk: true });
  return targets.length - 1;
}

/**
 * A GROUP BY item naming a select-list entry (by name or position) may not name an aggregate
 * or a window function (PostgreSQL's checkTargetlistEntrySQL92).
 */
function checkGroupByTarget(cx: ExprContext, targets: TargetEntry[], index: number, clause: Clause): number {
  if (clause !== 'GROUP BY') return index;
  const e = targets[index]!.expr;
  const agg = findExpr(e, (x) => x.kind === 'agg' || x.kind === 'groupingfunc');
  if (agg) throw cx.ps.error(SqlState.GroupingError, 'aggregate functions are not allowed in GROUP BY', exprLocation(agg));
  const win = findExpr(e, (x) => x.kind === 'window');
  if (win) throw cx.ps.error(SqlState.WindowingError, 'window functions are not allowed in GROUP BY', exprLocation(win));
  return index;
}

/**
 * A window's PARTITION BY / ORDER BY item under SQL99 rules (findTargetlistEntrySQL99): always
 * an expression (names and numbers mean columns and constants), equal to a select-list entry
 * (junk ones too) or added as a junk entry.
 */
export function findTargetSql99(cx: ExprContext, node: Node, targets: TargetEntry[], clause: WindowClauseName): number {
  const expr = resolveUnknown(cx, analyzeExpr({ ...cx, clause }, node), clause);
  const i = targets.findIndex((t) => exprEquals(stripImplicit(t.expr), expr));
  if (i >= 0) return i;
  targets.push({ expr, name: '?column?', junk: true });
  return targets.length - 1;
}

/** The `<` operator of an item's type, for sorting (42883 when the type has none). */
export function orderingOperator(cx: ExprContext, e: Expr, location: number): FuncExpr {
  try {
    return makeOperator(cx.ps, ['<'], e, e, location) as FuncExpr;
  } catch {
    throw cx.ps.error(SqlState.UndefinedFunction, `could not identify an ordering operator for type ${cx.ps.typeText(e.type)}`, location, {
      hint: 'Use an explicit ordering operator or modify the query.',
    });
  }
}

/** Grouping and DISTINCT need equality on the item's type (42883 when it has none). */
export function requireEquality(cx: ExprContext, e: Expr, location: number): void {
  try {
    makeOperator(cx.ps, ['='], e, e, location);
  } catch {
    throw cx.ps.error(SqlState.UndefinedFunction, `could not identify an equality operator for type ${cx.ps.typeText(e.type)}`, location);
  }
}

/**
 * The direction of `ORDER BY e USING op`: descending for ">" (and text's ~>~), ascending for
 * "<" (and ~<~); the operator must exist for the item's type (42883), and other operators
 * are not ordering operators (42809), as in PostgreSQL.
 */
export function usingDescending(cx: ExprContext, sb: Node, e: Expr): boolean {
  const names = nameParts(sb.useOp as Node[]);
  makeOperator(cx.ps, names, e, e, sb.location);
  const op = names[names.length - 1]!;
  if (op === '<' || op === '~<~') return false;
  if (op === '>' || op === '~>~') return true;
  throw cx.ps.error(SqlState.WrongObjectType, `operator ${op} is not a valid ordering operator`, sb.location, {
    hint: 'Ordering operators must be "<" or ">" members of btree operator families.',
  });
}

/** ASC / DESC / USING op and NULLS FIRST / LAST of a SortBy node over the analyzed item `e`. */
export function sortDirection(cx: ExprContext, sb: Node, e: Expr): { descending: boolean; nullsFirst: boolean } {
  const descending = sb.sortby_dir === 'SORTBY_USING' ? usingDescending(cx, sb, e) : sb.sortby_dir === 'SORTBY_DESC';
  const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_DEFAULT' ? descending : sb.sortby_nulls === 'SORTBY_NULLS_FIRST';
  return { descending, nullsFirst };
}

/** ORDER BY items; `window` reads a window's ORDER BY (SQL99 rules, duplicates dropped). */
export function analyzeSortClause(cx: ExprContext, list: Node[], targets: TargetEntry[], window = false): SortClause[] {
  const out: SortClause[] = [];
  for (const item of list) {
    const sb = item.SortBy;
    const target = window ? findTargetSql99(cx, sb.node, targets, 'window ORDER BY') : findTarget(cx, sb.node, targets, 'ORDER BY');
    const { descending, nullsFirst } = sortDirection(cx, sb, targets[target]!.expr);
    const less = orderingOperator(cx, targets[target]!.expr, exprNodeLocation(sb.node));
    if (window && out.some((o) => o.target === target && o.descending === descending)) continue;
    out.push({ target, less, descending, nullsFirst });
  }
  return out;
}

/** One GROUP BY item (not a grouping set) as a select-list index. */
export function groupTarget(cx: ExprContext, item: Node, targets: TargetEntry[]): number {
  const target = findTarget(cx, item, targets, 'GROUP BY');
  requireEquality(cx, targets[target]!.expr, exprNodeLocation(item));
  return target;
}

/** GROUP BY items as select-list indexes (duplicates removed, as PostgreSQL does). */
export function analyzeGroupClause(cx: ExprContext, list: Node[], targets: TargetEntry[]): number[] {
  const out: number[] = [];
  for (const item of list) {
    const target = groupTarget(cx, item, targets);
    if (!out.includes(target)) out.push(target);
  }
  return out;
}

/**
 * DISTINCT or DISTINCT ON: checks ORDER BY against it (transformDistinctClause /
 * transformDistinctOnClause) and returns the DISTINCT ON keys (null for plain DISTINCT).
 * DISTINCT ON keys that ORDER BY does not cover are appended to `sort`.
 */
export function analyzeDistinct(cx: ExprContext, clause: Node[], targets: TargetEntry[], sort: SortClause[]): number[] | null {
  const plain = clause.length === 1 && Object.keys(clause[0] ?? {}).length === 0;
  if (plain) {
    for (const s of sort) {
      const t = targets[s.target]!;
      if (t.junk) {
        throw cx.ps.error(SqlState.InvalidColumnReference, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', exprLocation(t.expr));
      }
    }
    for (const t of targets) if (!t.junk) requireEquality(cx, t.expr, exprLocation(t.expr));
    return null;
  }
  const keys: number[] = [];
  const locations: number[] = [];
  for (const item of clause) {
    const target = findTarget(cx, item, targets, 'DISTINCT ON');
    requireEquality(cx, targets[target]!.expr, exprNodeLocation(item));
    if (!keys.includes(target)) {
      keys.push(target);
      locations.push(exprNodeLocation(item));
    }
  }
  // ORDER BY may only start with DISTINCT ON items; keys it leaves out must not follow others
  const mismatch = (key: number) =>
    cx.ps.error(SqlState.InvalidColumnReference, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions', locations[keys.indexOf(key)]);
  let skipped = false;
  const covered = new Set<number>();
  for (const s of sort) {
    if (keys.includes(s.target)) {
      if (skipped) throw mismatch(s.target);
      covered.add(s.target);
    } else {
      skipped = true;
    }
  }
  for (const k of keys) if (!covered.has(k) && skipped) throw mismatch(k);
  // keys ORDER BY leaves out are sorted on too, ascending (so each key's rows are adjacent)
  for (const [i, k] of keys.entries()) {
    if (!covered.has(k)) sort.push({ target: k, less: orderingOperator(cx, targets[k]!.expr, locations[i]!), descending: false, nullsFirst: false });
  }
  return keys;
}
