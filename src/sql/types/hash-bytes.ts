// PostgreSQL's hash_any and hash_any_extended (Bob Jenkins' lookup3 hash as PostgreSQL's
// hashfn.c adapts it, on a little-endian machine) and hash_numeric(_extended), so hash values
// seen from SQL (jsonb_hash, ...) equal PostgreSQL's.
// Invariant: results are unsigned (32-bit numbers, 64-bit bigints); callers convert to int4
// with `| 0` and to int8 with BigInt.asIntN(64, ...).
import { Numeric, NumericKind } from './numeric.js';

function rot(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** lookup3's mix() on the state [a, b, c]. */
function mix(st: Int32Array): void {
  let a = st[0]!;
  let b = st[1]!;
  let c = st[2]!;
  a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
  b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
  c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
  a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
  b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
  c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
  st[0] = a;
  st[1] = b;
  st[2] = c;
}

/** lookup3's final() on the state [a, b, c]. */
function final(st: Int32Array): void {
  let a = st[0]!;
  let b = st[1]!;
  let c = st[2]!;
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  st[0] = a;
  st[1] = b;
  st[2] = c;
}

/** The state after hashing `k` (hash_bytes / hash_bytes_extended), before final(). */
function hashState(k: Uint8Array, seed: bigint): Int32Array {
  let len = k.length;
  const st = new Int32Array(3).fill((0x9e3779b9 + len + 3923095) | 0);
  if (seed !== 0n) {
    // the seed is hashed as a 12-byte chunk: its high word, its low word, zeros
    st[0] = (st[0]! + Number(BigInt.asIntN(32, seed >> 32n))) | 0;
    st[1] = (st[1]! + Number(BigInt.asIntN(32, seed))) | 0;
    mix(st);
  }
  let p = 0;
  const word = (i: number) => k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24);
  while (len >= 12) {
    st[0] = (st[0]! + word(p)) | 0;
    st[1] = (st[1]! + word(p + 4)) | 0;
    st[2] = (st[2]! + word(p + 8)) | 0;
    mix(st);
    p += 12;
    len -= 12;
  }
  // the last 11 bytes; the lowest byte of c is reserved for the length
  let a = st[0]!;
  let b = st[1]!;
  let c = st[2]!;
  if (len >= 11) c = (c + (k[p + 10]! << 24)) | 0;
  if (len >= 10) c = (c + (k[p + 9]! << 16)) | 0;
  if (len >= 9) c = (c + (k[p + 8]! << 8)) | 0;
  if (len >= 8) b = (b + (k[p + 7]! << 24)) | 0;
  if (len >= 7) b = (b + (k[p + 6]! << 16)) | 0;
  if (len >= 6) b = (b + (k[p + 5]! << 8)) | 0;
  if (len >= 5) b = (b + k[p + 4]!) | 0;
  if (len >= 4) a = (a + (k[p + 3]! << 24)) | 0;
  if (len >= 3) a = (a + (k[p + 2]! << 16)) | 0;
  if (len >= 2) a = (a + (k[p + 1]! << 8)) | 0;
  if (len >= 1) a = (a + k[p]!) | 0;
  st[0] = a;
  st[1] = b;
  st[2] = c;
  final(st);
  return st;
}

function uint64Of(st: Int32Array): bigint {
  return (BigInt(st[1]! >>> 0) << 32n) | BigInt(st[2]! >>> 0);
}

/** hash_any / hash_bytes over the bytes of `k`. */
export function hashBytes(k: Uint8Array): number {
  return hashState(k, 0n)[2]! >>> 0;
}

/** hash_any_extended: the 64-bit hash of `k` with a seed, as an unsigned bigint. */
export function hashBytesExtended(k: Uint8Array, seed: bigint): bigint {
  return uint64Of(hashState(k, seed));
}

/** hash_uint32_extended (also hashcharextended's core). */
export function hashUint32Extended(v: number, seed: bigint): bigint {
  const st = new Int32Array(3).fill((0x9e3779b9 + 4 + 3923095) | 0);
  if (seed !== 0n) {
    st[0] = (st[0]! + Number(BigInt.asIntN(32, seed >> 32n))) | 0;
    st[1] = (st[1]! + Number(BigInt.asIntN(32, seed))) | 0;
    mix(st);
  }
  st[0] = (st[0]! + v) | 0;
  final(st);
  return uint64Of(st);
}

/** hash_any of a string's UTF-8 bytes (hashtext under a deterministic collation). */
export function hashText(s: string): number {
  return hashBytes(Buffer.from(s, 'utf8'));
}

/** The base-10000 digits of a non-zero finite numeric without zero ends, and their weight. */
function numericDigits(n: Numeric): { bytes: Buffer; weight: number } {
  const neg = n.unscaled < 0n;
  let digits = (neg ? -n.unscaled : n.unscaled).toString();
  // align the decimal point to a base-10000 digit boundary
  const padFrac = (4 - (n.scale % 4)) % 4;
  digits += '0'.repeat(padFrac);
  const fracGroups = (n.scale + padFrac) / 4;
  const lead = digits.length % 4;
  if (lead !== 0) digits = '0'.repeat(4 - lead) + digits;
  const groups: number[] = [];
  for (let i = 0; i < digits.length; i += 4) groups.push(Number(digits.slice(i, i + 4)));
  let weight = groups.length - fracGroups - 1;
  let start = 0;
  while (groups[start] === 0) {
    start++;
    weight--;
  }
  let end = groups.length;
  while (groups[end - 1] === 0) end--;
  const bytes = Buffer.allocUnsafe((end - start) * 2);
  for (let i = start; i < end; i++) bytes.writeInt16LE(groups[i]!, (i - start) * 2);
  return { bytes, weight };
}

/**
 * hash_numeric: hash_any over the base-10000 digits (int16, little-endian, leading and
 * trailing zero digits left out) XOR the weight; 0 for NaN and the infinities, and
 * 0xFFFFFFFF (-1) for zero, so equal values of any scale hash alike.
 */
export function hashNumeric(n: Numeric): number {
  if (n.kind !== NumericKind.Finite) return 0;
  if (n.unscaled === 0n) return 0xffffffff;
  const { bytes, weight } = numericDigits(n);
  return (hashBytes(bytes) ^ weight) >>> 0;
}

/** hash_numeric_extended: as hash_numeric with a seed; the seed itself for NaN and infinities. */
export function hashNumericExtended(n: Numeric, seed: bigint): bigint {
  if (n.kind !== NumericKind.Finite) return BigInt.asUintN(64, seed);
  if (n.unscaled === 0n) return BigInt.asUintN(64, seed - 1n);
  const { bytes, weight } = numericDigits(n);
  return hashBytesExtended(bytes, seed) ^ BigInt.asUintN(64, BigInt(weight));
}
