// Turns raw expression nodes from the parser into typed expressions (PostgreSQL's
// transformExpr): constants get their types, operators and functions are resolved against
// the built-in catalog, implicit casts are inserted, and CASE/COALESCE/GREATEST/NULLIF/IN/
// BETWEEN/LIKE are built from the operators PostgreSQL would use; rows (ROW(), whole-row
// references, row comparisons) are built in analyze-row.ts. Constructs Treeline does not have
// yet fail with 0A000 naming them.
import { SqlState, type DbError } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import type { ParseState } from '../analyze/parse-state.js';
import { nameParts, resolveTypeName } from '../analyze/typename.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { typeIO } from '../types/index.js';
import { castTo, coerceToCommonType, coerceToTargetType, selectCommonType } from './coerce.js';
import { exprLocation, makeConst, type BoolExpr, type Expr, type FuncExpr, type RowExpr } from './expr.js';
import { analyzeRowConstructor, isRowConstructor, makeRowComparison, makeRowDistinct } from './analyze-row.js';
import { makeFunctionCall, makeSqlValueFunction } from './analyze-func.js';
import { makeOperator } from './analyze-operator.js';
import { analyzeArrayConstructor, analyzeIndirection, analyzeScalarArrayOp, arrayCastTarget } from './analyze-array.js';
import { checkColumnRefAllowed } from './clause-rules.js';
import { analyzeSubLink } from './analyze-sublink.js';
import { analyzeGroupingFunc } from '../analyze/grouping-sets.js';

/** Resolves column references; the FROM clause provides one (none for SELECT without FROM). */
export interface ColumnScope {
  resolveColumn(ps: ParseState, names: string[], location: number): Expr | null;
  /** The error for a qualifier that names no FROM item. */
  missingEntry?(ps: ParseState, qualifier: string, location: number): DbError;
  /** A FROM item's whole row, or null when no item has the name. */
  resolveWholeRow?(ps: ParseState, name: string, location: number): Expr | null;
}

/** Per-expression analysis context. */
export interface ExprContext {
  ps: ParseState;
  scope: ColumnScope | null;
  /** Where the expression appears, for messages ("argument of WHERE"). */
  clause: string;
}

export function analyzeExpr(cx: ExprContext, node: Node): Expr {
  const [kind, body] = Object.entries(node)[0] as [string, Node];
  switch (kind) {
    case 'A_Const':
      return analyzeConst(cx, body);
    case 'ParamRef':
      return analyzeParam(cx, body);
    case 'TypeCast':
      return analyzeTypeCast(cx, body);
    case 'A_Expr':
      return analyzeAExpr(cx, body);
    case 'BoolExpr':
      return analyzeBoolExpr(cx, body);
    case 'NullTest': {
      const arg = analyzeExpr(cx, body.arg);
      return { kind: 'nulltest', arg, isNull: body.nulltesttype === 'IS_NULL', type: Oid.bool, typmod: -1 };
    }
    case 'BooleanTest': {
      const arg = coerceToBoolean(cx, analyzeExpr(cx, body.arg), 'IS TRUE');
      return { kind: 'booltest', arg, test: body.booltesttype, type: Oid.bool, typmod: -1 };
    }
    case 'CaseExpr':
      return analyzeCase(cx, body);
    case 'CoalesceExpr': {
      const args = (body.args as Node[]).map((a) => analyzeExpr(cx, a));
      const type = selectCommonType(cx.ps, args, 'COALESCE');
      return { kind: 'coalesce', args: args.map((a) => coerceToCommonType(cx.ps, a, type, 'COALESCE')), type, typmod: -1 };
    }
    case 'MinMaxExpr':
      return analyzeMinMax(cx, body);
    case 'FuncCall':
      return makeFunctionCall(cx, body);
    case 'SQLValueFunction':
      return makeSqlValueFunction(cx, body);
    case 'ColumnRef':
      return analyzeColumnRef(cx, body);
    case 'CollateClause': {
      const arg = analyzeExpr(cx, body.arg);
      const coll = nameParts(body.collname).join('.');
      if (!['C', 'POSIX', 'default', 'pg_catalog.C', 'pg_catalog.POSIX', 'pg_catalog.default', 'ucs_basic'].includes(coll)) {
        throw cx.ps.error(SqlState.FeatureNotSupported, `collation "${coll}" is not supported yet`, body.location);
      }
      return arg;
    }
    case 'A_ArrayExpr':
      return analyzeArrayConstructor(cx, body);
    case 'SubLink':
      return analyzeSubLink(cx, body);
    case 'RowExpr':
      return analyzeRowConstructor(cx, body);
    case 'A_Indirection':
      return analyzeIndirection(cx, body);
    case 'GroupingFunc':
      return analyzeGroupingFunc(cx, body);
    case 'XmlExpr':
    case 'XmlSerialize':
      throw cx.ps.error(SqlState.FeatureNotSupported, 'XML functions are not supported yet', body.location);
    case 'SetToDefault':
      throw cx.ps.error(SqlState.SyntaxError, 'DEFAULT is not allowed in this context', body.location);
    default:
      throw cx.ps.error(SqlState.FeatureNotSupported, `expression type ${kind} is not supported yet`, exprNodeLocation(body));
  }
}

