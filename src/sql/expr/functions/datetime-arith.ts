// Date/time arithmetic operators and casts: date ± integer, date - date, date/timestamp/
// timestamptz ± interval (timestamptz in the session zone: months, then days, each re-resolving
// the zone offset, then microseconds), timestamp - timestamp, time ± interval, time - time,
// interval + - * /, date + time, the casts among date, time, timestamp, timestamptz and
// interval, the typmod coercions, justify_*, isfinite, age and the OVERLAPS predicates.
// Invariant: infinite dates and timestamps pass through + and - unchanged and make subtraction
// fail (22008); results are range-checked as PostgreSQL 15 checks them (timestamp - timestamp
// wraps in int64 as PostgreSQL 15 does). Requires: strict functions get no nulls; overlaps is
// not strict and handles them.
import { DbError, SqlState } from '../../../errors.js';
import {
  age,
  dateAddDays,
  dateToTimestamp,
  daysInMonth,
  isFiniteDate,
  isFiniteTimestamp,
  isValidTimestamp,
  justifyDays,
  justifyHours,
  justifyInterval,
  timestampAddInterval,
} from '../../types/datetime-calendar.js';
import { adjustInterval } from '../../types/interval.js';
import { intervalAdd, intervalDiv, intervalMul, intervalNegate, intervalSub } from '../../types/interval-math.js';
import { roundMicros } from '../../types/time.js';
import type { TimeZone } from '../../types/typeio.js';
import { DATE_NOBEGIN, DATE_NOEND, Interval, type Value, TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, USECS_PER_DAY } from '../../types/value.js';
import type { FnImpl, FunctionTable } from './registry.js';
import {
  dateOfTimestamp,
  dateToTimestamptz,
  fieldsOf,
  floorDiv,
  intervalOutOfRange,
  timestampOutOfRange,
  timestampToTimestamptz,
  timestamptzToTimestamp,
} from './datetime-support.js';

/** timestamp + interval; with a zone for timestamptz (see timestampAddInterval). */
export function addInterval(ts: bigint, iv: Interval, zone?: TimeZone): bigint {
  return timestampAddInterval(ts, iv, zone);
}

/**
 * age() of two timestamptz values: the field-by-field difference of their local times, ordered
 * by the UTC values (which can disagree with the local order in a DST fall-back hour). The
 * types layer's age() orders by its arguments, so it serves whenever the two orders agree.
 */
function timestamptzAge(a: bigint, b: bigint, zone: TimeZone): Interval {
  const la = localOf(a, zone);
  const lb = localOf(b, zone);
  if (la < lb === a < b) return age(la, lb);
  // a DST overlap reversed the order: PostgreSQL borrows with the UTC order, giving odd results
  const fa = fieldsOf(la);
  const fb = fieldsOf(lb);
  const neg = a < b ? -1 : 1;
  let usec = neg * (fa.fsec - fb.fsec);
  let sec = neg * (fa.second - fb.second);
  let min = neg * (fa.minute - fb.minute);
  let hour = neg * (fa.hour - fb.hour);
  let mday = neg * (fa.day - fb.day);
  let mon = neg * (fa.month - fb.month);
  let year = neg * (fa.year - fb.year);
  while (usec < 0) { usec += 1e6; sec--; }
  while (sec < 0) { sec += 60; min--; }
  while (min < 0) { min += 60; hour--; }
  while (hour < 0) { hour += 24; mday--; }
  const borrow = neg < 0 ? fa : fb;
  while (mday < 0) { mday += daysInMonth(borrow.year, borrow.month); mon--; }
  while (mon < 0) { mon += 12; year--; }
  const micros = BigInt(((hour * 60 + min) * 60 + sec) * 1e6 + usec) * BigInt(neg);
  return new Interval(neg * (year * 12 + mon) + 0, neg * mday + 0, micros);
}

/** The local wall-clock time of a timestamptz without a range check (timestamp2tm with a zone). */
function localOf(ts: bigint, zone: TimeZone): bigint {
  return ts + BigInt(zone.offsetAtUtc(ts)) * 1_000_000n;
}

