// to_char(timestamp | timestamptz | interval, template), as PostgreSQL's DCH_to_char: every
// datetime pattern (YYYY, IYYY, MM, Month, DDD, IW, HH12, MS, FF1..FF6, TZ, OF, RM, J, ...), the
// FM / TM prefixes and TH / th suffixes, C's zero padding (negative interval fields get a wider
// field: "-05"), English names in the C locale, and NULL for an empty template or an infinite
// timestamp. Intervals reject the calendar-only patterns with 22007.
// Invariant: every pattern reads the broken-down fields only; no zone lookups happen here.
import { DbError, SqlState } from '../../../errors.js';
import { date2j, isFiniteTimestamp } from '../../types/datetime-calendar.js';
import type { Interval, Value } from '../../types/value.js';
import { NodeKind, S_FM, S_TH, S_TM, S_th, datetimeFormat, ordinalSuffix, type FormatNode } from './formatting-nodes.js';
import type { FunctionTable } from './registry.js';
import { date2isoweek, date2isoyear, date2isoyearday, fieldsOf } from './datetime-support.js';

/** Broken-down time as DCH_to_char sees it (struct fmt_tm plus fsec and zone name). */
export interface CharFields {
  year: number;
  mon: number;
  mday: number;
  /** Hours can exceed 24 (and be negative) for intervals. */
  hour: number;
  min: number;
  sec: number;
  fsec: number;
  wday: number;
  yday: number;
  /** Seconds east of UTC. */
  gmtoff: number;
  tzn: string | null;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const RM_UPPER = ['XII', 'XI', 'X', 'IX', 'VIII', 'VII', 'VI', 'V', 'IV', 'III', 'II', 'I'];

/** C's printf("%0*d", width, n): zero padding counts the sign. */
function zeroPad(n: number, width: number): string {
  const digits = String(Math.abs(n));
  if (n < 0) return '-' + (digits.length < width - 1 ? '0'.repeat(width - 1 - digits.length) + digits : digits);
  return digits.length < width ? '0'.repeat(width - digits.length) + digits : digits;
}

/** printf("%-9s"): left-justified in `width` columns (0 = no padding). */
function leftPad(s: string, width: number): string {
  return s.length < width ? s + ' '.repeat(width - s.length) : s;
}

function intervalFormatError(): DbError {
  return new DbError(SqlState.InvalidDatetimeFormat, 'invalid format specification for an interval value', {
    hint: 'Intervals are not tied to specific calendar dates.',
  });
}

/** ADJUST_YEAR: BC years count from 1 (year 0 is 1 BC); interval years are as they are. */
function adjustYear(year: number, isInterval: boolean): number {
  return isInterval ? year : year <= 0 ? -(year - 1) : year;
}

function caseOf(name: string, id: string): string {
  if (id === id.toUpperCase()) return name.toUpperCase();
  if (id === id.toLowerCase()) return name.toLowerCase();
  return name;
}

/** The text of one pattern; numbers get TH/th appended by the caller. */
function patternText(n: FormatNode, t: CharFields, isInterval: boolean): { text: string; numeric: boolean } {
  const id = n.key!.id;
  const fm = (n.suffix & S_FM) !== 0;
  const w2 = (v: number) => (fm ? 0 : v >= 0 ? 2 : 3);
  const num = (text: string) => ({ text, numeric: true });
  const str = (text: string) => ({ text, numeric: false });
  const calendarOnly = () => {
    if (isInterval) throw intervalFormatError();
  };
  const pm = t.hour % 24 >= 12;
  switch (id) {
    case 'A.M.': case 'P.M.': return str(pm ? 'P.M.' : 'A.M.');
    case 'AM': case 'PM': return str(pm ? 'PM' : 'AM');
    case 'a.m.': case 'p.m.': return str(pm ? 'p.m.' : 'a.m.');
    case 'am': case 'pm': return str(pm ? 'pm' : 'am');
    case 'HH': case 'HH12': {
      const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
      return num(zeroPad(h12, fm ? 0 : t.hour >= 0 ? 2 : 3));
    }
    case 'HH24': return num(zeroPad(t.hour, w2(t.hour)));
    case 'MI': return num(zeroPad(t.min, w2(t.min)));
    case 'SS': return num(zeroPad(t.sec, w2(t.sec)));
    case 'FF1': return num(zeroPad(Math.trunc(t.fsec / 100000), 1));
    case 'FF2': return num(zeroPad(Math.trunc(t.fsec / 10000), 2));
    case 'FF3': case 'MS': return num(zeroPad(Math.trunc(t.fsec / 1000), 3));
    case 'FF4': return num(zeroPad(Math.trunc(t.fsec / 100), 4));
    case 'FF5': return num(zeroPad(Math.trunc(t.fsec / 10), 5));
    case 'FF6': case 'US': return num(zeroPad(t.fsec, 6));
    case 'SSSS': return num(String(t.hour * 3600 + t.min * 60 + t.sec));
    case 'tz': calendarOnly(); return str(t.tzn === null ? '' : t.tzn.toLowerCase());
    case 'TZ': calendarOnly(); return str(t.tzn ?? '');
    case 'TZH': calendarOnly(); return str((t.gmtoff >= 0 ? '+' : '-') + zeroPad(Math.trunc(Math.abs(t.gmtoff) / 3600), 2));
    case 'TZM': calendarOnly(); return str(zeroPad(Math.trunc((Math.abs(t.gmtoff) % 3600) / 60), 2));
    case 'OF': {
      calendarOnly();
      const a = Math.abs(t.gmtoff);
      let out = (t.gmtoff >= 0 ? '+' : '-') + zeroPad(Math.trunc(a / 3600), fm ? 0 : 2);
      if (a % 3600 !== 0) out += ':' + zeroPad(Math.trunc((a % 3600) / 60), 2);
      return str(out);
    }
    case 'A.D.': case 'B.C.': calendarOnly(); return str(t.year <= 0 ? 'B.C.' : 'A.D.');
    case 'AD': case 'BC': calendarOnly(); return str(t.year <= 0 ? 'BC' : 'AD');
    case 'a.d.': case 'b.c.': calendarOnly(); return str(t.year <= 0 ? 'b.c.' : 'a.d.');
    case 'ad': case 'bc': calendarOnly(); return str(t.year <= 0 ? 'bc' : 'ad');
    case 'MONTH': case 'Month': case 'month': case 'MON': case 'Mon': case 'mon': {
      calendarOnly();
      if (t.mon === 0) return str('');
      const full = MONTH_NAMES[t.mon - 1]!;
      const name = caseOf(id.length === 3 ? full.slice(0, 3) : full, id);
      return str(id.length === 3 || (n.suffix & S_TM) !== 0 ? name : leftPad(name, fm ? 0 : 9));
    }
    case 'DAY': case 'Day': case 'day': case 'DY': case 'Dy': case 'dy': {
      calendarOnly();
      const full = DAY_NAMES[t.wday]!;
      const name = caseOf(id.length === 2 ? full.slice(0, 3) : full, id);
      return str(id.length === 2 || (n.suffix & S_TM) !== 0 ? name : leftPad(name, fm ? 0 : 9));
    }
    case 'MM': return num(zeroPad(t.mon, w2(t.mon)));
    case 'DDD': return num(zeroPad(t.yday, fm ? 0 : 3));
    case 'IDDD': return num(zeroPad(date2isoyearday(t.year, t.mon, t.mday), fm ? 0 : 3));
    case 'DD': return num(zeroPad(t.mday, fm ? 0 : 2));
    case 'D': calendarOnly(); return num(String(t.wday + 1));
    case 'ID': calendarOnly(); return num(String(t.wday === 0 ? 7 : t.wday));
    case 'WW': return num(zeroPad(Math.trunc((t.yday - 1) / 7) + 1, fm ? 0 : 2));
    case 'IW': return num(zeroPad(date2isoweek(t.year, t.mon, t.mday), fm ? 0 : 2));
    case 'Q': return t.mon === 0 ? str('') : num(String(Math.trunc((t.mon - 1) / 3) + 1));
    case 'CC': {
      const c = isInterval ? Math.trunc(t.year / 100) : t.year > 0 ? Math.trunc((t.year - 1) / 100) + 1 : Math.trunc(t.year / 100) - 1;
      return num(c <= 99 && c >= -99 ? zeroPad(c, fm ? 0 : c >= 0 ? 2 : 3) : String(c));
    }
    case 'Y,YYY': {
      const y = adjustYear(t.year, isInterval);
      const k = Math.trunc(y / 1000);
      return num(`${k},${zeroPad(y - k * 1000, 3)}`);
    }
  }
  if (id[0] === 'Y' || id[0] === 'I') {
    const iso = id[0] === 'I';
    const y = adjustYear(iso ? date2isoyear(t.year, t.mon, t.mday) : t.year, isInterval);
    const digits = id.length; // YYYY / IYYY: 4, YYY: 3, YY / IY: 2, Y / I: 1 (IYY is 3)
    const adj = adjustYear(t.year, isInterval);
    if (digits === 4) return num(zeroPad(y, fm ? 0 : adj >= 0 ? 4 : 5));
    if (digits === 3) return num(zeroPad(y % 1000, fm ? 0 : adj >= 0 ? 3 : 4));
    if (digits === 2) return num(zeroPad(y % 100, fm ? 0 : adj >= 0 ? 2 : 3));
    return num(String(y % 10));
  }
  switch (id) {
    case 'RM': case 'rm': {
      if (t.mon === 0 && t.year === 0) return str('');
      const pos = t.mon === 0 ? (t.year >= 0 ? 0 : 11) : t.mon < 0 ? -1 * (t.mon + 1) : 12 - t.mon;
      const name = id === 'RM' ? RM_UPPER[pos]! : RM_UPPER[pos]!.toLowerCase();
      return str(leftPad(name, fm ? 0 : 4));
    }
    case 'W': return num(String(Math.trunc((t.mday - 1) / 7) + 1));
    case 'J': return num(String(date2j(t.year, t.mon, t.mday)));
  }
  return str(''); // FX has no output
}

/** DCH_to_char. */
export function formatDatetime(nodes: FormatNode[], t: CharFields, isInterval: boolean): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind !== NodeKind.Action) {
      out += n.char;
      continue;
    }
    const r = patternText(n, t, isInterval);
    out += r.text;
    if (r.numeric && (n.suffix & (S_TH | S_th)) !== 0) out += ordinalSuffix(r.text, (n.suffix & S_TH) !== 0);
  }
  return out;
}

