// The field-level pieces of PostgreSQL's datetime parser: DecodeNumber, DecodeNumberField,
// DecodeDate, DecodeTime, DecodeTimezone and ValidateDate, plus DateTimeParseError. Each works
// on one token and the set of fields seen so far (the fmask of token-type bits).
// Invariant: problems are thrown as DtErr codes; only dateTimeParseError builds DbErrors.
import { rint } from './rint.js';
import { DbError, SqlState } from '../../errors.js';
import type { TimeZone, TypeContext } from './typeio.js';
import {
  DATE_MASK, DtErr, DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, DTERR_INTERVAL_OVERFLOW, DTERR_MD_FIELD_OVERFLOW,
  DTERR_TZDISP_OVERFLOW, KEYWORDS, TIME_MASK, TokType, mask,
} from './datetime-tokens.js';
import { type DateTimeFields, date2j, daysInMonth, j2date, timestampToFields, utcToLocal } from './datetime-calendar.js';
import { resolveTimeZone } from './timezone.js';
import { isAlpha, isDigit } from './text-util.js';

function isAlnum(c: number): boolean {
  return isDigit(c) || isAlpha(c);
}

/** Converts a DtErr into PostgreSQL's DateTimeParseError. */
export function dateTimeParseError(code: number, str: string, typeName: string): DbError {
  switch (code) {
    case DTERR_FIELD_OVERFLOW:
      return new DbError(SqlState.DatetimeFieldOverflow, `date/time field value out of range: "${str}"`);
    case DTERR_MD_FIELD_OVERFLOW:
      return new DbError(SqlState.DatetimeFieldOverflow, `date/time field value out of range: "${str}"`, {
        hint: 'Perhaps you need a different "datestyle" setting.',
      });
    case DTERR_INTERVAL_OVERFLOW:
      return new DbError(SqlState.IntervalFieldOverflow, `interval field value out of range: "${str}"`);
    case DTERR_TZDISP_OVERFLOW:
      return new DbError(SqlState.InvalidTimeZoneDisplacementValue, `time zone displacement out of range: "${str}"`);
    default:
      return new DbError(SqlState.InvalidDatetimeFormat, `invalid input syntax for type ${typeName}: "${str}"`);
  }
}

export function bad(): never {
  throw new DtErr(DTERR_BAD_FORMAT);
}
export function overflow(): never {
  throw new DtErr(DTERR_FIELD_OVERFLOW);
}

/** strtol on a leading run of digits (with optional sign); [value, end index]. */
export function strtoint(s: string, i: number): [number, number] {
  const start = i;
  let neg = false;
  if (s[i] === '-' || s[i] === '+') neg = s[i++] === '-';
  const digitsStart = i;
  let v = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) v = v * 10 + (s.charCodeAt(i++) - 48);
  if (i === digitsStart) return [0, start];
  if (v > 2147483647 + (neg ? 1 : 0)) overflow();
  return [neg ? -v : v, i];
}

/** ParseFractionalSecond: ".123" -> microseconds, rounded half to even (rint). */
export function parseFraction(s: string, i: number): number {
  if (s.charCodeAt(i) !== 46) bad();
  if (i + 1 === s.length) return 0; // a bare "." is zero (ParseFraction)
  for (let k = i + 1; k < s.length; k++) if (!isDigit(s.charCodeAt(k))) bad();
  return rint(Number(s.slice(i)) * 1e6);
}

export { rint };

export interface DecodeState {
  fmask: number;
  f: DateTimeFields;
  is2digits: boolean;
  haveTextMonth: boolean;
  doy: number;
  isJulian: boolean;
}

export function newFields(): DateTimeFields {
  return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, fsec: 0 };
}

/** DecodeNumberField: run-together date (yyyymmdd) or time (hhmmss[.f], hhmm). Returns tmask. */
export function decodeNumberField(str: string, fmask: number, st: DecodeState): number {
  const f = st.f;
  const dot = str.indexOf('.');
  if (dot >= 0) {
    f.fsec = dot + 1 === str.length ? 0 : rint(Number(str.slice(dot)) * 1e6);
    if (f.fsec !== f.fsec) bad();
    str = str.slice(0, dot);
  } else if ((fmask & DATE_MASK) !== DATE_MASK) {
    if (str.length >= 6) {
      const len = str.length;
      f.day = Number(str.slice(len - 2));
      f.month = Number(str.slice(len - 4, len - 2));
      f.year = Number(str.slice(0, len - 4));
      if (len - 4 === 2) st.is2digits = true;
      return DATE_MASK;
    }
  }
  if ((fmask & TIME_MASK) !== TIME_MASK) {
    if (str.length === 6) {
      f.second = Number(str.slice(4));
      f.minute = Number(str.slice(2, 4));
      f.hour = Number(str.slice(0, 2));
      return TIME_MASK;
    }
    if (str.length === 4) {
      f.second = 0;
      f.minute = Number(str.slice(2));
      f.hour = Number(str.slice(0, 2));
      return TIME_MASK;
    }
  }
  bad();
}

