// Memcomparable encodings of the two "wide number" key types: numeric (sign class, decimal
// exponent, base-100 digit bytes) and interval (its 128-bit comparison total). The layouts
// are tabled in key.ts.
// Invariant: values PostgreSQL's btree calls equal encode identically (1.5 and 1.50; '1 mon'
// and '30 days'), so decoding returns one canonical member of each equality class.
import { Numeric, NumericKind, pow10 } from '../../sql/types/numeric.js';
import { intervalCmpValue } from '../../sql/types/interval-math.js';
import { Interval, USECS_PER_DAY } from '../../sql/types/value.js';
import type { ByteWriter } from './byte-writer.js';
import { corruptKey, type KeyReader } from './key-reader.js';

/** Numeric class bytes, in sort order. */
const NUM_NEG_INF = 0x01;
const NUM_NEG = 0x02;
const NUM_ZERO = 0x03;
const NUM_POS = 0x04;
const NUM_POS_INF = 0x05;
const NUM_NAN = 0x06;

/**
 * numeric: class byte; for a non-zero finite value 0.d1d2...dn × 10^E (d1 and dn non-zero):
 * E as a sign-flipped big-endian int32, then the digits in pairs as bytes 1 + (10·a + b)
 * (an odd last digit paired with 0), then 0x00; all after the class byte inverted if negative.
 */
export function encodeNumericKey(w: ByteWriter, v: Numeric): void {
  switch (v.kind) {
    case NumericKind.NaN:
      return w.u8(NUM_NAN);
    case NumericKind.PosInf:
      return w.u8(NUM_POS_INF);
    case NumericKind.NegInf:
      return w.u8(NUM_NEG_INF);
  }
  const unscaled = v.unscaled;
  if (unscaled === 0n) return w.u8(NUM_ZERO);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  let n = digits.length;
  while (digits.charCodeAt(n - 1) === 48) n--; // trailing zeros carry no value
  w.u8(negative ? NUM_NEG : NUM_POS);
  const from = w.length;
  w.u32be((digits.length - v.scale) ^ 0x80000000);
  let at = w.reserve(((n + 1) >> 1) + 1);
  const buf = w.buf;
  for (let i = 0; i < n; i += 2) {
    const hi = digits.charCodeAt(i) - 48;
    const lo = i + 1 < n ? digits.charCodeAt(i + 1) - 48 : 0;
    buf[at++] = hi * 10 + lo + 1;
  }
  buf[at] = 0;
  if (negative) w.invertFrom(from);
}

/** Decodes a numeric key: finite values come back with the smallest scale that holds them. */
export function decodeNumericKey(r: KeyReader): Numeric {
  const cls = r.byte();
  switch (cls) {
    case NUM_NAN:
      return Numeric.NaN;
    case NUM_POS_INF:
      return Numeric.Infinity;
    case NUM_NEG_INF:
      return Numeric.NegativeInfinity;
    case NUM_ZERO:
      return Numeric.ZERO;
    case NUM_POS:
    case NUM_NEG:
      break;
    default:
      throw corruptKey(`numeric class byte ${cls}`);
  }
  const negative = cls === NUM_NEG;
  const outerMask = r.mask;
  r.mask = outerMask ^ (negative ? 0xff : 0);
  try {
    const exponent = (r.byte() << 24) | (r.byte() << 16) | (r.byte() << 8) | r.byte();
    const e = exponent ^ 0x80000000;
    let digits = '';
    for (;;) {
      const b = r.byte();
      if (b === 0) break;
      const pair = b - 1;
      if (pair > 99) throw corruptKey(`numeric digit byte ${b}`);
      digits += pair < 10 ? '0' + pair : String(pair);
    }
    if (digits.length === 0) throw corruptKey('numeric without digits');
    if (digits.charCodeAt(digits.length - 1) === 48) digits = digits.slice(0, -1);
    let unscaled = BigInt(digits);
    let scale = digits.length - e;
    if (scale < 0) {
      unscaled *= pow10(-scale);
      scale = 0;
    }
    return Numeric.of(negative ? -unscaled : unscaled, scale);
  } finally {
    r.mask = outerMask;
  }
}

const TWO_64 = 1n << 64n;
const USECS_PER_MONTH = 30n * USECS_PER_DAY;
const INT32_MAX = 2147483647n;
const INT32_MIN = -2147483648n;

/**
 * interval: interval_cmp_value (months·30 days + days, in µs, plus micros; it needs 74 bits)
 * as a 16-byte big-endian two's complement integer with the sign bit flipped.
 */
export function encodeIntervalKey(w: ByteWriter, v: Interval): void {
  const total = intervalCmpValue(v);
  const hi = total >> 64n; // floor division: the signed upper half
  const lo = total - hi * TWO_64;
  const at = w.reserve(16);
  w.buf.writeBigInt64BE(hi, at);
  w.buf[at] = w.buf[at]! ^ 0x80;
  w.buf.writeBigUInt64BE(lo, at + 8);
}

/**
 * Decodes an interval key to the canonical interval with that total: whole 30-day months,
 * then whole days, then microseconds, all with the sign of the total ('30 days' and
 * '720 hours' both decode as '1 mon'). A field saturates at the int32 limit and passes the
 * rest down, which always leaves micros in int64 range for a total that came from an interval.
 */
export function decodeIntervalKey(r: KeyReader): Interval {
  r.takeCopy(16);
  const src = r.src;
  src[0] = src[0]! ^ 0x80;
  const total = (src.readBigInt64BE(0) << 64n) + src.readBigUInt64BE(8);
  const months = clamp32(total / USECS_PER_MONTH);
  const rest = total - months * USECS_PER_MONTH;
  const days = clamp32(rest / USECS_PER_DAY);
  return new Interval(Number(months), Number(days), rest - days * USECS_PER_DAY);
}

function clamp32(v: bigint): bigint {
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
}
