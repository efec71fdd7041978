// The current time (now/transaction_timestamp, statement_timestamp, clock_timestamp,
// timeofday) and the constructors make_date, make_time, make_timestamp, make_timestamptz,
// make_interval and to_timestamp(float8), with PostgreSQL 15's range checks and messages
// (which print seconds with C's %02g).
// Invariant: now() is the transaction start (ctx.types.transactionStart()), statement_timestamp()
// ctx.statementStart, clock_timestamp() the wall clock in microseconds. make_interval computes in
// C's wrapping int32 arithmetic, as PostgreSQL 15 does (years => 2147483647 is "-1 years").
import { DbError, SqlState } from '../../../errors.js';
import { DtErr, DATE_MASK } from '../../types/datetime-tokens.js';
import { newFields, validateDate } from '../../types/datetime-fields.js';
import {
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_END_JULIAN,
  date2j,
  isValidDate,
  isValidJulian,
  isValidTimestamp,
  j2day,
} from '../../types/datetime-calendar.js';
import { formatG } from '../../types/float-format.js';
import { Interval, TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, UNIX_TO_PG_EPOCH_DAYS, USECS_PER_DAY } from '../../types/value.js';
import { rint } from './math.js';
import type { FunctionTable } from './registry.js';
import { localFields, timestampToTimestamptz } from './datetime-support.js';
import { saneZoneOffset } from './datetime-zone.js';

const UNIX_EPOCH_JDATE = 2440588;
const UNIX_EPOCH_MICROS = BigInt(UNIX_TO_PG_EPOCH_DAYS) * USECS_PER_DAY;

/** C's printf("%02g"). */
function g02(v: number): string {
  const s = formatG(v, 6);
  return s.length >= 2 || s === 'NaN' ? s : '0' + s;
}

function pad2(n: number): string {
  return n >= 0 && n < 10 ? '0' + n : String(n);
}

/** The wall clock in microseconds since 2000-01-01 UTC. */
export function clockTimestamp(): bigint {
  const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
  return BigInt(micros) - UNIX_EPOCH_MICROS;
}

/** ValidateDate for make_date/make_timestamp: negative years are BC; the checked Gregorian year. */
function validYear(year: number, month: number, day: number): { ok: boolean; year: number } {
  const st = { fmask: 0, f: newFields(), is2digits: false, haveTextMonth: false, doy: 0, isJulian: false };
  const bc = year < 0;
  st.f.year = bc ? -year : year;
  st.f.month = month;
  st.f.day = day;
  try {
    validateDate(DATE_MASK, false, bc, st);
  } catch (e) {
    if (e instanceof DtErr) return { ok: false, year: st.f.year };
    throw e;
  }
  return { ok: true, year: st.f.year };
}

function makeDate(year: number, month: number, day: number): number {
  const v = validYear(year, month, day);
  const shown = `${v.year}-${pad2(month)}-${pad2(day)}`;
  if (!v.ok) throw new DbError(SqlState.DatetimeFieldOverflow, `date field value out of range: ${shown}`);
  const outOfRange = () => new DbError(SqlState.DatetimeFieldOverflow, `date out of range: ${shown}`);
  if (!isValidJulian(v.year, month)) throw outOfRange();
  const date = date2j(v.year, month, day) - POSTGRES_EPOCH_JDATE;
  if (!isValidDate(date)) throw outOfRange();
  return date;
}

/** float_time_overflows. */
function timeOverflows(hour: number, min: number, sec: number): boolean {
  if (hour < 0 || hour > 24 || min < 0 || min >= 60) return true;
  if (sec !== sec) return true;
  const us = rint(sec * 1e6);
  if (us < 0 || us > 60e6) return true;
  return ((hour * 60 + min) * 60) * 1e6 + us > 86400e6;
}

function timeMicros(hour: number, min: number, sec: number): bigint {
  return BigInt((hour * 60 + min) * 60) * 1_000_000n + BigInt(rint(sec * 1e6));
}

function makeTime(hour: number, min: number, sec: number): bigint {
  if (timeOverflows(hour, min, sec)) {
    throw new DbError(SqlState.DatetimeFieldOverflow, `time field value out of range: ${hour}:${pad2(min)}:${g02(sec)}`);
  }
  return timeMicros(hour, min, sec);
}