/** Fields of a local timestamp with weekday and day of year filled in. */
export function charFieldsOf(local: bigint, gmtoff: number, tzn: string | null): CharFields {
  const f = fieldsOf(local);
  const jd = date2j(f.year, f.month, f.day);
  return {
    year: f.year, mon: f.month, mday: f.day, hour: f.hour, min: f.minute, sec: f.second, fsec: f.fsec,
    wday: (jd + 1) % 7, yday: jd - date2j(f.year, 1, 1) + 1, gmtoff, tzn,
  };
}

/** interval2itm, with yday approximating the span in days. */
function intervalFields(iv: Interval): CharFields {
  const year = Math.trunc(iv.months / 12);
  const mon = iv.months % 12 + 0;
  const hour = iv.micros / 3_600_000_000n;
  const rest = Number(iv.micros - hour * 3_600_000_000n);
  const fsec = rest % 1_000_000;
  const secs = (rest - fsec) / 1_000_000;
  const min = Math.trunc(secs / 60);
  return {
    year, mon, mday: iv.days, hour: Number(hour), min: min + 0, sec: secs - min * 60 + 0, fsec: fsec + 0,
    wday: 0, yday: (year * 12 + mon) * 30 + iv.days, gmtoff: 0, tzn: null,
  };
}

function timestampToChar(ts: bigint, fmt: string): Value {
  if (fmt.length === 0 || !isFiniteTimestamp(ts)) return null;
  return formatDatetime(datetimeFormat(fmt), charFieldsOf(ts, 0, null), false);
}

export const toCharDatetimeFunctions: FunctionTable = {
  timestamp_to_char: (a) => timestampToChar(a[0] as bigint, a[1] as string),
  timestamptz_to_char: (a, ctx) => {
    const ts = a[0] as bigint;
    const fmt = a[1] as string;
    if (fmt.length === 0 || !isFiniteTimestamp(ts)) return null;
    const zone = ctx.types.timeZone;
    const offset = zone.offsetAtUtc(ts);
    const fields = charFieldsOf(ts + BigInt(offset) * 1_000_000n, offset, zone.abbreviationAtUtc(ts) ?? '');
    return formatDatetime(datetimeFormat(fmt), fields, false);
  },
  interval_to_char: (a) => {
    const fmt = a[1] as string;
    if (fmt.length === 0) return null;
    return formatDatetime(datetimeFormat(fmt), intervalFields(a[0] as Interval), true);
  },
};
