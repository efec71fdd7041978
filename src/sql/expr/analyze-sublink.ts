// Subqueries in expressions (PostgreSQL's transformSubLink): EXISTS (subquery),
// x IN (subquery) and x op ANY/ALL (subquery) — also with a row on the left, (a, b) IN
// (SELECT x, y ...) — scalar (subquery) and ARRAY(subquery). The subquery sees the enclosing
// query's columns (correlation); its output is checked against how it is used.
import { SqlState } from '../../errors.js';
import { arrayTypeOf } from './coerce.js';
import { builtins } from '../../catalog/builtins.js';
import { outputColumns } from '../analyze/query.js';
import type { FromScope } from '../analyze/range-table.js';
import { analyzeSubquery } from '../analyze/select.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { analyzeExpr, type ExprContext } from './analyze-expr.js';
import { makeOperator } from './analyze-operator.js';
import { checkSubqueryAllowed } from './clause-rules.js';
import type { ColumnExpr, Expr, FuncExpr, SubLinkExpr } from './expr.js';

const LINK_TYPES: Record<string, SubLinkExpr['linkType']> = {
  EXISTS_SUBLINK: 'exists',
  ANY_SUBLINK: 'any',
  ALL_SUBLINK: 'all',
  EXPR_SUBLINK: 'expr',
  ARRAY_SUBLINK: 'array',
};

export function analyzeSubLink(cx: ExprContext, s: Node): Expr {
  const ps = cx.ps;
  const location: number = s.location ?? -1;
  checkSubqueryAllowed(cx, location);
  const linkType = LINK_TYPES[s.subLinkType as string];
  if (!linkType) throw ps.error(SqlState.FeatureNotSupported, `${s.subLinkType} subqueries are not supported yet`, location);
  const query = analyzeSubquery(cx, s.subselect.SelectStmt, (cx.scope as FromScope | null) ?? null);
  const columns = outputColumns(query);
  const base = { kind: 'sublink' as const, linkType, query, lhs: [] as Expr[], compare: [] as FuncExpr[], location };
  switch (linkType) {
    case 'exists':
      return { ...base, type: Oid.bool, typmod: -1 };
    case 'expr':
    case 'array': {
      if (columns.length !== 1) throw ps.error(SqlState.SyntaxError, 'subquery must return only one column', location);
      const col = columns[0]!;
      if (linkType === 'expr') return { ...base, type: col.type, typmod: col.typmod };
      const arrayType = col.type === Oid.unknown ? builtins().type(Oid.text).typarray : arrayTypeOf(col.type);
      if (!arrayType) throw ps.error(SqlState.UndefinedObject, `could not find array type for data type ${ps.typeText(col.type)}`, location);
      return { ...base, type: arrayType, typmod: -1 };
    }
    default: {
      // x IN / op ANY / op ALL: one comparison per column of the subquery
      const test: Node = s.testexpr;
      const left: Node[] = test.RowExpr ? (test.RowExpr.args ?? []) : [test];
      if (columns.length > left.length) throw ps.error(SqlState.SyntaxError, 'subquery has too many columns', location);
      if (columns.length < left.length) throw ps.error(SqlState.SyntaxError, 'subquery has too few columns', location);
      const names: string[] = s.operName ? (s.operName as Node[]).map((n) => n.String.sval) : ['='];
      const lhs: Expr[] = [];
      const compare: FuncExpr[] = [];
      left.forEach((node, i) => {
        const l = analyzeExpr(cx, node);
        const right: ColumnExpr = { kind: 'column', index: 1, name: '', type: columns[i]!.type, typmod: columns[i]!.typmod };
        const op = makeOperator(ps, names, l, right, location) as FuncExpr;
        if (op.type !== Oid.bool) {
          throw ps.error(SqlState.DatatypeMismatch, `operator ${names.join('.')} must return type boolean, not type ${ps.typeText(op.type)}`, location);
        }
        // the left operand (with its coercion) is computed in the enclosing row; the comparison
        // reads it as column 0 of the pair [left, subquery column]
        const coercedLeft = op.args[0]!;
        lhs.push(coercedLeft);
        compare.push({ ...op, args: [{ kind: 'column', index: 0, name: '', type: coercedLeft.type, typmod: coercedLeft.typmod }, op.args[1]!] });
      });
      return { ...base, lhs, compare, type: Oid.bool, typmod: -1 };
    }
  }
}
