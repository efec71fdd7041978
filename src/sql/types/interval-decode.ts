// PostgreSQL 15's DecodeInterval (fields read right to left so units precede their numbers)
// and DecodeISO8601Interval, producing years/months/days/microseconds with PostgreSQL's
// rounding of fractional units (fractions of months spill into days at 30 days per month,
// fractions of days into microseconds).
// Invariant: throws DtErr(BAD_FORMAT) for syntax the caller may retry as ISO 8601, and
// DtErr(FIELD_OVERFLOW) when a field leaves its int32 / int64 range.
import type { IntervalStyle } from './typeio.js';
import { DtErr, DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, Dtk, FieldKind, TokType, ALL_SECS_MASK, TIME_MASK, mask } from './datetime-tokens.js';
import { rint } from './datetime-decode.js';

/** INTERVAL_MASK bits of the interval typmod's field range (PostgreSQL's token-type bits). */
export const INTERVAL_MASK = {
  MONTH: 1 << 1,
  YEAR: 1 << 2,
  DAY: 1 << 3,
  HOUR: 1 << 10,
  MINUTE: 1 << 11,
  SECOND: 1 << 12,
} as const;

export interface IntervalParts {
  years: number;
  months: number;
  days: number;
  micros: bigint;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function bad(): never {
  throw new DtErr(DTERR_BAD_FORMAT);
}
function overflow(): never {
  throw new DtErr(DTERR_FIELD_OVERFLOW);
}
function checkInt32(v: number): number {
  if (v > 2147483647 || v < -2147483648 || v !== v) overflow();
  return v;
}
function addMicros(p: IntervalParts, v: bigint): void {
  const r = p.micros + v;
  if (r > INT64_MAX || r < INT64_MIN) overflow();
  p.micros = r;
}

/** AdjustFractMicroseconds. */
function fractMicros(p: IntervalParts, frac: number, scale: number): void {
  if (frac === 0) return;
  frac *= scale;
  const usec = Math.trunc(frac);
  addMicros(p, BigInt(usec + rint(frac - usec)));
}
/** AdjustFractDays. */
function fractDays(p: IntervalParts, frac: number, scale: number): void {
  if (frac === 0) return;
  frac *= scale;
  const extra = Math.trunc(frac);
  p.days = checkInt32(p.days + extra);
  fractMicros(p, frac - extra, 86400e6);
}
/** AdjustFractYears. */
function fractYears(p: IntervalParts, frac: number, scale: number): void {
  p.months = checkInt32(p.months + rint(frac * scale * 12));
}
/** AdjustMicroseconds. */
function adjMicros(p: IntervalParts, val: bigint, frac: number, scale: number): void {
  addMicros(p, val * BigInt(scale));
  if (val * BigInt(scale) > INT64_MAX || val * BigInt(scale) < INT64_MIN) overflow();
  fractMicros(p, frac, scale);
}
function adjDays(p: IntervalParts, val: bigint, scale: number): void {
  if (val > 2147483647n || val < -2147483648n) overflow();
  p.days = checkInt32(p.days + checkInt32(Number(val) * scale));
}
function adjMonths(p: IntervalParts, val: bigint): void {
  if (val > 2147483647n || val < -2147483648n) overflow();
  p.months = checkInt32(p.months + Number(val));
}
function adjYears(p: IntervalParts, val: bigint, scale: number): void {
  if (val > 2147483647n || val < -2147483648n) overflow();
  p.years = checkInt32(p.years + checkInt32(Number(val) * scale));
}

/** deltatktbl: interval unit names (matched on their first 10 characters). */
const UNITS = new Map<string, number>([
  ['@', -1], ['c', Dtk.CENTURY], ['cent', Dtk.CENTURY], ['centuries', Dtk.CENTURY], ['century', Dtk.CENTURY],
  ['d', Dtk.DAY], ['day', Dtk.DAY], ['days', Dtk.DAY], ['dec', Dtk.DECADE], ['decade', Dtk.DECADE],
  ['decades', Dtk.DECADE], ['decs', Dtk.DECADE], ['h', Dtk.HOUR], ['hour', Dtk.HOUR], ['hours', Dtk.HOUR],
  ['hr', Dtk.HOUR], ['hrs', Dtk.HOUR], ['m', Dtk.MINUTE], ['microsecon', Dtk.MICROSEC], ['mil', Dtk.MILLENNIUM],
  ['millennia', Dtk.MILLENNIUM], ['millennium', Dtk.MILLENNIUM], ['millisecon', Dtk.MILLISEC],
  ['mils', Dtk.MILLENNIUM], ['min', Dtk.MINUTE], ['mins', Dtk.MINUTE], ['minute', Dtk.MINUTE],
  ['minutes', Dtk.MINUTE], ['mon', Dtk.MONTH], ['mons', Dtk.MONTH], ['month', Dtk.MONTH], ['months', Dtk.MONTH],
  ['ms', Dtk.MILLISEC], ['msec', Dtk.MILLISEC], ['millisecond', Dtk.MILLISEC], ['mseconds', Dtk.MILLISEC],
  ['msecs', Dtk.MILLISEC], ['qtr', Dtk.QUARTER], ['quarter', Dtk.QUARTER], ['s', Dtk.SECOND], ['sec', Dtk.SECOND],
  ['second', Dtk.SECOND], ['seconds', Dtk.SECOND], ['secs', Dtk.SECOND], ['timezone', Dtk.TZ],
  ['timezone_h', Dtk.TZ_HOUR], ['timezone_m', Dtk.TZ_MINUTE], ['us', Dtk.MICROSEC], ['usec', Dtk.MICROSEC],
  ['microsecond', Dtk.MICROSEC], ['useconds', Dtk.MICROSEC], ['usecs', Dtk.MICROSEC], ['w', Dtk.WEEK],
  ['week', Dtk.WEEK], ['weeks', Dtk.WEEK], ['y', Dtk.YEAR], ['year', Dtk.YEAR], ['years', Dtk.YEAR],
  ['yr', Dtk.YEAR], ['yrs', Dtk.YEAR],
]);

/** DecodeUnits: unit code, -1 to ignore, -2 for "ago", or null when unknown. */
function decodeUnit(token: string): number | null {
  if (token === 'ago') return -2;
  const key = token.length > 10 ? token.slice(0, 10) : token;
  const v = UNITS.get(key);
  if (v !== undefined) return v;
  for (const [name, code] of UNITS) if (name.length > 10 && name.slice(0, 10) === key) return code;
  return null;
}

/** strtoi64 on a leading signed integer: [value, end]; end === start when no digits. */
function strtoi64(s: string, i: number): [bigint, number] {
  const m = /^[+-]?\d+/.exec(s.slice(i));
  if (m === null) return [0n, i];
  const v = BigInt(m[0]);
  if (v > INT64_MAX || v < INT64_MIN) overflow();
  return [v, i + m[0].length];
}

/** ParseFraction: ".5" -> 0.5 (a bare "." is 0). */
function parseFraction(s: string): number {
  if (s === '.') return 0;
  if (!/^\.\d+$/.test(s)) bad();
  return Number(s);
}

/** DecodeTime as used by DecodeTimeForInterval: "h:mm[:ss[.f]]" -> microseconds (int64 hours). */
function intervalTime(str: string, range: number): bigint {
  const m = /^(\d+):(\d+)(?::(\d+))?(\.\d*)?$/.exec(str);
  if (m === null) bad();
  let hour = BigInt(m[1]);
  let min = Number(m[2]);
  let sec = m[3] === undefined ? 0 : Number(m[3]);
  const fsec = m[4] === undefined ? 0 : rint(parseFraction(m[4]) * 1e6);
  if (hour > INT64_MAX || min > 2147483647 || sec > 2147483647) overflow();
  if (m[3] === undefined && (m[4] !== undefined || range === (INTERVAL_MASK.MINUTE | INTERVAL_MASK.SECOND))) {
    sec = min;
    min = Number(hour);
    hour = 0n;
  }
  if (min > 59 || sec > 60 || fsec > 1e6) overflow();
  const total = hour * 3_600_000_000n + BigInt(min) * 60_000_000n + BigInt(sec) * 1_000_000n + BigInt(fsec);
  if (total > INT64_MAX) overflow();
  return total;
}

/** The unit of a bare number, decided by the typmod's field range. */
function defaultUnit(range: number): number {
  const M = INTERVAL_MASK;
  switch (range) {
    case M.YEAR:
      return Dtk.YEAR;
    case M.MONTH:
    case M.YEAR | M.MONTH:
      return Dtk.MONTH;
    case M.DAY:
      return Dtk.DAY;
    case M.HOUR:
    case M.DAY | M.HOUR:
      return Dtk.HOUR;
    case M.MINUTE:
    case M.HOUR | M.MINUTE:
    case M.DAY | M.HOUR | M.MINUTE:
      return Dtk.MINUTE;
    default:
      return Dtk.SECOND;
  }
}

const IGNORE = -1000;

/** DecodeInterval over tokenized fields. */
export function decodeIntervalFields(fields: string[], kinds: FieldKind[], range: number, style: IntervalStyle): IntervalParts {
  const p: IntervalParts = { years: 0, months: 0, days: 0, micros: 0n };
  const nf = fields.length;
  let forceNegative = false;
  if (style === 'sql_standard' && nf > 0 && fields[0][0] === '-') {
    forceNegative = true;
    for (let i = 1; i < nf; i++) {
      if (fields[i][0] === '-' || fields[i][0] === '+') {
        forceNegative = false;
        break;
      }
    }
  }
  let isBefore = false;
  let type = IGNORE;
  let fmask = 0;
  for (let i = nf - 1; i >= 0; i--) {
    const field = fields[i];
    let tmask = 0;
    let kind = kinds[i];
    if (kind === FieldKind.Tz && field.includes(':', 1)) {
      let t: bigint | null = null;
      try {
        t = intervalTime(field.slice(1), range);
      } catch (e) {
        if (!(e instanceof DtErr)) throw e;
      }
      if (t !== null) {
        if (field[0] === '-') t = -t;
        if (forceNegative && t > 0n) t = -t;
        p.micros = t;
        tmask = TIME_MASK;
        type = Dtk.DAY;
        if (tmask & fmask) bad();
        fmask |= tmask;
        continue;
      }
    }
    if (kind === FieldKind.Tz) kind = FieldKind.Number;
    switch (kind) {
      case FieldKind.Time: {
        let t = intervalTime(field, range);
        if (forceNegative && t > 0n) t = -t;
        p.micros = t;
        tmask = TIME_MASK;
        type = Dtk.DAY;
        break;
      }
      case FieldKind.Date:
      case FieldKind.Number: {
        if (type === IGNORE) type = defaultUnit(range);
        const parsed = strtoi64(field, 0);
        let val = parsed[0];
        const end = parsed[1];
        let fval: number;
        if (field[end] === '-') {
          // SQL "years-months": strtoint after the '-' (empty reads as 0)
          const mm = /^[+-]?\d+/.exec(field.slice(end + 1));
          let val2 = mm === null ? 0 : Number(mm[0]);
          const end2 = end + 1 + (mm === null ? 0 : mm[0].length);
          if (val2 < 0 || val2 >= 12) overflow();
          if (end2 !== field.length) bad();
          type = Dtk.MONTH;
          if (field[0] === '-') val2 = -val2;
          val = val * 12n + BigInt(val2);
          fval = 0;
        } else if (field[end] === '.') {
          fval = parseFraction(field.slice(end));
          if (field[0] === '-') fval = -fval;
        } else if (end === field.length && end > 0) {
          fval = 0;
        } else bad();
        if (forceNegative) {
          if (val > 0n) val = -val;
          if (fval > 0) fval = -fval;
        }
        switch (type) {
          case Dtk.MICROSEC:
            adjMicros(p, val, fval, 1);
            tmask = mask(TokType.MICROSECOND);
            break;
          case Dtk.MILLISEC:
            adjMicros(p, val, fval, 1000);
            tmask = mask(TokType.MILLISECOND);
            break;
          case Dtk.SECOND:
            adjMicros(p, val, fval, 1e6);
            tmask = fval === 0 ? mask(TokType.SECOND) : ALL_SECS_MASK;
            break;
          case Dtk.MINUTE:
            adjMicros(p, val, fval, 60e6);
            tmask = mask(TokType.MINUTE);
            break;
          case Dtk.HOUR:
            adjMicros(p, val, fval, 3600e6);
            tmask = mask(TokType.HOUR);
            type = Dtk.DAY;
            break;
          case Dtk.DAY:
            adjDays(p, val, 1);
            fractMicros(p, fval, 86400e6);
            tmask = mask(TokType.DAY);
            break;
          case Dtk.WEEK:
            adjDays(p, val, 7);
            fractDays(p, fval, 7);
            tmask = mask(TokType.WEEK);
            break;
          case Dtk.MONTH:
            adjMonths(p, val);
            fractDays(p, fval, 30);
            tmask = mask(TokType.MONTH);
            break;
          case Dtk.YEAR:
            adjYears(p, val, 1);
            fractYears(p, fval, 1);
            tmask = mask(TokType.YEAR);
            break;
          case Dtk.DECADE:
            adjYears(p, val, 10);
            fractYears(p, fval, 10);
            tmask = mask(TokType.DECADE);
            break;
          case Dtk.CENTURY:
            adjYears(p, val, 100);
            fractYears(p, fval, 100);
            tmask = mask(TokType.CENTURY);
            break;
          case Dtk.MILLENNIUM:
            adjYears(p, val, 1000);
            fractYears(p, fval, 1000);
            tmask = mask(TokType.MILLENNIUM);
            break;
          default:
            bad();
        }
        break;
      }
      case FieldKind.String:
      case FieldKind.Special: {
        const unit = decodeUnit(field);
        if (unit === -1) continue;
        if (unit === null) bad();
        if (unit === -2) {
          isBefore = true; // PostgreSQL 15 accepts "ago" anywhere; a number before it has no unit
          type = 0;
        } else {
          type = unit;
        }
        break;
      }
      default:
        bad();
    }
    if (tmask & fmask) bad();
    fmask |= tmask;
  }
  if (fmask === 0) bad();
  if (isBefore) {
    p.micros = -p.micros;
    p.days = -p.days + 0;
    p.months = -p.months + 0;
    p.years = -p.years + 0;
  }
  return p;
}

/** ParseISO8601Number: strtod syntax; integer part toward zero plus fraction. */
function isoNumber(s: string, i: number): [bigint, number, number] {
  const c = s[i];
  if (!(c !== undefined && (/[0-9]/.test(c) || c === '-' || c === '.'))) bad();
  const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
  if (m === null) bad();
  const val = Number(m[0]);
  if (val !== val || val < -1e15 || val > 1e15) overflow();
  const ip = val >= 0 ? Math.floor(val) : -Math.floor(-val);
  return [BigInt(ip), val - ip, i + m[0].length];
}

function integerWidth(s: string, i: number): number {
  if (s[i] === '-') i++;
  let n = 0;
  while (i + n < s.length && s.charCodeAt(i + n) >= 48 && s.charCodeAt(i + n) <= 57) n++;
  return n;
}

/** DecodeISO8601Interval: "P1Y2M3DT4H5M6S", "P1W", "P0001-02-03T04:05:06", "P00010203T040506". */
export function decodeIso8601Interval(str: string): IntervalParts {
  const p: IntervalParts = { years: 0, months: 0, days: 0, micros: 0n };
  if (str.length < 2 || str[0] !== 'P') bad();
  let i = 1;
  let datePart = true;
  let haveField = false;
  while (i < str.length) {
    if (str[i] === 'T') {
      datePart = false;
      haveField = false;
      i++;
      continue;
    }
    const fieldStart = i;
    const first = isoNumber(str, i);
    let val = first[0];
    let fval = first[1];
    i = first[2];
    const unit = i < str.length ? str[i] : '\0';
    i++;
    if (datePart) {
      switch (unit) {
        case 'Y':
          adjYears(p, val, 1);
          fractYears(p, fval, 1);
          break;
        case 'M':
          adjMonths(p, val);
          fractDays(p, fval, 30);
          break;
        case 'W':
          adjDays(p, val, 7);
          fractDays(p, fval, 7);
          break;
        case 'D':
          adjDays(p, val, 1);
          fractMicros(p, fval, 86400e6);
          break;
        case 'T':
        case '\0':
        case '-': {
          if ((unit === 'T' || unit === '\0') && integerWidth(str, fieldStart) === 8 && !haveField) {
            adjYears(p, val / 10000n, 1);
            adjMonths(p, (val / 100n) % 100n);
            adjDays(p, val % 100n, 1);
            fractMicros(p, fval, 86400e6);
            if (unit === '\0') return p;
            datePart = false;
            haveField = false;
            continue;
          }
          if (haveField) bad();
          adjYears(p, val, 1);
          fractYears(p, fval, 1);
          if (unit === '\0') return p;
          if (unit === 'T') {
            datePart = false;
            haveField = false;
            continue;
          }
          [val, fval, i] = isoNumber(str, i);
          adjMonths(p, val);
          fractDays(p, fval, 30);
          if (i >= str.length) return p;
          if (str[i] === 'T') {
            datePart = false;
            haveField = false;
            continue;
          }
          if (str[i] !== '-') bad();
          i++;
          [val, fval, i] = isoNumber(str, i);
          adjDays(p, val, 1);
          fractMicros(p, fval, 86400e6);
          if (i >= str.length) return p;
          if (str[i] === 'T') {
            datePart = false;
            haveField = false;
            continue;
          }
          bad();
          break;
        }
        default:
          bad();
      }
    } else {
      switch (unit) {
        case 'H':
          adjMicros(p, val, fval, 3600e6);
          break;
        case 'M':
          adjMicros(p, val, fval, 60e6);
          break;
        case 'S':
          adjMicros(p, val, fval, 1e6);
          break;
        case '\0':
        case ':': {
          if (unit === '\0' && integerWidth(str, fieldStart) === 6 && !haveField) {
            adjMicros(p, val / 10000n, 0, 3600e6);
            adjMicros(p, (val / 100n) % 100n, 0, 60e6);
            adjMicros(p, val % 100n, 0, 1e6);
            fractMicros(p, fval, 1);
            return p;
          }
          if (haveField) bad();
          adjMicros(p, val, fval, 3600e6);
          if (unit === '\0') return p;
          [val, fval, i] = isoNumber(str, i);
          adjMicros(p, val, fval, 60e6);
          if (i >= str.length) return p;
          if (str[i] !== ':') bad();
          i++;
          [val, fval, i] = isoNumber(str, i);
          adjMicros(p, val, fval, 1e6);
          if (i >= str.length) return p;
          bad();
          break;
        }
        default:
          bad();
      }
    }
    haveField = true;
  }
  return p;
}
