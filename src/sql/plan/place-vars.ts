// Turns the analyzer's column references (VarExpr: FROM item and column) into positions in
// the row a plan node reads (ColumnExpr), given that row's layout: which FROM item's column
// sits at each position.
import { DbError, SqlState } from '../../errors.js';
import type { Expr } from '../expr/expr.js';

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
  switch (e.kind) {
    case 'var': {
      if (e.levelsUp > 0) throw new DbError(SqlState.FeatureNotSupported, 'correlated subqueries are not supported yet');
      const index = positionOf(layout, e.range, e.column);
      if (index < 0) throw new DbError(SqlState.InternalError, `column ${e.range}.${e.column} is not in the input of its plan node`);
      return { kind: 'column', index, name: '', type: e.type, typmod: e.typmod };
    }
    case 'func':
      return { ...e, args: e.args.map((a) => placeVars(a, layout)) };
    case 'relabel':
    case 'iocoerce':
    case 'nulltest':
    case 'booltest':
      return { ...e, arg: placeVars(e.arg, layout) } as Expr;
    case 'and':
    case 'or':
    case 'not':
      return { ...e, args: e.args.map((a) => placeVars(a, layout)) };
    case 'coalesce':
    case 'greatest':
    case 'least':
      return { ...e, args: e.args.map((a) => placeVars(a, layout)) };
    case 'case':
      return {
        ...e,
        arg: e.arg ? placeVars(e.arg, layout) : null,
        whens: e.whens.map((w) => ({ when: placeVars(w.when, layout), then: placeVars(w.then, layout) })),
        otherwise: placeVars(e.otherwise, layout),
      };
    case 'nullif':
      return { ...e, arg: placeVars(e.arg, layout), equals: { ...e.equals, args: e.equals.args.map((a) => placeVars(a, layout)) } };
    case 'distinct':
      return { ...e, equals: { ...e.equals, args: e.equals.args.map((a) => placeVars(a, layout)) } };
    case 'inlist':
      return { ...e, comparisons: e.comparisons.map((c) => ({ ...c, args: c.args.map((a) => placeVars(a, layout)) })) };
    default:
      return e;
  }
}