/** make_timestamp_internal. */
function makeTimestamp(year: number, month: number, day: number, hour: number, min: number, sec: number): bigint {
  const v = validYear(year, month, day);
  if (!v.ok) throw new DbError(SqlState.DatetimeFieldOverflow, `date field value out of range: ${year}-${pad2(month)}-${pad2(day)}`);
  if (!isValidJulian(v.year, month)) {
    throw new DbError(SqlState.DatetimeFieldOverflow, `date out of range: ${year}-${pad2(month)}-${pad2(day)}`);
  }
  const date = BigInt(date2j(v.year, month, day) - POSTGRES_EPOCH_JDATE);
  if (timeOverflows(hour, min, sec)) {
    throw new DbError(SqlState.DatetimeFieldOverflow, `time field value out of range: ${hour}:${pad2(min)}:${g02(sec)}`);
  }
  const result = date * USECS_PER_DAY + timeMicros(hour, min, sec);
  if ((result < 0n && date > 0n) || (result > 0n && date < -1n) || !isValidTimestamp(result)) {
    throw new DbError(
      SqlState.DatetimeFieldOverflow,
      `timestamp out of range: ${year}-${pad2(month)}-${pad2(day)} ${hour}:${pad2(min)}:${g02(sec)}`,
    );
  }
  return result;
}

/** make_interval, with int32 wrap-around and the seconds rounded to microseconds. */
function makeInterval(years: number, months: number, weeks: number, days: number, hours: number, mins: number, secs: number): Interval {
  if (secs !== secs || secs === Infinity || secs === -Infinity) throw new DbError(SqlState.DatetimeFieldOverflow, 'interval out of range');
  const month = (Math.imul(years, 12) + months) | 0;
  const day = (Math.imul(weeks, 7) + days) | 0;
  const micros = BigInt(hours) * 3_600_000_000n + BigInt(mins) * 60_000_000n + BigInt(rint(secs * 1e6));
  return new Interval(month, day, BigInt.asIntN(64, micros));
}

/** to_timestamp(float8): Unix seconds to timestamptz. */
function fromUnixSeconds(seconds: number): bigint {
  if (seconds !== seconds) throw new DbError(SqlState.DatetimeFieldOverflow, 'timestamp cannot be NaN');
  if (seconds === Infinity) return TIMESTAMP_NOEND;
  if (seconds === -Infinity) return TIMESTAMP_NOBEGIN;
  const outOfRange = () => new DbError(SqlState.DatetimeFieldOverflow, `timestamp out of range: "${formatG(seconds, 6)}"`);
  if (seconds < 86400 * (0 - UNIX_EPOCH_JDATE) || seconds >= 86400 * (TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE)) throw outOfRange();
  const shifted = seconds - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400;
  const result = BigInt(rint(shifted * 1e6));
  if (!isValidTimestamp(result)) throw outOfRange();
  return result;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** timeofday(): "Sat Nov 21 07:22:58.848618 2026 UTC" in the session zone. */
function timeOfDay(now: bigint, zone: Parameters<typeof localFields>[1]): string {
  const { f } = localFields(now, zone);
  const dow = DAY_NAMES[j2day(date2j(f.year, f.month, f.day))];
  const abbrev = zone.abbreviationAtUtc(now) ?? '';
  const time = `${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}.${String(f.fsec).padStart(6, '0')}`;
  return `${dow} ${MONTH_NAMES[f.month - 1]} ${pad2(f.day)} ${time} ${f.year} ${abbrev}`;
}

const n = (v: unknown): number => v as number;

export const datetimeMakeFunctions: FunctionTable = {
  now: (_a, ctx) => ctx.types.transactionStart(),
  statement_timestamp: (_a, ctx) => ctx.statementStart,
  clock_timestamp: () => clockTimestamp(),
  timeofday: (_a, ctx) => timeOfDay(clockTimestamp(), ctx.types.timeZone),
  make_date: (a) => makeDate(n(a[0]), n(a[1]), n(a[2])),
  make_time: (a) => makeTime(n(a[0]), n(a[1]), n(a[2])),
  make_timestamp: (a) => makeTimestamp(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5])),
  make_timestamptz: (a, ctx) =>
    timestampToTimestamptz(makeTimestamp(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5])), ctx.types.timeZone),
  make_timestamptz_at_timezone: (a) => {
    const local = makeTimestamp(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5]));
    return local - BigInt(saneZoneOffset(a[6] as string, local)) * 1_000_000n;
  },
  make_interval: (a) => makeInterval(n(a[0]), n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5]), n(a[6])),
  float8_timestamptz: (a) => fromUnixSeconds(n(a[0])),
};
