// Interval arithmetic the operators build on: comparison (PostgreSQL's interval_cmp, which
// treats a month as 30 days and a day as 24 hours), negation, addition, subtraction and
// multiplication/division by a float (interval_mul / interval_div, with fractional months
// and days cascading down as PostgreSQL does). 22008 "interval out of range" on overflow.
import { Interval, USECS_PER_DAY } from './value.js';
import { DbError, SqlState } from '../../errors.js';
import { rint } from './rint.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function outOfRange(): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, 'interval out of range');
}

function int32(v: number): number {
  if (v > 2147483647 || v < -2147483648 || v !== v) throw outOfRange();
  return v + 0;
}

function int64(v: bigint): bigint {
  if (v > INT64_MAX || v < INT64_MIN) throw outOfRange();
  return v;
}

/** The total PostgreSQL compares and hashes: months * 30 days + days, all in microseconds. */
export function intervalCmpValue(iv: Interval): bigint {
  return iv.micros + (BigInt(iv.months) * 30n + BigInt(iv.days)) * USECS_PER_DAY;
}

/** interval_cmp: -1, 0 or 1 ('1 mon' equals '30 days'). */
export function intervalCompare(a: Interval, b: Interval): number {
  const x = intervalCmpValue(a);
  const y = intervalCmpValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function intervalNegate(a: Interval): Interval {
  return new Interval(int32(-a.months), int32(-a.days), int64(-a.micros));
}

export function intervalAdd(a: Interval, b: Interval): Interval {
  return new Interval(int32(a.months + b.months), int32(a.days + b.days), int64(a.micros + b.micros));
}

export function intervalSub(a: Interval, b: Interval): Interval {
  return new Interval(int32(a.months - b.months), int32(a.days - b.days), int64(a.micros - b.micros));
}

/** TSROUND: rounds to microsecond precision as PostgreSQL's interval_mul does. */
function tsRound(x: number): number {
  return rint(x * 1e6) / 1e6;
}

/**
 * interval_mul and interval_div: `scale` is applied to each field on its own (PostgreSQL
 * divides by the divisor, it does not multiply by its reciprocal); fractional months cascade
 * into days (30 per month), fractional days into time.
 */
function intervalScale(a: Interval, scale: (x: number) => number): Interval {
  let r = scale(a.months);
  if (r !== r || r > 2147483647 || r < -2147483648) throw outOfRange();
  const months = Math.trunc(r);
  r = scale(a.days);
  if (r !== r || r > 2147483647 || r < -2147483648) throw outOfRange();
  let days = Math.trunc(r);
  const monthRemainderDays = tsRound((scale(a.months) - months) * 30);
  let secRemainder = tsRound((scale(a.days) - days + monthRemainderDays - Math.trunc(monthRemainderDays)) * 86400);
  if (Math.abs(secRemainder) >= 86400) {
    const whole = Math.trunc(secRemainder / 86400);
    days = int32(days + whole);
    secRemainder -= whole * 86400;
  }
  days = int32(days + Math.trunc(monthRemainderDays));
  const t = rint(scale(Number(a.micros)) + secRemainder * 1e6);
  if (t !== t || t >= 9.223372036854776e18 || t < -9.223372036854776e18) throw outOfRange();
  return new Interval(months + 0, days + 0, BigInt(t));
}

/** interval_mul. */
export function intervalMul(a: Interval, factor: number): Interval {
  return intervalScale(a, (x) => x * factor);
}

/** interval_div; 22012 on division by zero. */
export function intervalDiv(a: Interval, divisor: number): Interval {
  if (divisor === 0) throw new DbError(SqlState.DivisionByZero, 'division by zero');
  return intervalScale(a, (x) => x / divisor);
}
