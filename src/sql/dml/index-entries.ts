// The entry rule of an expression or partial index, which table access asks for when it writes
// an index entry (txn/table-access.ts, IndexEntryRule): the analyzed definition compiled over the
// table's stored row — each column's value, the predicate — and the columns' text for unique
// violations (`Key (lower(b))=(x) already exists.`). Compiled once per index shape and session.
// Invariant: each column's expression has the type its key column is encoded with.
import { DbError, SqlState } from '../../errors.js';
import type { IndexEntryRule, IndexShape } from '../../txn/table-access.js';
import { indexDefinitionOf } from '../analyze/index-definition.js';
import { indexColumnText } from '../deparse/object-defs.js';
import type { Session } from '../session.js';
import { compileExpr, type RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import { placeVars, type Layout } from '../plan/place-vars.js';
import { simplify } from '../plan/simplify.js';

/** An expression over the table's row compiled (index definitions have no subqueries). */
function compileOverRow(e: Expr, layout: Layout, ctx: RuntimeContext) {
  return compileExpr(simplify(placeVars(e, layout), ctx));
}

export function computedIndexRule(session: Session, index: IndexShape): IndexEntryRule {
  let rule = session.indexEntryRules.get(index);
  if (rule) return rule;
  const definition = indexDefinitionOf(session, index)!;
  const table = index.computed!.table;
  // values of another type than the key column's would be encoded wrongly
  definition.columns.forEach((e, i) => {
    if (e.type !== index.keyColumns[i]!.type) {
      throw new DbError(SqlState.InternalError, `column ${i + 1} of index "${index.name}" is of type ${index.keyColumns[i]!.type}, its expression of type ${e.type}`);
    }
  });
  const ctx = session.runtime([]);
  const layout = table.columns.map((_, column) => ({ range: 0, column }));
  const columns = definition.columns.map((e) => compileOverRow(e, layout, ctx));
  const predicate = definition.predicate ? compileOverRow(definition.predicate, layout, ctx) : null;
  let texts: string[] | null = null;
  rule = {
    includes: predicate ? (row) => predicate(row, ctx) === true : () => true,
    values: (row) => columns.map((f) => f(row, ctx)),
    columnTexts: () => (texts ??= definition.columns.map((e) => indexColumnText(session, session.transaction.catalog, table, e, true))),
  };
  session.indexEntryRules.set(index, rule);
  return rule;
}
