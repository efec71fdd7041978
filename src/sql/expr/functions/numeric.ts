// numeric operators, casts and functions: + - * / % ^, unary minus/plus/abs, comparisons and
// btree numeric_cmp, larger/smaller, numeric_inc, the casts to and from int2/int4/int8/float4/
// float8, the typmod coercion numeric(numeric, int4); round/trunc to a scale, ceil/floor/sign,
// sqrt/exp/ln/log, div and mod, factorial, gcd/lcm, scale/min_scale/trim_scale, width_bucket.
// Invariant: the arithmetic lives in types/numeric.ts and numeric-math.ts; ordering is numeric's
// (-Infinity < finite < Infinity < NaN, NaN = NaN); width_bucket rounds its quotient to
// select_div_scale digits before flooring, as PostgreSQL 15 does. Requires: no null arguments.
import { DbError, SqlState } from '../../../errors.js';
import { Numeric, NumericKind, overflowError, pow10, selectDivScale } from '../../types/numeric.js';
import { numericExp, numericLn, numericLog, numericPower, numericSqrt } from '../../types/numeric-math.js';
import {
  numericFromFloat4,
  numericFromFloat8,
  numericFromInt,
  numericToFloat4,
  numericToFloat8,
  numericToInt2,
  numericToInt4,
  numericToInt8,
} from '../../types/numeric-convert.js';
import { integerOutOfRange } from './errors.js';
import type { FunctionTable } from './registry.js';

function cmp(a: unknown, b: unknown): number {
  return (a as Numeric).compare(b as Numeric);
}

const operators: FunctionTable = {
  numeric_add: (a) => (a[0] as Numeric).add(a[1] as Numeric),
  numeric_sub: (a) => (a[0] as Numeric).sub(a[1] as Numeric),
  numeric_mul: (a) => (a[0] as Numeric).mul(a[1] as Numeric),
  numeric_div: (a) => (a[0] as Numeric).div(a[1] as Numeric),
  numeric_mod: (a) => (a[0] as Numeric).mod(a[1] as Numeric),
  numeric_power: (a) => numericPower(a[0] as Numeric, a[1] as Numeric),
  numeric_uminus: (a) => (a[0] as Numeric).neg(),
  numeric_uplus: (a) => a[0],
  numeric_abs: (a) => (a[0] as Numeric).abs(),
  numeric_inc: (a) => (a[0] as Numeric).add(Numeric.ONE),

  numeric_eq: (a) => cmp(a[0], a[1]) === 0,
  numeric_ne: (a) => cmp(a[0], a[1]) !== 0,
  numeric_lt: (a) => cmp(a[0], a[1]) < 0,
  numeric_le: (a) => cmp(a[0], a[1]) <= 0,
  numeric_gt: (a) => cmp(a[0], a[1]) > 0,
  numeric_ge: (a) => cmp(a[0], a[1]) >= 0,
  numeric_cmp: (a) => cmp(a[0], a[1]),
  numeric_larger: (a) => (cmp(a[0], a[1]) > 0 ? a[0] : a[1]),
  numeric_smaller: (a) => (cmp(a[0], a[1]) < 0 ? a[0] : a[1]),

  // casts
  int2_numeric: (a) => numericFromInt(a[0] as number),
  int4_numeric: (a) => numericFromInt(a[0] as number),
  int8_numeric: (a) => numericFromInt(a[0] as bigint),
  float4_numeric: (a) => numericFromFloat4(a[0] as number),
  float8_numeric: (a) => numericFromFloat8(a[0] as number),
  numeric_int2: (a) => numericToInt2(a[0] as Numeric),
  numeric_int4: (a) => numericToInt4(a[0] as Numeric),
  numeric_int8: (a) => numericToInt8(a[0] as Numeric),
  numeric_float4: (a) => numericToFloat4(a[0] as Numeric),
  numeric_float8: (a) => numericToFloat8(a[0] as Numeric),
  // numeric(numeric, typmod): round to the scale, 22003 when the precision is exceeded
  numeric: (a) => (a[0] as Numeric).applyTypmod(a[1] as number),
};

/** The smallest scale that represents a finite value exactly (numeric min_scale()). */
export function minScale(n: Numeric): number {
  if (n.unscaled === 0n) return 0;
  let u = n.unscaled;
  let s = n.scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s--;
  }
  return s;
}

/** trim_scale(): the same value at its minimum scale. */
function trimScale(n: Numeric): Numeric {
  if (!n.isFinite()) return n;
  const s = minScale(n);
  return s === n.scale ? n : Numeric.of(n.unscaled / pow10(n.scale - s), s);
}

function absBig(v: bigint): bigint {
  return v < 0n ? -v : v;
}

