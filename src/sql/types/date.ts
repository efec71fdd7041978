// date: text input through PostgreSQL's datetime parser (any accepted date/timestamp text;
// a time or zone part is ignored), output per DateStyle; -infinity / infinity.
// Binary layout: | int32 days since 2000-01-01 | (INT32_MIN / INT32_MAX for -inf / inf)
import type { TypeContext, TypeIO } from './typeio.js';
import { DATE_NOBEGIN, DATE_NOEND } from './value.js';
import { DbError, SqlState } from '../../errors.js';
import { checkBinaryLength } from './errors.js';
import { DtErr, Dtk } from './datetime-tokens.js';
import { dateTimeParseError, decodeDateTime } from './datetime-decode.js';
import { date2j, isValidDate, isValidJulian, POSTGRES_EPOCH_JDATE, ymdFromDate } from './datetime-calendar.js';
import { formatDate } from './datetime-format.js';

function dateOutOfRange(str?: string): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, str === undefined ? 'date out of range' : `date out of range: "${str}"`);
}

/** date_in. */
export function parseDate(str: string, ctx: TypeContext): number {
  let d;
  try {
    d = decodeDateTime(str, ctx);
  } catch (e) {
    if (e instanceof DtErr) throw dateTimeParseError(e.code, str, 'date');
    throw e;
  }
  switch (d.dtype) {
    case Dtk.DATE:
      break;
    case Dtk.EPOCH:
      return -10957;
    case Dtk.LATE:
      return DATE_NOEND;
    case Dtk.EARLY:
      return DATE_NOBEGIN;
    default:
      throw dateTimeParseError(-1, str, 'date');
  }
  const f = d.f;
  if (!isValidJulian(f.year, f.month)) throw dateOutOfRange(str);
  const date = date2j(f.year, f.month, f.day) - POSTGRES_EPOCH_JDATE;
  if (!isValidDate(date)) throw dateOutOfRange(str);
  return date;
}

/** date_out. */
export function formatDateValue(date: number, ctx: TypeContext): string {
  if (date === DATE_NOEND) return 'infinity';
  if (date === DATE_NOBEGIN) return '-infinity';
  const [year, month, day] = ymdFromDate(date);
  return formatDate({ year, month, day, hour: 0, minute: 0, second: 0, fsec: 0 }, ctx.dateStyle, ctx.dateOrder);
}

export const dateIO: TypeIO = {
  input: (text, _typmod, ctx) => parseDate(text, ctx),
  output: (value, ctx) => formatDateValue(value as number, ctx),
  receive(data) {
    checkBinaryLength(data, 4);
    const d = data.readInt32BE(0);
    if (d !== DATE_NOBEGIN && d !== DATE_NOEND && !isValidDate(d)) throw dateOutOfRange();
    return d;
  },
  send(value) {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(value as number, 0);
    return b;
  },
};
