// int2, int4, int8 and oid: text input as PostgreSQL 15's pg_strtoint* (surrounding whitespace,
// optional sign, decimal digits only: no underscores, no hex), output in plain decimal.
// Invariant: int2/int4/oid values are JS integers in range; int8 values are bigints.
// Binary layouts (big-endian): int2 = 2 bytes, int4 = 4 bytes, int8 = 8 bytes, oid = uint32.
import type { TypeIO } from './typeio.js';
import type { Value } from './value.js';
import { checkBinaryLength, invalidSyntax, valueOutOfRange } from './errors.js';
import { isSpace } from './text-util.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses a decimal integer with optional sign and surrounding whitespace. Returns the value as a
 * number when it has at most 15 digits, otherwise NaN with the digits validated (callers that
 * need more range re-parse with BigInt). Throws 22P02 naming `typeName` when malformed.
 */
function parseSmallInt(s: string, typeName: string): number {
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  const digitsStart = i;
  let v = 0;
  while (i < n) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  const digits = i - digitsStart;
  if (digits === 0) throw invalidSyntax(typeName, s);
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i !== n) throw invalidSyntax(typeName, s);
  if (digits > 15) return NaN;
  return neg ? 0 - v : v; // 0 - 0 is +0: no negative zero
}

/** int2 text input (pg_strtoint16). */
export function parseInt2(s: string): number {
  const v = parseSmallInt(s, 'smallint');
  if (!(v >= -32768 && v <= 32767)) throw valueOutOfRange('smallint', s);
  return v;
}

/** int4 text input (pg_strtoint32). */
export function parseInt4(s: string): number {
  const v = parseSmallInt(s, 'integer');
  if (!(v >= -2147483648 && v <= 2147483647)) throw valueOutOfRange('integer', s);
  return v;
}

/** int8 text input (pg_strtoint64). */
export function parseInt8(s: string): bigint {
  const v = parseSmallInt(s, 'bigint');
  if (v === v) return BigInt(v);
  const b = BigInt(s.trim().replace(/^\+/, ''));
  if (b < INT64_MIN || b > INT64_MAX) throw valueOutOfRange('bigint', s);
  return b;
}

/** oid text input (oidin): like strtoul, so "-1" wraps to 4294967295. */
export function parseOid(s: string): number {
  const v = parseSmallInt(s, 'oid');
  if (v >= 0 && v <= 0xffffffff) return v;
  if (v >= -0x80000000 && v < 0) return v + 0x100000000;
  throw valueOutOfRange('oid', s);
}

export const int2IO: TypeIO = {
  input: (text) => parseInt2(text),
  output: (value) => String(value),
  receive(data) {
    checkBinaryLength(data, 2);
    return data.readInt16BE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(value as number, 0);
    return b;
  },
};

export const int4IO: TypeIO = {
  input: (text) => parseInt4(text),
  output: (value) => String(value),
  receive(data) {
    checkBinaryLength(data, 4);
    return data.readInt32BE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(value as number, 0);
    return b;
  },
};

export const int8IO: TypeIO = {
  input: (text) => parseInt8(text),
  output: (value) => (value as bigint).toString(),
  receive(data) {
    checkBinaryLength(data, 8);
    return data.readBigInt64BE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(value as bigint, 0);
    return b;
  },
};

export const oidIO: TypeIO = {
  input: (text): Value => parseOid(text),
  output: (value) => String(value),
  receive(data) {
    checkBinaryLength(data, 4);
    return data.readUInt32BE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(value as number, 0);
    return b;
  },
};
