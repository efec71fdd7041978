// What INSERT, UPDATE and DELETE share about their target table: the table as FROM item 0
// (its columns in scope for WHERE, SET and RETURNING), the checks every new row must pass
// (NOT NULL, CHECK constraints) with PostgreSQL's errors and "Failing row contains" detail,
// and RETURNING lists.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import type { TableShape } from '../../txn/table-access.js';
import { requireRelation, tableShape, type QualifiedName } from '../catalog-access.js';
import type { ParseState } from '../analyze/parse-state.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeTargetList, type TargetEntry } from '../analyze/select.js';
import { analyzeStoredExpr } from '../analyze/stored-expr.js';
import { analyzeExpr, coerceToBoolean, type ExprContext } from '../expr/analyze-expr.js';
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import type { OutputColumn } from '../plan/nodes.js';
import { placeVars, type Layout } from '../plan/place-vars.js';
import { simplify } from '../plan/simplify.js';
import { plannerFor } from '../plan/planner.js';
import { planSubLinks } from '../plan/subplans.js';
import type { Session } from '../session.js';
import { typeIO } from '../types/index.js';
import type { Value } from '../types/value.js';
import { ForeignKeys } from './foreign-keys.js';
import { compileGenerated, type GeneratedValues } from './generated-values.js';
import { viewColumnTarget, viewScope, viewTarget, type DmlAction, type ViewTarget } from './updatable-view.js';

export interface TargetTable {
  /** The table written (a view's base table when the statement names an updatable view). */
  record: RelationRecord;
  shape: TableShape;
  /** Scope with the table as FROM item 0 (named by its alias); a view's columns for a view. */
  scope: FromScope;
  /** Layout of a stored row: FROM item 0's columns in order. */
  layout: Layout;
  /** The view the statement names, when it does. */
  view?: ViewTarget;
}

export function targetTable(ps: ParseState, rv: Node, action: DmlAction = 'insert', parent: FromScope | null = null): TargetTable {
  const { session, catalog } = ps.requireEnv;
  if (rv.inh === false) throw ps.error(SqlState.FeatureNotSupported, 'ONLY is not supported yet', rv.location);
  const name: QualifiedName = { schema: rv.schemaname, name: rv.relname };
  const named = requireRelation(session, catalog, name, ['r', 'v', 'S'], ps.position(rv.location));
  if (named.system) throw ps.error(SqlState.FeatureNotSupported, `changing system relation "${named.name}" is not supported`, rv.location);
  if (named.relkind === 'S') throw ps.error(SqlState.WrongObjectType, `cannot change sequence "${named.name}"`, rv.location);
  const view = named.relkind === 'v' ? viewTarget(ps, named, action) : undefined;
  const record = view ? view.base : named;
  const shape = tableShape(catalog, record);
  const alias = rv.alias?.aliasname ?? named.name;
  const baseRange = {
    kind: 'table' as const,
    alias: view ? record.name : alias,
    columnNames: record.columns.map((c) => (c.dropped ? '' : c.name)),
    columnTypes: record.columns.map((c) => c.typeOid),
    columnTypmods: record.columns.map((c) => c.typmod),
    table: { record, shape },
    location: rv.location,
  };
  let scope: FromScope;
  if (view) {
    scope = viewScope(view, alias, baseRange, rv.location, parent);
  } else {
    scope = new FromScope([], parent);
    scope.ranges.push(baseRange);
    scope.add({ range: 0, qualified: true, hidden: new Set(), unqualified: true });
  }
  return { record, shape, scope, layout: record.columns.map((_, column) => ({ range: 0, column })), view };
}

/**
 * The table column a SET or INSERT target names (42703 when there is none by that name; for a
 * view, the base table column its column is, or 0A000 for a computed one).
 */
export function columnIndex(ps: ParseState, target: TargetTable, name: string, location: number, action: 'insert' | 'update' = 'insert'): number {
  if (target.view) {
    const i = target.view.view.columns.findIndex((c) => c.name === name);
    if (i < 0) throw ps.error(SqlState.UndefinedColumn, `column "${name}" of relation "${target.view.view.name}" does not exist`, location);
    return viewColumnTarget(target.view, i, action);
  }
  const table = target.record;
  const i = table.columns.findIndex((c) => !c.dropped && c.name === name);
  if (i < 0) throw ps.error(SqlState.UndefinedColumn, `column "${name}" of relation "${table.name}" does not exist`, location);
  return i;
}

/** The columns an INSERT without a column list fills: the table's, or the view's (as table columns). */
export function defaultInsertColumns(target: TargetTable, count: number): number[] {
  if (target.view) {
    const n = Math.min(count, target.view.columns.length);
    return Array.from({ length: n }, (_, i) => viewColumnTarget(target.view!, i, 'insert'));
  }
  return target.record.columns.flatMap((c, i) => (c.dropped ? [] : [i]));
}

/** A statement's WHERE on a view, with the view's own WHERE added (rows it does not show stay). */
export function withViewQual(target: TargetTable, where: Expr | null): Expr | null {
  const q = target.view?.qual ?? null;
  if (!q) return where;
  if (!where) return q;
  return { kind: 'and', args: [q, where], type: 16, typmod: -1 };
}

