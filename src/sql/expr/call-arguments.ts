// Named and VARIADIC arguments of function calls, as PostgreSQL's ParseFuncOrColumn,
// MatchNamedCall and func_get_detail treat them:
//   f(1, b => 2)          positional arguments first, then named ones (42601 otherwise, or for a
//                         name used twice); a function matches when every name is one of its
//                         input parameters (pg_proc.proargnames), no parameter is given twice and
//                         every parameter not given has a default. Variadic functions match named
//                         calls only with VARIADIC.
//   f(x, 'a', 'b')        the variadic tail of a function whose variadic type is not "any" is
//                         passed as one ARRAY[...] of the element type
//   f(VARIADIC arr)       the array is the variadic parameter itself; for a VARIADIC "any"
//                         function (concat, format, json_build_object, ...) its elements are
//                         the arguments, so it must be an ARRAY[...] or a constant here
// The analyzed call always lists its arguments in the function's parameter order.
import { formatType } from '../../catalog/format-type.js';
import type { ProcRow } from '../../catalog/builtins.js';
import { SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { parseSql, type Node } from '../parser.js';
import { arrayElementOid } from '../types/array.js';
import { ArrayValue } from '../types/value.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from './analyze-expr.js';
import { arrayTypeOf, coerceType } from './coerce.js';
import { exprLocation, makeConst, type Expr } from './expr.js';

/** The names of a call's named arguments, in order; checks they follow the positional ones. */
export function argumentNames(ps: ParseState, rawArgs: readonly Node[]): string[] {
  const names: string[] = [];
  for (const arg of rawArgs) {
    const named = arg.NamedArgExpr;
    if (named) {
      if (names.includes(named.name)) {
        throw ps.error(SqlState.SyntaxError, `argument name "${named.name}" used more than once`, named.location);
      }
      names.push(named.name as string);
    } else if (names.length > 0) {
      throw ps.error(SqlState.SyntaxError, 'positional argument cannot follow named argument', exprNodeLocation(arg));
    }
  }
  return names;
}

/** The expression of an argument, named or not. */
export function argumentValue(arg: Node): Node {
  return arg.NamedArgExpr ? arg.NamedArgExpr.arg : arg;
}

/** func_signature_string: `f(integer, years => integer)`. */
export function callSignature(name: string, types: readonly number[], argNames: readonly string[] = [], typeName: (oid: number) => string = formatType): string {
  const firstNamed = types.length - argNames.length;
  const parts = types.map((t, i) => (i >= firstNamed ? `${argNames[i - firstNamed]} => ` : '') + typeName(t));
  return `${name}(${parts.join(', ')})`;
}

const INPUT_MODES = new Set(['i', 'b', 'v']);

/**
 * MatchNamedCall: for each argument of the call, the parameter it fills (0-based), followed by
 * the parameters left to their defaults; null when the function cannot take these arguments.
 * Requires: nargs <= proc.pronargs.
 */
export function matchNamedCall(proc: ProcRow, nargs: number, argNames: readonly string[]): number[] | null {
  const names = proc.proargnames;
  if (!names) return null;
  const modes = proc.proargmodes;
  const given = new Array<boolean>(proc.pronargs).fill(false);
  const positional = nargs - argNames.length;
  const numbers: number[] = [];
  for (let i = 0; i < positional; i++) {
    numbers.push(i);
    given[i] = true;
  }
  for (const name of argNames) {
    let param = -1;
    for (let i = 0, pp = 0; i < names.length; i++) {
      if (modes && !INPUT_MODES.has(modes[i]!)) continue;
      if (names[i] === name) {
        param = pp;
        break;
      }
      pp++;
    }
    if (param < 0 || given[param]) return null;
    given[param] = true;
    numbers.push(param);
  }
  const firstDefault = proc.pronargs - proc.pronargdefaults;
  for (let pp = positional; pp < proc.pronargs; pp++) {
    if (given[pp]) continue;
    if (pp < firstDefault) return null;
    numbers.push(pp);
  }
  return numbers;
}

/** The default arguments of these parameters (0-based), analyzed from their recorded SQL text. */
export function defaultArgumentsAt(cx: ExprContext, proc: ProcRow, params: readonly number[]): Expr[] {
  const texts = proc.argdefaults ?? [];
  const firstDefault = proc.pronargs - texts.length;
  return params.map((param) => {
    const parsed = parseSql(`SELECT ${texts[param - firstDefault]}`)[0]!;
    const node = parsed.stmt.SelectStmt.targetList[0].ResTarget.val;
    const expr = analyzeExpr({ ...cx, scope: null }, node);
    return coerceType(cx.ps, expr, proc.proargtypes[param]!, -1, 'implicit', -1);
  });
}

/**
 * The arguments of a named call in parameter order: `args` fill the parameters
 * argNumbers[0..args.length), defaults the rest of argNumbers.
 */
export function namedCallArguments(cx: ExprContext, proc: ProcRow, args: readonly Expr[], argNumbers: readonly number[]): Expr[] {
  const ordered: Expr[] = new Array<Expr>(proc.pronargs);
  args.forEach((a, i) => (ordered[argNumbers[i]!] = a));
  const defaulted = argNumbers.slice(args.length).sort((a, b) => a - b);
  const defaults = defaultArgumentsAt(cx, proc, defaulted);
  defaulted.forEach((param, i) => (ordered[param] = defaults[i]!));
  return ordered;
}

/** The variadic tail of a call (arguments from the last parameter on) as one ARRAY[...]. */
export function packVariadic(ps: ParseState, proc: ProcRow, args: readonly Expr[]): Expr[] {
  const fixed = proc.pronargs - 1;
  const tail = args.slice(fixed);
  const elementType = tail[0]!.type;
  const arrayType = arrayTypeOf(elementType);
  const location = exprLocation(tail[0]!);
  if (!arrayType) throw ps.error(SqlState.UndefinedObject, `could not find array type for data type ${formatType(elementType)}`, location);
  const array: Expr = { kind: 'array', elements: tail, elementType, multidims: false, type: arrayType, typmod: -1, location };
  return [...args.slice(0, fixed), array];
}

/**
 * `f(..., VARIADIC arr)` of a VARIADIC "any" function: the array's elements as the arguments.
 * Returns null when the call's value is known to be NULL (a NULL array: format() takes no
 * arguments then, the other functions return NULL).
 */
export function spreadVariadicAny(ps: ParseState, proc: ProcRow, args: readonly Expr[]): Expr[] | null {
  const last = args[args.length - 1]!;
  const elementType = arrayElementOid(last.type);
  if (!elementType) throw ps.error(SqlState.DatatypeMismatch, 'VARIADIC argument must be an array', exprLocation(last));
  const fixed = args.slice(0, -1);
  if (last.kind === 'const' && last.value === null) return proc.prosrc === 'text_format' ? fixed : null;
  const elements = arrayElements(last);
  if (!elements) {
    throw ps.error(SqlState.FeatureNotSupported, `VARIADIC arguments of ${proc.proname}() other than ARRAY[...] or constants are not supported yet`, exprLocation(last));
  }
  return [...fixed, ...elements];
}

/** The elements of an ARRAY[...] (nested ones flattened) or of a constant array, or null. */
function arrayElements(e: Expr): Expr[] | null {
  if (e.kind === 'const' && e.value instanceof ArrayValue) {
    const a = e.value;
    const elementType = arrayElementOid(e.type);
    return a.elements.map((v) => makeConst(elementType, v, e.typmod, e.location));
  }
  if (e.kind !== 'array') return null;
  if (!e.multidims) return e.elements;
  const out: Expr[] = [];
  for (const sub of e.elements) {
    const inner = arrayElements(sub);
    if (!inner) return null;
    out.push(...inner);
  }
  return out;
}
