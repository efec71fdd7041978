// extract(field from x) (numeric results) and date_part(field, x) (float8 results) for date,
// time, timestamp, timestamptz and interval, as PostgreSQL 15's *_part_common functions: every
// field (century .. year, epoch, julian, timezone*), BC years, ISO weeks, infinite inputs
// (monotonic fields give ±Infinity, the others NULL) and the errors 22023 "unit ... not
// recognized" / 0A000 "unit ... not supported".
// Invariant: numeric results are exact (seconds have scale 6, milliseconds scale 3); float
// results follow PostgreSQL's double arithmetic step by step.
import { Numeric } from '../../types/numeric.js';
import { type DateTimeFields, POSTGRES_EPOCH_JDATE, date2j, isFiniteDate, isFiniteTimestamp, j2date, j2day } from '../../types/datetime-calendar.js';
import { Dtk } from '../../types/datetime-tokens.js';
import { DATE_NOBEGIN, type Interval, TIMESTAMP_NOBEGIN, type Value } from '../../types/value.js';
import type { EvalContext, FunctionTable } from './registry.js';
import {
  TYPE_DATE,
  TYPE_INTERVAL,
  TYPE_TIME,
  TYPE_TIMESTAMP,
  TYPE_TIMESTAMPTZ,
  date2isoweek,
  date2isoyear,
  fieldsOf,
  localFields,
} from './datetime-support.js';
import { type DecodedUnit, UnitKind, decodeUnit, unitNotRecognized, unitNotSupported } from './datetime-units.js';

const UNIX_EPOCH_MICROS = -946684800000000n;

/** A whole-number field value in the requested result type. */
function whole(v: number, numeric: boolean): Value {
  return numeric ? Numeric.fromInt(v) : v + 0; // + 0: C integers have no negative zero
}

/** Calendar fields shared by date, timestamp and timestamptz; null for non-calendar units. */
function calendarField(unit: Dtk, year: number, mon: number, mday: number): number | null {
  switch (unit) {
    case Dtk.DAY:
      return mday;
    case Dtk.MONTH:
      return mon;
    case Dtk.QUARTER:
      return Math.trunc((mon - 1) / 3) + 1;
    case Dtk.WEEK:
      return date2isoweek(year, mon, mday);
    case Dtk.YEAR:
      return year > 0 ? year : year - 1; // there is no year 0
    case Dtk.DECADE:
      return year >= 0 ? Math.trunc(year / 10) : -Math.trunc((8 - (year - 1)) / 10);
    case Dtk.CENTURY:
      return year > 0 ? Math.trunc((year + 99) / 100) : -Math.trunc((99 - (year - 1)) / 100);
    case Dtk.MILLENNIUM:
      return year > 0 ? Math.trunc((year + 999) / 1000) : -Math.trunc((999 - (year - 1)) / 1000);
    case Dtk.ISOYEAR: {
      const y = date2isoyear(year, mon, mday);
      return y <= 0 ? y - 1 : y;
    }
    case Dtk.DOW:
    case Dtk.ISODOW: {
      const d = j2day(date2j(year, mon, mday));
      return unit === Dtk.ISODOW && d === 0 ? 7 : d;
    }
    case Dtk.DOY:
      return date2j(year, mon, mday) - date2j(year, 1, 1) + 1;
    default:
      return null;
  }
}

/** Seconds-based fields from whole seconds and microseconds; null for other units. */
function secondsField(unit: Dtk, sec: number, usec: number, numeric: boolean): Value | undefined {
  sec += 0;
  const micros = sec * 1_000_000 + usec;
  switch (unit) {
    case Dtk.MICROSEC:
      return whole(micros, numeric);
    case Dtk.MILLISEC:
      return numeric ? Numeric.of(BigInt(micros), 3) : sec * 1000.0 + usec / 1000.0;
    case Dtk.SECOND:
      return numeric ? Numeric.of(BigInt(micros), 6) : sec + usec / 1000000.0;
  }
  return undefined;
}

