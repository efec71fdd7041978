// Turns the analyzer's column references (VarExpr: FROM item and column) into positions in
// the row a plan node reads (ColumnExpr), given that row's layout: which FROM item's column
// sits at each position.
import { DbError, SqlState } from '../../errors.js';
import type { Expr } from '../expr/expr.js';
import { mapChildren } from '../expr/expr-walk.js';

/** Position i of a row holds column `column` of FROM item `range`. */
export interface Slot {
  range: number;
  column: number;
}

export type Layout = readonly Slot[];

function positionOf(layout: Layout, range: number, column: number): number {
  for (let i = 0; i < layout.length; i++) {
    const s = layout[i]!;
    if (s.range === range && s.column === column) return i;
  }
  return -1;
}

/** A copy of `e` reading its columns from rows with the given layout. */
export function placeVars(e: Expr, layout: Layout): Expr {
  if (e.kind === 'var') {
    if (e.levelsUp > 0) throw new DbError(SqlState.InternalError, 'an outer column reference was not turned into a parameter');
    const index = positionOf(layout, e.range, e.column);
    if (index < 0) throw new DbError(SqlState.InternalError, `column ${e.range}.${e.column} is not in the input of its plan node`);
    return { kind: 'column', index, name: '', type: e.type, typmod: e.typmod };
  }
  return mapChildren(e, (c) => placeVars(c, layout));
}
