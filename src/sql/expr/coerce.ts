// Type coercion as PostgreSQL's parse_coerce.c does it: which casts exist between two types
// in which context (pg_cast, binary compatibility, I/O conversion to and from string types,
// element-wise array casts), whether a list of argument types can be coerced to a
// function's declared types (including polymorphic ones), and building the coercion nodes.
// Unknown-type literals are converted at analysis time with the target type's input function,
// and untyped parameters take the type they are coerced to.
import { builtins, type ProcRow } from '../../catalog/builtins.js';
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { Oid } from '../types/oids.js';
import { typeIO } from '../types/index.js';
import { arrayTypeOfEnum, enumOfArrayType, isEnumType } from '../types/enum-oids.js';
import { derivedRowArrayOf, isRowType, rowTypeOfDerivedArray } from '../types/record.js';
import { exprLocation, type Expr, type FuncExpr } from './expr.js';
import { arrayCoercion, arrayTypmodElement } from './coerce-array.js';

export type CoercionContext = 'implicit' | 'assignment' | 'explicit';

const CONTEXT_RANK: Record<CoercionContext, number> = { implicit: 0, assignment: 1, explicit: 2 };
const CAST_CONTEXT_RANK: Record<string, number> = { i: 0, a: 1, e: 2 };

export type Pathway =
  | { kind: 'none' }
  | { kind: 'relabel' }
  | { kind: 'func'; funcOid: number }
  | { kind: 'io' }
  | { kind: 'array'; element: Pathway };

const NONE: Pathway = { kind: 'none' };
const RELABEL: Pathway = { kind: 'relabel' };
const IO: Pathway = { kind: 'io' };

export function typeCategory(oid: number): string {
  const row = builtins().typeByOid.get(oid);
  if (row) return row.typcategory;
  if (isEnumType(oid)) return 'E';
  return enumOfArrayType(oid) || rowTypeOfDerivedArray(oid) ? 'A' : isRowType(oid) ? 'C' : 'U';
}

/** PostgreSQL's ISCOMPLEX: a composite type (a relation's row type), not `record` itself. */
function isComplex(oid: number): boolean {
  return oid !== Oid.record && isRowType(oid);
}

export function isPreferredType(category: string, oid: number): boolean {
  const t = builtins().typeByOid.get(oid);
  return t !== undefined && t.typcategory === category && t.typispreferred;
}

/** record[]: a pseudo-type in pg_type, but an array of rows all the same. */
const RECORD_ARRAY = 2287;

/** Element type of an array type, or 0 when the type is not an array. */
export function arrayElementType(oid: number): number {
  const t = builtins().typeByOid.get(oid);
  if (!t) return enumOfArrayType(oid) || rowTypeOfDerivedArray(oid);
  if (t.typlen !== -1 || t.typelem === 0 || (t.typcategory !== 'A' && oid !== RECORD_ARRAY)) return 0;
  return t.typelem;
}

/** Array type whose elements are of the given type, or 0. */
export function arrayTypeOf(oid: number): number {
  return builtins().typeByOid.get(oid)?.typarray ?? (arrayTypeOfEnum(oid) || derivedRowArrayOf(oid));
}

const POLYMORPHIC = new Set<number>([
  Oid.anyelement,
  Oid.anyarray,
  Oid.anynonarray,
  Oid.anyenum,
  Oid.anyrange,
  Oid.anymultirange,
  Oid.anycompatible,
  Oid.anycompatiblearray,
  Oid.anycompatiblenonarray,
  Oid.anycompatiblerange,
  Oid.anycompatiblemultirange,
]);

/** Polymorphic types an unknown literal may be passed as unchanged (PostgreSQL's coerce_type). */
const ELEMENT_PSEUDO_TYPES = new Set<number>([Oid.anyelement, Oid.anynonarray, Oid.anycompatible, Oid.anycompatiblenonarray]);

export function isPolymorphic(oid: number): boolean {
  return POLYMORPHIC.has(oid);
}