const MONOTONIC = new Set([Dtk.YEAR, Dtk.DECADE, Dtk.CENTURY, Dtk.MILLENNIUM, Dtk.JULIAN, Dtk.ISOYEAR, Dtk.EPOCH]);
const OSCILLATING = new Set([
  Dtk.MICROSEC, Dtk.MILLISEC, Dtk.SECOND, Dtk.MINUTE, Dtk.HOUR, Dtk.DAY, Dtk.MONTH, Dtk.QUARTER, Dtk.WEEK,
  Dtk.DOW, Dtk.ISODOW, Dtk.DOY, Dtk.TZ, Dtk.TZ_MINUTE, Dtk.TZ_HOUR,
]);

/** NonFiniteTimestampTzPart: ±Infinity for monotonic fields, NULL for the others. */
function nonFinitePart(u: DecodedUnit, negative: boolean, typeName: string, numeric: boolean): Value {
  if (u.kind === UnitKind.Unknown) throw unitNotRecognized(u.lower, typeName);
  if (OSCILLATING.has(u.unit)) return null;
  if (!MONOTONIC.has(u.unit)) throw unitNotSupported(u.lower, typeName);
  if (numeric) return negative ? Numeric.NegativeInfinity : Numeric.Infinity;
  return negative ? -Infinity : Infinity;
}

/** timestamp_part_common / timestamptz_part_common. */
function timestampPart(unitText: string, ts: bigint, withTz: boolean, ctx: EvalContext, numeric: boolean): Value {
  const typeName = withTz ? TYPE_TIMESTAMPTZ : TYPE_TIMESTAMP;
  const u = decodeUnit(unitText, true);
  if (!isFiniteTimestamp(ts)) return nonFinitePart(u, ts === TIMESTAMP_NOBEGIN, typeName, numeric);
  if (u.kind === UnitKind.Reserved) {
    if (u.unit !== Dtk.EPOCH) throw unitNotSupported(u.lower, typeName);
    const diff = ts - UNIX_EPOCH_MICROS;
    return numeric ? Numeric.of(diff, 6) : Number(diff) / 1000000.0;
  }
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, typeName);
  let f: DateTimeFields;
  let offset = 0;
  if (withTz) ({ f, offset } = localFields(ts, ctx.types.timeZone));
  else f = fieldsOf(ts);
  const s = secondsField(u.unit, f.second, f.fsec, numeric);
  if (s !== undefined) return s;
  switch (u.unit) {
    case Dtk.MINUTE:
      return whole(f.minute, numeric);
    case Dtk.HOUR:
      return whole(f.hour, numeric);
    case Dtk.JULIAN: {
      const jd = date2j(f.year, f.month, f.day);
      const dayMicros = ((f.hour * 60 + f.minute) * 60 + f.second) * 1_000_000 + f.fsec;
      if (numeric) return Numeric.fromInt(jd).add(Numeric.of(BigInt(dayMicros), 0).div(Numeric.fromInt(86_400_000_000)));
      return jd + ((f.hour * 60 + f.minute) * 60 + f.second + f.fsec / 1000000.0) / 86400;
    }
    case Dtk.TZ:
    case Dtk.TZ_MINUTE:
    case Dtk.TZ_HOUR:
      if (!withTz) break;
      if (u.unit === Dtk.TZ) return whole(offset, numeric);
      if (u.unit === Dtk.TZ_HOUR) return whole(Math.trunc(offset / 3600), numeric);
      return whole(Math.trunc(offset / 60) % 60, numeric);
  }
  const c = calendarField(u.unit, f.year, f.month, f.day);
  if (c === null) throw unitNotSupported(u.lower, typeName);
  return whole(c, numeric);
}

/** extract_date (numeric only; date_part(text, date) goes through timestamp). */
function datePart(unitText: string, date: number): Value {
  const u = decodeUnit(unitText, true);
  if (!isFiniteDate(date) && u.kind !== UnitKind.Unknown) {
    if (MONOTONIC.has(u.unit)) return date === DATE_NOBEGIN ? Numeric.NegativeInfinity : Numeric.Infinity;
    if (calendarField(u.unit, 2000, 1, 1) !== null) return null;
    throw unitNotSupported(u.lower, TYPE_DATE);
  }
  if (u.kind === UnitKind.Reserved) {
    if (u.unit !== Dtk.EPOCH) throw unitNotSupported(u.lower, TYPE_DATE);
    return Numeric.fromInt(BigInt(date + POSTGRES_EPOCH_JDATE - 2440588) * 86400n);
  }
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, TYPE_DATE);
  if (u.unit === Dtk.JULIAN) return Numeric.fromInt(date + POSTGRES_EPOCH_JDATE);
  const [year, mon, mday] = j2date(date + POSTGRES_EPOCH_JDATE);
  const c = calendarField(u.unit, year, mon, mday);
  if (c === null) throw unitNotSupported(u.lower, TYPE_DATE);
  return Numeric.fromInt(c);
}

