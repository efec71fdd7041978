// time (without time zone): text input through PostgreSQL's DecodeTimeOnly ("04:05:06.789",
// "040506", "4:05 PM", "allballs", "now"; a date or zone part is accepted and ignored), output
// hh:mm:ss[.ffffff]; time(p) rounds to p fractional digits (half away from zero).
// Invariant: 0 <= value <= 24:00:00 in microseconds.
// Binary layout: | int64 microseconds since midnight |
import type { TypeContext, TypeIO } from './typeio.js';
import { DbError, SqlState } from '../../errors.js';
import { checkBinaryLength } from './errors.js';
import { DtErr } from './datetime-tokens.js';
import { dateTimeParseError, decodeTimeOnly } from './datetime-decode.js';
import { splitTime, timeFromFields } from './datetime-calendar.js';
import { formatTime } from './datetime-format.js';
import { USECS_PER_DAY } from './value.js';

const SCALES = [1000000n, 100000n, 10000n, 1000n, 100n, 10n, 1n];

/** Rounds microseconds to `precision` fractional digits, half away from zero (Adjust*ForTypmod). */
export function roundMicros(v: bigint, precision: number): bigint {
  if (precision < 0 || precision >= 6) return v;
  const scale = SCALES[precision];
  const half = scale / 2n;
  return v >= 0n ? ((v + half) / scale) * scale : -(((-v + half) / scale) * scale);
}

/** time_in. */
export function parseTime(str: string, typmod: number, ctx: TypeContext): bigint {
  let f;
  try {
    f = decodeTimeOnly(str, ctx);
  } catch (e) {
    if (e instanceof DtErr) throw dateTimeParseError(e.code, str, 'time');
    throw e;
  }
  return roundMicros(timeFromFields(f.hour, f.minute, f.second, f.fsec), typmod);
}

/** time_out. */
export function formatTimeValue(t: bigint): string {
  const [h, m, s, fsec] = splitTime(t);
  return formatTime(h, m, s, fsec);
}

export const timeIO: TypeIO = {
  input: (text, typmod, ctx) => parseTime(text, typmod, ctx),
  output: (value) => formatTimeValue(value as bigint),
  receive(data, typmod) {
    checkBinaryLength(data, 8);
    const t = data.readBigInt64BE(0);
    if (t < 0n || t > USECS_PER_DAY) throw new DbError(SqlState.DatetimeFieldOverflow, 'time out of range');
    return roundMicros(t, typmod);
  },
  send(value) {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(value as bigint, 0);
    return b;
  },
};
