// Subqueries in expressions (PostgreSQL's transformSubLink): EXISTS (subquery),
// x IN (subquery) and x op ANY/ALL (subquery) — also with a row on the left, (a, b) IN
// (SELECT x, y ...) — (a, b) op (SELECT x, y ...) (ROWCOMPARE), scalar (subquery) and
// ARRAY(subquery). The subquery sees the enclosing query's columns (correlation); its output
// is checked against how it is used.
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
import type { ColumnExpr, Expr, FuncExpr, RowCombine, SubLinkExpr } from './expr.js';
import { isRowConstructor, pairColumn, pairEquality, rowComparisonOperators } from './analyze-row.js';

const LINK_TYPES: Record<string, SubLinkExpr['linkType']> = {
  EXISTS_SUBLINK: 'exists',
  ANY_SUBLINK: 'any',
  ALL_SUBLINK: 'all',
  EXPR_SUBLINK: 'expr',
  ARRAY_SUBLINK: 'array',
  ROWCOMPARE_SUBLINK: 'rowcompare',
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
      // x IN / op ANY / op ALL / row op (subquery): one comparison per column of the subquery,
      // combined as make_row_comparison_op combines the columns of ROW() op ROW()
      const tested = analyzeExpr(cx, s.testexpr);
      const left: Expr[] = isRowConstructor(tested) ? tested.args : [tested];
      if (columns.length > left.length) throw ps.error(SqlState.SyntaxError, 'subquery has too many columns', location);
      if (columns.length < left.length) throw ps.error(SqlState.SyntaxError, 'subquery has too few columns', location);
      const names: string[] = s.operName ? (s.operName as Node[]).map((n) => n.String.sval) : ['='];
      const { ops, meaning } = rowComparisonOperators(ps, names[names.length - 1]!, left.length, (i) => {
        const right: ColumnExpr = { kind: 'column', index: 1, name: '', type: columns[i]!.type, typmod: columns[i]!.typmod };
        return makeOperator(ps, names, left[i]!, right, location) as FuncExpr;
      }, location);
      // the left operands (with their coercions) are computed in the enclosing row; each
      // comparison reads its pair [left, subquery column] as columns 0 and 1
      const lhs = ops.map((op) => op.args[0]!);
      const compare = ops.map((op) => ({ ...op, args: [pairColumn(0, op.args[0]!), op.args[1]!] }));
      if (ops.length === 1) return { ...base, lhs, compare, type: Oid.bool, typmod: -1 };
      const combine: RowCombine =
        meaning === 'eq'
          ? { kind: 'and' }
          : meaning === 'ne'
            ? { kind: 'or' }
            : { kind: 'order', strategy: meaning, equals: compare.map((op) => pairEquality(ps, op.args[0]!, op.args[1]!, location)) };
      return { ...base, lhs, compare, combine, type: Oid.bool, typmod: -1 };
    }
  }
}