/** The location of a raw node, when it has one. */
export function exprNodeLocation(node: Node): number {
  if (!node || typeof node !== 'object') return -1;
  if (typeof node.location === 'number') return node.location;
  const inner = Object.values(node)[0] as Node;
  return inner && typeof inner === 'object' && typeof inner.location === 'number' ? inner.location : -1;
}

/** PostgreSQL's make_const: integers that fit int4, then int8, else numeric; strings are unknown. */
function analyzeConst(cx: ExprContext, c: Node): Expr {
  const location: number = c.location ?? -1;
  if (c.isnull) return makeConst(Oid.unknown, null, -1, location);
  if (c.ival !== undefined) return makeConst(Oid.int4, Number(c.ival.ival ?? 0), -1, location);
  if (c.sval !== undefined) return makeConst(Oid.unknown, (c.sval.sval ?? '') as string, -1, location);
  if (c.boolval !== undefined) return makeConst(Oid.bool, c.boolval.boolval === true, -1, location);
  if (c.fval !== undefined) {
    const text: string = c.fval.fval;
    if (/^[-+]?\d+$/.test(text)) {
      // an integer too long for the lexer's int4 may still fit int4 (-2147483648) or int8
      const big = BigInt(text);
      if (big >= -(2n ** 31n) && big < 2n ** 31n) return makeConst(Oid.int4, Number(big), -1, location);
      if (big >= -(2n ** 63n) && big < 2n ** 63n) return makeConst(Oid.int8, big, -1, location);
    }
    const io = typeIO(Oid.numeric);
    if (!io) throw cx.ps.error(SqlState.FeatureNotSupported, 'numeric is not supported yet', location);
    return makeConst(Oid.numeric, io.input(text, -1, cx.ps.types), -1, location);
  }
  if (c.bsval !== undefined) {
    throw cx.ps.error(SqlState.FeatureNotSupported, 'bit string literals are not supported yet', location);
  }
  return makeConst(Oid.int4, 0, -1, location);
}

function analyzeParam(cx: ExprContext, p: Node): Expr {
  const n = Number(p.number ?? 0);
  if (n < 1 || n > 65535 || !cx.ps.params.exists(n)) {
    throw cx.ps.error(SqlState.UndefinedParameter, `there is no parameter $${n}`, p.location);
  }
  return { kind: 'param', index: n - 1, type: cx.ps.params.typeOf(n), typmod: -1, location: p.location ?? -1 };
}

function analyzeTypeCast(cx: ExprContext, tc: Node): Expr {
  const target = resolveTypeName(cx.ps, tc.typeName);
  const arrayTarget = tc.arg.A_ArrayExpr ? arrayCastTarget(target.oid, target.typmod) : undefined;
  const arg = arrayTarget ? analyzeArrayConstructor(cx, tc.arg.A_ArrayExpr, arrayTarget) : analyzeExpr(cx, tc.arg);
  let location: number = tc.location ?? -1;
  if (location < 0) location = tc.typeName.location ?? -1;
  return castTo(cx.ps, arg, target.oid, target.typmod, location);
}

