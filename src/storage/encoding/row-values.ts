// The row format's bytes for one non-NULL value, per type OID (layouts tabled in row.ts).
// The row's offset table gives each value's length, so no value carries its own.
// Invariant: readRowValue(writeRowValue(v)) equals v exactly: -0, NaN, numeric scale, bpchar
// padding and the three interval fields all survive.
// Requires: values have the representation value.ts gives their type.
import { DbError, notSupported, SqlState } from '../../errors.js';
import { Oid } from '../../sql/types/oids.js';
import { uuidFromBytes } from '../../sql/types/uuid.js';
import { Numeric, NumericKind } from '../../sql/types/numeric.js';
import { ArrayValue, Interval, type Value } from '../../sql/types/value.js';
import type { ByteWriter } from './byte-writer.js';
import { writeUuidBytes } from './key-values.js';
import { isEnumType } from '../../sql/types/enum-oids.js';
import { readJsonbRow, writeJsonbRow } from './jsonb-row.js';
import type { Jsonb } from '../../sql/types/jsonb-value.js';

/** numeric kind bytes of the row format. */
const NUM_SMALL = 0;
const NUM_NAN = 1;
const NUM_POS_INF = 2;
const NUM_NEG_INF = 3;
const NUM_BIG_POS = 4;
const NUM_BIG_NEG = 5;
/** |unscaled| below 2^47 fits the 1–6 byte signed little-endian form. */
const SMALL_LIMIT = 2n ** 47n;

/** First byte of an array value, so a column of an unknown type is never misread. */
const ARRAY_FORMAT = 0xa1;

export function corruptRow(what: string): DbError {
  return new DbError(SqlState.DataCorrupted, `corrupt row: ${what}`);
}

/** Appends the row-format bytes of a non-NULL value of the given type. */
export function writeRowValue(w: ByteWriter, type: number, value: Value): void {
  switch (type) {
    case Oid.int4:
    case Oid.date:
      return w.i32le(value as number);
    case Oid.int8:
    case Oid.timestamp:
    case Oid.timestamptz:
    case Oid.time:
      return w.i64le(value as bigint);
    case Oid.text:
    case Oid.varchar:
    case Oid.bpchar:
    case Oid.name:
    case Oid.char:
    case Oid.json:
    case Oid.unknown:
      w.utf8(value as string);
      return;
    case Oid.int2:
      return w.i16le(value as number);
    case Oid.bool:
      return w.u8(value ? 1 : 0);
    case Oid.float8:
      return w.f64le(value as number);
    case Oid.float4:
      return w.f32le(value as number);
    case Oid.oid:
    case Oid.regproc:
    case Oid.regprocedure:
    case Oid.regoper:
    case Oid.regoperator:
    case Oid.regclass:
    case Oid.regtype:
    case Oid.regnamespace:
    case Oid.regrole:
      return w.u32le(value as number);
    case Oid.numeric:
      return writeNumeric(w, value as Numeric);
    case Oid.bytea:
      return w.bytes(value as Buffer);
    case Oid.uuid:
      return writeUuidBytes(w, value as string);
    case Oid.interval: {
      const iv = value as Interval;
      w.i32le(iv.months);
      w.i32le(iv.days);
      return w.i64le(iv.micros);
    }
    case Oid.jsonb: // layout in jsonb-row.ts
      return writeJsonbRow(w, value as Jsonb);
    default:
      if (isEnumType(type)) return w.f64le(value as number); // the label's sort order (enum.ts)
      if (value instanceof ArrayValue) return writeArray(w, value);
      throw notSupported(`storing a column of type OID ${type}`);
  }
}

/** Reads the value of the given type stored in buf[start, end). */
export function readRowValue(buf: Buffer, type: number, start: number, end: number): Value {
  switch (type) {
    case Oid.int4:
    case Oid.date:
      return buf.readInt32LE(start);
    case Oid.int8:
    case Oid.timestamp:
    case Oid.timestamptz:
    case Oid.time:
      return buf.readBigInt64LE(start);
    case Oid.text:
    case Oid.varchar:
    case Oid.bpchar:
    case Oid.name:
    case Oid.char:
    case Oid.json:
    case Oid.unknown:
      return buf.toString('utf8', start, end);
    case Oid.int2:
      return buf.readInt16LE(start);
    case Oid.bool:
      return buf[start] === 1;
    case Oid.float8:
      return buf.readDoubleLE(start);
    case Oid.float4:
      return buf.readFloatLE(start);
    case Oid.oid:
    case Oid.regproc:
    case Oid.regprocedure:
    case Oid.regoper:
    case Oid.regoperator:
    case Oid.regclass:
    case Oid.regtype:
    case Oid.regnamespace:
    case Oid.regrole:
      return buf.readUInt32LE(start);
    case Oid.numeric:
      return readNumeric(buf, start, end);
    case Oid.bytea:
      return Buffer.from(buf.subarray(start, end)); // a copy: pages are reused
    case Oid.uuid:
      return uuidFromBytes(buf.subarray(start, end));
    case Oid.interval:
      return new Interval(buf.readInt32LE(start), buf.readInt32LE(start + 4), buf.readBigInt64LE(start + 8));
    case Oid.jsonb:
      return readJsonbRow(buf, start, end);
    default:
      if (isEnumType(type)) return buf.readDoubleLE(start);
      if (end > start && buf[start] === ARRAY_FORMAT) return readArray(buf, start, end);
      throw notSupported(`reading a column of type OID ${type}`);
  }
}