/** DecodeNumber: one numeric field of a date, placed by what is known so far and DateOrder. */
export function decodeNumber(str: string, fmask: number, st: DecodeState, ctx: TypeContext): number {
  const f = st.f;
  const [val, end] = strtoint(str, 0);
  if (end === 0) bad();
  const flen = str.length;
  if (str[end] === '.') {
    if (end > 2) return decodeNumberField(str, fmask | DATE_MASK, st);
    f.fsec = parseFraction(str, end);
  } else if (end !== flen) bad();
  if (flen === 3 && (fmask & DATE_MASK) === mask(TokType.YEAR) && val >= 1 && val <= 366) {
    st.doy = val;
    return mask(TokType.DOY) | mask(TokType.MONTH) | mask(TokType.DAY);
  }
  let tmask: number;
  switch (fmask & DATE_MASK) {
    case 0:
      if (flen >= 3 || ctx.dateOrder === 'YMD') {
        tmask = mask(TokType.YEAR);
        f.year = val;
      } else if (ctx.dateOrder === 'DMY') {
        tmask = mask(TokType.DAY);
        f.day = val;
      } else {
        tmask = mask(TokType.MONTH);
        f.month = val;
      }
      break;
    case mask(TokType.YEAR):
      tmask = mask(TokType.MONTH);
      f.month = val;
      break;
    case mask(TokType.MONTH):
      if (st.haveTextMonth && (flen >= 3 || ctx.dateOrder === 'YMD')) {
        tmask = mask(TokType.YEAR);
        f.year = val;
      } else {
        tmask = mask(TokType.DAY);
        f.day = val;
      }
      break;
    case mask(TokType.YEAR) | mask(TokType.MONTH):
      if (st.haveTextMonth && flen >= 3 && st.is2digits) {
        tmask = mask(TokType.DAY);
        f.day = f.year;
        f.year = val;
        st.is2digits = false;
      } else {
        tmask = mask(TokType.DAY);
        f.day = val;
      }
      break;
    case mask(TokType.DAY):
      tmask = mask(TokType.MONTH);
      f.month = val;
      break;
    case mask(TokType.MONTH) | mask(TokType.DAY):
      tmask = mask(TokType.YEAR);
      f.year = val;
      break;
    case DATE_MASK:
      return decodeNumberField(str, fmask, st);
    default:
      bad();
  }
  if (tmask === mask(TokType.YEAR)) st.is2digits = flen <= 2;
  return tmask;
}

/** DecodeDate: a date field with separators ("2024-01-02", "jan-02-2024", "2024.01.02"). */
export function decodeDate(str: string, fmask: number, st: DecodeState, ctx: TypeContext): number {
  const parts: string[] = [];
  const n = str.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isAlnum(str.charCodeAt(i))) i++;
    if (i >= n) bad();
    const start = i;
    if (isDigit(str.charCodeAt(i))) while (i < n && isDigit(str.charCodeAt(i))) i++;
    else while (i < n && isAlpha(str.charCodeAt(i))) i++;
    parts.push(str.slice(start, i));
    if (i < n) i++; // the separator (PostgreSQL overwrites whatever follows the field)
  }
  let tmask = 0;
  const numeric: string[] = [];
  for (const p of parts) {
    if (isAlpha(p.charCodeAt(0))) {
      const k = KEYWORDS.get(p.toLowerCase());
      if (k !== undefined && k.type === TokType.IGNORE_DTF) continue;
      if (k === undefined || k.type !== TokType.MONTH) bad();
      const dmask = mask(TokType.MONTH);
      if (fmask & dmask) bad();
      st.f.month = k.value;
      st.haveTextMonth = true;
      fmask |= dmask;
      tmask |= dmask;
    } else numeric.push(p);
  }
  for (const p of numeric) {
    if (p.length === 0) bad();
    const dmask = decodeNumber(p, fmask, st, ctx);
    if (fmask & dmask) bad();
    fmask |= dmask;
    tmask |= dmask;
  }
  if ((fmask & ~(mask(TokType.DOY) | mask(TokType.TZ))) !== DATE_MASK) bad();
  return tmask;
}