/** PostgreSQL's find_coercion_pathway. */
export function findCoercionPathway(target: number, source: number, context: CoercionContext): Pathway {
  if (source === target) return RELABEL;
  const cast = builtins().cast(source, target);
  if (cast) {
    if (CONTEXT_RANK[context] < (CAST_CONTEXT_RANK[cast.castcontext] ?? 2)) return NONE;
    switch (cast.castmethod) {
      case 'f':
        return { kind: 'func', funcOid: cast.castfunc };
      case 'b':
        return RELABEL;
      case 'i':
        return IO;
      default:
        return NONE;
    }
  }
  if (target !== Oid.oidvector && target !== Oid.int2vector) {
    const targetElem = arrayElementType(target);
    const sourceElem = arrayElementType(source);
    if (targetElem && sourceElem) {
      const element = findCoercionPathway(targetElem, sourceElem, context);
      if (element.kind !== 'none') return { kind: 'array', element };
    }
  }
  if (CONTEXT_RANK[context] >= CONTEXT_RANK.assignment && typeCategory(target) === 'S') return IO;
  if (context === 'explicit' && typeCategory(source) === 'S') return IO;
  return NONE;
}

/** PostgreSQL's can_coerce_type over argument lists. */
export function canCoerceTypes(inputs: readonly number[], targets: readonly number[], context: CoercionContext): boolean {
  let polymorphic = false;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const target = targets[i]!;
    if (input === target || target === Oid.any) continue;
    if (isPolymorphic(target)) {
      polymorphic = true;
      continue;
    }
    if (input === Oid.unknown) continue;
    // a record may become a composite type (checked when coerced), a composite type a record
    if ((input === Oid.record && isComplex(target)) || (target === Oid.record && isComplex(input))) continue;
    if (findCoercionPathway(target, input, context).kind === 'none') return false;
  }
  return !polymorphic || resolvePolymorphicTypes(inputs, targets) !== null;
}

/**
 * Resolves polymorphic declared types against actual argument types (PostgreSQL's
 * check_generic_type_consistency / enforce_generic_type_consistency): returns the declared
 * types with polymorphic ones replaced, or null when the arguments are inconsistent.
 * `returnType`, when given, is resolved too and returned as the last element.
 */
export function resolvePolymorphicTypes(
  inputs: readonly number[],
  declared: readonly number[],
  returnType?: number,
): number[] | null {
  let elem = 0;
  let array = 0;
  let sawElementFamily = false;
  const compatible: number[] = [];
  let sawCompatible = false;
  for (let i = 0; i < declared.length; i++) {
    const d = declared[i]!;
    const input = inputs[i]!;
    if (d === Oid.anyelement || d === Oid.anynonarray || d === Oid.anyenum) {
      sawElementFamily = true;
      if (input === Oid.unknown) continue;
      if (elem && elem !== input) return null;
      elem = input;
    } else if (d === Oid.anyarray) {
      sawElementFamily = true;
      if (input === Oid.unknown) continue;
      if (array && array !== input) return null;
      array = input;
    } else if (d === Oid.anycompatible || d === Oid.anycompatiblenonarray) {
      sawCompatible = true;
      if (input !== Oid.unknown) compatible.push(input);
    } else if (d === Oid.anycompatiblearray) {
      sawCompatible = true;
      if (input === Oid.unknown) continue;
      const e = arrayElementType(input);
      if (!e) return null;
      compatible.push(e);
    } else if (d === Oid.anyrange || d === Oid.anymultirange || d === Oid.anycompatiblerange || d === Oid.anycompatiblemultirange) {
      return null; // ranges are not supported yet
    }
  }
  if (array) {
    const arrayElem = arrayElementType(array);
    if (!arrayElem) return null;
    if (elem && elem !== arrayElem) return null;
    elem = arrayElem;
  }
  if (sawElementFamily && elem) {
    if (declared.includes(Oid.anynonarray) && arrayElementType(elem)) return null;
    if (declared.includes(Oid.anyenum) && !isEnumType(elem)) return null;
  }
  let common = 0;
  if (sawCompatible) {
    common = compatible.length === 0 ? Oid.text : commonTypeOf(compatible);
    if (!common) return null;
    if (declared.includes(Oid.anycompatiblenonarray) && arrayElementType(common)) return null;
  }
  const resolveOne = (d: number): number => {
    switch (d) {
      case Oid.anyelement:
      case Oid.anynonarray:
      case Oid.anyenum:
        return elem || Oid.unknown;
      case Oid.anyarray:
        return array || (elem ? arrayOfResolved(elem) : Oid.unknown);
      case Oid.anycompatible:
      case Oid.anycompatiblenonarray:
        return common;
      case Oid.anycompatiblearray:
        return arrayOfResolved(common);
      default:
        return d;
    }
  };
  // resolving a call (returnType given) needs the array type to exist; matching does not
  const arrayOfResolved = (t: number): number => {
    const a = arrayTypeOf(t);
    if (!a && returnType !== undefined) {
      throw new DbError(SqlState.UndefinedObject, `could not find array type for data type ${formatType(t)}`);
    }
    return a;
  };
  const out = declared.map(resolveOne);
  if (returnType !== undefined) out.push(resolveOne(returnType));
  return out;
}