function gcdBig(x: bigint, y: bigint): bigint {
  x = absBig(x);
  y = absBig(y);
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** gcd/lcm of numerics: NaN when either is special; result scale is the larger scale. */
function gcdLcm(a: Numeric, b: Numeric, lcm: boolean): Numeric {
  if (!a.isFinite() || !b.isFinite()) return Numeric.NaN;
  const s = Math.max(a.scale, b.scale);
  const x = a.withScale(s);
  const y = b.withScale(s);
  if (!lcm) return Numeric.of(gcdBig(x, y), s);
  if (x === 0n || y === 0n) return Numeric.of(0n, s);
  return Numeric.of(absBig((x / gcdBig(x, y)) * y), s);
}

/** Product of the integers lo..hi (binary splitting keeps the operands balanced). */
function rangeProduct(lo: bigint, hi: bigint): bigint {
  if (hi - lo < 16n) {
    let p = 1n;
    for (let k = lo; k <= hi; k++) p *= k;
    return p;
  }
  const mid = (lo + hi) / 2n;
  return rangeProduct(lo, mid) * rangeProduct(mid + 1n, hi);
}

/** factorial(int8): 22003 for negatives and for n > 32177 (the result would overflow). */
function factorial(n: bigint): Numeric {
  if (n < 0n) throw new DbError(SqlState.NumericValueOutOfRange, 'factorial of a negative number is undefined');
  if (n <= 1n) return Numeric.ONE;
  if (n > 32177n) throw overflowError();
  return Numeric.of(rangeProduct(2n, n), 0);
}

function widthBucketError(message: string): DbError {
  return new DbError(SqlState.InvalidArgumentForWidthBucket, message);
}

/** compute_bucket: floor(round((op - lo) * count / (hi - lo), div scale)) + 1. */
function computeBucket(operand: Numeric, b1: Numeric, b2: Numeric, count: number, reversed: boolean): Numeric {
  const num = (reversed ? b1.sub(operand) : operand.sub(b1)).mul(Numeric.fromInt(count));
  const den = reversed ? b1.sub(b2) : b2.sub(b1);
  return num.divScaled(den, selectDivScale(num, den)).add(Numeric.ONE).floor();
}

/** width_bucket(numeric, numeric, numeric, int4). */
function widthBucket(operand: Numeric, b1: Numeric, b2: Numeric, count: number): number {
  if (count <= 0) throw widthBucketError('count must be greater than zero');
  if (operand.isNaN() || b1.isNaN() || b2.isNaN()) {
    throw widthBucketError('operand, lower bound, and upper bound cannot be NaN');
  }
  if (b1.isInfinite() || b2.isInfinite()) throw widthBucketError('lower and upper bounds must be finite');
  const order = b1.compare(b2);
  if (order === 0) throw widthBucketError('lower bound cannot equal upper bound');
  let result: Numeric;
  if (order < 0) {
    if (operand.compare(b1) < 0) return 0;
    if (operand.compare(b2) >= 0) result = Numeric.fromInt(count + 1);
    else result = computeBucket(operand, b1, b2, count, false);
  } else {
    if (operand.compare(b1) > 0) return 0;
    if (operand.compare(b2) <= 0) result = Numeric.fromInt(count + 1);
    else result = computeBucket(operand, b1, b2, count, true);
  }
  const v = result.unscaled;
  if (v > 2147483647n || v < -2147483648n) throw integerOutOfRange();
  return Number(v);
}

const functions: FunctionTable = {
  numeric_round: (a) => (a[0] as Numeric).round(a[1] as number),
  numeric_trunc: (a) => (a[0] as Numeric).trunc(a[1] as number),
  numeric_ceil: (a) => (a[0] as Numeric).ceil(),
  numeric_floor: (a) => (a[0] as Numeric).floor(),
  numeric_sign: (a) => (a[0] as Numeric).sign(),
  numeric_sqrt: (a) => numericSqrt(a[0] as Numeric),
  numeric_exp: (a) => numericExp(a[0] as Numeric),
  numeric_ln: (a) => numericLn(a[0] as Numeric),
  numeric_log: (a) => numericLog(a[0] as Numeric, a[1] as Numeric),
  numeric_div_trunc: (a) => (a[0] as Numeric).divTrunc(a[1] as Numeric),
  numeric_fac: (a) => factorial(a[0] as bigint),
  numeric_gcd: (a) => gcdLcm(a[0] as Numeric, a[1] as Numeric, false),
  numeric_lcm: (a) => gcdLcm(a[0] as Numeric, a[1] as Numeric, true),
  // scale() and min_scale() are NULL for NaN and the infinities
  numeric_scale: (a) => ((a[0] as Numeric).kind === NumericKind.Finite ? (a[0] as Numeric).scale : null),
  numeric_min_scale: (a) => ((a[0] as Numeric).kind === NumericKind.Finite ? minScale(a[0] as Numeric) : null),
  numeric_trim_scale: (a) => trimScale(a[0] as Numeric),
  width_bucket_numeric: (a) => widthBucket(a[0] as Numeric, a[1] as Numeric, a[2] as Numeric, a[3] as number),
};

export const numericFunctions: FunctionTable = { ...operators, ...functions };
