// The contract every built-in type implements: text input/output (PostgreSQL's typinput /
// typoutput) and binary receive/send (typreceive / typsend), plus the session settings that
// change how values are read and printed.
//
// Requires: callers never pass SQL NULL (null) to output/send; NULL is handled by the caller.
// Invariant: input(output(v)) equals v, and receive(send(v)) equals v, for every value v.
import type { EnumLabels } from './enum.js';
import type { RecordDescriptor, Value } from './value.js';

export type DateOrder = 'MDY' | 'DMY' | 'YMD';
export type DateStyleName = 'ISO' | 'SQL' | 'Postgres' | 'German';
export type IntervalStyle = 'postgres' | 'postgres_verbose' | 'sql_standard' | 'iso_8601';

/** A time zone: IANA name, POSIX-style name or fixed offset. */
export interface TimeZone {
  /** The name as SHOW TimeZone prints it. */
  readonly name: string;
  /** Offset from UTC in seconds, positive east of Greenwich (ISO sign), at a UTC instant. */
  offsetAtUtc(utcMicros: bigint): number;
  /** Offset in seconds east of UTC that applies to a local wall-clock time. */
  offsetAtLocal(localMicros: bigint): number;
  /** Abbreviation in effect at a UTC instant (e.g. "PST"), or null when the zone has none. */
  abbreviationAtUtc(utcMicros: bigint): string | null;
}

/** Session settings that affect type input and output. */
export interface TypeContext {
  dateStyle: DateStyleName;
  dateOrder: DateOrder;
  intervalStyle: IntervalStyle;
  timeZone: TimeZone;
  /** extra_float_digits: > 0 prints the shortest exact form; <= 0 prints 15+n / 6+n digits. */
  extraFloatDigits: number;
  byteaOutput: 'hex' | 'escape';
  /** The current transaction's start time in microseconds since 2000-01-01 UTC ('now'). */
  transactionStart(): bigint;
  /** Catalog lookups for the OID alias types (regclass, regtype of user types), when a session has a catalog. */
  names?: CatalogNames;
}

/** Names of catalog objects, as the session's transaction sees them. */
export interface CatalogNames {
  /** A relation's name (schema-qualified when not on the search path), or undefined. */
  relationName(oid: number): string | undefined;
  /** The OID of a relation named as in `'schema.name'::regclass`; throws 42P01 when missing. */
  relationOid(name: string): number;
  /** The OID of a schema (regnamespace), or undefined when there is none of that name. */
  namespaceOid?(name: string): number | undefined;
  /** A schema's name (quoted if need be), or undefined. */
  namespaceName?(oid: number): string | undefined;
  /** A user type's name, or undefined. */
  typeName(oid: number): string | undefined;
  /** A user type named as in `'s.mood[]'::regtype`, if the search path finds it before a built-in type. */
  typeOid?(text: string): number | undefined;
  /** The labels of a user enum type, or undefined when there is no such type (enum.ts). */
  enumLabels?(oid: number): EnumLabels | undefined;
  /** Whether an enum label (by pg_enum OID) was added by ALTER TYPE in the running transaction. */
  enumLabelIsNew?(labelOid: number): boolean;
  /** The fields of a table's or view's row type (its live columns), or undefined. */
  rowTypeFields?(oid: number): RecordDescriptor | undefined;
}

/** Text and binary conversion of one type. */
export interface TypeIO {
  /** Parses the text form; typmod is -1 when the column has none. Throws DbError. */
  input(text: string, typmod: number, ctx: TypeContext): Value;
  /** The text form as PostgreSQL prints it under the given settings. */
  output(value: Value, ctx: TypeContext): string;
  /** Decodes the binary wire form; throws DbError 22P03 on malformed input. */
  receive(data: Buffer, typmod: number, ctx: TypeContext): Value;
  /** Encodes the binary wire form. */
  send(value: Value, ctx: TypeContext): Buffer;
}
