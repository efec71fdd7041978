// interval: text input as PostgreSQL's DecodeInterval ("1 year 2 mons 3 days 04:05:06",
// "@ 1 day ago", "-1 days +02:00", "1.5 hours", "1-2", "3 4:05:06") with the ISO 8601 fallback
// ("P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06"); typmod fields/precision as
// AdjustIntervalForTypmod; output per IntervalStyle (postgres, postgres_verbose,
// sql_standard, iso_8601). Errors: 22007 syntax, 22015 field out of range.
// Binary layout: | int64 microseconds | int32 days | int32 months |
import type { IntervalStyle, TypeContext, TypeIO } from './typeio.js';
import { Interval } from './value.js';
import { DbError, SqlState } from '../../errors.js';
import { BinaryReader } from './errors.js';
import { DtErr, DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, DTERR_INTERVAL_OVERFLOW, FieldKind, tokenizeDateTime } from './datetime-tokens.js';
import { dateTimeParseError } from './datetime-decode.js';
import { INTERVAL_MASK, decodeIntervalFields, decodeIso8601Interval, type IntervalParts } from './interval-decode.js';

export { INTERVAL_MASK };
import { formatSeconds } from './datetime-format.js';

export const INTERVAL_FULL_RANGE = 0x7fff;
export const INTERVAL_FULL_PRECISION = 0xffff;

/** typmod of INTERVAL <fields> (<precision>); range is an INTERVAL_MASK combination. */
export function intervalTypmod(precision: number, range: number): number {
  return ((range & 0x7fff) << 16) | (precision & 0xffff);
}

const USECS_PER_HOUR = 3_600_000_000n;
const USECS_PER_MINUTE = 60_000_000n;
const SCALES = [1000000n, 100000n, 10000n, 1000n, 100n, 10n, 1n];

/** AdjustIntervalForTypmod: zero fields right of the last one named, round seconds. */
export function adjustInterval(iv: Interval, typmod: number): Interval {
  if (typmod < 0) return iv;
  const range = (typmod >> 16) & 0x7fff;
  const precision = typmod & 0xffff;
  let { months, days, micros } = iv;
  const M = INTERVAL_MASK;
  switch (range) {
    case INTERVAL_FULL_RANGE:
    case M.SECOND:
    case M.DAY | M.HOUR | M.MINUTE | M.SECOND:
    case M.HOUR | M.MINUTE | M.SECOND:
    case M.MINUTE | M.SECOND:
      break;
    case M.YEAR:
      months = Math.trunc(months / 12) * 12;
      days = 0;
      micros = 0n;
      break;
    case M.MONTH:
    case M.YEAR | M.MONTH:
      days = 0;
      micros = 0n;
      break;
    case M.DAY:
      micros = 0n;
      break;
    case M.HOUR:
    case M.DAY | M.HOUR:
      micros = (micros / USECS_PER_HOUR) * USECS_PER_HOUR;
      break;
    case M.MINUTE:
    case M.DAY | M.HOUR | M.MINUTE:
    case M.HOUR | M.MINUTE:
      micros = (micros / USECS_PER_MINUTE) * USECS_PER_MINUTE;
      break;
    default:
      throw new DbError(SqlState.InternalError, `unrecognized interval typmod: ${typmod}`);
  }
  if (precision !== INTERVAL_FULL_PRECISION) {
    if (precision < 0 || precision > 6) {
      throw new DbError(SqlState.InvalidParameterValue, `interval(${precision}) precision must be between 0 and 6`);
    }
    const scale = SCALES[precision];
    const half = scale / 2n;
    micros = micros >= 0n ? ((micros + half) / scale) * scale : -(((-micros + half) / scale) * scale);
  }
  if (months === iv.months && days === iv.days && micros === iv.micros) return iv;
  return new Interval(months + 0, days + 0, micros);
}

function partsToInterval(p: IntervalParts): Interval {
  const months = p.years * 12 + p.months;
  if (months > 2147483647 || months < -2147483648) {
    throw new DbError(SqlState.DatetimeFieldOverflow, 'interval out of range');
  }
  return new Interval(months + 0, p.days + 0, p.micros);
}

/** interval_in. */
export function parseInterval(str: string, typmod: number, ctx: TypeContext): Interval {
  const range = typmod < 0 ? INTERVAL_FULL_RANGE : (typmod >> 16) & 0x7fff;
  let parts: IntervalParts;
  try {
    try {
      const fields: string[] = [];
      const kinds: FieldKind[] = [];
      tokenizeDateTime(str, fields, kinds);
      parts = decodeIntervalFields(fields, kinds, range, ctx.intervalStyle);
    } catch (e) {
      if (!(e instanceof DtErr) || e.code !== DTERR_BAD_FORMAT) throw e;
      parts = decodeIso8601Interval(str);
    }
  } catch (e) {
    if (!(e instanceof DtErr)) throw e;
    const code = e.code === DTERR_FIELD_OVERFLOW ? DTERR_INTERVAL_OVERFLOW : e.code;
    throw dateTimeParseError(code, str, 'interval');
  }
  return adjustInterval(partsToInterval(parts), typmod);
}