function analyzeColumnRef(cx: ExprContext, ref: Node): Expr {
  checkColumnRefAllowed(cx, ref.location);
  const fields: Node[] = ref.fields ?? [];
  const star = fields.findIndex((f) => f.A_Star);
  if (star >= 0) {
    // t.* as a value (an argument, a comparison operand) is t's whole row
    if (star === fields.length - 1 && star > 0) return wholeRow(cx, nameParts(fields.slice(0, star)), ref.location);
    throw cx.ps.error(SqlState.FeatureNotSupported, '* is not supported in this position yet', ref.location);
  }
  const names = nameParts(fields);
  const resolved = cx.scope?.resolveColumn(cx.ps, names, ref.location) ?? null;
  if (resolved) return resolved;
  if (names.length > 1) {
    const qualifier = names[names.length - 2]!;
    throw cx.scope?.missingEntry?.(cx.ps, qualifier, ref.location) ?? cx.ps.error(SqlState.UndefinedTable, `missing FROM-clause entry for table "${qualifier}"`, ref.location);
  }
  // a FROM item's name alone stands for its whole row
  const row = cx.scope?.resolveWholeRow?.(cx.ps, names[0]!, ref.location) ?? null;
  if (row) return row;
  throw cx.ps.error(SqlState.UndefinedColumn, `column "${names[0]}" does not exist`, ref.location);
}

/** `t.*` / `s.t.*` as a value: the whole row of FROM item t. */
function wholeRow(cx: ExprContext, names: string[], location: number): Expr {
  const name = names[names.length - 1]!;
  const row = cx.scope?.resolveWholeRow?.(cx.ps, name, location) ?? null;
  if (row) return row;
  throw cx.scope?.missingEntry?.(cx.ps, name, location) ?? cx.ps.error(SqlState.UndefinedTable, `missing FROM-clause entry for table "${name}"`, location);
}

/** PostgreSQL's coerce_to_boolean: `construct` names the clause in the error message. */
export function coerceToBoolean(cx: ExprContext, e: Expr, construct: string): Expr {
  if (e.type === Oid.bool) return e;
  const location = exprLocation(e);
  const coerced = coerceToTargetType(cx.ps, e, Oid.bool, -1, 'assignment', location);
  if (!coerced) {
    throw cx.ps.error(
      SqlState.DatatypeMismatch,
      `argument of ${construct} must be type boolean, not type ${formatType(e.type)}`,
      location,
    );
  }
  return coerced;
}

function analyzeBoolExpr(cx: ExprContext, b: Node): Expr {
  const op = b.boolop === 'AND_EXPR' ? 'and' : b.boolop === 'OR_EXPR' ? 'or' : 'not';
  const label = op.toUpperCase();
  const args = (b.args as Node[]).map((a) => coerceToBoolean(cx, analyzeExpr(cx, a), label));
  const out: BoolExpr = { kind: op, args, type: Oid.bool, typmod: -1 };
  return out;
}

