// date_trunc for timestamp, timestamptz (in the session zone or a named one) and interval, and
// date_bin for timestamp and timestamptz, as PostgreSQL 15 computes them.
// Invariant: truncation works on broken-down local fields; for timestamptz the zone offset is
// re-resolved after truncating to a day or coarser (so midnight of a DST day is right) and kept
// for finer units. Infinite inputs come back unchanged, before the unit is even looked at.
import { DbError, SqlState } from '../../../errors.js';
import { type DateTimeFields, fieldsToTimestamp, isFiniteTimestamp, isValidTimestamp } from '../../types/datetime-calendar.js';
import { Dtk } from '../../types/datetime-tokens.js';
import type { TimeZone } from '../../types/typeio.js';
import { Interval, USECS_PER_DAY } from '../../types/value.js';
import type { FunctionTable } from './registry.js';
import {
  TYPE_INTERVAL,
  TYPE_TIMESTAMP,
  TYPE_TIMESTAMPTZ,
  date2isoweek,
  fieldsOf,
  intervalOutOfRange,
  isoweek2date,
  localFields,
  timestampOutOfRange,
} from './datetime-support.js';
import { UnitKind, decodeUnit, unitNotRecognized, unitNotSupported } from './datetime-units.js';
import { zoneArgument } from './datetime-zone.js';

/** Truncates fields in place; false when the unit cannot truncate a timestamp. */
function truncateFields(f: DateTimeFields, unit: Dtk): boolean {
  switch (unit) {
    case Dtk.WEEK: {
      const woy = date2isoweek(f.year, f.month, f.day);
      // ISO week 52/53 in January belongs to the previous year, week 1 in December to the next
      if (woy >= 52 && f.month === 1) f.year--;
      if (woy <= 1 && f.month === 12) f.year++;
      [f.year, f.month, f.day] = isoweek2date(woy, f.year);
      f.hour = f.minute = f.second = f.fsec = 0;
      return true;
    }
    case Dtk.MILLENNIUM:
    case Dtk.CENTURY:
    case Dtk.DECADE:
    case Dtk.YEAR:
    case Dtk.QUARTER:
    case Dtk.MONTH:
    case Dtk.DAY:
    case Dtk.HOUR:
    case Dtk.MINUTE:
    case Dtk.SECOND:
      break;
    case Dtk.MILLISEC:
      f.fsec = Math.trunc(f.fsec / 1000) * 1000;
      return true;
    case Dtk.MICROSEC:
      return true;
    default:
      return false;
  }
  // the coarser units fall through to every finer one, as PostgreSQL's switch does
  const y = f.year;
  if (unit === Dtk.MILLENNIUM) f.year = y > 0 ? Math.trunc((y + 999) / 1000) * 1000 - 999 : -Math.trunc((999 - (y - 1)) / 1000) * 1000 + 1;
  else if (unit === Dtk.CENTURY) f.year = y > 0 ? Math.trunc((y + 99) / 100) * 100 - 99 : -Math.trunc((99 - (y - 1)) / 100) * 100 + 1;
  else if (unit === Dtk.DECADE) f.year = y > 0 ? Math.trunc(y / 10) * 10 : -Math.trunc((8 - (y - 1)) / 10) * 10;
  const order = [Dtk.YEAR, Dtk.QUARTER, Dtk.MONTH, Dtk.DAY, Dtk.HOUR, Dtk.MINUTE, Dtk.SECOND];
  const from = unit === Dtk.MILLENNIUM || unit === Dtk.CENTURY || unit === Dtk.DECADE ? 0 : order.indexOf(unit);
  if (from <= 0) f.month = 1;
  if (from <= 1) f.month = 3 * Math.trunc((f.month - 1) / 3) + 1;
  if (from <= 2) f.day = 1;
  if (from <= 3) f.hour = 0;
  if (from <= 4) f.minute = 0;
  if (from <= 5) f.second = 0;
  f.fsec = 0;
  return true;
}

const DAY_OR_COARSER = new Set([Dtk.WEEK, Dtk.MILLENNIUM, Dtk.CENTURY, Dtk.DECADE, Dtk.YEAR, Dtk.QUARTER, Dtk.MONTH, Dtk.DAY]);

function timestampTrunc(unitText: string, ts: bigint): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const u = decodeUnit(unitText, false);
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, TYPE_TIMESTAMP);
  const f = fieldsOf(ts);
  if (!truncateFields(f, u.unit)) throw unitNotSupported(u.lower, TYPE_TIMESTAMP);
  const r = fieldsToTimestamp(f);
  if (r === null) throw timestampOutOfRange();
  return r;
}