/** time_part_common. */
function timePart(unitText: string, t: bigint, numeric: boolean): Value {
  const u = decodeUnit(unitText, true);
  if (u.kind === UnitKind.Reserved && u.unit === Dtk.EPOCH) return numeric ? Numeric.of(t, 6) : Number(t) / 1000000.0;
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, TYPE_TIME);
  const total = Number(t);
  const usec = total % 1_000_000;
  const secs = (total - usec) / 1_000_000;
  const s = secondsField(u.unit, secs % 60, usec, numeric);
  if (s !== undefined) return s;
  if (u.unit === Dtk.MINUTE) return whole(Math.floor(secs / 60) % 60, numeric);
  if (u.unit === Dtk.HOUR) return whole(Math.floor(secs / 3600), numeric);
  throw unitNotSupported(u.lower, TYPE_TIME);
}

/** interval_part_common. */
function intervalPart(unitText: string, iv: Interval, numeric: boolean): Value {
  const u = decodeUnit(unitText, true);
  if (u.kind === UnitKind.Reserved && u.unit === Dtk.EPOCH) {
    // whole years count 365.25 days and other months 30 days
    const dayMonthSecs = (1461n * BigInt(Math.trunc(iv.months / 12)) + 120n * BigInt(iv.months % 12) + 4n * BigInt(iv.days)) * 21600n;
    if (numeric) return Numeric.of(dayMonthSecs * 1_000_000n + iv.micros, 6);
    let r = Number(iv.micros) / 1000000.0;
    r += 365.25 * 86400 * Math.trunc(iv.months / 12);
    r += 30 * 86400 * (iv.months % 12);
    r += 86400 * iv.days;
    return r;
  }
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, TYPE_INTERVAL);
  const year = Math.trunc(iv.months / 12);
  const mon = iv.months % 12;
  const hours = iv.micros / 3_600_000_000n;
  const rest = Number(iv.micros - hours * 3_600_000_000n);
  const usec = rest % 1_000_000;
  const secs = (rest - usec) / 1_000_000;
  const s = secondsField(u.unit, secs % 60, usec, numeric);
  if (s !== undefined) return s;
  switch (u.unit) {
    case Dtk.MINUTE:
      return whole(Math.trunc(secs / 60), numeric);
    case Dtk.HOUR:
      return numeric ? Numeric.fromInt(hours) : Number(hours);
    case Dtk.DAY:
      return whole(iv.days, numeric);
    case Dtk.MONTH:
      return whole(mon, numeric);
    case Dtk.QUARTER:
      return whole(Math.trunc(mon / 3) + 1, numeric);
    case Dtk.YEAR:
      return whole(year, numeric);
    case Dtk.DECADE:
      return whole(Math.trunc(year / 10), numeric);
    case Dtk.CENTURY:
      return whole(Math.trunc(year / 100), numeric);
    case Dtk.MILLENNIUM:
      return whole(Math.trunc(year / 1000), numeric);
  }
  throw unitNotSupported(u.lower, TYPE_INTERVAL);
}

export const datetimeExtractFunctions: FunctionTable = {
  extract_date: (a) => datePart(a[0] as string, a[1] as number),
  extract_time: (a) => timePart(a[0] as string, a[1] as bigint, true),
  extract_timestamp: (a, ctx) => timestampPart(a[0] as string, a[1] as bigint, false, ctx, true),
  extract_timestamptz: (a, ctx) => timestampPart(a[0] as string, a[1] as bigint, true, ctx, true),
  extract_interval: (a) => intervalPart(a[0] as string, a[1] as Interval, true),
  time_part: (a) => timePart(a[0] as string, a[1] as bigint, false),
  timestamp_part: (a, ctx) => timestampPart(a[0] as string, a[1] as bigint, false, ctx, false),
  timestamptz_part: (a, ctx) => timestampPart(a[0] as string, a[1] as bigint, true, ctx, false),
  interval_part: (a) => intervalPart(a[0] as string, a[1] as Interval, false),
};
