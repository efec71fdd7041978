// Calendar arithmetic shared by date, time, timestamp, timestamptz and interval: Julian day
// numbers (PostgreSQL's date2j/j2date), splitting a timestamp into fields and back, range
// checks, and the +/- operations the function layer builds on.
// Invariant: a date is days since 2000-01-01 (Julian day 2451545); timestamps are bigint
// microseconds since 2000-01-01 00:00; years use astronomical numbering (0 = 1 BC).
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  Interval,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  USECS_PER_DAY,
} from './value.js';
import type { TimeZone } from './typeio.js';
import { DbError, SqlState } from '../../errors.js';

/** Julian day number of 2000-01-01 (POSTGRES_EPOCH_JDATE). */
export const POSTGRES_EPOCH_JDATE = 2451545;
/** Julian day of 5874898-01-01 (DATE_END_JULIAN) and 294277-01-01 (TIMESTAMP_END_JULIAN). */
export const DATE_END_JULIAN = 2147483494;
export const TIMESTAMP_END_JULIAN = 109203528;
/** First and one-past-last valid timestamps (4714-11-24 BC .. 294277-01-01). */
export const MIN_TIMESTAMP = -211813488000000000n;
export const END_TIMESTAMP = 9223371331200000000n;
export const USECS_PER_HOUR = 3_600_000_000n;
export const USECS_PER_MINUTE = 60_000_000n;

/** Broken-down date and time, as PostgreSQL's struct pg_tm plus fractional microseconds. */
export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds within the second (0..999999). */
  fsec: number;
}

/** Julian day number of a Gregorian date (PostgreSQL's date2j). */
export function date2j(year: number, month: number, day: number): number {
  if (month > 2) {
    month += 1;
    year += 4800;
  } else {
    month += 13;
    year += 4799;
  }
  const century = Math.trunc(year / 100);
  let julian = year * 365 - 32167;
  julian += Math.trunc(year / 4) - century + Math.trunc(century / 4);
  julian += Math.trunc((7834 * month) / 256) + day;
  return julian;
}

/** Gregorian [year, month, day] of a non-negative Julian day number (PostgreSQL's j2date). */
export function j2date(jd: number): [number, number, number] {
  let julian = jd + 32044;
  let quad = Math.floor(julian / 146097);
  const extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + Math.floor(extra / 146097);
  quad = Math.floor(julian / 1461);
  julian -= quad * 1461;
  let y = Math.floor((julian * 4) / 1461);
  julian = (y !== 0 ? (julian + 305) % 365 : (julian + 306) % 366) + 123;
  y += quad * 4;
  const q = Math.floor((julian * 2141) / 65536);
  const day = julian - Math.floor((7834 * q) / 256);
  const month = ((q + 10) % 12) + 1;
  return [y - 4800, month, day];
}

/** Day of week of a Julian day, 0 = Sunday (j2day). */
export function j2day(jd: number): number {
  return (((jd + 1) % 7) + 7) % 7;
}

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAY_TAB = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAY_TAB[month - 1];
}

/** IS_VALID_JULIAN: the date is within the range the Julian-day routines handle. */
export function isValidJulian(y: number, m: number): boolean {
  return (y > -4713 || (y === -4713 && m >= 11)) && (y < 5874898 || (y === 5874898 && m < 6));
}

/** IS_VALID_DATE for a date value (days since 2000-01-01). */
export function isValidDate(d: number): boolean {
  return d >= -POSTGRES_EPOCH_JDATE && d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
}

/** IS_VALID_TIMESTAMP. */
export function isValidTimestamp(t: bigint): boolean {
  return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
}

export function isFiniteDate(d: number): boolean {
  return d !== DATE_NOBEGIN && d !== DATE_NOEND;
}

export function isFiniteTimestamp(t: bigint): boolean {
  return t !== TIMESTAMP_NOBEGIN && t !== TIMESTAMP_NOEND;
}

/** Date value (days since 2000-01-01) of a Gregorian date. */
export function dateFromYmd(year: number, month: number, day: number): number {
  return date2j(year, month, day) - POSTGRES_EPOCH_JDATE;
}

/** Gregorian [year, month, day] of a finite date value. */
export function ymdFromDate(date: number): [number, number, number] {
  return j2date(date + POSTGRES_EPOCH_JDATE);
}

