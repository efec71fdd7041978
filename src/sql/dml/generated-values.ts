// Stored generated columns at write time (PostgreSQL's ExecComputeStoredGenerated): every row
// an INSERT, UPDATE, ON CONFLICT DO UPDATE, COPY FROM or foreign-key action writes gets its
// generated columns computed from its other columns, after defaults and SET values and before
// the constraints are checked. The expressions are analyzed and compiled once per statement.
// Requires: the row has the table's layout (one value per column, dropped ones included).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { analyzeStoredExpr, storedExprState } from '../analyze/stored-expr.js';
import type { RowFn, RuntimeContext } from '../expr/compile.js';
import { coerceToTargetType } from '../expr/coerce.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import { compileDmlExpr } from './target-table.js';

/** Fills a row's generated columns in place. */
export type GeneratedValues = (row: Value[]) => void;

/** The generated columns of `table` compiled over its rows; null when it has none. */
export function compileGenerated(session: Session, catalog: CatalogTxn, table: RelationRecord, ctx: RuntimeContext): GeneratedValues | null {
  const targets = table.columns.flatMap((c, i) => (c.generated !== undefined && !c.dropped ? [{ c, i }] : []));
  if (targets.length === 0) return null;
  const layout = table.columns.map((_, column) => ({ range: 0, column }));
  const ps = storedExprState(session, catalog);
  const fns: { column: number; fn: RowFn }[] = targets.map(({ c, i }) => {
    const e = analyzeStoredExpr(session, catalog, c.generated, table, 'GENERATED');
    const typed = coerceToTargetType(ps, e, c.typeOid, c.typmod, 'assignment', -1) ?? e;
    return { column: i, fn: compileDmlExpr(typed, layout, ctx) };
  });
  return (row) => {
    // every expression reads the row as given (none reads another generated column)
    for (const { column, fn } of fns) row[column] = fn(row, ctx);
  };
}