/** The common type of a list of known types, or 0 when they cannot be unified. */
function commonTypeOf(types: readonly number[]): number {
  let ptype = types[0]!;
  let pcategory = typeCategory(ptype);
  let ppreferred = isPreferredType(pcategory, ptype);
  for (const ntype of types.slice(1)) {
    if (ntype === ptype) continue;
    const ncategory = typeCategory(ntype);
    if (ncategory !== pcategory) return 0;
    if (
      !ppreferred &&
      findCoercionPathway(ntype, ptype, 'implicit').kind !== 'none' &&
      findCoercionPathway(ptype, ntype, 'implicit').kind === 'none'
    ) {
      ptype = ntype;
      pcategory = ncategory;
      ppreferred = isPreferredType(ncategory, ntype);
    }
  }
  for (const t of types) if (t !== ptype && findCoercionPathway(ptype, t, 'implicit').kind === 'none') return 0;
  return ptype;
}

/**
 * PostgreSQL's select_common_type for CASE, COALESCE, UNION, VALUES...: the type every input
 * can be implicitly coerced to. `what` names the construct in errors ("CASE", "COALESCE").
 */
export function selectCommonType(ps: ParseState, exprs: readonly Expr[], what: string): number {
  const first = exprs[0];
  if (!first) return Oid.text;
  let ptype = first.type;
  let allSame = true;
  for (const e of exprs) if (e.type !== ptype) allSame = false;
  if (allSame) return ptype === Oid.unknown ? Oid.text : ptype;
  let pcategory = '';
  let ppreferred = false;
  ptype = Oid.unknown;
  for (const e of exprs) {
    const ntype = e.type;
    if (ntype === Oid.unknown || ntype === ptype) continue;
    if (ptype === Oid.unknown) {
      ptype = ntype;
      pcategory = typeCategory(ntype);
      ppreferred = isPreferredType(pcategory, ntype);
      continue;
    }
    const ncategory = typeCategory(ntype);
    if (ncategory !== pcategory) {
      throw ps.error(
        SqlState.DatatypeMismatch,
        `${what} types ${typeText(ps, ptype)} and ${typeText(ps, ntype)} cannot be matched`,
        exprLocation(e),
      );
    }
    if (
      !ppreferred &&
      findCoercionPathway(ntype, ptype, 'implicit').kind !== 'none' &&
      findCoercionPathway(ptype, ntype, 'implicit').kind === 'none'
    ) {
      ptype = ntype;
      pcategory = ncategory;
      ppreferred = isPreferredType(ncategory, ntype);
    }
  }
  return ptype === Oid.unknown ? Oid.text : ptype;
}

/** Coerces every expression to a common type (PostgreSQL's coerce_to_common_type). */
export function coerceToCommonType(ps: ParseState, e: Expr, type: number, what: string): Expr {
  if (e.type === type) return e;
  if (findCoercionPathway(type, e.type, 'implicit').kind === 'none' && e.type !== Oid.unknown) {
    throw ps.error(
      SqlState.CannotCoerce,
      `${what} could not convert type ${typeText(ps, e.type)} to ${typeText(ps, type)}`,
      exprLocation(e),
    );
  }
  return coerceType(ps, e, type, -1, 'implicit', exprLocation(e));
}

