// The in-memory representation of SQL values, shared by the executor, the expression
// evaluator and the protocol encoders. One JS representation per PostgreSQL type:
//
//   SQL type                         JS value
//   bool                             boolean
//   int2, int4, oid, reg*            number (integer)
//   int8                             bigint
//   float4, float8                   number
//   numeric                          Numeric (exact decimal, see numeric.ts)
//   text, varchar, bpchar, name,
//   "char", json, unknown literals   string
//   bytea                            Buffer
//   date                             number: days since 2000-01-01 (PostgreSQL's DateADT);
//                                    ±infinity are DATE_NOBEGIN / DATE_NOEND
//   time                             bigint: microseconds since midnight
//   timestamp, timestamptz           bigint: microseconds since 2000-01-01 00:00 (UTC for tz);
//                                    ±infinity are TIMESTAMP_NOBEGIN / TIMESTAMP_NOEND
//   interval                         Interval {months, days, micros}
//   uuid                             string, canonical lower-case 8-4-4-4-12 form
//   jsonb                            Jsonb: a parsed, normalised tree (see jsonb-value.ts)
//   user enums                       number: the label's sort order (see enum.ts)
//   arrays                           ArrayValue
//   record, composite (row) types    RecordValue
//   SQL NULL                         null
//
// Invariant: a value of a type always has that type's representation; NULL is only `null`.
import type { Numeric } from './numeric.js';
import type { Jsonb } from './jsonb-value.js';

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | Numeric
  | Interval
  | Jsonb
  | ArrayValue
  | RecordValue;

/** A PostgreSQL interval: months, days and microseconds are kept apart, as PostgreSQL does. */
export class Interval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly micros: bigint,
  ) {}
}

/**
 * A (possibly multi-dimensional) array: elements in row-major order, with dimensions (at most
 * 6, each of length >= 1). Shared and never modified once built. Helpers and the shape rules
 * live in array.ts; int2vector and oidvector values are ArrayValues too (0-based).
 */
export class ArrayValue {
  constructor(
    readonly elementType: number,
    readonly elements: Value[],
    /** Length of each dimension; [] for an empty array (an empty vector keeps [0]). */
    readonly dims: number[],
    /** Lower bound of each dimension (1 by default). */
    readonly lowerBounds: number[] = dims.map(() => 1),
  ) {}
}

/** The fields of a row value: names (f1, f2, ... for ROW(...)), types and typmods, in order. */
export interface RecordDescriptor {
  readonly names: readonly string[];
  readonly types: readonly number[];
  readonly typmods: readonly number[];
}

/**
 * A row value (PostgreSQL's composite datum): its field values with the descriptor that names
 * and types them, so output, comparison and JSON conversion need nothing else. Shared and never
 * modified once built. Invariant: fields.length === desc.types.length.
 */
export class RecordValue {
  constructor(
    readonly desc: RecordDescriptor,
    readonly fields: readonly Value[],
  ) {}
}

/** PostgreSQL's DATEVAL_NOBEGIN / DATEVAL_NOEND: -infinity and infinity dates. */
export const DATE_NOBEGIN = -0x80000000;
export const DATE_NOEND = 0x7fffffff;
/** PostgreSQL's DT_NOBEGIN / DT_NOEND: -infinity and infinity timestamps. */
export const TIMESTAMP_NOBEGIN = -(2n ** 63n);
export const TIMESTAMP_NOEND = 2n ** 63n - 1n;

export const USECS_PER_SEC = 1_000_000n;
export const USECS_PER_DAY = 86_400_000_000n;
/** Days from the Unix epoch (1970-01-01) to PostgreSQL's epoch (2000-01-01). */
export const UNIX_TO_PG_EPOCH_DAYS = 10957;
