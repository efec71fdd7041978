// The definition of an expression or partial index (its catalog record keeps the expressions and
// the predicate as parse trees) analyzed with the index's table as FROM item 0: every index
// column as an expression over the table's row (a Var for a plain column) and the predicate.
// Table access computes entries from it, the planner matches queries against it. Analysis is
// done once per index shape and session (shapes are made per statement from the catalog).
// Requires: the definition was checked when the index was created (create-index.ts), so it
// analyzes without error against the catalog it was created in.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import type { IndexShape } from '../../txn/table-access.js';
import { coerceToBoolean } from '../expr/analyze-expr.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { Session } from '../session.js';
import { analyzeStoredExpr, storedExprState } from './stored-expr.js';

export interface AnalyzedIndex {
  /** Each index column as an expression over the table's row (FROM item 0). */
  columns: Expr[];
  /** A partial index's predicate, or null. */
  predicate: Expr | null;
}

/** A plain column of the table as an expression of FROM item 0. */
export function tableColumnVar(table: RelationRecord, attnum: number): Expr {
  const c = table.columns[attnum - 1]!;
  return { kind: 'var', range: 0, column: attnum - 1, type: c.typeOid, typmod: c.typmod, levelsUp: 0, location: -1 };
}

/** Analyzes the definition of `index` (a catalog record) on `table`. */
export function analyzeIndexDefinition(session: Session, catalog: CatalogTxn, table: RelationRecord, index: RelationRecord): AnalyzedIndex {
  const info = index.index!;
  const expressions = info.expressions ?? [];
  let next = 0;
  const columns = info.columns.map((c) => {
    if (c.attnum > 0) return tableColumnVar(table, c.attnum);
    return analyzeStoredExpr(session, catalog, expressions[next++], table, 'index expression');
  });
  let predicate: Expr | null = null;
  if (info.predicate !== undefined) {
    const e = analyzeStoredExpr(session, catalog, info.predicate, table, 'index predicate');
    predicate = coerceToBoolean({ ps: storedExprState(session, catalog), scope: null, clause: 'index predicate' }, e, 'WHERE');
  }
  return { columns, predicate };
}

/** The definitions lookup of the session a statement runs in (for the planner). */
export function indexDefinitionsIn(ctx: RuntimeContext): (index: IndexShape) => AnalyzedIndex | null {
  const session = ctx.session as Session;
  return (index) => indexDefinitionOf(session, index);
}

/** The analyzed definition of an index shape's expressions and predicate (null for a plain index). */
export function indexDefinitionOf(session: Session, index: IndexShape): AnalyzedIndex | null {
  if (!index.computed) return null;
  let analyzed = session.indexDefinitions.get(index);
  if (!analyzed) {
    const catalog = session.transaction.catalog;
    analyzed = analyzeIndexDefinition(session, catalog, index.computed.table, index.computed.index);
    session.indexDefinitions.set(index, analyzed);
  }
  return analyzed;
}