/** DecodeTime: "hh:mm[:ss[.f]]" (or "mm:ss.f"). */
export function decodeTime(str: string, f: DateTimeFields): void {
  let [v, i] = strtoint(str, 0);
  f.hour = v;
  if (str[i] !== ':') bad();
  [v, i] = strtoint(str, i + 1);
  f.minute = v;
  if (i === str.length) {
    f.second = 0;
    f.fsec = 0;
  } else if (str[i] === '.') {
    f.fsec = parseFraction(str, i);
    f.second = f.minute;
    f.minute = f.hour;
    f.hour = 0;
  } else if (str[i] === ':') {
    [v, i] = strtoint(str, i + 1);
    f.second = v;
    if (i === str.length) f.fsec = 0;
    else if (str[i] === '.') f.fsec = parseFraction(str, i);
    else bad();
  } else bad();
  if (f.hour < 0 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60 || f.fsec < 0 || f.fsec > 1e6) {
    overflow();
  }
}

/** time_overflows(): each field in range and the total at most 24:00:00. */
export function timeOverflows(h: number, m: number, s: number, fsec: number): boolean {
  if (h < 0 || h > 24 || m < 0 || m >= 60 || s < 0 || s > 60 || fsec < 0 || fsec > 1e6) return true;
  return ((h * 60 + m) * 60 + s) * 1e6 + fsec > 86400e6;
}

/** DecodeTimezone: "+hh", "-hh:mm[:ss]", "+hhmm"; returns seconds EAST. */
export function decodeTimezone(str: string): number {
  const c = str[0];
  if (c !== '+' && c !== '-') bad();
  let [hr, i] = strtoint(str, 1);
  let min = 0;
  let sec = 0;
  if (str[i] === ':') {
    [min, i] = strtoint(str, i + 1);
    if (str[i] === ':') [sec, i] = strtoint(str, i + 1);
  } else if (i === str.length && str.length > 3) {
    min = hr % 100;
    hr = Math.trunc(hr / 100);
  }
  if (hr < 0 || hr > 15 || min < 0 || min >= 60 || sec < 0 || sec >= 60) throw new DtErr(DTERR_TZDISP_OVERFLOW);
  let tz = (hr * 60 + min) * 60 + sec;
  if (c === '-') tz = -tz;
  if (i !== str.length) bad();
  return tz;
}

/** ValidateDate: BC and two-digit years, day of year, month and day ranges. */
export function validateDate(fmask: number, isJulian: boolean, bc: boolean, st: DecodeState): void {
  const f = st.f;
  if (fmask & mask(TokType.YEAR)) {
    if (isJulian) {
      // year is already right
    } else if (bc) {
      if (f.year <= 0) overflow();
      f.year = -(f.year - 1);
    } else if (st.is2digits) {
      if (f.year < 0) overflow();
      if (f.year < 70) f.year += 2000;
      else if (f.year < 100) f.year += 1900;
    } else if (f.year <= 0) overflow();
  }
  if (fmask & mask(TokType.DOY)) [f.year, f.month, f.day] = j2date(date2j(f.year, 1, 1) + st.doy - 1);
  if (fmask & mask(TokType.MONTH) && (f.month < 1 || f.month > 12)) throw new DtErr(DTERR_MD_FIELD_OVERFLOW);
  if (fmask & mask(TokType.DAY) && (f.day < 1 || f.day > 31)) throw new DtErr(DTERR_MD_FIELD_OVERFLOW);
  if ((fmask & DATE_MASK) === DATE_MASK && f.day > daysInMonth(f.year, f.month)) overflow();
}

/** Current transaction time as local fields in the session zone (GetCurrentTimeUsec). */
export function currentLocalFields(ctx: TypeContext): { f: DateTimeFields; offset: number } {
  const { local, offset } = utcToLocal(ctx.transactionStart(), ctx.timeZone);
  return { f: timestampToFields(local)!, offset };
}

export function lookupZone(name: string): TimeZone {
  const zone = /^[0-9.]/.test(name) ? null : resolveTimeZone(name);
  if (zone === null) throw new DbError(SqlState.InvalidParameterValue, `time zone "${name}" not recognized`);
  return zone;
}