/** Microseconds since midnight of a time of day (time2t). */
export function timeFromFields(hour: number, minute: number, second: number, fsec: number): bigint {
  return BigInt(((hour * 60 + minute) * 60 + second) * 1e6 + fsec);
}

/** Splits microseconds since midnight into [hour, minute, second, fsec] (dt2time). */
export function splitTime(t: bigint): [number, number, number, number] {
  const n = Number(t);
  const fsec = n % 1e6;
  let secs = (n - fsec) / 1e6;
  const hour = Math.floor(secs / 3600);
  secs -= hour * 3600;
  const minute = Math.floor(secs / 60);
  return [hour, minute, secs - minute * 60, fsec];
}

/** Fields of a finite timestamp (timestamp2tm without a zone); null when out of range. */
export function timestampToFields(ts: bigint): DateTimeFields | null {
  let date = ts / USECS_PER_DAY;
  let time = ts - date * USECS_PER_DAY;
  if (time < 0n) {
    time += USECS_PER_DAY;
    date -= 1n;
  }
  const jd = Number(date) + POSTGRES_EPOCH_JDATE;
  if (jd < 0 || jd > 2147483647) return null;
  const [year, month, day] = j2date(jd);
  const [hour, minute, second, fsec] = splitTime(time);
  return { year, month, day, hour, minute, second, fsec };
}

/**
 * Timestamp of fields (tm2timestamp without a zone); null when out of range. With
 * checkRange false the final range check is left to the caller (who applies a zone first).
 */
export function fieldsToTimestamp(f: DateTimeFields, checkRange = true): bigint | null {
  if (!isValidJulian(f.year, f.month)) return null;
  const date = BigInt(date2j(f.year, f.month, f.day) - POSTGRES_EPOCH_JDATE);
  const time = timeFromFields(f.hour, f.minute, f.second, f.fsec);
  const result = date * USECS_PER_DAY + time;
  if ((result < 0n && date > 0n) || (result > 0n && date < -1n)) return null;
  return !checkRange || isValidTimestamp(result) ? result : null;
}

/** Local wall-clock timestamp of a UTC timestamp in a zone, and the offset used (seconds east). */
export function utcToLocal(utc: bigint, zone: TimeZone): { local: bigint; offset: number } {
  const offset = zone.offsetAtUtc(utc);
  return { local: utc + BigInt(offset) * 1_000_000n, offset };
}

/** UTC timestamp of a local wall-clock timestamp in a zone (PostgreSQL's DST rules). */
export function localToUtc(local: bigint, zone: TimeZone): bigint {
  return local - BigInt(zone.offsetAtLocal(local)) * 1_000_000n;
}

function timestampOutOfRange(): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, 'timestamp out of range');
}

/** date + integer days (date_pli); 22008 "date out of range" when leaving the range. */
export function dateAddDays(date: number, days: number): number {
  if (!isFiniteDate(date)) return date;
  const r = date + days;
  if (!isValidDate(r) || !Number.isSafeInteger(r)) throw new DbError(SqlState.DatetimeFieldOverflow, 'date out of range');
  return r;
}

/** Timestamp at midnight of a date (date2timestamp); infinities map to infinities. */
export function dateToTimestamp(date: number): bigint {
  if (date === DATE_NOBEGIN) return TIMESTAMP_NOBEGIN;
  if (date === DATE_NOEND) return TIMESTAMP_NOEND;
  if (date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) {
    throw new DbError(SqlState.DatetimeFieldOverflow, 'date out of range for timestamp');
  }
  return BigInt(date) * USECS_PER_DAY;
}

/**
 * timestamp + interval, as PostgreSQL's timestamp(tz)_pl_interval: months first (the day is
 * clamped to the month's end), then days, then microseconds. With a zone (timestamptz), the
 * months and the days each move the local wall-clock time and the offset is re-resolved
 * after each step; the local times in between are not range-checked, the result is.
 */
export function timestampAddInterval(ts: bigint, iv: Interval, zone?: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  if (iv.months !== 0) {
    ts = shiftLocalDate(ts, zone, (f) => {
      const total = f.year * 12 + (f.month - 1) + iv.months;
      f.year = Math.floor(total / 12);
      f.month = total - f.year * 12 + 1;
      f.day = Math.min(f.day, daysInMonth(f.year, f.month));
    });
  }
  if (iv.days !== 0) {
    ts = shiftLocalDate(ts, zone, (f) => {
      [f.year, f.month, f.day] = j2date(date2j(f.year, f.month, f.day) + iv.days);
    });
  }
  ts += iv.micros;
  if (!isValidTimestamp(ts)) throw timestampOutOfRange();
  return ts;
}