function timestamptzTrunc(unitText: string, ts: bigint, zone: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const u = decodeUnit(unitText, false);
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, TYPE_TIMESTAMPTZ);
  const { f, offset } = localFields(ts, zone);
  if (!truncateFields(f, u.unit)) throw unitNotSupported(u.lower, TYPE_TIMESTAMPTZ);
  const local = fieldsToTimestamp(f, false);
  if (local === null) throw timestampOutOfRange();
  const east = DAY_OR_COARSER.has(u.unit) ? zone.offsetAtLocal(local) : offset;
  const r = local - BigInt(east) * 1_000_000n;
  if (!isValidTimestamp(r)) throw timestampOutOfRange();
  return r;
}

/** interval_trunc: the fields below the unit are zeroed (weeks are not a unit of intervals). */
function intervalTrunc(unitText: string, iv: Interval): Interval {
  const u = decodeUnit(unitText, false);
  if (u.kind !== UnitKind.Units) throw unitNotRecognized(u.lower, TYPE_INTERVAL);
  let year = Math.trunc(iv.months / 12);
  let mon = iv.months % 12;
  let day = iv.days;
  let hour = iv.micros / 3_600_000_000n;
  let rest = iv.micros - hour * 3_600_000_000n;
  let min = rest / 60_000_000n;
  rest -= min * 60_000_000n;
  let sec = rest / 1_000_000n;
  let usec = rest - sec * 1_000_000n;
  const order = [Dtk.MILLENNIUM, Dtk.CENTURY, Dtk.DECADE, Dtk.YEAR, Dtk.QUARTER, Dtk.MONTH, Dtk.DAY, Dtk.HOUR, Dtk.MINUTE, Dtk.SECOND];
  const from = order.indexOf(u.unit);
  if (from >= 0) {
    if (from <= 0) year = Math.trunc(year / 1000) * 1000;
    if (from <= 1) year = Math.trunc(year / 100) * 100;
    if (from <= 2) year = Math.trunc(year / 10) * 10;
    if (from <= 3) mon = 0;
    if (from <= 4) mon = 3 * Math.trunc(mon / 3);
    if (from <= 5) day = 0;
    if (from <= 6) hour = 0n;
    if (from <= 7) min = 0n;
    if (from <= 8) sec = 0n;
    usec = 0n;
  } else if (u.unit === Dtk.MILLISEC) {
    usec = (usec / 1000n) * 1000n;
  } else if (u.unit !== Dtk.MICROSEC) {
    throw unitNotSupported(u.lower, TYPE_INTERVAL, u.unit === Dtk.WEEK ? 'Months usually have fractional weeks.' : undefined);
  }
  const months = year * 12 + mon;
  if (months > 2147483647 || months < -2147483648) throw intervalOutOfRange();
  return new Interval(months + 0, day, hour * 3_600_000_000n + min * 60_000_000n + sec * 1_000_000n + usec);
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** date_bin(stride, source, origin): the start of the stride-sized bin holding source. */
function dateBin(stride: Interval, ts: bigint, origin: bigint): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  if (!isFiniteTimestamp(origin)) throw new DbError(SqlState.DatetimeFieldOverflow, 'origin out of range');
  if (stride.months !== 0) {
    throw new DbError(SqlState.FeatureNotSupported, 'timestamps cannot be binned into intervals containing months or years');
  }
  const strideUsecs = BigInt(stride.days) * USECS_PER_DAY + stride.micros;
  if (strideUsecs > INT64_MAX || strideUsecs < INT64_MIN) throw intervalOutOfRange();
  if (strideUsecs <= 0n) throw new DbError(SqlState.DatetimeFieldOverflow, 'stride must be greater than zero');
  const diff = ts - origin;
  if (diff > INT64_MAX || diff < INT64_MIN) throw intervalOutOfRange();
  let result = origin + (diff - (diff % strideUsecs));
  // round toward -infinity when the source is before the origin
  if (diff < 0n && diff % strideUsecs !== 0n) result -= strideUsecs;
  if (!isValidTimestamp(result)) throw timestampOutOfRange();
  return result;
}

export const datetimeTruncFunctions: FunctionTable = {
  timestamp_trunc: (a) => timestampTrunc(a[0] as string, a[1] as bigint),
  timestamptz_trunc: (a, ctx) => timestamptzTrunc(a[0] as string, a[1] as bigint, ctx.types.timeZone),
  timestamptz_trunc_zone: (a) => {
    const ts = a[1] as bigint;
    return isFiniteTimestamp(ts) ? timestamptzTrunc(a[0] as string, ts, zoneArgument(a[2] as string)) : ts;
  },
  interval_trunc: (a) => intervalTrunc(a[0] as string, a[1] as Interval),
  timestamp_bin: (a) => dateBin(a[0] as Interval, a[1] as bigint, a[2] as bigint),
  timestamptz_bin: (a) => dateBin(a[0] as Interval, a[1] as bigint, a[2] as bigint),
};
