// float8 math functions: sqrt, cbrt, exp, ln, log10, power, rounding (round is rint: half to
// even), sign, pi, degrees/radians and width_bucket, with PostgreSQL 15's domain errors (2201E
// logarithms, 2201F sqrt/power, 2201G width_bucket) and overflow/underflow checks (22003).
// Invariant: NaN and infinities follow PostgreSQL's explicit rules, not JS Math's where they
// differ (1 ^ NaN = 1, (-1) ^ Inf = 1). Results of the libm-style functions may differ from
// glibc's in the last bit. Requires: no null arguments.
import { rint } from '../../types/rint.js';
import { DbError, SqlState } from '../../../errors.js';
import { float8Div, float8Mul } from './float.js';
import { floatOverflow, floatUnderflow, integerOutOfRange } from './errors.js';
import type { FnImpl, FunctionTable } from './registry.js';

/** C's rint() in the default rounding mode: nearest, ties to even; keeps -0. */
export { rint };

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** float8 result check of PostgreSQL's math functions (check_float8_val-style). */
function checkResult(r: number, arg: number, zeroAllowed: boolean): number {
  if (isInf(r) && !isInf(arg)) throw floatOverflow();
  if (r === 0 && !zeroAllowed) throw floatUnderflow();
  return r;
}

/** PostgreSQL's RADIANS_PER_DEGREE (0.0174532925199432957692) as a double. */
export const RADIANS_PER_DEGREE = 0.017453292519943295;

function sqrt(x: number): number {
  if (x < 0) throw new DbError(SqlState.InvalidArgumentForPowerFunction, 'cannot take square root of a negative number');
  return checkResult(Math.sqrt(x), x, x === 0);
}

function exp(x: number): number {
  if (x !== x) return x;
  if (isInf(x)) return x > 0 ? x : 0;
  const r = Math.exp(x);
  if (isInf(r)) throw floatOverflow();
  if (r === 0) throw floatUnderflow();
  return r;
}

function logarithm(x: number, log: (v: number) => number): number {
  if (x === 0) throw new DbError(SqlState.InvalidArgumentForLogarithm, 'cannot take logarithm of zero');
  if (x < 0) throw new DbError(SqlState.InvalidArgumentForLogarithm, 'cannot take logarithm of a negative number');
  return checkResult(log(x), x, x === 1);
}

function powerError(message: string): DbError {
  return new DbError(SqlState.InvalidArgumentForPowerFunction, message);
}

/** dpow: POSIX pow() semantics made explicit, then overflow/underflow checks. */
export function power(x: number, y: number): number {
  if (x !== x) return y !== y || y !== 0 ? NaN : 1;
  if (y !== y) return x !== 1 ? NaN : 1;
  if (x === 0 && y < 0) throw powerError('zero raised to a negative power is undefined');
  if (x < 0 && Math.floor(y) !== y) throw powerError('a negative number raised to a non-integer power yields a complex result');
  if (isInf(y)) {
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    if (y > 0) return ax > 1 ? y : 0;
    return ax > 1 ? 0 : -y;
  }
  if (isInf(x)) {
    if (y === 0) return 1;
    if (x > 0) return y > 0 ? x : 0;
    const half = y / 2;
    const yIsOddInteger = Math.floor(half) !== half;
    if (y > 0) return yIsOddInteger ? x : -x;
    return yIsOddInteger ? -0 : 0;
  }
  const r = Math.pow(x, y);
  if (isInf(r)) throw floatOverflow();
  if (r === 0 && x !== 0) throw floatUnderflow();
  return r;
}

/** width_bucket(operand, low, high, count) for float8, as PostgreSQL 15 computes it. */
function widthBucket(operand: number, bound1: number, bound2: number, count: number): number {
  const fail = (message: string) => new DbError(SqlState.InvalidArgumentForWidthBucket, message);
  if (count <= 0) throw fail('count must be greater than zero');
  if (operand !== operand || bound1 !== bound1 || bound2 !== bound2) {
    throw fail('operand, lower bound, and upper bound cannot be NaN');
  }
  if (isInf(bound1) || isInf(bound2)) throw fail('lower and upper bounds must be finite');
  if (bound1 === bound2) throw fail('lower bound cannot equal upper bound');
  const ascending = bound1 < bound2;
  if (ascending ? operand < bound1 : operand > bound1) return 0;
  if (ascending ? operand >= bound2 : operand <= bound2) {
    if (count === 2147483647) throw integerOutOfRange();
    return count + 1;
  }
  const bucket = ascending
    ? (count * (operand - bound1)) / (bound2 - bound1) + 1
    : (count * (bound1 - operand)) / (bound1 - bound2) + 1;
  // C's (int32) conversion of a double; x86 yields INT_MIN for NaN or out-of-range values
  if (!(bucket > -2147483649 && bucket < 2147483648)) return -2147483648;
  return Math.trunc(bucket) + 0;
}

const unary =
  (f: (x: number) => number): FnImpl =>
  (a) =>
    f(a[0] as number);

export const mathFunctions: FunctionTable = {
  dsqrt: unary(sqrt),
  dcbrt: unary((x) => checkResult(Math.cbrt(x), x, x === 0)),
  dexp: unary(exp),
  dlog1: unary((x) => logarithm(x, Math.log)),
  dlog10: unary((x) => logarithm(x, Math.log10)),
  dpow: (a) => power(a[0] as number, a[1] as number),
  dround: unary(rint),
  dtrunc: unary(Math.trunc),
  dceil: unary(Math.ceil),
  dfloor: unary(Math.floor),
  dsign: unary((x) => (x > 0 ? 1 : x < 0 ? -1 : 0)),
  dpi: () => Math.PI,
  degrees: unary((x) => float8Div(x, RADIANS_PER_DEGREE)),
  radians: unary((x) => float8Mul(x, RADIANS_PER_DEGREE)),
  width_bucket_float8: (a) => widthBucket(a[0] as number, a[1] as number, a[2] as number, a[3] as number),
};
