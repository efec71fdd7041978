// Shared pieces of the date/time functions: PostgreSQL's type names for messages, the common
// errors, conversions between date, timestamp and timestamptz in a zone (with the overflow
// reporting the cross-type comparisons need) and the ISO 8601 week calendar (date2isoweek,
// date2isoyear, isoweek2j, ...).
// Invariant: zone offsets are seconds EAST of UTC here (PostgreSQL's C code counts west);
// a timestamptz is UTC, a timestamp is local wall-clock time; infinities pass through.
import { DbError, SqlState } from '../../../errors.js';
import {
  type DateTimeFields,
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_END_JULIAN,
  MIN_TIMESTAMP,
  date2j,
  isFiniteTimestamp,
  isValidTimestamp,
  j2date,
  j2day,
  timestampToFields,
} from '../../types/datetime-calendar.js';
import type { TimeZone } from '../../types/typeio.js';
import { DATE_NOBEGIN, DATE_NOEND, TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, USECS_PER_DAY } from '../../types/value.js';

export const TYPE_DATE = 'date';
export const TYPE_TIME = 'time without time zone';
export const TYPE_TIMESTAMP = 'timestamp without time zone';
export const TYPE_TIMESTAMPTZ = 'timestamp with time zone';
export const TYPE_INTERVAL = 'interval';

export function timestampOutOfRange(): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, 'timestamp out of range');
}

export function intervalOutOfRange(): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, 'interval out of range');
}

export function dateOutOfRangeForTimestamp(): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, 'date out of range for timestamp');
}

/** Floor division of bigints (C division truncates; calendars need the floor). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Fields of a finite timestamp (timestamp2tm without a zone); 22008 when out of range. */
export function fieldsOf(ts: bigint): DateTimeFields {
  const f = timestampToFields(ts);
  if (f === null) throw timestampOutOfRange();
  return f;
}

/** Local fields of a finite timestamptz in a zone, and the offset used (seconds east). */
export function localFields(ts: bigint, zone: TimeZone): { f: DateTimeFields; offset: number } {
  const offset = zone.offsetAtUtc(ts);
  return { f: fieldsOf(ts + BigInt(offset) * 1_000_000n), offset };
}

/** A conversion result: overflow is -1 / 1 when the value fell below / above the valid range. */
export interface Converted {
  value: bigint;
  overflow: number;
}

function clampOverflow(result: bigint): Converted {
  if (isValidTimestamp(result)) return { value: result, overflow: 0 };
  return result < MIN_TIMESTAMP ? { value: TIMESTAMP_NOBEGIN, overflow: -1 } : { value: TIMESTAMP_NOEND, overflow: 1 };
}

/** timestamp2timestamptz_opt_overflow: local wall-clock time in `zone` to UTC. */
export function timestampToTimestamptzOpt(ts: bigint, zone: TimeZone): Converted {
  if (!isFiniteTimestamp(ts)) return { value: ts, overflow: 0 };
  return clampOverflow(ts - BigInt(zone.offsetAtLocal(ts)) * 1_000_000n);
}

/** timestamp -> timestamptz in the session zone; 22008 when out of range. */
export function timestampToTimestamptz(ts: bigint, zone: TimeZone): bigint {
  const r = timestampToTimestamptzOpt(ts, zone);
  if (r.overflow !== 0) throw timestampOutOfRange();
  return r.value;
}

/** timestamptz -> timestamp: the local wall-clock time in `zone`; 22008 when out of range. */
export function timestamptzToTimestamp(ts: bigint, zone: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const local = ts + BigInt(zone.offsetAtUtc(ts)) * 1_000_000n;
  if (!isValidTimestamp(local)) throw timestampOutOfRange();
  return local;
}

/** date2timestamp_opt_overflow (dates have the same lower bound as timestamps). */
export function dateToTimestampOpt(date: number): Converted {
  if (date === DATE_NOBEGIN) return { value: TIMESTAMP_NOBEGIN, overflow: 0 };
  if (date === DATE_NOEND) return { value: TIMESTAMP_NOEND, overflow: 0 };
  if (date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) return { value: TIMESTAMP_NOEND, overflow: 1 };
  return { value: BigInt(date) * USECS_PER_DAY, overflow: 0 };
}

/** date2timestamptz_opt_overflow: local midnight of the date in `zone`, as UTC. */
export function dateToTimestamptzOpt(date: number, zone: TimeZone): Converted {
  const local = dateToTimestampOpt(date);
  if (local.overflow !== 0 || date === DATE_NOBEGIN || date === DATE_NOEND) return local;
  return clampOverflow(local.value - BigInt(zone.offsetAtLocal(local.value)) * 1_000_000n);
}

/** date -> timestamptz; 22008 "date out of range for timestamp". */
export function dateToTimestamptz(date: number, zone: TimeZone): bigint {
  const r = dateToTimestamptzOpt(date, zone);
  if (r.overflow !== 0) throw dateOutOfRangeForTimestamp();
  return r.value;
}

/** Date (days since 2000-01-01) of a finite local timestamp. */
export function dateOfTimestamp(ts: bigint): number {
  return Number(floorDiv(ts, USECS_PER_DAY));
}

/** Julian day of the Monday that starts ISO week 1 of `year` (the week holding January 4). */
function isoYearStart(year: number): number {
  const day4 = date2j(year, 1, 4);
  return day4 - j2day(day4 - 1);
}

/** Julian day of the first day (Monday) of ISO week `week` of ISO year `year` (isoweek2j). */
export function isoweek2j(year: number, week: number): number {
  return (week - 1) * 7 + isoYearStart(year);
}

/** ISO 8601 year and week of a date (date2isoyear and date2isoweek). */
function isoYearAndWeek(year: number, mon: number, mday: number): [year: number, week: number] {
  const dayn = date2j(year, mon, mday);
  let start = isoYearStart(year);
  if (dayn < start) {
    year--;
    start = isoYearStart(year);
  }
  const week = Math.trunc((dayn - start) / 7) + 1;
  if (week >= 52) {
    const next = isoYearStart(year + 1);
    if (dayn >= next) return [year + 1, Math.trunc((dayn - next) / 7) + 1];
  }
  return [year, week];
}

/** ISO week number of a date (date2isoweek). */
export function date2isoweek(year: number, mon: number, mday: number): number {
  return isoYearAndWeek(year, mon, mday)[1];
}

/** ISO 8601 week-numbering year of a date (date2isoyear). */
export function date2isoyear(year: number, mon: number, mday: number): number {
  return isoYearAndWeek(year, mon, mday)[0];
}

/** Day of the ISO year, 1..371 (date2isoyearday). */
export function date2isoyearday(year: number, mon: number, mday: number): number {
  return date2j(year, mon, mday) - isoweek2j(date2isoyear(year, mon, mday), 1) + 1;
}

/** [year, month, day] of the Monday of ISO week `woy` of ISO year `year` (isoweek2date). */
export function isoweek2date(woy: number, year: number): [number, number, number] {
  return j2date(isoweek2j(year, woy));
}

/** [year, month, day] of ISO week `isoweek`, weekday `wday` (1 = Sunday .. 7) (isoweekdate2date). */
export function isoweekdate2date(isoweek: number, wday: number, year: number): [number, number, number] {
  let jday = isoweek2j(year, isoweek);
  jday += wday > 1 ? wday - 2 : 6;
  return j2date(jday);
}
