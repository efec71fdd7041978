// The test model of PostgreSQL's btree ordering and of value equality, written independently
// of the encoders: per-type comparators (as PostgreSQL's *_cmp functions), the composite tuple
// order with ASC/DESC and NULLS FIRST/LAST, and exact value equality for round-trip checks.
import { Oid } from '../../../src/sql/types/oids.js';
import { Numeric } from '../../../src/sql/types/numeric.js';
import { intervalCmpValue } from '../../../src/sql/types/interval-math.js';
import { ArrayValue, Interval, type Value } from '../../../src/sql/types/value.js';
import type { KeyColumn } from '../../../src/storage/encoding/key.js';

function sign(x: number | bigint): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** float4/float8 as float8_cmp_internal: NaN equals NaN and is above everything; -0 = 0. */
export function compareFloat(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a > b ? 1 : a < b ? -1 : 0;
}

/** "C" collation: code point order, which is also UTF-8 byte order. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return sign(x.length - y.length);
}

export function rtrimSpaces(s: string): string {
  return s.replace(/ +$/, '');
}

function compareBytes(a: Buffer, b: Buffer): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return sign(a.length - b.length);
}

/** PostgreSQL's btree comparison of two non-NULL values of one type. */
export function compareValues(type: number, a: Value, b: Value): number {
  switch (type) {
    case Oid.int2:
    case Oid.int4:
    case Oid.oid:
    case Oid.date:
    case Oid.regclass:
      return sign((a as number) - (b as number));
    case Oid.int8:
    case Oid.time:
    case Oid.timestamp:
    case Oid.timestamptz:
      return sign((a as bigint) - (b as bigint));
    case Oid.float4:
    case Oid.float8:
      return compareFloat(a as number, b as number);
    case Oid.numeric:
      return sign((a as Numeric).compare(b as Numeric));
    case Oid.text:
    case Oid.varchar:
    case Oid.name:
      return compareCodePoints(a as string, b as string);
    case Oid.bpchar:
      return compareCodePoints(rtrimSpaces(a as string), rtrimSpaces(b as string));
    case Oid.bytea:
      return compareBytes(a as Buffer, b as Buffer);
    case Oid.bool:
      return sign(Number(a) - Number(b));
    case Oid.uuid:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case Oid.interval:
      return sign(intervalCmpValue(a as Interval) - intervalCmpValue(b as Interval));
    default:
      throw new Error(`no comparator for type ${type}`);
  }
}

/** Tuple order under key columns (PostgreSQL's default NULL placement when unspecified). */
export function compareTuples(columns: readonly KeyColumn[], a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!;
    const x = a[i]!;
    const y = b[i]!;
    const nullsFirst = col.nullsFirst ?? col.descending === true;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return (x === null) === nullsFirst ? -1 : 1; // NULL placement ignores the direction
    }
    const c = compareValues(col.type, x, y);
    if (c !== 0) return col.descending ? -c : c;
  }
  return 0;
}

/** Exact equality of two values (Object.is for numbers, fields for objects). */
export function sameValue(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (a instanceof Numeric) {
    return b instanceof Numeric && a.kind === b.kind && a.unscaled === b.unscaled && a.scale === b.scale;
  }
  if (a instanceof Interval) {
    return b instanceof Interval && a.months === b.months && a.days === b.days && a.micros === b.micros;
  }
  if (a instanceof ArrayValue) {
    return (
      b instanceof ArrayValue &&
      a.elementType === b.elementType &&
      JSON.stringify(a.dims) === JSON.stringify(b.dims) &&
      JSON.stringify(a.lowerBounds) === JSON.stringify(b.lowerBounds) &&
      a.elements.length === b.elements.length &&
      a.elements.every((e, i) => sameValue(e, b.elements[i]!))
    );
  }
  return a === b;
}

export function sameValues(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => sameValue(v, b[i]!));
}

/** A readable form of a value for failure messages. */
export function show(v: Value): string {
  if (v instanceof Numeric) return `numeric(${v.toString()}; scale ${v.scale})`;
  if (v instanceof Interval) return `interval(${v.months} mon ${v.days} d ${v.micros} us)`;
  if (Buffer.isBuffer(v)) return `bytea(${v.toString('hex')})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return JSON.stringify(v) ?? String(v);
}
