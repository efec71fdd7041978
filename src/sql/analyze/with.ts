// WITH queries (PostgreSQL's transformWithClause): each is analyzed before the main query and
// visible to it, to later WITH queries and to subqueries, under its name and column aliases.
// WITH RECURSIVE allows a query to read itself: it must be `non-recursive term UNION [ALL]
// recursive term`, the non-recursive term fixes the column types, and the recursive term
// must produce the same types.
import { SqlState } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import type { ExprContext } from '../expr/analyze-expr.js';
import type { Node } from '../parser.js';
import { outputColumns, type CteDef, type Query } from './query.js';
import type { FromScope } from './range-table.js';
import { analyzeSubquery } from './select.js';
import { analyzeDml } from '../dml/dml-query.js';
import { checkRecursiveTerm, recursiveWithOrder, refersTo } from './recursion-check.js';

/**
 * Analyzes a WITH clause into `scope`. Data-modifying WITH queries are only allowed at the top
 * level of a statement (`topLevel`).
 */
export function analyzeWith(cx: ExprContext, withClause: Node, scope: FromScope, topLevel = false): CteDef[] {
  const ps = cx.ps;
  const recursiveClause = withClause.recursive === true;
  const defs: CteDef[] = [];
  const items = withClause.ctes as Node[];
  for (const [i, item] of items.entries()) {
    const c = item.CommonTableExpr;
    if (items.slice(0, i).some((o) => o.CommonTableExpr.ctename === c.ctename)) {
      throw ps.error(SqlState.DuplicateAlias, `WITH query name "${c.ctename as string}" specified more than once`, c.location);
    }
  }
  // a recursive WITH may read items written after it: analyze each after those it reads
  for (const item of recursiveClause ? recursiveWithOrder(ps, items) : items) {
    const c = item.CommonTableExpr;
    const name: string = c.ctename;
    const stmt = c.ctequery;
    const dmlKind = ['InsertStmt', 'UpdateStmt', 'DeleteStmt'].find((k) => stmt[k]);
    if (dmlKind) {
      if (!topLevel) throw ps.error(SqlState.FeatureNotSupported, 'WITH clause containing a data-modifying statement must be at the top level', c.location);
      const dml = analyzeDml(ps, dmlKind, stmt[dmlKind], scope.barrier());
      const def: CteDef = { id: ps.nextCteId++, name, query: null as unknown as Query, recursive: false, columnNames: [], columnTypes: [], columnTypmods: [], materialized: null, dml };
      const aliases: string[] = ((c.aliascolnames ?? []) as Node[]).map((n) => n.String.sval);
      setColumns(cx, def, dml.returning?.columns ?? [], aliases, c.location);
      scope.ctes.push(def);
      defs.push(def);
      continue;
    }
    if (!stmt.SelectStmt) throw ps.error(SqlState.FeatureNotSupported, `${Object.keys(stmt)[0]} in WITH is not supported yet`, c.location);
    if (c.search_clause || c.cycle_clause) throw ps.error(SqlState.FeatureNotSupported, 'SEARCH and CYCLE clauses are not supported yet', c.location);
    const select = stmt.SelectStmt;
    const aliases: string[] = ((c.aliascolnames ?? []) as Node[]).map((n) => n.String.sval);
    const materialized = c.ctematerialized === 'CTEMaterializeAlways' ? true : c.ctematerialized === 'CTEMaterializeNever' ? false : null;
    const def: CteDef = { id: ps.nextCteId++, name, query: null as unknown as Query, recursive: false, columnNames: [], columnTypes: [], columnTypmods: [], materialized };
    const parent = scope.barrier();
    if (recursiveClause && refersTo(select, name)) {
      if (select.op !== 'SETOP_UNION') {
        throw ps.error(SqlState.InvalidRecursion, `recursive query "${name}" does not have the form non-recursive-term UNION [ALL] recursive-term`, c.location);
      }
      checkRecursiveTerm(ps, name, select);
      // the non-recursive term fixes the columns the recursive term reads
      const first = analyzeSubquery(cx, select.larg, parent);
      setColumns(cx, def, outputColumns(first), aliases, c.location);
      def.recursive = true;
      scope.ctes.push(def);
      ps.recursiveTerms.add(def.id);
      try {
        def.query = analyzeSubquery(cx, select, parent);
      } finally {
        ps.recursiveTerms.delete(def.id);
      }
      outputColumns(def.query).forEach((col, i) => {
        if (col.type !== def.columnTypes[i]) {
          throw ps.error(
            SqlState.DatatypeMismatch,
            `recursive query "${name}" column ${i + 1} has type ${formatType(def.columnTypes[i]!, def.columnTypmods[i])} in non-recursive term but type ${formatType(col.type, col.typmod)} overall`,
            c.location,
            { hint: 'Cast the output of the non-recursive term to the correct type.' },
          );
        }
      });
    } else {
      def.query = analyzeSubquery(cx, select, parent);
      setColumns(cx, def, outputColumns(def.query), aliases, c.location);
      scope.ctes.push(def);
    }
    defs.push(def);
  }
  return defs;
}

function setColumns(cx: ExprContext, def: CteDef, columns: { name: string; type: number; typmod: number }[], aliases: string[], location: number): void {
  if (aliases.length > columns.length) {
    throw cx.ps.error(SqlState.InvalidColumnReference, `WITH query "${def.name}" has ${columns.length} columns available but ${aliases.length} columns specified`, location);
  }
  def.columnNames = columns.map((c, i) => aliases[i] ?? c.name);
  def.columnTypes = columns.map((c) => c.type);
  def.columnTypmods = columns.map((c) => c.typmod);
}