/** Splits an interval like interval2itm: year, mon, day, hour, min, sec, usec (signs follow). */
function split(iv: Interval): [number, number, number, number, number, number, number] {
  const year = Math.trunc(iv.months / 12);
  const mon = iv.months - year * 12;
  let t = iv.micros;
  const hour = t / USECS_PER_HOUR;
  t -= hour * USECS_PER_HOUR;
  const min = t / USECS_PER_MINUTE;
  t -= min * USECS_PER_MINUTE;
  const sec = t / 1_000_000n;
  const usec = t - sec * 1_000_000n;
  return [year + 0, mon + 0, iv.days, Number(hour), Number(min), Number(sec), Number(usec)];
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** interval_out per IntervalStyle (EncodeInterval). */
export function formatInterval(iv: Interval, style: IntervalStyle): string {
  let [year, mon, mday, hour, min, sec, fsec] = split(iv);
  switch (style) {
    case 'sql_standard': {
      const hasNeg = year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0;
      const hasPos = year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0;
      const hasYM = year !== 0 || mon !== 0;
      const hasDT = mday !== 0 || hour !== 0 || min !== 0 || sec !== 0 || fsec !== 0;
      const standard = !(hasNeg && hasPos) && !(hasYM && hasDT);
      let out = '';
      if (hasNeg && standard) {
        out = '-';
        year = -year; mon = -mon; mday = -mday; hour = -hour; min = -min; sec = -sec; fsec = -fsec;
      }
      if (!hasNeg && !hasPos) return '0';
      if (!standard) {
        const ys = year < 0 || mon < 0 ? '-' : '+';
        const ds = mday < 0 ? '-' : '+';
        const ss = hour < 0 || min < 0 || sec < 0 || fsec < 0 ? '-' : '+';
        return `${out}${ys}${Math.abs(year)}-${Math.abs(mon)} ${ds}${Math.abs(mday)} ${ss}${Math.abs(hour)}:${pad2(Math.abs(min))}:${formatSeconds(sec, fsec)}`;
      }
      if (hasYM) return `${out}${year}-${mon}`;
      if (mday !== 0) return `${out}${mday} ${hour}:${pad2(min)}:${formatSeconds(sec, fsec)}`;
      return `${out}${hour}:${pad2(min)}:${formatSeconds(sec, fsec)}`;
    }
    case 'iso_8601': {
      if (year === 0 && mon === 0 && mday === 0 && hour === 0 && min === 0 && sec === 0 && fsec === 0) return 'PT0S';
      let out = 'P';
      if (year !== 0) out += year + 'Y';
      if (mon !== 0) out += mon + 'M';
      if (mday !== 0) out += mday + 'D';
      if (hour !== 0 || min !== 0 || sec !== 0 || fsec !== 0) out += 'T';
      if (hour !== 0) out += hour + 'H';
      if (min !== 0) out += min + 'M';
      if (sec !== 0 || fsec !== 0) out += (sec < 0 || fsec < 0 ? '-' : '') + formatSeconds(sec, fsec, false) + 'S';
      return out;
    }
    case 'postgres': {
      let out = '';
      let isZero = true;
      let isBefore = false;
      const part = (value: number, units: string) => {
        if (value === 0) return;
        out += (!isZero ? ' ' : '') + (isBefore && value > 0 ? '+' : '') + value + ' ' + units + (value !== 1 ? 's' : '');
        isBefore = value < 0;
        isZero = false;
      };
      part(year, 'year');
      part(mon, 'mon');
      part(mday, 'day');
      if (isZero || hour !== 0 || min !== 0 || sec !== 0 || fsec !== 0) {
        const minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
        out += (isZero ? '' : ' ') + (minus ? '-' : isBefore ? '+' : '') + pad2(Math.abs(hour)) + ':' + pad2(Math.abs(min)) + ':' + formatSeconds(sec, fsec);
      }
      return out;
    }
    default: {
      let out = '@';
      let isZero = true;
      let isBefore = false;
      const part = (value: number, units: string) => {
        if (value === 0) return;
        if (isZero) {
          isBefore = value < 0;
          value = Math.abs(value);
        } else if (isBefore) value = -value;
        out += ' ' + value + ' ' + units + (value === 1 ? '' : 's');
        isZero = false;
      };
      part(year, 'year');
      part(mon, 'mon');
      part(mday, 'day');
      part(hour, 'hour');
      part(min, 'min');
      if (sec !== 0 || fsec !== 0) {
        out += ' ';
        if (sec < 0 || (sec === 0 && fsec < 0)) {
          if (isZero) isBefore = true;
          else if (!isBefore) out += '-';
        } else if (isBefore) out += '-';
        out += formatSeconds(sec, fsec, false) + ' sec' + (Math.abs(sec) !== 1 || fsec !== 0 ? 's' : '');
        isZero = false;
      }
      if (isZero) out += ' 0';
      if (isBefore) out += ' ago';
      return out;
    }
  }
}

export const intervalIO: TypeIO = {
  input: (text, typmod, ctx) => parseInterval(text, typmod, ctx),
  output: (value, ctx) => formatInterval(value as Interval, ctx.intervalStyle),
  receive(data, typmod) {
    const r = new BinaryReader(data);
    const micros = r.int64();
    const days = r.int32();
    const months = r.int32();
    r.end();
    return adjustInterval(new Interval(months, days, micros), typmod);
  },
  send(value) {
    const iv = value as Interval;
    const b = Buffer.allocUnsafe(16);
    b.writeBigInt64BE(iv.micros, 0);
    b.writeInt32BE(iv.days, 8);
    b.writeInt32BE(iv.months, 12);
    return b;
  },
};
