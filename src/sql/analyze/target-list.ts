// The select list (PostgreSQL's transformTargetList): `*` and `t.*` expand to the FROM items'
// columns (a join's merged columns first), `(row).*` to the row's fields, each other item is
// an expression named by its alias or by FigureColname, and unknown-type outputs (literals,
// parameters) become text.
import { SqlState } from '../../errors.js';
import { coerceToCommonType } from '../expr/coerce.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import { expandFields } from '../expr/analyze-row.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { figureColname } from './figure-colname.js';
import type { TargetEntry } from './query.js';
import type { FromNode, FromScope } from './range-table.js';

/** The columns `*` stands for: every column of the FROM items, joins' merged columns first. */
export function expandStar(scope: FromScope, from: readonly FromNode[]): { expr: Expr; name: string }[] {
  const out: { expr: Expr; name: string }[] = [];
  for (const node of from) {
    const r = scope.ranges[node.range]!;
    r.columnNames.forEach((name, i) => {
      if (name !== '') out.push({ expr: scope.columnExpr(node.range, i, 0, -1), name });
    });
  }
  return out;
}

/** The columns `t.*` stands for. */
function expandQualifiedStar(cx: ExprContext, scope: FromScope, qualifier: string, location: number): { expr: Expr; name: string }[] {
  const item = scope.findItem(cx.ps, qualifier, location);
  if (!item) throw scope.missingEntry(cx.ps, qualifier, location);
  const r = scope.ranges[item.range]!;
  return r.columnNames.flatMap((name, i) => (name === '' ? [] : [{ expr: scope.columnExpr(item.range, i, 0, location), name }]));
}

export function analyzeTargetList(cx: ExprContext, list: Node[], from: readonly FromNode[], resolveUnknowns = true): TargetEntry[] {
  const out: TargetEntry[] = [];
  const scope = cx.scope as FromScope;
  for (const item of list) {
    const rt = item.ResTarget;
    const val = rt.val;
    const fields: Node[] | undefined = val?.ColumnRef?.fields;
    if (fields && fields[fields.length - 1].A_Star) {
      const location = val.ColumnRef.location;
      if (fields.length === 1) {
        if (from.length === 0) throw cx.ps.error(SqlState.SyntaxError, 'SELECT * with no tables specified is not valid', location);
        for (const c of expandStar(scope, from)) out.push({ expr: c.expr, name: c.name, junk: false });
      } else {
        for (const c of expandQualifiedStar(cx, scope, fields[fields.length - 2].String.sval, location)) out.push({ expr: c.expr, name: c.name, junk: false });
      }
      continue;
    }
    const indirection: Node[] | undefined = val?.A_Indirection?.indirection;
    if (indirection && indirection[indirection.length - 1].A_Star) {
      // (row).*: one column per field
      const ind = val.A_Indirection;
      const rest = indirection.slice(0, -1);
      const row = analyzeExpr(cx, rest.length > 0 ? { A_Indirection: { ...ind, indirection: rest } } : ind.arg);
      const location = exprLocation(row) >= 0 ? exprLocation(row) : exprNodeLocation(ind.arg);
      const itemName: string = ind.arg.ColumnRef?.fields?.at(-1)?.String?.sval ?? '';
      for (const c of expandFields(cx.ps, row, location, itemName)) out.push({ expr: c.expr, name: c.name, junk: false });
      continue;
    }
    const expr = analyzeExpr(cx, val);
    out.push({ expr: resolveUnknowns ? resolveUnknown(cx, expr, 'SELECT') : expr, name: rt.name ?? figureColname(val), junk: false });
  }
  return out;
}

/** PostgreSQL resolves unknown-type outputs (literals, parameters) as text. */
export function resolveUnknown(cx: ExprContext, e: Expr, clause: string): Expr {
  return e.type === Oid.unknown ? coerceToCommonType(cx.ps, e, Oid.text, clause) : e;
}