/** WITH CHECK OPTION: a new row the view would not show fails (44000). */
export function compileViewCheck(session: Session, target: TargetTable, ctx: RuntimeContext): ((row: readonly Value[]) => void) | null {
  const v = target.view;
  if (!v || !v.checkOption || !v.qual) return null;
  const qual = compileDmlExpr(v.qual, target.layout, ctx);
  return (row) => {
    if (qual(row, ctx) !== true) {
      throw new DbError(SqlState.WithCheckOptionViolation, `new row violates check option for view "${v.view.name}"`, {
        detail: failingRow(session, target.record, row),
      });
    }
  };
}

/** Text of a row for "Failing row contains (...)". */
function failingRow(session: Session, table: RelationRecord, row: readonly Value[]): string {
  const types = session.types;
  const parts = table.columns
    .map((c, i) => ({ c, v: row[i] ?? null }))
    .filter(({ c }) => !c.dropped)
    .map(({ c, v }) => (v === null ? 'null' : (typeIO(c.typeOid)?.output(v, types) ?? String(v))));
  return `Failing row contains (${parts.join(', ')}).`;
}

/**
 * NOT NULL, CHECK and FOREIGN KEY constraints of a table, compiled once per statement, and its
 * generated columns, which every new row gets (`fillGenerated`) before it is checked.
 */
export class RowChecks {
  private readonly checks: { name: string; fn: RowFn }[];
  /** Foreign keys of the statement: this table's references and the actions on rows it changes. */
  readonly foreignKeys: ForeignKeys;
  /** Computes a new row's generated columns in place. */
  readonly fillGenerated: GeneratedValues;

  constructor(
    private readonly session: Session,
    catalog: CatalogTxn,
    private readonly target: TargetTable,
    ctx: RuntimeContext,
  ) {
    this.checks = catalog
      .constraintsOf(target.record.oid)
      .filter((c) => c.contype === 'c')
      .map((c) => {
        const e = analyzeStoredExpr(session, catalog, c.checkExpr, target.record, 'CHECK');
        return { name: c.name, fn: compileDmlExpr(e, target.layout, ctx) };
      });
    this.foreignKeys = new ForeignKeys(session, catalog, ctx);
    this.fillGenerated = compileGenerated(session, catalog, target.record, ctx) ?? (() => {});
  }

  /**
   * Throws 23502 / 23514 / 23503 when the row breaks a constraint; `old` is the row an UPDATE
   * replaces (its unchanged references need no check).
   */
  check(row: readonly Value[], ctx: RuntimeContext, old?: readonly Value[]): void {
    const table = this.target.record;
    table.columns.forEach((c, i) => {
      if (c.notNull && !c.dropped && (row[i] ?? null) === null) {
        throw new DbError(SqlState.NotNullViolation, `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`, {
          detail: failingRow(this.session, table, row),
          table: table.name,
          column: c.name,
        });
      }
    });
    for (const check of this.checks) {
      if (check.fn(row, ctx) === false) {
        throw new DbError(SqlState.CheckViolation, `new row for relation "${table.name}" violates check constraint "${check.name}"`, {
          detail: failingRow(this.session, table, row),
          table: table.name,
          constraint: check.name,
        });
      }
    }
    this.foreignKeys.checkReferences(table, row, old);
  }
}

/** A RETURNING list: targets over the table's row, and its result columns. */
export interface Returning {
  targets: TargetEntry[];
  columns: OutputColumn[];
}

export function analyzeReturning(cx: ExprContext, target: TargetTable, list: Node[] | undefined): Returning | null {
  if (!list || list.length === 0) return null;
  const targets = analyzeTargetList({ ...cx, scope: target.scope, clause: 'RETURNING' }, list, [{ kind: 'range', range: target.view ? 1 : 0 }]);
  const columns = targets.map((t) => ({
    name: t.name,
    type: t.expr.type,
    typmod: t.expr.typmod,
    tableOid: t.expr.kind === 'var' ? target.record.oid : 0,
    columnNumber: t.expr.kind === 'var' ? t.expr.column + 1 : 0,
  }));
  return { targets, columns };
}

/** RETURNING compiled over rows of the table. */
export function compileReturning(returning: Returning | null, target: TargetTable, ctx: RuntimeContext, layout: Layout = target.layout): ((row: readonly Value[]) => Value[]) | null {
  if (!returning) return null;
  const fns = returning.targets.map((t) => compileDmlExpr(t.expr, layout, ctx));
  return (row) => fns.map((f) => f(row, ctx));
}

/**
 * Compiles an expression of an INSERT, UPDATE or DELETE over rows of `layout`: subqueries
 * planned, columns placed, constants folded.
 */
export function compileDmlExpr(e: Expr, layout: Layout, ctx: RuntimeContext): RowFn {
  return compileExpr(simplify(placeVars(planSubLinks(plannerFor(ctx), e), layout), ctx));
}

/** A WHERE condition compiled over rows of the target table. */
export function compileWhere(where: Expr | null, target: TargetTable, ctx: RuntimeContext): RowFn | null {
  return where ? compileDmlExpr(where, target.layout, ctx) : null;
}

export function analyzeWhere(cx: ExprContext, target: TargetTable, node: Node | undefined): Expr | null {
  if (!node) return null;
  const wcx = { ...cx, scope: target.scope, clause: 'WHERE' };
  return coerceToBoolean(wcx, analyzeExpr(wcx, node), 'WHERE');
}