/**
 * Coerces an expression to a type (and typmod, when >= 0), PostgreSQL's
 * coerce_to_target_type. Throws 42846 when no coercion exists in the context.
 */
export function coerceToTargetType(
  ps: ParseState,
  e: Expr,
  target: number,
  typmod: number,
  context: CoercionContext,
  location: number,
): Expr | null {
  if (!canCoerceTypes([e.type], [target], context)) return null;
  const coerced = coerceType(ps, e, target, typmod, context, location);
  return applyTypmod(ps, coerced, target, typmod, context, location);
}

/** As coerceToTargetType, raising PostgreSQL's "cannot cast type" error when impossible. */
export function castTo(ps: ParseState, e: Expr, target: number, typmod: number, location: number): Expr {
  const out = coerceToTargetType(ps, e, target, typmod, 'explicit', location);
  if (!out) {
    throw ps.error(SqlState.CannotCoerce, `cannot cast type ${typeText(ps, e.type)} to ${typeText(ps, target)}`, location);
  }
  return out;
}

/** PostgreSQL's coerce_type: the conversion without the typmod step. */
export function coerceType(
  ps: ParseState,
  e: Expr,
  target: number,
  typmod: number,
  context: CoercionContext,
  location: number,
): Expr {
  if (e.type === target || target === Oid.any) return e;
  if (isPolymorphic(target)) {
    // an untyped literal cannot stand for an array/enum/range pseudo-type: its input refuses
    // (a NULL one is never read by the input function, so it is a NULL of the pseudo-type)
    if (e.kind === 'const' && e.type === Oid.unknown && !ELEMENT_PSEUDO_TYPES.has(target)) {
      if (e.value === null) return { ...e, type: target, typmod: -1 };
      throw ps.error(SqlState.FeatureNotSupported, `cannot accept a value of type ${typeText(ps, target)}`, e.location >= 0 ? e.location : location);
    }
    return e;
  }
  if (e.type === Oid.unknown) {
    if (e.kind === 'const') {
      const io = typeIO(target);
      if (!io) throw unsupportedType(ps, target, location);
      let value = e.value;
      if (value !== null) {
        try {
          value = io.input(value as string, target === Oid.interval ? typmod : -1, ps.types);
        } catch (err) {
          if (err instanceof DbError && err.position === undefined) {
            err.position = ps.position(e.location >= 0 ? e.location : location);
          }
          throw err;
        }
      }
      return { kind: 'const', type: target, typmod: -1, value, location: e.location };
    }
    if (e.kind === 'param') {
      ps.params.deduce(e.index + 1, target, ps.position(e.location));
      return { ...e, type: target, typmod: -1 };
    }
    // an unknown-typed expression that is not a literal: convert through text I/O
    return { kind: 'iocoerce', arg: e, type: target, typmod: -1, location };
  }
  if (target === Oid.record && isComplex(e.type)) return e;
  if (e.type === Oid.record && isComplex(target)) return coerceRecordToComplex(ps, e, target, context, location);
  const path = findCoercionPathway(target, e.type, context);
  switch (path.kind) {
    case 'relabel':
      return { kind: 'relabel', arg: e, type: target, typmod: -1 };
    case 'io':
      if (!typeIO(target)) throw unsupportedType(ps, target, location);
      return { kind: 'iocoerce', arg: e, type: target, typmod: -1, location };
    case 'func':
      return buildCoercionCall(ps, e, path.funcOid, target, -1, context, location);
    case 'array': {
      const elementTarget = arrayElementType(target);
      return arrayCoercion(e, target, -1, location, (elem) => coerceType(ps, elem, elementTarget, -1, context, location));
    }
    case 'none':
      throw ps.error(SqlState.CannotCoerce, `cannot cast type ${typeText(ps, e.type)} to ${typeText(ps, target)}`, location);
  }
}

