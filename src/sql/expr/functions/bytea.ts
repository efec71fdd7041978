// bytea functions: comparison (unsigned byte order, shorter first on a common prefix), ||,
// length, substr/overlay/position in bytes, trims by a byte set, get/set of bytes and bits
// (bit n is bit n % 8 of byte n / 8, least significant first) and bit_count.
// Invariant: results are new Buffers; an argument Buffer is never modified.
// Requires: no null arguments (all are strict).
import { DbError, SqlState } from '../../../errors.js';
import { integerOutOfRange, invalidParameter, negativeSubstringLength } from './errors.js';
import type { FnImpl, FunctionTable } from './registry.js';

const buf = (a: unknown) => a as Buffer;

/** substring(bytes from start for length) with the same rules as text, in bytes. */
function byteaSubstring(b: Buffer, start: number, length: number | null): Buffer {
  const from = Math.max(start, 1) - 1;
  if (length === null) return Buffer.from(b.subarray(from));
  if (length < 0) throw negativeSubstringLength();
  const end = start + length;
  if (end > 2147483647) return Buffer.from(b.subarray(from));
  if (end < 1) return Buffer.alloc(0);
  return Buffer.from(b.subarray(from, end - 1));
}

function byteaOverlay(b: Buffer, r: Buffer, start: number, count: number): Buffer {
  if (start <= 0) throw negativeSubstringLength();
  const after = start + count;
  if (after > 2147483647) throw integerOutOfRange();
  return Buffer.concat([byteaSubstring(b, 1, start - 1), r, byteaSubstring(b, after, null)]);
}

function byteaTrim(b: Buffer, set: Buffer, left: boolean, right: boolean): Buffer {
  let start = 0;
  let end = b.length;
  if (set.length > 0) {
    if (left) while (start < end && set.includes(b[start]!)) start++;
    if (right) while (end > start && set.includes(b[end - 1]!)) end--;
  }
  return Buffer.from(b.subarray(start, end));
}

function indexOutOfRange(n: number | bigint, last: number | bigint): DbError {
  return new DbError(SqlState.ArraySubscriptError, `index ${n} out of valid range, 0..${last}`);
}

function checkByteIndex(b: Buffer, n: number): void {
  if (n < 0 || n >= b.length) throw indexOutOfRange(n, b.length - 1);
}

function checkBitIndex(b: Buffer, n: bigint): number {
  const bits = BigInt(b.length) * 8n;
  if (n < 0n || n >= bits) throw indexOutOfRange(n, bits - 1n);
  return Number(n);
}

function popCount(b: Buffer): bigint {
  let n = 0;
  for (const byte of b) {
    let v = byte;
    v = v - ((v >> 1) & 0x55);
    v = (v & 0x33) + ((v >> 2) & 0x33);
    n += (v + (v >> 4)) & 0x0f;
  }
  return BigInt(n);
}

const cmp = (a: unknown[]) => Buffer.compare(buf(a[0]), buf(a[1]));

const comparisons: Record<string, FnImpl> = {
  byteaeq: (a) => buf(a[0]).equals(buf(a[1])),
  byteane: (a) => !buf(a[0]).equals(buf(a[1])),
  bytealt: (a) => cmp(a) < 0,
  byteale: (a) => cmp(a) <= 0,
  byteagt: (a) => cmp(a) > 0,
  byteage: (a) => cmp(a) >= 0,
  byteacmp: (a) => cmp(a),
};

export const byteaFunctions: FunctionTable = {
  ...comparisons,
  byteacat: (a) => Buffer.concat([buf(a[0]), buf(a[1])]),
  byteaoctetlen: (a) => buf(a[0]).length,
  bytea_substr: (a) => byteaSubstring(buf(a[0]), a[1] as number, a[2] as number),
  bytea_substr_no_len: (a) => byteaSubstring(buf(a[0]), a[1] as number, null),
  byteaoverlay: (a) => byteaOverlay(buf(a[0]), buf(a[1]), a[2] as number, a[3] as number),
  byteaoverlay_no_len: (a) => byteaOverlay(buf(a[0]), buf(a[1]), a[2] as number, buf(a[1]).length),
  byteapos: (a) => buf(a[0]).indexOf(buf(a[1])) + 1,
  byteatrim: (a) => byteaTrim(buf(a[0]), buf(a[1]), true, true),
  bytealtrim: (a) => byteaTrim(buf(a[0]), buf(a[1]), true, false),
  byteartrim: (a) => byteaTrim(buf(a[0]), buf(a[1]), false, true),
  byteaGetByte: (a) => {
    const b = buf(a[0]);
    const n = a[1] as number;
    checkByteIndex(b, n);
    return b[n]!;
  },
  byteaSetByte: (a) => {
    const b = buf(a[0]);
    const n = a[1] as number;
    checkByteIndex(b, n);
    const out = Buffer.from(b);
    out[n] = (a[2] as number) & 0xff;
    return out;
  },
  byteaGetBit: (a) => {
    const b = buf(a[0]);
    const n = checkBitIndex(b, a[1] as bigint);
    return (b[n >>> 3]! >> (n & 7)) & 1;
  },
  byteaSetBit: (a) => {
    const b = buf(a[0]);
    const n = checkBitIndex(b, a[1] as bigint);
    const bit = a[2] as number;
    if (bit !== 0 && bit !== 1) throw invalidParameter('new bit must be 0 or 1');
    const out = Buffer.from(b);
    out[n >>> 3] = bit ? out[n >>> 3]! | (1 << (n & 7)) : out[n >>> 3]! & ~(1 << (n & 7));
    return out;
  },
  bytea_bit_count: (a) => popCount(buf(a[0])),
};
