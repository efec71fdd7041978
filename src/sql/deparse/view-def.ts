// pg_get_viewdef: a view's defining query as PostgreSQL prints it. The stored parse tree is
// analyzed against the current catalog and printed by the query deparser; queries it cannot
// print yet (set operations, WITH, VALUES or functions in FROM, JOIN USING / NATURAL, whose
// analyzed form no longer shows how they were written) fall back to the SQL text the view was
// created with, as written; so do views whose query no longer analyzes under the session's
// search path (Treeline keeps names, PostgreSQL keeps OIDs). Either way it ends with ';'.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError } from '../../errors.js';
import { storedExprState } from '../analyze/stored-expr.js';
import { analyzeSelect } from '../analyze/select.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { deparseQuery } from './deparse-query.js';

/** Whether a parse tree uses a join form the analyzed query cannot show. */
function hasUsingJoin(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasUsingJoin);
  if (!node || typeof node !== 'object') return false;
  const join = (node as { JoinExpr?: { usingClause?: unknown; isNatural?: boolean } }).JoinExpr;
  if (join && (join.usingClause || join.isNatural)) return true;
  return Object.values(node).some(hasUsingJoin);
}

export function viewDefinition(session: Session, catalog: CatalogTxn, view: RelationRecord, pretty: boolean, wrapColumn: number): string {
  const stored = ` ${(view.viewSql ?? '').trim().replace(/;\s*$/, '')};`;
  const tree = view.viewQuery as Node | undefined;
  if (!tree?.SelectStmt || hasUsingJoin(tree)) return stored;
  try {
    const query = analyzeSelect(storedExprState(session, catalog), tree.SelectStmt);
    const names = view.columns.map((c) => c.name);
    return `${deparseQuery(session, catalog, query, names, { prettyParen: pretty, wrapColumn })};`;
  } catch (err) {
    // not printable yet, or no longer analyzable here (its tables are not on this search path)
    if (err instanceof DbError) return stored;
    throw err;
  }
}
