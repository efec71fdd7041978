// Expressions kept in the catalog as parse trees (column defaults, CHECK conditions) analyzed
// where they are used: a default with no columns in scope, a CHECK condition with the table's
// columns in scope (FROM item 0), against the catalog the transaction sees now.
import type { RelationRecord, StoredExpr } from '../../catalog/objects.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { QueryText, type Node } from '../parser.js';
import type { Session } from '../session.js';
import { analyzeExpr } from '../expr/analyze-expr.js';
import type { Expr } from '../expr/expr.js';
import { tableShape } from '../catalog-access.js';
import { ParamTypes, ParseState } from './parse-state.js';
import { FromScope } from './range-table.js';

/** A ParseState for catalog expressions (no parameters, positions are not reported). */
export function storedExprState(session: Session, catalog: CatalogTxn, text = ''): ParseState {
  return new ParseState(new QueryText(text), new ParamTypes([], false), session.types, { session, catalog });
}

/** A scope with one table as FROM item 0, for CHECK conditions and similar. */
export function tableScope(catalog: CatalogTxn, table: RelationRecord): FromScope {
  const scope = new FromScope([]);
  scope.ranges.push({
    kind: 'table',
    alias: table.name,
    columnNames: table.columns.map((c) => (c.dropped ? '' : c.name)),
    columnTypes: table.columns.map((c) => c.typeOid),
    columnTypmods: table.columns.map((c) => c.typmod),
    table: { record: table, shape: tableShape(catalog, table) },
    location: -1,
  });
  scope.add({ range: 0, qualified: true, hidden: new Set(), unqualified: true });
  return scope;
}

/** Analyzes a stored expression; with `table`, its columns are in scope. */
export function analyzeStoredExpr(session: Session, catalog: CatalogTxn, node: StoredExpr, table?: RelationRecord, clause = 'DEFAULT'): Expr {
  const ps = storedExprState(session, catalog);
  return analyzeExpr({ ps, scope: table ? tableScope(catalog, table) : null, clause }, node as Node);
}