function analyzeAExpr(cx: ExprContext, a: Node): Expr {
  const name = nameParts(a.name);
  const opName = name[name.length - 1]!;
  const location: number = a.location ?? -1;
  switch (a.kind as string) {
    case 'AEXPR_OP': {
      if (a.lexpr?.RowExpr && a.rexpr?.SubLink?.subLinkType === 'EXPR_SUBLINK') {
        // ROW(..) op (SELECT ...): compared with the subquery's one row
        return analyzeSubLink(cx, { ...a.rexpr.SubLink, subLinkType: 'ROWCOMPARE_SUBLINK', testexpr: a.lexpr, operName: a.name, location });
      }
      if (a.lexpr?.RowExpr && a.rexpr?.RowExpr) {
        const left = analyzeRowConstructor(cx, a.lexpr.RowExpr);
        const right = analyzeRowConstructor(cx, a.rexpr.RowExpr);
        return makeRowComparison(cx.ps, name, left.args, right.args, location);
      }
      const left = a.lexpr ? analyzeExpr(cx, a.lexpr) : null;
      const right = analyzeExpr(cx, a.rexpr);
      return makeOperator(cx.ps, name, left, right, location);
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
    case 'AEXPR_SIMILAR': {
      const left = analyzeExpr(cx, a.lexpr);
      const right = analyzeExpr(cx, a.rexpr);
      return makeOperator(cx.ps, [opName], left, right, location);
    }
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT': {
      const left = analyzeExpr(cx, a.lexpr);
      const right = analyzeExpr(cx, a.rexpr);
      const distinct = (l: Expr, r: Expr, not: boolean): Expr => {
        const eq = makeOperator(cx.ps, name, l, r, location);
        if (eq.type !== Oid.bool) {
          throw cx.ps.error(SqlState.DatatypeMismatch, 'IS DISTINCT FROM requires = operator to yield boolean', location);
        }
        return distinctExpr(eq as FuncExpr, not);
      };
      const not = a.kind === 'AEXPR_NOT_DISTINCT';
      if (isRowConstructor(left) && isRowConstructor(right)) {
        return makeRowDistinct(cx.ps, left.args, right.args, not, (l, r) => distinct(l, r, false), location);
      }
      return distinct(left, right, not);
    }
    case 'AEXPR_NULLIF': {
      const left = analyzeExpr(cx, a.lexpr);
      const right = analyzeExpr(cx, a.rexpr);
      const eq = makeOperator(cx.ps, name, left, right, location) as FuncExpr;
      if (eq.type !== Oid.bool) {
        throw cx.ps.error(SqlState.DatatypeMismatch, 'NULLIF requires = operator to yield boolean', location);
      }
      const arg = eq.args[0]!;
      return { kind: 'nullif', arg, equals: eq, type: arg.type, typmod: arg.typmod };
    }
    case 'AEXPR_IN':
      return analyzeInList(cx, a, name, location);
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM':
      return analyzeBetween(cx, a, location);
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL':
      return analyzeScalarArrayOp(cx, a, a.kind === 'AEXPR_OP_ANY');
    default:
      throw cx.ps.error(SqlState.FeatureNotSupported, `operator form ${a.kind} is not supported yet`, location);
  }
}

/** x IS [NOT] DISTINCT FROM y, from the equality operator's call. */
function distinctExpr(eq: FuncExpr, not: boolean): Expr {
  return { kind: 'distinct', equals: eq, not, type: Oid.bool, typmod: -1 };
}

function analyzeInList(cx: ExprContext, a: Node, names: string[], location: number): Expr {
  const opName = names[names.length - 1]!;
  const left = analyzeExpr(cx, a.lexpr);
  const items: Node[] = a.rexpr.List?.items ?? [];
  if (!a.rexpr.List) {
    throw cx.ps.error(SqlState.FeatureNotSupported, 'IN with a subquery is not supported yet', location);
  }
  const rights = items.map((n) => analyzeExpr(cx, n));
  if (isRowConstructor(left) && rights.some(isRowConstructor)) return rowInList(cx, left, rights, names, location);
  // PostgreSQL coerces all items and the left side to a common type when one exists.
  const all = [left, ...rights];
  let common = 0;
  try {
    common = selectCommonType(cx.ps, all, 'IN');
  } catch {
    common = 0;
  }
  const comparisons: FuncExpr[] = [];
  if (common && common !== Oid.unknown) {
    const l = coerceToCommonType(cx.ps, left, common, 'IN');
    for (const r of rights) {
      comparisons.push(makeOperator(cx.ps, [opName], l, coerceToCommonType(cx.ps, r, common, 'IN'), location) as FuncExpr);
    }
  } else {
    for (const r of rights) comparisons.push(makeOperator(cx.ps, [opName], left, r, location) as FuncExpr);
  }
  for (const c of comparisons) {
    if (c.type !== Oid.bool) throw cx.ps.error(SqlState.DatatypeMismatch, 'IN requires operator to yield boolean', location);
  }
  return { kind: 'inlist', comparisons, any: opName === '=', type: Oid.bool, typmod: -1 };
}

