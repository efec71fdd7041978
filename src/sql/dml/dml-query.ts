// The analyzed INSERT, UPDATE and DELETE statements as one type, and the analysis of a
// statement of any of the three (for statements and for data-modifying WITH queries).
import type { ParseState } from '../analyze/parse-state.js';
import type { FromScope } from '../analyze/range-table.js';
import type { Node } from '../parser.js';
import { analyzeDelete, type DeleteQuery } from './delete.js';
import { analyzeInsert, type InsertQuery } from './insert.js';
import { analyzeUpdate, type UpdateQuery } from './update.js';

export type DmlQuery = InsertQuery | UpdateQuery | DeleteQuery;

/** Analyzes an InsertStmt / UpdateStmt / DeleteStmt; `parent` holds the WITH queries it may read. */
export function analyzeDml(ps: ParseState, kind: string, node: Node, parent: FromScope | null = null): DmlQuery {
  if (kind === 'InsertStmt') return analyzeInsert(ps, node, parent);
  if (kind === 'UpdateStmt') return analyzeUpdate(ps, node, parent);
  return analyzeDelete(ps, node, parent);
}
