// The pg_node_tree values of Treeline's catalog views (pg_attrdef.adbin, pg_constraint.conbin,
// pg_index.indexprs and indpred): a stored expression's parse tree, serialized, with what
// reading it back needs — the type a column default is coerced to. pg_get_expr() decodes it,
// analyzes the tree against the relation it is given and deparses the result. PostgreSQL
// stores planner node trees here; their text is not reproduced (clients read these columns
// through pg_get_expr), and as in PostgreSQL a pg_node_tree cannot be typed in, so only these
// values reach pg_get_expr.
import { DbError, SqlState } from '../../errors.js';
import type { StoredExpr } from '../../catalog/objects.js';

export interface NodeTree {
  /** The parse tree (libpg-query JSON); an array for a list of expressions (pg_index.indexprs). */
  node: StoredExpr;
  /** A column default: the column's type and typmod. */
  coerceTo?: { type: number; typmod: number };
  /** A generation expression: it reads the relation's columns (a default reads none). */
  generated?: boolean;
}

export function encodeNodeTree(tree: NodeTree): string {
  return JSON.stringify(tree);
}

export function decodeNodeTree(text: string): NodeTree {
  try {
    const tree = JSON.parse(text) as NodeTree;
    if (tree && typeof tree === 'object' && 'node' in tree) return tree;
  } catch {
    // fall through
  }
  throw new DbError(SqlState.InternalError, 'invalid pg_node_tree value');
}

/** A default PostgreSQL does not store: NULL, possibly cast (`DEFAULT NULL::text`). */
export function isNullDefault(node: StoredExpr): boolean {
  let n = node as Record<string, Record<string, unknown>> | undefined;
  while (n?.TypeCast) n = n.TypeCast.arg as typeof n;
  return n?.A_Const?.isnull === true;
}
