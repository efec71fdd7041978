// Building element-wise array casts (PostgreSQL's ArrayCoerceExpr): `'{1,2}'::text[]::int[]`,
// `int[]` to `bigint[]`, and the typmod step of `varchar(3)[]` or `numeric(5,2)[]`, where
// each element goes through the element type's own length coercion. The element conversion
// is an expression over a CaseTestExpr placeholder standing for one element; coerce.ts builds
// it with its usual rules and passes it in, so this module does not import coerce.ts.
import { builtins } from '../../catalog/builtins.js';
import { arrayElementOid } from '../types/array.js';
import { Oid } from '../types/oids.js';
import type { Expr } from './expr.js';
import { exprLocation } from './expr.js';

/** The placeholder an element conversion reads: one element of `arrayExpr`. */
export function elementPlaceholder(arrayExpr: Expr): Expr {
  return { kind: 'casetest', type: arrayElementOid(arrayExpr.type), typmod: arrayExpr.typmod };
}

/**
 * `arg` cast element by element to the array type `target`; `convert` turns the placeholder
 * into the converted element.
 */
export function arrayCoercion(arg: Expr, target: number, typmod: number, location: number, convert: (element: Expr) => Expr): Expr {
  const elem = convert(elementPlaceholder(arg));
  const at = location >= 0 ? location : exprLocation(arg);
  return { kind: 'arraycoerce', arg, elem, type: target, typmod, location: at };
}

/**
 * The element type of an array type whose elements have a length coercion function (a
 * pg_cast from the element type to itself), or 0: only those arrays need a typmod step.
 */
export function arrayTypmodElement(arrayType: number): number {
  const elem = arrayElementOid(arrayType);
  if (!elem || arrayType === Oid.int2vector || arrayType === Oid.oidvector) return 0;
  const cast = builtins().cast(elem, elem);
  return cast && cast.castmethod === 'f' ? elem : 0;
}
