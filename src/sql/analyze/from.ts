// The FROM clause (PostgreSQL's transformFromClause): tables, views and sequences (with
// aliases and column aliases), VALUES lists and subqueries in FROM, and joins — INNER, LEFT,
// RIGHT, FULL, CROSS, with ON, USING or NATURAL. Each item becomes a range entry and scope
// items through which column references resolve.
import { SqlState } from '../../errors.js';
import { requireRelation, tableShape } from '../catalog-access.js';
import { analyzeExpr, coerceToBoolean, type ExprContext } from '../expr/analyze-expr.js';
import { makeOperator } from '../expr/analyze-operator.js';
import { coerceToCommonType, selectCommonType } from '../expr/coerce.js';
import type { CoalesceExpr, Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { FromScope, tooManyColumns, type FromNode, type JoinType, type RangeEntry, type ScopeItem } from './range-table.js';
import { outputColumns, type Query } from './query.js';
import { storedExprState } from './stored-expr.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { analyzeSubquery } from './select.js';
import { analyzeRangeFunction } from './range-function.js';
import { SEQUENCE_COLUMNS } from '../system/sequence-relation.js';

const JOIN_TYPES: Record<string, JoinType> = { JOIN_INNER: 'inner', JOIN_LEFT: 'left', JOIN_RIGHT: 'right', JOIN_FULL: 'full' };

/** Analyzes the FROM list into the query's range table and scope; returns the join trees. */
export function analyzeFrom(cx: ExprContext, items: Node[], scope: FromScope): FromNode[] {
  // a LATERAL item (and any function in FROM) sees the items to its left
  const nodes = items.map((item) => analyzeFromItem(cx, item, scope, scope.items, scope.items.slice()));
  scope.checkNameConflicts(cx.ps);
  return nodes;
}

/** Applies `AS alias (c1, c2)` to a new range entry. */
function applyAlias(cx: ExprContext, entry: RangeEntry, alias: Node | undefined): void {
  if (!alias) return;
  entry.alias = alias.aliasname;
  const cols: Node[] = alias.colnames ?? [];
  if (cols.length > entry.columnNames.length) throw tooManyColumns(cx.ps, entry.alias, entry.columnNames.length, cols.length);
  cols.forEach((c, i) => (entry.columnNames[i] = c.String.sval));
}

function addRange(scope: FromScope, entry: RangeEntry, target: ScopeItem[]): number {
  const range = scope.ranges.length;
  scope.ranges.push(entry);
  target.push({ range, qualified: true, hidden: new Set(), unqualified: true });
  return range;
}

/**
 * A view as a FROM item: its stored query analyzed again as a subquery (seeing no WITH
 * queries of the statement), its columns named as the view names them.
 */
function viewRange(cx: ExprContext, view: RelationRecord, rv: Node): RangeEntry {
  const { session, catalog } = cx.ps.requireEnv;
  const ps = storedExprState(session, catalog);
  const query = analyzeSubquery({ ps, scope: null, clause: 'SELECT' }, (view.viewQuery as Node).SelectStmt, new FromScope([], null));
  const columns = outputColumns(query);
  if (columns.length < view.columns.length) {
    throw cx.ps.error(SqlState.InvalidObjectDefinition, `view "${view.name}" has lost columns its definition had`, rv.location);
  }
  const entry: RangeEntry = {
    kind: 'subquery',
    alias: view.name,
    columnNames: view.columns.map((c) => c.name),
    columnTypes: view.columns.map((c, i) => columns[i]!.type ?? c.typeOid),
    columnTypmods: view.columns.map((c, i) => columns[i]!.typmod ?? c.typmod),
    subquery: query.targets.filter((t) => !t.junk).length === view.columns.length ? query : trimColumns(query, view.columns.length),
    viewOid: view.oid,
    location: rv.location,
  };
  applyAlias(cx, entry, rv.alias);
  return entry;
}

/** A sequence as a FROM item: one row of its state (last_value, log_cnt, is_called). */
function sequenceRange(cx: ExprContext, sequence: RelationRecord, rv: Node): RangeEntry {
  const entry: RangeEntry = {
    kind: 'system',
    alias: sequence.name,
    columnNames: SEQUENCE_COLUMNS.map((c) => c.name),
    columnTypes: SEQUENCE_COLUMNS.map((c) => c.type),
    columnTypmods: SEQUENCE_COLUMNS.map(() => -1),
    systemOid: sequence.oid,
    sequence: true,
    location: rv.location,
  };
  applyAlias(cx, entry, rv.alias);
  return entry;
}

/** A query's output cut to its first `n` columns (the ones the view was created with). */
function trimColumns(q: Query, n: number): Query {
  let seen = 0;
  return { ...q, targets: q.targets.map((t) => (t.junk ? t : { ...t, junk: seen++ >= n })) };
}

/** A scope in which the FROM items to the left of a LATERAL item are visible. */
function lateralScope(scope: FromScope, visible: ScopeItem[], forbidden: ReadonlySet<number>): FromScope {
  const s = new FromScope(scope.ranges, scope.parent);
  s.ctes = scope.ctes;
  s.lateralForbidden = forbidden;
  for (const it of visible) s.add(it);
  return s;
}

function analyzeFromItem(cx: ExprContext, item: Node, scope: FromScope, target: ScopeItem[], visible: ScopeItem[], forbidden: ReadonlySet<number> = new Set()): FromNode {
  const [kind, body] = Object.entries(item)[0] as [string, Node];
  switch (kind) {
    case 'RangeVar': {
      const cte = body.schemaname ? undefined : scope.findCte(body.relname);
      if (cte?.dml && !cte.dml.returning) {
        throw cx.ps.error(SqlState.FeatureNotSupported, `WITH query "${cte.name}" does not have a RETURNING clause`, body.location);
      }
      if (cte) {
        const entry: RangeEntry = {
          kind: 'cte',
          alias: cte.name,
          columnNames: cte.columnNames.slice(),
          columnTypes: cte.columnTypes,
          columnTypmods: cte.columnTypmods,
          cteId: cte.id,
          location: body.location,
        };
        applyAlias(cx, entry, body.alias);
        return { kind: 'range', range: addRange(scope, entry, target) };
      }
      const env = cx.ps.requireEnv;
      // ONLY (pg_dump's `FROM ONLY t`) reads the same rows: Treeline has no inheritance or partitions
      const record = requireRelation(env.session, env.catalog, { schema: body.schemaname, name: body.relname }, ['r', 'v', 'S'], cx.ps.position(body.location));
      if (record.system) {
        const entry: RangeEntry = {
          kind: 'system',
          alias: record.name,
          columnNames: record.columns.map((c) => c.name),
          columnTypes: record.columns.map((c) => c.typeOid),
          columnTypmods: record.columns.map((c) => c.typmod),
          systemOid: record.oid,
          location: body.location,
        };
        applyAlias(cx, entry, body.alias);
        return { kind: 'range', range: addRange(scope, entry, target) };
      }
      if (record.relkind === 'v') return { kind: 'range', range: addRange(scope, viewRange(cx, record, body), target) };
      if (record.relkind === 'S') return { kind: 'range', range: addRange(scope, sequenceRange(cx, record, body), target) };
      const entry: RangeEntry = {
        kind: 'table',
        alias: record.name,
        columnNames: record.columns.map((c) => (c.dropped ? '' : c.name)),
        columnTypes: record.columns.map((c) => c.typeOid),
        columnTypmods: record.columns.map((c) => c.typmod),
        table: { record, shape: tableShape(env.catalog, record) },
        location: body.location,
      };
      applyAlias(cx, entry, body.alias);
      return { kind: 'range', range: addRange(scope, entry, target) };
    }
    case 'RangeSubselect': {
      const query = analyzeSubquery(cx, body.subquery.SelectStmt, body.lateral ? lateralScope(scope, visible, forbidden) : scope.barrier());
      const columns = outputColumns(query);
      const entry: RangeEntry = {
        kind: 'subquery',
        alias: body.alias?.aliasname ?? '',
        columnNames: columns.map((t) => t.name),
        columnTypes: columns.map((t) => t.type),
        columnTypmods: columns.map((t) => t.typmod),
        subquery: query,
        lateral: body.lateral === true,
        location: -1,
      };
      if (!body.alias) throw cx.ps.error(SqlState.SyntaxError, 'subquery in FROM must have an alias', -1, { hint: 'For example, FROM (SELECT ...) [AS] foo.' });
      applyAlias(cx, entry, body.alias);
      return { kind: 'range', range: addRange(scope, entry, target) };
    }
    case 'JoinExpr':
      return analyzeJoin(cx, body, scope, target, visible);
    case 'RangeFunction': {
      const entry = analyzeRangeFunction({ ...cx, scope: lateralScope(scope, visible, forbidden), clause: 'FROM function' }, body);
      return { kind: 'range', range: addRange(scope, entry, target) };
    }
    default:
      throw cx.ps.error(SqlState.FeatureNotSupported, `${kind} in FROM is not supported yet`, -1);
  }
}

function analyzeJoin(cx: ExprContext, j: Node, scope: FromScope, target: ScopeItem[], visible: ScopeItem[]): FromNode {
  const leftItems: ScopeItem[] = [];
  const rightItems: ScopeItem[] = [];
  const firstLeft = scope.ranges.length;
  const left = analyzeFromItem(cx, j.larg, scope, leftItems, visible);
  // the right side of a RIGHT or FULL join may not read the left side laterally
  const noLateral = j.jointype === 'JOIN_RIGHT' || j.jointype === 'JOIN_FULL' ? new Set(leftItems.map((it) => it.range)) : new Set<number>();
  const firstRight = scope.ranges.length;
  const right = analyzeFromItem(cx, j.rarg, scope, rightItems, [...visible, ...leftItems], noLateral);
  const type: JoinType = j.jointype === 'JOIN_INNER' && !j.quals && !j.usingClause && !j.isNatural ? 'inner' : JOIN_TYPES[j.jointype as string] ?? 'inner';
  if (!JOIN_TYPES[j.jointype as string]) throw cx.ps.error(SqlState.FeatureNotSupported, `${j.jointype} is not supported yet`, -1);
  // the FROM items an outer join may fill with NULLs
  const markNullable = (from: number, to: number) => scope.ranges.slice(from, to).forEach((r) => (r.nullable = true));
  if (type === 'left' || type === 'full') markNullable(firstRight, scope.ranges.length);
  if (type === 'right' || type === 'full') markNullable(firstLeft, firstRight);

  // columns of the two sides, as this join's inputs
  const sideColumns = (items: ScopeItem[]) =>
    items.flatMap((it) => {
      const r = scope.ranges[it.range]!;
      return r.columnNames
        .map((name, i) => ({ name, item: it, i }))
        .filter((c) => c.name !== '' && !c.item.hidden.has(c.i) && (!c.item.onlyColumns || c.item.onlyColumns.has(c.i)) && c.item.unqualified);
    });
  const leftCols = sideColumns(leftItems);
  const rightCols = sideColumns(rightItems);

  let usingNames: string[] = (j.usingClause ?? []).map((n: Node) => n.String.sval as string);
  if (j.isNatural) usingNames = leftCols.map((c) => c.name).filter((n) => rightCols.some((r) => r.name === n));

  const joinColumns: Expr[] = [];
  const names: string[] = [];
  const quals: Expr[] = [];
  const exprOf = (c: { item: ScopeItem; i: number }) => scope.columnExpr(c.item.range, c.i, 0, -1);
  for (const name of usingNames) {
    const l = leftCols.filter((c) => c.name === name);
    const r = rightCols.filter((c) => c.name === name);
    if (l.length === 0) throw cx.ps.error(SqlState.UndefinedColumn, `column "${name}" specified in USING clause does not exist in left table`, -1);
    if (r.length === 0) throw cx.ps.error(SqlState.UndefinedColumn, `column "${name}" specified in USING clause does not exist in right table`, -1);
    if (l.length > 1) throw cx.ps.error(SqlState.AmbiguousColumn, `common column name "${name}" appears more than once in left table`, -1);
    if (r.length > 1) throw cx.ps.error(SqlState.AmbiguousColumn, `common column name "${name}" appears more than once in right table`, -1);
    let le = exprOf(l[0]!);
    let re = exprOf(r[0]!);
    const common = selectCommonType(cx.ps, [le, re], 'JOIN/USING');
    le = coerceToCommonType(cx.ps, le, common, 'JOIN/USING');
    re = coerceToCommonType(cx.ps, re, common, 'JOIN/USING');
    quals.push(makeEquality(cx, le, re));
    const merged: Expr =
      type === 'full'
        ? ({ kind: 'coalesce', args: [le, re], type: common, typmod: -1 } satisfies CoalesceExpr)
        : type === 'right'
          ? re
          : le;
    joinColumns.push(merged);
    names.push(name);
    l[0]!.item.hidden.add(l[0]!.i);
    r[0]!.item.hidden.add(r[0]!.i);
  }
  const mergedCount = names.length;
  for (const c of [...leftCols, ...rightCols]) {
    if (usingNames.includes(c.name) && c.item.hidden.has(c.i)) continue;
    joinColumns.push(exprOf(c));
    names.push(c.name);
  }
  const entry: RangeEntry = {
    kind: 'join',
    alias: j.alias?.aliasname ?? '',
    columnNames: names,
    columnTypes: joinColumns.map((e) => e.type),
    columnTypmods: joinColumns.map((e) => e.typmod),
    joinColumns,
    location: -1,
  };
  const range = scope.ranges.length;
  scope.ranges.push(entry);
  if (j.quals) {
    // ON sees the join's two inputs
    const onScope = new FromScope(scope.ranges, scope.parent);
    for (const it of [...leftItems, ...rightItems]) onScope.add(it);
    quals.push(coerceToBoolean(cx, analyzeExpr({ ...cx, scope: onScope, clause: 'JOIN/ON' }, j.quals), 'JOIN/ON'));
  }
  if (j.alias) {
    // an aliased join hides its inputs' names: only the alias is visible above it
    applyAlias(cx, entry, j.alias);
    target.push({ range, qualified: true, hidden: new Set(), unqualified: true });
  } else {
    target.push(...leftItems, ...rightItems);
    if (mergedCount > 0) {
      target.push({ range, qualified: false, hidden: new Set(), unqualified: true, onlyColumns: new Set(Array.from({ length: mergedCount }, (_, i) => i)) });
    }
  }
  const condition = quals.length === 0 ? null : quals.length === 1 ? quals[0]! : ({ kind: 'and', args: quals, type: 16, typmod: -1 } as Expr);
  return { kind: 'join', range, type, left, right, quals: condition };
}

function makeEquality(cx: ExprContext, l: Expr, r: Expr): Expr {
  return makeOperator(cx.ps, ['='], l, r, -1);
}