/** timestamp(p) / timestamptz(p): rounds without re-checking the range, as PostgreSQL 15. */
function scaleTimestamp(ts: bigint, typmod: number): bigint {
  return isFiniteTimestamp(ts) ? roundMicros(ts, typmod) : ts;
}

function checkedTimestamp(ts: bigint): bigint {
  if (!isValidTimestamp(ts)) throw timestampOutOfRange();
  return ts;
}

function negated(iv: Interval): Interval {
  return new Interval(-iv.months, -iv.days, -iv.micros);
}

/** timestamp - timestamp: int64 microseconds (wrapping as PostgreSQL 15 does), justified hours. */
function timestampMinus(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw new DbError(SqlState.DatetimeFieldOverflow, 'cannot subtract infinite timestamps');
  }
  return checkedInterval(justifyHours(new Interval(0, 0, BigInt.asIntN(64, a - b))));
}

function checkedInterval(iv: Interval): Interval {
  const { months, days } = iv;
  if (months > 2147483647 || months < -2147483648 || days > 2147483647 || days < -2147483648) throw intervalOutOfRange();
  return iv;
}

/** time ± interval: the interval's time part, wrapped into one day. */
function timeAdd(t: bigint, micros: bigint): bigint {
  const r = (t + micros) % USECS_PER_DAY;
  return r < 0n ? r + USECS_PER_DAY : r;
}

/** timestamp -> time, or NULL for an infinite timestamp. */
function timeOfLocal(ts: bigint): Value {
  if (!isFiniteTimestamp(ts)) return null;
  return ts - floorDiv(ts, USECS_PER_DAY) * USECS_PER_DAY;
}

function dateOfLocal(ts: bigint): number {
  if (ts === TIMESTAMP_NOBEGIN) return DATE_NOBEGIN;
  if (ts === TIMESTAMP_NOEND) return DATE_NOEND;
  return dateOfTimestamp(ts);
}

/** date + time (datetime_timestamp). */
export function dateTimeToTimestamp(date: number, time: bigint): bigint {
  const ts = dateToTimestamp(date);
  return isFiniteTimestamp(ts) ? checkedTimestamp(ts + time) : ts;
}

/**
 * OVERLAPS on two periods of comparable bigint values (timestamps or times), PostgreSQL's
 * overlaps_timestamp: a null endpoint makes the answer null unless the rest decides it.
 */
export function overlaps(s1: Value, e1: Value, s2: Value, e2: Value): Value {
  let ts1 = s1 as bigint | null;
  let te1 = e1 as bigint | null;
  let ts2 = s2 as bigint | null;
  let te2 = e2 as bigint | null;
  if (ts1 === null) {
    if (te1 === null) return null;
    ts1 = te1;
    te1 = null;
  } else if (te1 !== null && ts1 > te1) {
    [ts1, te1] = [te1, ts1];
  }
  if (ts2 === null) {
    if (te2 === null) return null;
    ts2 = te2;
    te2 = null;
  } else if (te2 !== null && ts2 > te2) {
    [ts2, te2] = [te2, ts2];
  }
  if (ts1 > ts2) {
    if (te2 === null) return null;
    if (ts1 < te2) return true;
    return te1 === null ? null : false;
  }
  if (ts1 < ts2) {
    if (te1 === null) return null;
    if (ts2 < te1) return true;
    return te2 === null ? null : false;
  }
  return te1 === null || te2 === null ? null : true;
}

const zoneOf = (ctx: Parameters<FnImpl>[1]): TimeZone => ctx.types.timeZone;

