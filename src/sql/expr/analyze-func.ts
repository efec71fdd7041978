// Function calls (PostgreSQL's ParseFuncOrColumn): `f(a, b)` resolved against pg_proc with
// variadic, named (call-arguments.ts) and default arguments, `typename(x)` read as a cast when
// no function matches exactly, polymorphic argument and result types resolved, arguments
// coerced to the declared types. Also the SQL-standard value functions (CURRENT_USER,
// CURRENT_DATE, ...).
import { builtins, type ProcRow } from '../../catalog/builtins.js';
import { formatType } from '../../catalog/format-type.js';
import { SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { lookupTypeByName, nameParts } from '../analyze/typename.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { coerceType, findCoercionPathway, isPolymorphic, resolvePolymorphicTypes } from './coerce.js';
import { checkNotAggregateDecorations, makeAggregate } from './analyze-agg.js';
import { checkAggregateArguments, makeWindowFunction } from './analyze-window.js';
import { checkSetReturningAllowed } from './clause-rules.js';
import { setReturningImpl } from './set-returning/index.js';
import { analyzeExpr, type ExprContext } from './analyze-expr.js';
import { makeConst, type Expr, type FuncExpr } from './expr.js';
import { hasImplementation } from './function-impls.js';
import { functionCandidates, resolveCandidates, type Candidate } from './resolve-function.js';
import { argumentNames, argumentValue, callSignature, defaultArgumentsAt, namedCallArguments, packVariadic, spreadVariadicAny } from './call-arguments.js';

export function makeFunctionCall(cx: ExprContext, f: Node): Expr {
  const ps = cx.ps;
  const names = nameParts(f.funcname);
  const name = names[names.length - 1]!;
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const location: number = f.location ?? -1;
  const rawArgs: Node[] = f.args ?? [];
  const argNames = argumentNames(ps, rawArgs);
  const args = rawArgs.map((a) => analyzeExpr(cx, argumentValue(a)));
  const inputs = args.map((a) => a.type);

  if (schema !== undefined && schema !== 'pg_catalog' && schema !== 'information_schema') {
    throw ps.error(SqlState.UndefinedFunction, `function ${callSignature(names.join('.'), inputs, argNames, (t) => ps.typeText(t))} does not exist`, location, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const candidates = functionCandidates(name, args.length, schema, argNames, !f.func_variadic);
  const exact = candidates.find((c) => c.args.length === inputs.length && c.args.every((t, i) => t === inputs[i]));
  if (!exact && args.length === 1 && argNames.length === 0) {
    const asCast = functionAsCast(ps, names, args[0]!, location);
    if (asCast) return asCast;
  }
  const result = exact && !exact.ambiguous ? ({ kind: 'found', candidate: exact } as const) : resolveCandidates(inputs, candidates);
  if (result.kind === 'ambiguous') {
    throw ps.error(SqlState.AmbiguousFunction, `function ${callSignature(names.join('.'), inputs, argNames, (t) => ps.typeText(t))} is not unique`, location, {
      hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
    });
  }
  if (result.kind === 'none') {
    throw ps.error(SqlState.UndefinedFunction, `function ${callSignature(names.join('.'), inputs, argNames, (t) => ps.typeText(t))} does not exist`, location, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const call = buildCall(cx, result.candidate, args, location, f.func_variadic === true, f.over !== undefined);
  if (call.kind !== 'func') return call;
  if (f.over) return makeWindowFunction(cx, f, call, names.join('.'));
  if (call.proc.prokind === 'a') return makeAggregate(cx, f, checkAggregateArguments(cx, call));
  checkNotAggregateDecorations(cx, f, call.proc, location);
  return call;
}

/** `int4('12')`, `text(x)`: a one-argument call named like a type is a cast (FUNCDETAIL_COERCION). */
function functionAsCast(ps: ParseState, names: string[], arg: Expr, location: number): Expr | null {
  const target = lookupTypeByName(names);
  if (target === undefined) return null;
  const row = builtins().type(target);
  if (row.typtype === 'p') return null;
  let isCoercion = false;
  if (arg.type === Oid.unknown && arg.kind === 'const') {
    isCoercion = true;
  } else {
    const path = findCoercionPathway(target, arg.type, 'explicit');
    isCoercion = path.kind === 'relabel' || (path.kind === 'io' && !(arg.type === Oid.record && row.typcategory === 'S'));
  }
  return isCoercion ? coerceType(ps, arg, target, -1, 'explicit', location) : null;
}

function buildCall(cx: ExprContext, candidate: Candidate<ProcRow>, args: Expr[], location: number, variadicCall: boolean, windowCall = false): FuncExpr | Expr {
  const ps = cx.ps;
  const proc = candidate.item;
  if (proc.prokind === 'w' && !windowCall) {
    throw ps.error(SqlState.WrongObjectType, `window function ${proc.proname} requires an OVER clause`, location);
  }
  if (proc.prokind === 'p') {
    throw ps.error(SqlState.WrongObjectType, `${proc.proname}(${proc.proargtypes.map((t) => formatType(t)).join(', ')}) is a procedure`, location, {
      hint: 'To call a procedure, use CALL.',
    });
  }
  if (proc.proretset) {
    checkSetReturningAllowed(cx, location);
    if (!setReturningImpl(proc)) {
      throw ps.error(SqlState.FeatureNotSupported, `function ${proc.proname}(${proc.proargtypes.map((t) => formatType(t)).join(', ')}) is not supported yet`, location);
    }
  }
  let declared = candidate.args.slice();
  let resultType = proc.prorettype;
  const inputs = args.map((a) => a.type);
  if (declared.some(isPolymorphic) || isPolymorphic(resultType)) {
    const resolved = resolvePolymorphicTypes(inputs, declared, resultType);
    if (!resolved || resolved.includes(Oid.unknown)) {
      // PostgreSQL reports this without a position
      throw ps.error(SqlState.DatatypeMismatch, 'could not determine polymorphic type because input has type unknown');
    }
    resultType = resolved.pop()!;
    declared = resolved;
  }
  let coerced = args.map((a, i) => coerceType(ps, a, declared[i]!, -1, 'implicit', location));
  if (candidate.argNumbers) coerced = namedCallArguments(cx, proc, coerced, candidate.argNumbers);
  else if (candidate.defaults > 0) coerced.push(...defaultArgumentsAt(cx, proc, range(proc.pronargs - candidate.defaults, proc.pronargs)));
  if (candidate.variadic && proc.provariadic !== Oid.any) coerced = packVariadic(ps, proc, coerced);
  if (variadicCall && proc.provariadic === Oid.any) {
    const spread = spreadVariadicAny(ps, proc, coerced);
    if (!spread) return makeConst(resultType, null, -1, location);
    coerced = spread;
  }
  if (proc.prokind !== 'a' && proc.prokind !== 'w' && !proc.proretset && !hasImplementation(proc)) {
    throw ps.error(SqlState.FeatureNotSupported, `function ${proc.proname}(${proc.proargtypes.map((t) => formatType(t)).join(', ')}) is not supported yet`, location);
  }
  const call: FuncExpr = { kind: 'func', proc, args: coerced, type: resultType, typmod: -1, format: 'call', location };
  return call;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

const SQL_VALUE_TYPES: Record<string, [type: number, name: string]> = {
  SVFOP_CURRENT_DATE: [Oid.date, 'current_date'],
  SVFOP_CURRENT_TIME: [Oid.timetz, 'current_time'],
  SVFOP_CURRENT_TIME_N: [Oid.timetz, 'current_time'],
  SVFOP_CURRENT_TIMESTAMP: [Oid.timestamptz, 'current_timestamp'],
  SVFOP_CURRENT_TIMESTAMP_N: [Oid.timestamptz, 'current_timestamp'],
  SVFOP_LOCALTIME: [Oid.time, 'localtime'],
  SVFOP_LOCALTIME_N: [Oid.time, 'localtime'],
  SVFOP_LOCALTIMESTAMP: [Oid.timestamp, 'localtimestamp'],
  SVFOP_LOCALTIMESTAMP_N: [Oid.timestamp, 'localtimestamp'],
  SVFOP_CURRENT_ROLE: [Oid.name, 'current_role'],
  SVFOP_CURRENT_USER: [Oid.name, 'current_user'],
  SVFOP_USER: [Oid.name, 'user'],
  SVFOP_SESSION_USER: [Oid.name, 'session_user'],
  SVFOP_CURRENT_CATALOG: [Oid.name, 'current_catalog'],
  SVFOP_CURRENT_SCHEMA: [Oid.name, 'current_schema'],
};

/** CURRENT_USER, CURRENT_DATE, LOCALTIMESTAMP(3), ... */
export function makeSqlValueFunction(cx: ExprContext, s: Node): Expr {
  const entry = SQL_VALUE_TYPES[s.op as string];
  if (!entry) throw cx.ps.error(SqlState.FeatureNotSupported, `${s.op} is not supported yet`, s.location);
  const [type, name] = entry;
  let typmod: number = s.typmod ?? -1;
  if (typmod > 6) {
    cx.ps.warning(`${name.toUpperCase()}(${typmod}) precision reduced to maximal allowed, 6`, s.location);
    typmod = 6;
  }
  if (type === Oid.timetz) throw cx.ps.error(SqlState.FeatureNotSupported, 'type time with time zone is not supported yet', s.location);
  return { kind: 'sessionvalue', name, type, typmod };
}
