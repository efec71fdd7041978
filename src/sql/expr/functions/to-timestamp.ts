// to_timestamp(text, template) and to_date(text, template): the raw fields read by
// to-timestamp-parse.ts are combined as PostgreSQL's do_to_timestamp does (12-hour clock,
// century + two-digit year, BC, Julian day, ISO week dates, day of year, W/WW), validated
// (22008 "date/time field value out of range"), then placed in the session zone unless
// TZH/TZM gave an offset. Missing fields default to January 1 of 1 BC (year 0), midnight.
// Invariant: FF1..FF6 round the result to that many fractional digits.
import { DbError, SqlState } from '../../../errors.js';
import { dateTimeParseError } from '../../types/datetime-decode.js';
import { DTERR_FIELD_OVERFLOW, DTERR_TZDISP_OVERFLOW, DATE_MASK, DtErr, TokType, mask } from '../../types/datetime-tokens.js';
import { newFields, validateDate } from '../../types/datetime-fields.js';
import {
  type DateTimeFields,
  POSTGRES_EPOCH_JDATE,
  date2j,
  fieldsToTimestamp,
  isLeapYear,
  isValidDate,
  isValidJulian,
  isValidTimestamp,
  j2date,
} from '../../types/datetime-calendar.js';
import { roundMicros } from '../../types/time.js';
import type { TimeZone } from '../../types/typeio.js';
import type { Value } from '../../types/value.js';
import { datetimeFormat } from './formatting-nodes.js';
import type { FunctionTable } from './registry.js';
import { isoweek2date, isoweek2j, isoweekdate2date, timestampOutOfRange } from './datetime-support.js';
import { readDatetime } from './to-timestamp-parse.js';

interface Parsed {
  tm: DateTimeFields;
  /** Offset east from TZH/TZM, or null. */
  tz: number | null;
  /** FF1..FF6 precision, 0 when not given. */
  fprec: number;
}

const YSUM = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
];