/** numeric: kind byte; finite: scale u16 LE, then unscaled as 0–6 byte signed LE or magnitude BE. */
function writeNumeric(w: ByteWriter, v: Numeric): void {
  switch (v.kind) {
    case NumericKind.NaN:
      return w.u8(NUM_NAN);
    case NumericKind.PosInf:
      return w.u8(NUM_POS_INF);
    case NumericKind.NegInf:
      return w.u8(NUM_NEG_INF);
  }
  const u = v.unscaled;
  if (u < SMALL_LIMIT && u >= -SMALL_LIMIT) {
    const n = Number(u);
    const k = n === 0 ? 0 : signedByteLength(n);
    const at = w.reserve(3 + k);
    w.buf[at] = NUM_SMALL;
    w.buf.writeUInt16LE(v.scale, at + 1);
    if (k > 0) w.buf.writeIntLE(n, at + 3, k);
    return;
  }
  const negative = u < 0n;
  let hex = (negative ? -u : u).toString(16);
  if (hex.length & 1) hex = '0' + hex;
  const at = w.reserve(3 + hex.length / 2);
  w.buf[at] = negative ? NUM_BIG_NEG : NUM_BIG_POS;
  w.buf.writeUInt16LE(v.scale, at + 1);
  w.buf.write(hex, at + 3, 'hex');
}

/** Smallest k in 1..6 with -2^(8k-1) <= n < 2^(8k-1). Requires |n| < 2^47. */
function signedByteLength(n: number): number {
  let k = 1;
  let limit = 128;
  while (n >= limit || n < -limit) {
    k++;
    limit *= 256;
  }
  return k;
}

function readNumeric(buf: Buffer, start: number, end: number): Numeric {
  const kind = buf[start];
  switch (kind) {
    case NUM_NAN:
      return Numeric.NaN;
    case NUM_POS_INF:
      return Numeric.Infinity;
    case NUM_NEG_INF:
      return Numeric.NegativeInfinity;
  }
  if (end - start < 3) throw corruptRow('numeric too short');
  const scale = buf.readUInt16LE(start + 1);
  const k = end - start - 3;
  if (kind === NUM_SMALL) {
    if (k > 6) throw corruptRow('numeric too long');
    return Numeric.of(k === 0 ? 0n : BigInt(buf.readIntLE(start + 3, k)), scale);
  }
  if (kind !== NUM_BIG_POS && kind !== NUM_BIG_NEG) throw corruptRow(`numeric kind ${kind}`);
  const mag = BigInt('0x' + buf.toString('hex', start + 3, end));
  return Numeric.of(kind === NUM_BIG_NEG ? -mag : mag, scale);
}

/**
 * Arrays: 0xA1, element type u32 LE, ndims u8, (length i32 LE, lower bound i32 LE) per
 * dimension, then the elements in row-major order as a block: null bitmap (ceil(N/8) bytes,
 * bit set = NULL), N end offsets u32 LE relative to the element data, the element data.
 */
function writeArray(w: ByteWriter, a: ArrayValue): void {
  const ndims = a.dims.length;
  let count = ndims === 0 ? 0 : 1;
  for (const d of a.dims) count *= d;
  if (count !== a.elements.length || a.lowerBounds.length !== ndims || ndims > 255) {
    throw new DbError(SqlState.InternalError, 'array value with inconsistent dimensions');
  }
  w.u8(ARRAY_FORMAT);
  w.u32le(a.elementType);
  w.u8(ndims);
  for (let d = 0; d < ndims; d++) {
    w.i32le(a.dims[d]!);
    w.i32le(a.lowerBounds[d]!);
  }
  const bitmap = w.reserveZeroed((count + 7) >> 3);
  const table = w.reserve(count * 4);
  const data = w.length;
  for (let i = 0; i < count; i++) {
    const e = a.elements[i]!;
    if (e === null) w.buf[bitmap + (i >> 3)]! |= 1 << (i & 7);
    else writeRowValue(w, a.elementType, e);
    w.buf.writeUInt32LE(w.length - data, table + i * 4);
  }
}

function readArray(buf: Buffer, start: number, end: number): ArrayValue {
  let p = start + 1;
  const elementType = buf.readUInt32LE(p);
  const ndims = buf[p + 4]!;
  p += 5;
  const dims: number[] = [];
  const lowerBounds: number[] = [];
  let count = ndims === 0 ? 0 : 1;
  for (let d = 0; d < ndims; d++) {
    dims.push(buf.readInt32LE(p));
    lowerBounds.push(buf.readInt32LE(p + 4));
    count *= dims[d]!;
    p += 8;
  }
  const bitmap = p;
  const table = bitmap + ((count + 7) >> 3);
  const data = table + count * 4;
  if (data > end) throw corruptRow('array header past its value');
  const elements: Value[] = new Array<Value>(count);
  let from = data;
  for (let i = 0; i < count; i++) {
    const to = data + buf.readUInt32LE(table + i * 4);
    if (to < from || to > end) throw corruptRow('array element offsets');
    elements[i] = buf[bitmap + (i >> 3)]! & (1 << (i & 7)) ? null : readRowValue(buf, elementType, from, to);
    from = to;
  }
  return new ArrayValue(elementType, elements, dims, lowerBounds);
}