export const datetimeArithFunctions: FunctionTable = {
  // date
  date_pli: (a) => dateAddDays(a[0] as number, a[1] as number),
  date_mii: (a) => dateAddDays(a[0] as number, -(a[1] as number)),
  date_mi: (a) => {
    const x = a[0] as number;
    const y = a[1] as number;
    if (!isFiniteDate(x) || !isFiniteDate(y)) throw new DbError(SqlState.DatetimeFieldOverflow, 'cannot subtract infinite dates');
    return x - y;
  },
  date_pl_interval: (a) => addInterval(dateToTimestamp(a[0] as number), a[1] as Interval),
  date_mi_interval: (a) => addInterval(dateToTimestamp(a[0] as number), negated(a[1] as Interval)),
  datetime_timestamp: (a) => dateTimeToTimestamp(a[0] as number, a[1] as bigint),
  // timestamp and timestamptz
  timestamp_pl_interval: (a) => addInterval(a[0] as bigint, a[1] as Interval),
  timestamp_mi_interval: (a) => addInterval(a[0] as bigint, negated(a[1] as Interval)),
  timestamptz_pl_interval: (a, ctx) => addInterval(a[0] as bigint, a[1] as Interval, zoneOf(ctx)),
  timestamptz_mi_interval: (a, ctx) => addInterval(a[0] as bigint, negated(a[1] as Interval), zoneOf(ctx)),
  timestamp_mi: (a) => timestampMinus(a[0] as bigint, a[1] as bigint),
  // time
  time_pl_interval: (a) => timeAdd(a[0] as bigint, (a[1] as Interval).micros),
  time_mi_interval: (a) => timeAdd(a[0] as bigint, -(a[1] as Interval).micros),
  time_mi_time: (a) => new Interval(0, 0, (a[0] as bigint) - (a[1] as bigint)),
  // interval
  interval_um: (a) => intervalNegate(a[0] as Interval),
  interval_pl: (a) => intervalAdd(a[0] as Interval, a[1] as Interval),
  interval_mi: (a) => intervalSub(a[0] as Interval, a[1] as Interval),
  interval_mul: (a) => intervalMul(a[0] as Interval, a[1] as number),
  mul_d_interval: (a) => intervalMul(a[1] as Interval, a[0] as number),
  interval_div: (a) => intervalDiv(a[0] as Interval, a[1] as number),
  interval_justify_days: (a) => checkedInterval(justifyDays(a[0] as Interval)),
  interval_justify_hours: (a) => checkedInterval(justifyHours(a[0] as Interval)),
  interval_justify_interval: (a) => checkedInterval(justifyInterval(a[0] as Interval)),
  // casts
  date_timestamp: (a) => dateToTimestamp(a[0] as number),
  date_timestamptz: (a, ctx) => dateToTimestamptz(a[0] as number, zoneOf(ctx)),
  timestamp_date: (a) => dateOfLocal(a[0] as bigint),
  timestamptz_date: (a, ctx) => {
    const ts = a[0] as bigint;
    return isFiniteTimestamp(ts) ? dateOfTimestamp(localOf(ts, zoneOf(ctx))) : dateOfLocal(ts);
  },
  timestamp_timestamptz: (a, ctx) => timestampToTimestamptz(a[0] as bigint, zoneOf(ctx)),
  timestamptz_timestamp: (a, ctx) => timestamptzToTimestamp(a[0] as bigint, zoneOf(ctx)),
  timestamp_time: (a) => timeOfLocal(a[0] as bigint),
  timestamptz_time: (a, ctx) => {
    const ts = a[0] as bigint;
    return isFiniteTimestamp(ts) ? timeOfLocal(localOf(ts, zoneOf(ctx))) : null;
  },
  time_interval: (a) => new Interval(0, 0, a[0] as bigint),
  interval_time: (a) => {
    const r = (a[0] as Interval).micros % USECS_PER_DAY;
    return r < 0n ? r + USECS_PER_DAY : r;
  },
  // typmod coercions
  timestamp_scale: (a) => scaleTimestamp(a[0] as bigint, a[1] as number),
  timestamptz_scale: (a) => scaleTimestamp(a[0] as bigint, a[1] as number),
  time_scale: (a) => roundMicros(a[0] as bigint, a[1] as number),
  interval_scale: (a) => adjustInterval(a[0] as Interval, a[1] as number),
  // predicates and differences
  date_finite: (a) => isFiniteDate(a[0] as number),
  timestamp_finite: (a) => isFiniteTimestamp(a[0] as bigint),
  interval_finite: () => true,
  timestamp_age: (a) => age(a[0] as bigint, a[1] as bigint),
  timestamptz_age: (a, ctx) => timestamptzAge(a[0] as bigint, a[1] as bigint, zoneOf(ctx)),
  overlaps_timestamp: (a) => overlaps(a[0], a[1], a[2], a[3]),
  overlaps_time: (a) => overlaps(a[0], a[1], a[2], a[3]),
};
