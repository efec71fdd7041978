// Row values in expressions (PostgreSQL's transformRowExpr, make_row_comparison_op,
// make_row_distinct_op and ParseComplexProjection):
//   ROW(a, b) / (a, b)          a `record` with fields f1, f2, ...; `t.*` in it adds t's columns
//   ROW(..) op ROW(..)          one comparison per column: = is their AND, <> their OR, < <= > >=
//                               a lexicographic RowCompareExpr; other operators fail (0A000)
//   ROW(..) IS DISTINCT FROM .. OR of the columns' IS DISTINCT FROM
//   (row).field                 a field of a row whose fields analysis knows: a ROW(), a FROM
//                               item's whole row (then simply its column), a table's row type
// A row that is not written as ROW() (a whole-row reference, a subquery's row) is compared as
// one value, through the record operators (record_eq & co.), as PostgreSQL does.
import { builtins } from '../../catalog/builtins.js';
import { SqlState } from '../../errors.js';
import { rowTypeFields } from '../catalog-access.js';
import type { ParseState } from '../analyze/parse-state.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { isRowType } from '../types/record.js';
import type { RecordDescriptor } from '../types/value.js';
import { analyzeExpr, type ExprContext } from './analyze-expr.js';
import { makeOperator } from './analyze-operator.js';
import type { ColumnExpr, Expr, FuncExpr, OrderStrategy, RowExpr } from './expr.js';

/** ROW(a, b, ...) and (a, b, ...). */
export function analyzeRowConstructor(cx: ExprContext, body: Node): RowExpr {
  const args: Expr[] = [];
  for (const node of (body.args ?? []) as Node[]) {
    const fields: Node[] | undefined = node.ColumnRef?.fields;
    if (fields && fields.length > 1 && fields[fields.length - 1].A_Star) {
      // ROW(t.*): t's columns, one field each
      const whole = analyzeExpr(cx, node);
      if (whole.kind === 'row') args.push(...whole.args);
      else args.push(whole);
      continue;
    }
    args.push(analyzeExpr(cx, node));
  }
  return {
    kind: 'row',
    args,
    desc: { names: args.map((_, i) => `f${i + 1}`), types: args.map((a) => a.type), typmods: args.map((a) => a.typmod) },
    wholeRow: false,
    type: Oid.record,
    typmod: -1,
    location: body.location ?? -1,
  };
}

/** A ROW() written as such (not a whole-row reference), as PostgreSQL's IsA(x, RowExpr) sees it. */
export function isRowConstructor(e: Expr): e is RowExpr {
  return e.kind === 'row' && !e.wholeRow;
}

function unequalRows(ps: ParseState, location: number) {
  return ps.error(SqlState.SyntaxError, 'unequal number of entries in row expressions', location);
}

const ORDERING = new Set(['<', '<=', '>', '>=']);

/** How PostgreSQL's btree families read an operator: equality, inequality, an order, or not at all. */
function btreeMeaning(op: FuncExpr): 'eq' | 'ne' | OrderStrategy | null {
  const o = op.operator;
  if (!o) return null;
  const ops = builtins();
  const mergeableEq = (left: number, right: number) =>
    (ops.operatorsByName.get('=') ?? []).some((e) => e.oprkind === 'b' && e.oprleft === left && e.oprright === right && e.oprcanmerge);
  if (o.oprname === '=') return o.oprcanmerge ? 'eq' : null;
  if (o.oprname === '<>') return ops.operatorByOid.get(o.oprnegate)?.oprcanmerge ? 'ne' : null;
  if (ORDERING.has(o.oprname)) return mergeableEq(o.oprleft, o.oprright) ? (o.oprname as OrderStrategy) : null;
  return null;
}

/** A placeholder reading column `index` of the pair a row comparison hands its column operators. */
export function pairColumn(index: 0 | 1, e: Expr): ColumnExpr {
  return { kind: 'column', index, name: '', type: e.type, typmod: e.typmod };
}

/** `op` reading its (already coerced) operands from the pair [left, right] instead. */
function onPair(op: FuncExpr): FuncExpr {
  return { ...op, args: [pairColumn(0, op.args[0]!), pairColumn(1, op.args[1]!)] };
}

/** The `=` telling whether a column's operands are equal (the order strategies move on then). */
export function pairEquality(ps: ParseState, left: Expr, right: Expr, location: number): FuncExpr {
  return makeOperator(ps, ['='], left, right, location) as FuncExpr;
}

/**
 * The per-column operators of a row comparison with PostgreSQL's checks, and what they mean
 * together ('eq' / 'ne' / an order). `column(i)` builds column i's operator call.
 */
