// AT TIME ZONE: timezone(text, timestamp|timestamptz) and timezone(interval, ...), and the zone
// lookup shared with date_trunc(..., zone) and make_timestamptz(..., zone). A zone argument is
// looked up as PostgreSQL does: the timezone abbreviation table first ("EST", "MSK"), then the
// tz database, then a POSIX spec, in which an offset counts hours WEST ("+5" and "UTC+5" are
// five hours behind UTC) and the abbreviation may be empty.
// Invariant: infinite timestamps pass through without looking the zone up. A dynamic
// abbreviation ("MSK") is resolved with its zone's offset at that time, which can differ from
// PostgreSQL when the abbreviation names the zone's other (standard/daylight) time.
import { DbError, SqlState } from '../../../errors.js';
import { decodeTimezone } from '../../types/datetime-decode.js';
import { DtErr, DTERR_BAD_FORMAT, DTERR_TZDISP_OVERFLOW, TokType, tzAbbrevs } from '../../types/datetime-tokens.js';
import { isFiniteTimestamp, isValidTimestamp } from '../../types/datetime-calendar.js';
import { formatInterval } from '../../types/interval.js';
import { fixedOffsetZone, resolveTimeZone } from '../../types/timezone.js';
import { parsePosixTz } from '../../types/timezone-posix.js';
import type { TimeZone } from '../../types/typeio.js';
import type { Interval } from '../../types/value.js';
import { downcaseIdentifier } from './datetime-units.js';
import { timestampOutOfRange } from './datetime-support.js';
import type { FunctionTable } from './registry.js';

const NUMERIC_ZONE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function notRecognized(name: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, `time zone "${name}" not recognized`);
}

/** pg_tzset: a tz database zone or a POSIX spec (whose offsets count west); null when neither. */
export function tzset(name: string): TimeZone | null {
  if (NUMERIC_ZONE.test(name)) {
    // resolveTimeZone reads bare numbers as SET TimeZone does (hours east); pg_tzset as POSIX
    const rule = parsePosixTz(name.toUpperCase());
    return rule === null ? null : fixedOffsetZone(rule.at(0).offset);
  }
  return resolveTimeZone(name);
}

/** The zone named by an AT TIME ZONE / date_trunc argument; 22023 when unknown. */
export function zoneArgument(name: string): TimeZone {
  const abbrev = tzAbbrevs().get(downcaseIdentifier(name));
  if (abbrev !== undefined) {
    if (abbrev.type !== TokType.DYNTZ) return fixedOffsetZone(abbrev.offset);
    const zone = resolveTimeZone(abbrev.zone!);
    if (zone !== null) return zone;
  }
  const zone = tzset(name);
  if (zone === null) throw notRecognized(name);
  return zone;
}

/**
 * parse_sane_timezone (make_timestamptz's zone): a numeric "+hh[:mm[:ss]]" offset (ISO sign),
 * else an abbreviation or zone name. Returns the offset east for a local time.
 */
export function saneZoneOffset(name: string, local: bigint): number {
  const c = name.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    throw new DbError(SqlState.InvalidParameterValue, `invalid input syntax for type numeric time zone: "${name}"`, {
      hint: 'Numeric time zones must have "-" or "+" as first character.',
    });
  }
  try {
    return decodeTimezone(name);
  } catch (e) {
    if (!(e instanceof DtErr)) throw e;
    if (e.code === DTERR_TZDISP_OVERFLOW) {
      throw new DbError(SqlState.InvalidParameterValue, `numeric time zone "${name}" out of range`);
    }
    if (e.code !== DTERR_BAD_FORMAT) throw notRecognized(name);
  }
  return zoneArgument(name).offsetAtLocal(local);
}

function checked(ts: bigint): bigint {
  if (!isValidTimestamp(ts)) throw timestampOutOfRange();
  return ts;
}

/** Whole seconds of an interval used as a zone offset; months and days are not allowed. */
function intervalZoneSeconds(iv: Interval, style: Parameters<typeof formatInterval>[1]): bigint {
  if (iv.months !== 0 || iv.days !== 0) {
    throw new DbError(SqlState.InvalidParameterValue, `interval time zone "${formatInterval(iv, style)}" must not include months or days`);
  }
  return iv.micros / 1_000_000n;
}

export const datetimeZoneFunctions: FunctionTable = {
  // timestamp AT TIME ZONE zone: the local time in that zone, as a timestamptz
  timestamp_zone: (a) => {
    const ts = a[1] as bigint;
    if (!isFiniteTimestamp(ts)) return ts;
    const zone = zoneArgument(a[0] as string);
    return checked(ts - BigInt(zone.offsetAtLocal(ts)) * 1_000_000n);
  },
  // timestamptz AT TIME ZONE zone: the wall-clock time in that zone
  timestamptz_zone: (a) => {
    const ts = a[1] as bigint;
    if (!isFiniteTimestamp(ts)) return ts;
    const zone = zoneArgument(a[0] as string);
    return checked(ts + BigInt(zone.offsetAtUtc(ts)) * 1_000_000n);
  },
  timestamp_izone: (a, ctx) => {
    const ts = a[1] as bigint;
    if (!isFiniteTimestamp(ts)) return ts;
    return checked(ts - intervalZoneSeconds(a[0] as Interval, ctx.types.intervalStyle) * 1_000_000n);
  },
  timestamptz_izone: (a, ctx) => {
    const ts = a[1] as bigint;
    if (!isFiniteTimestamp(ts)) return ts;
    return checked(ts + intervalZoneSeconds(a[0] as Interval, ctx.types.intervalStyle) * 1_000_000n);
  },
};