/** do_to_timestamp. */
function parseDatetime(input: string, fmt: string): Parsed {
  const tm = newFields();
  tm.month = 1;
  tm.day = 1;
  const f = fmt.length > 0 ? readDatetime(datetimeFormat(fmt), input) : readDatetime([], input);
  let fmask = 0;
  const fieldOverflow = () => dateTimeParseError(DTERR_FIELD_OVERFLOW, input, 'timestamp');
  if (f.ssss) {
    let x = f.ssss;
    tm.hour = Math.trunc(x / 3600);
    x %= 3600;
    tm.minute = Math.trunc(x / 60);
    tm.second = x % 60;
  }
  if (f.ss) tm.second = f.ss;
  if (f.mi) tm.minute = f.mi;
  if (f.hh) tm.hour = f.hh;
  if (f.clock12) {
    if (tm.hour < 1 || tm.hour > 12) {
      throw new DbError(SqlState.InvalidDatetimeFormat, `hour "${tm.hour}" is invalid for the 12-hour clock`, {
        hint: 'Use the 24-hour clock, or give an hour between 1 and 12.',
      });
    }
    if (f.pm && tm.hour < 12) tm.hour += 12;
    else if (!f.pm && tm.hour === 12) tm.hour = 0;
  }
  if (f.year) {
    if (f.cc && f.yysz <= 2) {
      // CC with YY or Y: the two low-order digits within that century
      const cc = f.bc ? -f.cc : f.cc;
      tm.year = f.year % 100;
      if (tm.year) tm.year = cc >= 0 ? tm.year + (cc - 1) * 100 : (cc + 1) * 100 - tm.year + 1;
      else tm.year = cc * 100 + (cc >= 0 ? 0 : 1);
    } else {
      tm.year = f.bc ? -f.year : f.year;
      if (tm.year < 0) tm.year++; // 1 BC is year 0
    }
    fmask |= mask(TokType.YEAR);
  } else if (f.cc) {
    const cc = f.bc ? -f.cc : f.cc;
    tm.year = cc >= 0 ? (cc - 1) * 100 + 1 : cc * 100 + 1;
    fmask |= mask(TokType.YEAR);
  }
  if (f.j) {
    [tm.year, tm.month, tm.day] = j2date(f.j);
    fmask |= DATE_MASK;
  }
  let ddd = f.ddd;
  let dd = f.dd;
  if (f.ww) {
    if (f.mode === 2) {
      [tm.year, tm.month, tm.day] = f.d ? isoweekdate2date(f.ww, f.d, tm.year) : isoweek2date(f.ww, tm.year);
      fmask |= DATE_MASK;
    } else ddd = (f.ww - 1) * 7 + 1;
  }
  if (f.w) dd = (f.w - 1) * 7 + 1;
  if (dd) {
    tm.day = dd;
    fmask |= mask(TokType.DAY);
  }
  if (f.mm) {
    tm.month = f.mm;
    fmask |= mask(TokType.MONTH);
  }
  if (ddd && (tm.month <= 1 || tm.day <= 1)) {
    if (!tm.year && !f.bc) throw new DbError(SqlState.InvalidDatetimeFormat, 'cannot calculate day of year without year information');
    if (f.mode === 2) {
      [tm.year, tm.month, tm.day] = j2date(isoweek2j(tm.year, 1) - 1 + ddd);
      fmask |= DATE_MASK;
    } else {
      const y = YSUM[isLeapYear(tm.year) ? 1 : 0]!;
      let i = 1;
      while (i <= 12 && ddd > y[i]!) i++;
      if (tm.month <= 1) tm.month = i;
      if (tm.day <= 1) tm.day = ddd - y[i - 1]!;
      fmask |= mask(TokType.MONTH) | mask(TokType.DAY);
    }
  }
  tm.fsec = f.ms * 1000 + f.us;
  if (fmask !== 0) {
    const st = { fmask: 0, f: tm, is2digits: false, haveTextMonth: false, doy: 0, isJulian: true };
    try {
      validateDate(fmask, true, false, st);
    } catch (e) {
      if (e instanceof DtErr) throw fieldOverflow();
      throw e;
    }
  }
  if (tm.hour < 0 || tm.hour >= 24 || tm.minute < 0 || tm.minute >= 60 || tm.second < 0 || tm.second >= 60 || tm.fsec < 0 || tm.fsec >= 1e6) {
    throw fieldOverflow();
  }
  let tz: number | null = null;
  if (f.tzsign) {
    if (f.tzh < 0 || f.tzh > 15 || f.tzm < 0 || f.tzm >= 60) throw dateTimeParseError(DTERR_TZDISP_OVERFLOW, input, 'timestamp');
    tz = f.tzsign * (f.tzh * 3600 + f.tzm * 60);
  }
  return { tm, tz, fprec: f.ff };
}

function toTimestamp(input: string, fmt: string, zone: TimeZone): Value {
  const { tm, tz, fprec } = parseDatetime(input, fmt);
  if (!isValidJulian(tm.year, tm.month)) throw timestampOutOfRange();
  const local = fieldsToTimestamp(tm, false);
  if (local === null) throw timestampOutOfRange();
  const east = tz ?? zone.offsetAtLocal(local);
  const result = local - BigInt(east) * 1_000_000n;
  if (!isValidTimestamp(result)) throw timestampOutOfRange();
  return fprec ? roundMicros(result, fprec) : result;
}

function toDate(input: string, fmt: string): Value {
  const { tm } = parseDatetime(input, fmt);
  const outOfRange = () => new DbError(SqlState.DatetimeFieldOverflow, `date out of range: "${input}"`);
  if (!isValidJulian(tm.year, tm.month)) throw outOfRange();
  const date = date2j(tm.year, tm.month, tm.day) - POSTGRES_EPOCH_JDATE;
  if (!isValidDate(date)) throw outOfRange();
  return date;
}

export const toTimestampFunctions: FunctionTable = {
  to_timestamp: (a, ctx) => toTimestamp(a[0] as string, a[1] as string, ctx.types.timeZone),
  to_date: (a) => toDate(a[0] as string, a[1] as string),
};