export function rowComparisonOperators(
  ps: ParseState,
  opName: string,
  count: number,
  column: (i: number) => FuncExpr,
  location: number,
): { ops: FuncExpr[]; meaning: 'eq' | 'ne' | OrderStrategy } {
  if (count === 0) throw ps.error(SqlState.FeatureNotSupported, 'cannot compare rows of zero length', location);
  const ops: FuncExpr[] = [];
  for (let i = 0; i < count; i++) {
    const op = column(i);
    if (op.type !== Oid.bool) {
      throw ps.error(SqlState.DatatypeMismatch, `row comparison operator must yield type boolean, not type ${ps.typeText(op.type)}`, location);
    }
    if (op.proc.proretset) throw ps.error(SqlState.DatatypeMismatch, 'row comparison operator must not return a set', location);
    ops.push(op);
  }
  const meanings = new Set(ops.map(btreeMeaning));
  const meaning = meanings.size === 1 ? [...meanings][0]! : null;
  if (meaning === null && ops.length > 1) {
    throw ps.error(SqlState.FeatureNotSupported, `could not determine interpretation of row comparison operator ${opName}`, location, {
      hint: 'Row comparison operators must be associated with btree operator families.',
    });
  }
  return { ops, meaning: meaning ?? 'eq' };
}

/** ROW(..) op ROW(..) (make_row_comparison_op). */
export function makeRowComparison(ps: ParseState, names: string[], largs: Expr[], rargs: Expr[], location: number): Expr {
  if (largs.length !== rargs.length) throw unequalRows(ps, location);
  const opName = names[names.length - 1]!;
  const { ops, meaning } = rowComparisonOperators(ps, opName, largs.length, (i) => makeOperator(ps, names, largs[i]!, rargs[i]!, location) as FuncExpr, location);
  if (ops.length === 1) return ops[0]!;
  if (meaning === 'eq') return { kind: 'and', args: ops, type: Oid.bool, typmod: -1 };
  if (meaning === 'ne') return { kind: 'or', args: ops, type: Oid.bool, typmod: -1 };
  return {
    kind: 'rowcompare',
    strategy: meaning,
    largs: ops.map((o) => o.args[0]!),
    rargs: ops.map((o) => o.args[1]!),
    compare: ops.map(onPair),
    equals: ops.map((o) => pairEquality(ps, pairColumn(0, o.args[0]!), pairColumn(1, o.args[1]!), location)),
    type: Oid.bool,
    typmod: -1,
    location,
  };
}

/**
 * ROW(..) IS [NOT] DISTINCT FROM ROW(..) (make_row_distinct_op): the OR of the columns'
 * IS DISTINCT FROM, negated for NOT DISTINCT; `distinct(l, r)` builds one column's.
 */
export function makeRowDistinct(ps: ParseState, largs: Expr[], rargs: Expr[], not: boolean, distinct: (l: Expr, r: Expr) => Expr, location: number): Expr {
  if (largs.length !== rargs.length) throw unequalRows(ps, location);
  const parts = largs.map((l, i) => distinct(l, rargs[i]!));
  let result: Expr = parts.length === 0 ? { kind: 'const', type: Oid.bool, typmod: -1, value: false, location: -1 } : parts[0]!;
  for (const p of parts.slice(1)) result = { kind: 'or', args: [result, p], type: Oid.bool, typmod: -1 };
  return not ? { kind: 'not', args: [result], type: Oid.bool, typmod: -1 } : result;
}

/** The fields of a row-valued expression when analysis can know them, else undefined. */
export function rowDescriptor(ps: ParseState, e: Expr): RecordDescriptor | undefined {
  if (e.kind === 'row') return e.desc;
  if (e.type === Oid.record || !isRowType(e.type) || !ps.env) return undefined;
  return rowTypeFields(ps.env.catalog, e.type);
}

/**
 * (arg).name: a field of a row value (ParseComplexProjection); `location` is the argument's,
 * `itemName` the FROM item a whole-row argument was written as (for the message).
 */
export function selectField(ps: ParseState, arg: Expr, name: string, location: number, itemName = ''): Expr {
  const desc = rowDescriptor(ps, arg);
  const i = desc ? desc.names.indexOf(name) : -1;
  if (desc && i >= 0) {
    // a whole-row reference's field is simply its column
    if (arg.kind === 'row' && arg.wholeRow) return arg.args[i]!;
    return { kind: 'fieldselect', arg, field: i, type: desc.types[i]!, typmod: desc.typmods[i]! };
  }
  if (arg.kind === 'row' && arg.wholeRow) throw ps.error(SqlState.UndefinedColumn, `column ${itemName}.${name} does not exist`, location);
  if (arg.type === Oid.record) throw ps.error(SqlState.UndefinedColumn, `could not identify column "${name}" in record data type`, location);
  if (isRowType(arg.type)) throw ps.error(SqlState.UndefinedColumn, `column "${name}" not found in data type ${ps.typeText(arg.type)}`, location);
  throw ps.error(SqlState.WrongObjectType, `column notation .${name} applied to type ${ps.typeText(arg.type)}, which is not a composite type`, location);
}

/** Every field of a row value, for `(row).*` in a select list. */
export function expandFields(ps: ParseState, arg: Expr, location: number, itemName = ''): { expr: Expr; name: string }[] {
  const desc = rowDescriptor(ps, arg);
  if (!desc) {
    if (arg.type === Oid.record) throw ps.error(SqlState.WrongObjectType, 'record type has not been registered', location);
    throw ps.error(SqlState.WrongObjectType, `type ${ps.typeText(arg.type)} is not composite`, location);
  }
  return desc.names.map((name) => ({ expr: selectField(ps, arg, name, location, itemName), name }));
}
