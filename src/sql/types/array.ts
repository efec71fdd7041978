// What every array operation shares: which types are arrays (from the built-in pg_type rows:
// typelem and typdelim; user enums' array types by their OIDs, see enum-oids.ts), the limits
// PostgreSQL puts on arrays (at most 6 dimensions, at most 134217727 elements, upper bounds
// within int32) with their exact errors, and small constructors for ArrayValue.
// Invariant: an ArrayValue with no elements has no dimensions ([] / []), except the empty
// int2vector / oidvector, which keeps one dimension of length 0 with lower bound 0, as
// PostgreSQL's does (array_dims says [0:-1]). Every other ArrayValue has 1..6 dimensions,
// each of length >= 1, and elements.length is their product.
import { builtins } from '../../catalog/builtins.js';
import { DbError, SqlState } from '../../errors.js';
import { Oid } from './oids.js';
import { enumOfArrayType } from './enum-oids.js';
import { rowTypeOfDerivedArray } from './record.js';
import { ArrayValue, type Value } from './value.js';

/** PostgreSQL's MAXDIM. */
export const MAX_DIMS = 6;
/** PostgreSQL's MaxArraySize: MaxAllocSize / sizeof(Datum). */
export const MAX_ARRAY_SIZE = 134217727;

/** How values of an array type are written: element type, delimiter, and vector forms. */
export interface ArrayTypeInfo {
  readonly elementType: number;
  /** typdelim of the element type: ',' for all built-in types but box (';'). */
  readonly delimiter: string;
  /** int2vector and oidvector: space-separated text, 0-based, one dimension. */
  readonly vector: boolean;
}

const infoCache = new Map<number, ArrayTypeInfo | null>();

/**
 * The array facts of a type OID, or undefined when it is not an array ("true array" in
 * PostgreSQL's sense: variable length with an element type, including the two vectors).
 */
const RECORD_ARRAY = 2287;

export function arrayTypeInfo(oid: number): ArrayTypeInfo | undefined {
  let info = infoCache.get(oid);
  if (info === undefined) {
    const row = builtins().typeByOid.get(oid);
    info = null;
    // record[] is a pseudo-type in pg_type, but an array of rows all the same
    if (row && row.typlen === -1 && row.typelem !== 0 && (row.typcategory === 'A' || oid === RECORD_ARRAY)) {
      const elem = builtins().typeByOid.get(row.typelem);
      info = { elementType: row.typelem, delimiter: elem?.typdelim ?? ',', vector: oid === Oid.int2vector || oid === Oid.oidvector };
    } else if (!row && enumOfArrayType(oid)) {
      info = { elementType: enumOfArrayType(oid), delimiter: ',', vector: false }; // a user enum's array type
    } else if (!row && rowTypeOfDerivedArray(oid)) {
      info = { elementType: rowTypeOfDerivedArray(oid), delimiter: ',', vector: false }; // a table's row type's array type
    }
    infoCache.set(oid, info);
  }
  return info ?? undefined;
}

/** Element type of an array type, or 0. */
export function arrayElementOid(oid: number): number {
  return arrayTypeInfo(oid)?.elementType ?? 0;
}

/** Number of elements the dimensions hold (0 without dimensions). */
export function itemCount(dims: readonly number[]): number {
  if (dims.length === 0) return 0;
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function emptyArray(elementType: number): ArrayValue {
  return new ArrayValue(elementType, [], [], []);
}

/** A one-dimensional array with lower bound 1 (empty when there are no elements). */
export function oneDimArray(elementType: number, elements: Value[]): ArrayValue {
  if (elements.length === 0) return emptyArray(elementType);
  return new ArrayValue(elementType, elements, [elements.length], [1]);
}

/**
 * An int2vector or oidvector value (elementType int2 or oid): one dimension, lower bound 0;
 * the empty one keeps its dimension, as PostgreSQL's does. For catalog columns like indkey.
 */
export function vectorOf(elementType: number, elements: Value[]): ArrayValue {
  return new ArrayValue(elementType, elements, [elements.length], [0]);
}

/** 54000 number of array dimensions (n) exceeds the maximum allowed (6). */
export function tooManyDimensions(n: number): DbError {
  return new DbError(SqlState.ProgramLimitExceeded, `number of array dimensions (${n}) exceeds the maximum allowed (${MAX_DIMS})`);
}

/** 22P02 malformed array literal, with PostgreSQL's DETAIL when it gives one. */
export function malformedArray(text: string, detail?: string): DbError {
  return new DbError(SqlState.InvalidTextRepresentation, `malformed array literal: "${text}"`, detail === undefined ? {} : { detail });
}

/** PostgreSQL's ArrayGetNItems: the element count, checking it against MaxArraySize (54000). */
export function checkedItemCount(dims: readonly number[]): number {
  if (dims.length === 0) return 0;
  let n = 1;
  for (const d of dims) {
    if (d < 0) throw arraySizeExceeded();
    n *= d;
    if (n > MAX_ARRAY_SIZE) throw arraySizeExceeded();
  }
  return n;
}

export function arraySizeExceeded(): DbError {
  return new DbError(SqlState.ProgramLimitExceeded, `array size exceeds the maximum allowed (${MAX_ARRAY_SIZE})`);
}

/** PostgreSQL's ArrayCheckBounds: lower bound + length must stay within int32 (54000). */
export function checkBounds(dims: readonly number[], lowerBounds: readonly number[]): void {
  for (let i = 0; i < dims.length; i++) {
    if (dims[i]! + lowerBounds[i]! > 2147483647) {
      throw new DbError(SqlState.ProgramLimitExceeded, `array lower bound is too large: ${lowerBounds[i]}`);
    }
  }
}

/** Whether the array has any NULL element. */
export function hasNulls(a: ArrayValue): boolean {
  for (const e of a.elements) if (e === null) return true;
  return false;
}
