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

export interface TargetTable {
  record: RelationRecord;
  shape: TableShape;
  /** Scope with the table as FROM item 0 (named by its alias). */
  scope: FromScope;
  /** Layout of a stored row: FROM item 0's columns in order. */
  layout: Layout;
}

export function targetTable(ps: ParseState, rv: Node): TargetTable {
  const { session, catalog } = ps.requireEnv;
  if (rv.inh === false) throw ps.error(SqlState.FeatureNotSupported, 'ONLY is not supported yet', rv.location);
  const name: QualifiedName = { schema: rv.schemaname, name: rv.relname };
  const record = requireRelation(session, catalog, name, ['r', 'v', 'S'], ps.position(rv.location));
  if (record.system) throw ps.error(SqlState.FeatureNotSupported, `changing system relation "${record.name}" is not supported`, rv.location);
  if (record.relkind !== 'r') {
    throw ps.error(SqlState.WrongObjectType, `cannot change ${record.relkind === 'v' ? 'view' : 'sequence'} "${record.name}"`, rv.location);
  }
  const shape = tableShape(catalog, record);
  const scope = new FromScope([]);
  scope.ranges.push({
    kind: 'table',
    alias: rv.alias?.aliasname ?? record.name,
    columnNames: record.columns.map((c) => (c.dropped ? '' : c.name)),
    columnTypes: record.columns.map((c) => c.typeOid),
    columnTypmods: record.columns.map((c) => c.typmod),
    table: { record, shape },
    location: rv.location,
  });
  scope.add({ range: 0, qualified: true, hidden: new Set(), unqualified: true });
  return { record, shape, scope, layout: record.columns.map((_, column) => ({ range: 0, column })) };
}

/** The table column a SET or INSERT target names (42703 when it has none by that name). */
export function columnIndex(ps: ParseState, table: RelationRecord, name: string, location: number): number {
  const i = table.columns.findIndex((c) => !c.dropped && c.name === name);
  if (i < 0) throw ps.error(SqlState.UndefinedColumn, `column "${name}" of relation "${table.name}" does not exist`, location);
  return i;
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

/** NOT NULL and CHECK constraints of a table, compiled once per statement. */
export class RowChecks {
  private readonly checks: { name: string; fn: RowFn }[];

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
  }

  /** Throws 23502 / 23514 when the row breaks a constraint. */
  check(row: readonly Value[], ctx: RuntimeContext): void {
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
  }
}

/** A RETURNING list: targets over the table's row, and its result columns. */
export interface Returning {
  targets: TargetEntry[];
  columns: OutputColumn[];
}

export function analyzeReturning(cx: ExprContext, target: TargetTable, list: Node[] | undefined): Returning | null {
  if (!list || list.length === 0) return null;
  const targets = analyzeTargetList({ ...cx, scope: target.scope, clause: 'RETURNING' }, list, [{ kind: 'range', range: 0 }]);
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
export function compileReturning(returning: Returning | null, target: TargetTable, ctx: RuntimeContext): ((row: readonly Value[]) => Value[]) | null {
  if (!returning) return null;
  const fns = returning.targets.map((t) => compileDmlExpr(t.expr, target.layout, ctx));
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