/** ROW(..) IN (ROW(..), ...): OR of row comparisons (AND of them for NOT IN), PostgreSQL's slow path. */
function rowInList(cx: ExprContext, left: RowExpr, rights: Expr[], names: string[], location: number): Expr {
  const useOr = names[names.length - 1] === '=';
  const parts = rights.map((r) =>
    coerceToBoolean(cx, isRowConstructor(r) ? makeRowComparison(cx.ps, names, left.args, r.args, location) : makeOperator(cx.ps, names, left, r, location), 'IN'),
  );
  return parts.reduce((acc, p) => ({ kind: useOr ? 'or' : 'and', args: [acc, p], type: Oid.bool, typmod: -1 }));
}

function analyzeBetween(cx: ExprContext, a: Node, location: number): Expr {
  const [lowNode, highNode] = a.rexpr.List.items as [Node, Node];
  const x = analyzeExpr(cx, a.lexpr);
  const low = analyzeExpr(cx, lowNode);
  const high = analyzeExpr(cx, highNode);
  const not = a.kind === 'AEXPR_NOT_BETWEEN' || a.kind === 'AEXPR_NOT_BETWEEN_SYM';
  const range = (lo: Expr, hi: Expr): Expr =>
    not
      ? { kind: 'or', args: [makeOperator(cx.ps, ['<'], x, lo, location), makeOperator(cx.ps, ['>'], x, hi, location)], type: Oid.bool, typmod: -1 }
      : { kind: 'and', args: [makeOperator(cx.ps, ['>='], x, lo, location), makeOperator(cx.ps, ['<='], x, hi, location)], type: Oid.bool, typmod: -1 };
  if (a.kind === 'AEXPR_BETWEEN' || a.kind === 'AEXPR_NOT_BETWEEN') return range(low, high);
  const forward = range(low, high);
  const backward = range(high, low);
  return not
    ? { kind: 'and', args: [forward, backward], type: Oid.bool, typmod: -1 }
    : { kind: 'or', args: [forward, backward], type: Oid.bool, typmod: -1 };
}

function analyzeCase(cx: ExprContext, c: Node): Expr {
  let arg: Expr | null = null;
  if (c.arg) {
    arg = analyzeExpr(cx, c.arg);
    if (arg.type === Oid.unknown) arg = coerceToCommonType(cx.ps, arg, Oid.text, 'CASE');
  }
  const whens: { when: Expr; then: Expr }[] = [];
  for (const w of c.args as Node[]) {
    const cw = w.CaseWhen;
    let cond: Expr;
    if (arg) {
      const test: Expr = { kind: 'casetest', type: arg.type, typmod: arg.typmod };
      cond = makeOperator(cx.ps, ['='], test, analyzeExpr(cx, cw.expr), cw.location ?? -1);
    } else {
      cond = analyzeExpr(cx, cw.expr);
    }
    whens.push({ when: coerceToBoolean(cx, cond, 'CASE/WHEN'), then: analyzeExpr(cx, cw.result) });
  }
  const otherwise = c.defresult ? analyzeExpr(cx, c.defresult) : makeConst(Oid.unknown, null);
  // PostgreSQL considers the ELSE result first when choosing the common type.
  const results = [otherwise, ...whens.map((w) => w.then)];
  const type = selectCommonType(cx.ps, results, 'CASE');
  for (const w of whens) w.then = coerceToCommonType(cx.ps, w.then, type, 'CASE');
  return { kind: 'case', arg, whens, otherwise: coerceToCommonType(cx.ps, otherwise, type, 'CASE'), type, typmod: -1 };
}

function analyzeMinMax(cx: ExprContext, m: Node): Expr {
  const what = m.op === 'IS_GREATEST' ? 'GREATEST' : 'LEAST';
  const args = (m.args as Node[]).map((a) => analyzeExpr(cx, a));
  const type = selectCommonType(cx.ps, args, what);
  const coerced = args.map((a) => coerceToCommonType(cx.ps, a, type, what));
  const probe = makeConst(type, null);
  let compare: FuncExpr;
  try {
    compare = makeOperator(cx.ps, ['<'], probe, probe, m.location ?? -1) as FuncExpr;
  } catch {
    throw cx.ps.error(SqlState.UndefinedFunction, `could not identify a comparison function for type ${formatType(type)}`, m.location);
  }
  return { kind: m.op === 'IS_GREATEST' ? 'greatest' : 'least', args: coerced, compare, type, typmod: -1 };
}