/** Moves the (local, with a zone) date of a timestamp and converts back. */
function shiftLocalDate(ts: bigint, zone: TimeZone | undefined, move: (f: DateTimeFields) => void): bigint {
  const local = zone ? utcToLocal(ts, zone).local : ts;
  const f = timestampToFields(local);
  if (f === null) throw timestampOutOfRange();
  move(f);
  const r = fieldsToTimestamp(f, zone === undefined);
  if (r === null) throw timestampOutOfRange();
  const out = zone ? localToUtc(r, zone) : r;
  if (!isValidTimestamp(out)) throw timestampOutOfRange();
  return out;
}

/** timestamp - interval. */
export function timestampSubInterval(ts: bigint, iv: Interval, zone?: TimeZone): bigint {
  return timestampAddInterval(ts, new Interval(-iv.months, -iv.days, -iv.micros), zone);
}

/** timestamp - timestamp as an interval of days and microseconds (timestamp_mi, justified hours). */
export function timestampDiff(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw new DbError(SqlState.DatetimeFieldOverflow, 'cannot subtract infinite timestamps');
  }
  return justifyHours(new Interval(0, 0, a - b));
}

/** justify_hours: moves whole days out of the microseconds (same sign rules as PostgreSQL). */
export function justifyHours(iv: Interval): Interval {
  let days = iv.days + Number(iv.micros / USECS_PER_DAY);
  let micros = iv.micros % USECS_PER_DAY;
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return new Interval(iv.months, days, micros);
}

/** justify_days: moves whole 30-day months out of the days. */
export function justifyDays(iv: Interval): Interval {
  let months = iv.months + Math.trunc(iv.days / 30);
  let days = iv.days % 30;
  if (months > 0 && days < 0) {
    days += 30;
    months--;
  } else if (months < 0 && days > 0) {
    days -= 30;
    months++;
  }
  return new Interval(months, days + 0, iv.micros);
}

/** justify_interval: both of the above, with consistent signs (interval_justify_interval). */
export function justifyInterval(iv: Interval): Interval {
  let months = iv.months;
  let days = iv.days;
  let micros = iv.micros;
  if ((days > 0 && micros > 0n) || (days < 0 && micros < 0n)) {
    const whole = Math.trunc(days / 30);
    days -= whole * 30;
    months += whole;
  }
  days += Number(micros / USECS_PER_DAY);
  micros %= USECS_PER_DAY;
  const wholeMonths = Math.trunc(days / 30);
  days -= wholeMonths * 30;
  months += wholeMonths;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) {
    days += 30;
    months--;
  } else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) {
    days -= 30;
    months++;
  }
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return new Interval(months + 0, days + 0, micros);
}

/**
 * age(a, b): symbolic difference in years, months, days and time, computed field by field on
 * the (local) timestamps as PostgreSQL's timestamp_age does.
 */
export function age(a: bigint, b: bigint): Interval {
  const fa = timestampToFields(a);
  const fb = timestampToFields(b);
  if (fa === null || fb === null) throw timestampOutOfRange();
  let fsec = fa.fsec - fb.fsec;
  let sec = fa.second - fb.second;
  let min = fa.minute - fb.minute;
  let hour = fa.hour - fb.hour;
  let mday = fa.day - fb.day;
  let mon = fa.month - fb.month;
  let year = fa.year - fb.year;
  const neg = a < b;
  if (neg) {
    fsec = -fsec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year;
  }
  while (fsec < 0) { fsec += 1e6; sec--; }
  while (sec < 0) { sec += 60; min--; }
  while (min < 0) { min += 60; hour--; }
  while (hour < 0) { hour += 24; mday--; }
  while (mday < 0) {
    if (neg) mday += daysInMonth(fa.year, fa.month);
    else {
      const pm = fb.month; // days of the earlier timestamp's month
      mday += daysInMonth(fb.year, pm);
    }
    mon--;
  }
  while (mon < 0) { mon += 12; year--; }
  if (neg) {
    fsec = -fsec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year;
  }
  const micros = BigInt(((hour * 60 + min) * 60 + sec) * 1e6 + fsec);
  return new Interval(year * 12 + mon, mday, micros);
}
