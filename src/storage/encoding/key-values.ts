// The memcomparable encoding of one non-NULL key value, per type OID, in ascending order (key.ts
// adds the NULL marker and inverts DESC columns). Layouts are tabled in key.ts.
// Invariant: every encoding is prefix-free (no encoding is a proper prefix of another) and
// Buffer.compare of two encodings of one type has the sign of PostgreSQL's btree comparison.
// Requires: values have the representation value.ts gives their type.
import { DbError, notSupported, SqlState } from '../../errors.js';
import { Oid } from '../../sql/types/oids.js';
import { uuidFromBytes } from '../../sql/types/uuid.js';
import type { Numeric } from '../../sql/types/numeric.js';
import { ArrayValue, RecordValue, type Interval, type Value } from '../../sql/types/value.js';
import { encodeRecordKey } from './key-record.js';
import { arrayElementOid } from '../../sql/types/array.js';
import { isEnumType } from '../../sql/types/enum-oids.js';
import type { ByteWriter } from './byte-writer.js';
import { corruptKey, type KeyReader } from './key-reader.js';
import { decodeIntervalKey, decodeNumericKey, encodeIntervalKey, encodeNumericKey } from './key-numeric.js';
import { decodeArrayKey, encodeArrayKey } from './key-array.js';
import { decodeJsonbKey, encodeJsonbKey } from './jsonb-key.js';
import type { Jsonb } from '../../sql/types/jsonb-value.js';

/** Appends the ascending encoding of a non-NULL value of the given type. */
export function encodeKeyValue(w: ByteWriter, type: number, value: Value): void {
  switch (type) {
    case Oid.int8:
    case Oid.timestamp:
    case Oid.timestamptz:
    case Oid.time:
      return writeInt64(w, value as bigint);
    case Oid.int4:
    case Oid.date:
      return w.u32be((value as number) ^ 0x80000000);
    case Oid.text:
    case Oid.varchar:
    case Oid.name:
    case Oid.char:
    case Oid.unknown:
      return writeEscapedString(w, value as string);
    case Oid.bpchar:
      return writeEscapedString(w, trimTrailingSpaces(value as string));
    case Oid.int2:
      return w.u16be(((value as number) & 0xffff) ^ 0x8000);
    case Oid.bool:
      return w.u8(value ? 1 : 0);
    case Oid.oid:
    case Oid.regproc:
    case Oid.regprocedure:
    case Oid.regoper:
    case Oid.regoperator:
    case Oid.regclass:
    case Oid.regtype:
    case Oid.regnamespace:
    case Oid.regrole:
      return w.u32be(value as number);
    case Oid.float8:
      return writeFloat8(w, value as number);
    case Oid.float4:
      return writeFloat4(w, value as number);
    case Oid.numeric:
      return encodeNumericKey(w, value as Numeric);
    case Oid.bytea:
      return writeEscapedBytes(w, value as Buffer);
    case Oid.uuid:
      return writeUuidBytes(w, value as string);
    case Oid.interval:
      return encodeIntervalKey(w, value as Interval);
    case Oid.jsonb: // layout in jsonb-key.ts
      return encodeJsonbKey(w, value as Jsonb);
    default:
      if (isEnumType(type)) return writeFloat8(w, value as number); // the label's sort order (enum.ts)
      if (value instanceof ArrayValue) return encodeArrayKey(w, value, encodeKeyValue);
      if (value instanceof RecordValue) return encodeRecordKey(w, value, encodeKeyValue);
      throw notSupported(`an index key column of type OID ${type}`);
  }
}

/** Reads one non-NULL value of the given type at r.pos (with r.mask applied). */
export function decodeKeyValue(r: KeyReader, type: number): Value {
  switch (type) {
    case Oid.int8:
    case Oid.timestamp:
    case Oid.timestamptz:
    case Oid.time:
      return readInt64(r);
    case Oid.int4:
    case Oid.date:
      r.take(4);
      return r.src.readUInt32BE(r.at) ^ 0x80000000;
    case Oid.text:
    case Oid.varchar:
    case Oid.name:
    case Oid.char:
    case Oid.unknown:
    case Oid.bpchar:
      r.takeEscaped();
      return r.src.toString('utf8', r.at, r.end);
    case Oid.int2:
      r.take(2);
      return ((r.src.readUInt16BE(r.at) ^ 0x8000) << 16) >> 16;
    case Oid.bool: {
      const b = r.byte();
      if (b > 1) throw corruptKey(`bool byte ${b}`);
      return b === 1;
    }
    case Oid.oid:
    case Oid.regproc:
    case Oid.regprocedure:
    case Oid.regoper:
    case Oid.regoperator:
    case Oid.regclass:
    case Oid.regtype:
    case Oid.regnamespace:
    case Oid.regrole:
      r.take(4);
      return r.src.readUInt32BE(r.at);
    case Oid.float8:
      return readFloat(r, 8);
    case Oid.float4:
      return readFloat(r, 4);
    case Oid.numeric:
      return decodeNumericKey(r);
    case Oid.bytea: {
      r.takeEscaped();
      return Buffer.from(r.src.subarray(r.at, r.end));
    }
    case Oid.uuid:
      r.take(16);
      return uuidFromBytes(r.src.subarray(r.at, r.at + 16));
    case Oid.interval:
      return decodeIntervalKey(r);
    case Oid.jsonb:
      return decodeJsonbKey(r);
    default:
      if (isEnumType(type)) return readFloat(r, 8);
      if (arrayElementOid(type)) return decodeArrayKey(r, type, decodeKeyValue);
      throw notSupported(`an index key column of type OID ${type}`);
  }
}

