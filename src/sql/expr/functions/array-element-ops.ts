// Equality and ordering of array elements, as PostgreSQL's type cache gives them to the array
// functions: the `=` and `<` operators of the element type (found with the operator resolution
// rules, so varchar elements use text's), called through their implementations. Looked up once
// per element type. A type without the operator fails as PostgreSQL does: 42883 "could not
// identify an equality operator for type json" / "... a comparison function ...".
// The implementations are reached through a lookup that functions/index.ts installs, so this
// module does not import the registry that imports it.
// Requires: element values are never NULL here; callers handle NULL elements themselves.
import { builtins } from '../../../catalog/builtins.js';
import { formatType } from '../../../catalog/format-type.js';
import { DbError, SqlState } from '../../../errors.js';
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { exactBinaryOperator, operatorCandidates, resolveCandidates } from '../resolve-function.js';
import type { CallInfo, EvalContext, FnImpl } from './registry.js';

export interface ElementOps {
  /** The element type's `=`: true or false (a NULL answer counts as false). */
  equals(a: Value, b: Value, ctx: EvalContext): boolean;
  /** -1, 0 or 1 by the element type's `<` and `=`. */
  compare(a: Value, b: Value, ctx: EvalContext): number;
}

let implementationOf: ((prosrc: string) => FnImpl | undefined) | null = null;

/** Installed by functions/index.ts once every implementation is registered. */
export function setElementImplementationLookup(lookup: (prosrc: string) => FnImpl | undefined): void {
  implementationOf = lookup;
}

type BinaryFn = (a: Value, b: Value, ctx: EvalContext) => Value;

/** The implementation of `elem op elem`, or null when the type has no such operator. */
function operatorFn(op: string, elementType: number): BinaryFn | null {
  let row = exactBinaryOperator(op, elementType, elementType);
  if (!row) {
    const found = resolveCandidates([elementType, elementType], operatorCandidates(op, 'b'));
    if (found.kind !== 'found') return null;
    row = found.candidate.item;
  }
  const proc = builtins().procByOid.get(row.oprcodeoid);
  if (!proc || row.oprresult !== Oid.bool) return null;
  const fn = implementationOf?.(proc.prosrc);
  if (!fn) return null;
  const call: CallInfo = { argTypes: [row.oprleft, row.oprright], resultType: Oid.bool, resultTypmod: -1, funcOid: proc.oid };
  return (a, b, ctx) => fn([a, b], ctx, call);
}

const cache = new Map<number, ElementOps>();

/** The comparison operations of an element type; a missing operator fails when first needed. */
export function elementOps(elementType: number): ElementOps {
  let ops = cache.get(elementType);
  if (ops) return ops;
  let eq: BinaryFn | null | undefined;
  let lt: BinaryFn | null | undefined;
  const equality = (): BinaryFn | null => (eq === undefined ? (eq = operatorFn('=', elementType)) : eq);
  const ordering = (): BinaryFn | null => (lt === undefined ? (lt = operatorFn('<', elementType)) : lt);
  const missing = (what: string) => new DbError(SqlState.UndefinedFunction, `could not identify ${what} for type ${formatType(elementType)}`);
  ops = {
    equals(a, b, ctx) {
      const fn = equality();
      if (!fn) throw missing('an equality operator');
      return fn(a, b, ctx) === true;
    },
    compare(a, b, ctx) {
      const equal = equality();
      const less = ordering();
      if (!equal || !less) throw missing('a comparison function');
      if (equal(a, b, ctx) === true) return 0;
      return less(a, b, ctx) === true ? -1 : 1;
    },
  };
  cache.set(elementType, ops);
  return ops;
}