/**
 * ROW(...) (or a whole row) as a composite type (PostgreSQL's coerce_record_to_complex): each
 * field coerced to its column's type, the row then named and typed as the composite type.
 */
function coerceRecordToComplex(ps: ParseState, e: Expr, target: number, context: CoercionContext, location: number): Expr {
  const where = location >= 0 ? location : exprLocation(e);
  const fail = (detail?: string, at = where) =>
    ps.error(SqlState.CannotCoerce, `cannot cast type record to ${typeText(ps, target)}`, at, detail ? { detail } : {});
  const desc = ps.types.names?.rowTypeFields?.(target);
  if (e.kind !== 'row' || !desc) throw fail();
  if (e.args.length < desc.types.length) throw fail('Input has too few columns.');
  if (e.args.length > desc.types.length) throw fail('Input has too many columns.');
  const args = e.args.map((arg, i) => {
    const out = coerceToTargetType(ps, arg, desc.types[i]!, desc.typmods[i]!, context, -1);
    if (!out) {
      throw fail(`Cannot cast type ${typeText(ps, arg.type)} to ${typeText(ps, desc.types[i]!)} in column ${i + 1}.`, location >= 0 ? location : exprLocation(arg));
    }
    return out;
  });
  return { ...e, args, desc, wholeRow: false, absentWhenNull: undefined, type: target, typmod: -1, location: where };
}

/** format_type for a message; user types are named through the session's catalog. */
function typeText(ps: ParseState, oid: number): string {
  return formatType(oid, -1, (o) => ps.types.names?.typeName(o));
}

function unsupportedType(ps: ParseState, type: number, location: number): DbError {
  return ps.error(SqlState.FeatureNotSupported, `type ${typeText(ps, type)} is not supported yet`, location);
}

/** A call of a cast function, with the typmod and is-explicit arguments it may take. */
function buildCoercionCall(
  ps: ParseState,
  e: Expr,
  funcOid: number,
  target: number,
  typmod: number,
  context: CoercionContext,
  location: number,
): FuncExpr {
  const proc = builtins().procByOid.get(funcOid);
  if (!proc) throw ps.error(SqlState.InternalError, `cache lookup failed for function ${funcOid}`, location);
  const args: Expr[] = [e];
  if (proc.pronargs >= 2) args.push({ kind: 'const', type: Oid.int4, typmod: -1, value: typmod, location: -1 });
  if (proc.pronargs >= 3) {
    args.push({ kind: 'const', type: Oid.bool, typmod: -1, value: context === 'explicit', location: -1 });
  }
  const argType = proc.proargtypes[0]!;
  if (argType !== e.type && !isPolymorphic(argType) && argType !== Oid.any) {
    args[0] = { kind: 'relabel', arg: e, type: argType, typmod: -1 };
  }
  return { kind: 'func', proc, args, type: target, typmod, format: 'cast', location };
}

/** PostgreSQL's coerce_type_typmod: apply a length/precision through the type's own cast. */
export function applyTypmod(
  ps: ParseState,
  e: Expr,
  target: number,
  typmod: number,
  context: CoercionContext,
  location: number,
): Expr {
  if (typmod < 0 || e.typmod === typmod) return e;
  const elementType = arrayTypmodElement(target);
  if (elementType) return arrayCoercion(e, target, typmod, location, (elem) => applyTypmod(ps, elem, elementType, typmod, context, location));
  const cast = builtins().cast(target, target);
  if (!cast || cast.castmethod !== 'f') return { ...e, typmod } as Expr;
  return buildCoercionCall(ps, e, cast.castfunc, target, typmod, context, location);
}

/** Declared argument types of a function, expanded for a variadic call of `nargs` arguments. */
export function expandedArgTypes(proc: ProcRow, nargs: number, variadic: boolean): number[] {
  const declared = proc.proargtypes;
  if (!variadic || proc.provariadic === 0) return declared.slice(0, nargs);
  const fixed = declared.slice(0, declared.length - 1);
  const elem = proc.provariadic;
  while (fixed.length < nargs) fixed.push(elem);
  return fixed;
}