/** int8 and the µs types: big-endian two's complement with the sign bit flipped. */
function writeInt64(w: ByteWriter, v: bigint): void {
  const at = w.length;
  w.i64be(v);
  w.buf[at] = w.buf[at]! ^ 0x80;
}

function readInt64(r: KeyReader): bigint {
  r.take(8);
  const hi = r.src.readUInt32BE(r.at) ^ 0x80000000; // signed upper half
  const lo = r.src.readUInt32BE(r.at + 4);
  // |hi| < 2^21 keeps hi·2^32 + lo a safe integer: the Number path covers every timestamp
  return hi >= -0x200000 && hi < 0x200000 ? BigInt(hi * 4294967296 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** IEEE bits, big-endian; negatives fully inverted, non-negatives with the sign bit set. */
function writeFloat8(w: ByteWriter, v: number): void {
  const at = w.reserve(8);
  const buf = w.buf;
  if (v !== v) {
    // one canonical NaN, above +Infinity (already in final form)
    buf.writeUInt32BE(0xfff80000, at);
    buf.writeUInt32BE(0, at + 4);
    return;
  }
  buf.writeDoubleBE(v === 0 ? 0 : v, at); // -0 is written as 0
  flipFloatBits(buf, at, 8);
}

function writeFloat4(w: ByteWriter, v: number): void {
  const at = w.reserve(4);
  const buf = w.buf;
  if (v !== v) {
    buf.writeUInt32BE(0xffc00000, at);
    return;
  }
  buf.writeFloatBE(v === 0 ? 0 : v, at);
  flipFloatBits(buf, at, 4);
}

function flipFloatBits(buf: Buffer, at: number, n: number): void {
  if (buf[at]! & 0x80) {
    for (let i = at; i < at + n; i++) buf[i] = ~buf[i]! & 0xff;
  } else {
    buf[at] = buf[at]! | 0x80;
  }
}

function readFloat(r: KeyReader, n: 4 | 8): number {
  r.takeCopy(n);
  const src = r.src;
  if (src[0]! & 0x80) src[0] = src[0]! & 0x7f;
  else for (let i = 0; i < n; i++) src[i] = ~src[i]! & 0xff;
  return n === 8 ? src.readDoubleBE(0) : src.readFloatBE(0);
}

/** bpchar compares without its trailing spaces (bcTruelen), so its key omits them. */
export function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** UTF-8 bytes with 0x00 escaped as 00 FF, then the terminator 00 01. */
function writeEscapedString(w: ByteWriter, s: string): void {
  const from = w.length;
  w.utf8(s);
  if (s.indexOf('\0') >= 0) escapeZerosFrom(w, from);
  writeTerminator(w);
}

function writeEscapedBytes(w: ByteWriter, b: Buffer): void {
  const from = w.length;
  w.bytes(b);
  if (b.indexOf(0) >= 0) escapeZerosFrom(w, from);
  writeTerminator(w);
}

function writeTerminator(w: ByteWriter): void {
  const at = w.reserve(2);
  w.buf[at] = 0x00;
  w.buf[at + 1] = 0x01;
}

/** Rewrites bytes [from, length) in place, turning each 0x00 into 00 FF. */
function escapeZerosFrom(w: ByteWriter, from: number): void {
  let zeros = 0;
  for (let i = from; i < w.length; i++) if (w.buf[i] === 0) zeros++;
  w.ensure(zeros);
  const buf = w.buf;
  let dst = w.length + zeros - 1;
  for (let src = w.length - 1; src >= from; src--) {
    const c = buf[src]!;
    if (c === 0) buf[dst--] = 0xff;
    buf[dst--] = c;
  }
  w.length += zeros;
}

/** uuid: its 16 bytes (memcmp order is uuid_cmp's); also the row format's uuid layout. */
export function writeUuidBytes(w: ByteWriter, s: string): void {
  if (s.length !== 36) throw new DbError(SqlState.InternalError, `uuid value "${s}" is not in canonical form`);
  const at = w.reserve(16);
  const buf = w.buf;
  for (let i = 0, k = 0; k < 16; ) {
    const c = s.charCodeAt(i);
    if (c === 45) {
      i++;
      continue;
    }
    buf[at + k++] = (hexDigit(c) << 4) | hexDigit(s.charCodeAt(i + 1));
    i += 2;
  }
}

function hexDigit(c: number): number {
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}

