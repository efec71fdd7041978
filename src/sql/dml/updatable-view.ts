// Automatically updatable views (PostgreSQL's view_query_is_auto_updatable and
// rewriteTargetView): INSERT, UPDATE and DELETE on a view that selects from one table, with no
// DISTINCT, GROUP BY, HAVING, LIMIT, set operation, WITH, aggregate, window or set-returning
// function, act on that table. View columns that are plain table columns can be written;
// others only read. UPDATE and DELETE see only the rows the view shows (its WHERE is added);
// WITH CHECK OPTION makes new rows that the view would not show fail with 44000.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import type { Query } from '../analyze/query.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeSubquery } from '../analyze/select.js';
import { storedExprState } from '../analyze/stored-expr.js';
import { anyExpr } from '../expr/expr-walk.js';
import type { Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';

export type DmlAction = 'insert' | 'update' | 'delete';

const VERB: Record<DmlAction, [string, string]> = {
  insert: ['insert into', 'inserting into'],
  update: ['update', 'updating'],
  delete: ['delete from', 'deleting from'],
};

/** A view as the target of a statement: its base table, its columns over that table, its WHERE. */
export interface ViewTarget {
  view: RelationRecord;
  base: RelationRecord;
  /** Each view column as an expression over the base table (FROM item 0). */
  columns: Expr[];
  /** The view's WHERE over the base table, or null. */
  qual: Expr | null;
  /** WITH [LOCAL|CASCADED] CHECK OPTION. */
  checkOption: boolean;
}

function notUpdatable(view: RelationRecord, action: DmlAction, detail: string): DbError {
  const [verb, gerund] = VERB[action];
  const up = action.toUpperCase();
  return new DbError(SqlState.ObjectNotInPrerequisiteState, `cannot ${verb} view "${view.name}"`, {
    detail,
    hint: `To enable ${gerund} the view, provide an INSTEAD OF ${up} trigger or an unconditional ON ${up} DO INSTEAD rule.`,
  });
}

/** Why a view's query is not automatically updatable, or null when it is. */
function notUpdatableReason(q: Query): string | null {
  if (q.kind === 'setop') return 'Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.';
  if (q.ctes.length > 0) return 'Views containing WITH are not automatically updatable.';
  if (q.distinct) return 'Views containing DISTINCT are not automatically updatable.';
  if (q.groupBy.length > 0) return 'Views containing GROUP BY are not automatically updatable.';
  if (q.having) return 'Views containing HAVING are not automatically updatable.';
  if (q.limit || q.offset) return 'Views containing LIMIT or OFFSET are not automatically updatable.';
  if (q.grouped) return 'Views that return aggregate functions are not automatically updatable.';
  if (q.targets.some((t) => anyExpr(t.expr, (x) => x.kind === 'func' && x.proc.proretset))) {
    return 'Views that return set-returning functions are not automatically updatable.';
  }
  if (q.from.length !== 1 || q.from[0]!.kind !== 'range' || !['table', 'subquery'].includes(q.ranges[q.from[0]!.range]!.kind)) {
    return 'Views that do not select from a single table or view are not automatically updatable.';
  }
  return null;
}

export function viewTarget(ps: ParseState, view: RelationRecord, action: DmlAction): ViewTarget {
  const { session, catalog } = ps.requireEnv;
  const vps = storedExprState(session, catalog);
  const query = analyzeSubquery({ ps: vps, scope: null, clause: 'SELECT' }, (view.viewQuery as Node).SelectStmt, null);
  const reason = notUpdatableReason(query);
  if (reason) throw notUpdatable(view, action, reason);
  if (query.kind !== 'select') throw notUpdatable(view, action, 'Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.');
  const range = query.ranges[query.from[0]!.range]!;
  if (range.kind !== 'table') throw notSupported('changing a view over another view');
  const visible = query.targets.filter((t) => !t.junk).slice(0, view.columns.length);
  return {
    view,
    base: range.table!.record,
    columns: visible.map((t) => t.expr),
    qual: query.where,
    checkOption: view.checkOption === 'local' || view.checkOption === 'cascaded',
  };
}

/** The base table column a view column is, or the 0A000 for a computed view column. */
export function viewColumnTarget(v: ViewTarget, viewColumn: number, action: 'insert' | 'update'): number {
  let e = v.columns[viewColumn]!;
  while (e.kind === 'relabel') e = e.arg;
  if (e.kind === 'var' && e.levelsUp === 0 && e.range === 0) return e.column;
  throw new DbError(SqlState.FeatureNotSupported, `cannot ${action === 'insert' ? 'insert into' : 'update'} column "${v.view.columns[viewColumn]!.name}" of view "${v.view.name}"`, {
    detail: 'View columns that are not columns of their base relation are not updatable.',
  });
}

/** The scope statements on the view see: the view's columns as expressions over the base table. */
export function viewScope(v: ViewTarget, alias: string, baseRange: FromScope['ranges'][number], location: number, parent: FromScope | null = null): FromScope {
  const scope = new FromScope([], parent);
  scope.ranges.push(baseRange);
  scope.ranges.push({
    kind: 'join',
    alias,
    columnNames: v.view.columns.map((c) => c.name),
    columnTypes: v.columns.map((e) => e.type),
    columnTypmods: v.columns.map((e) => e.typmod),
    joinColumns: v.columns,
    location,
  });
  scope.add({ range: 1, qualified: true, hidden: new Set(), unqualified: true });
  return scope;
}
