// timestamp and timestamptz: text input through PostgreSQL's DecodeDateTime (timestamp ignores
// any zone in the text; timestamptz converts from the given zone, or the session zone, to UTC
// with PostgreSQL's DST rules), output per DateStyle (timestamptz in the session zone with its
// offset or abbreviation); timestamp(p) rounds to p fractional digits; -infinity / infinity.
// Binary layout (both): | int64 microseconds since 2000-01-01 00:00 (UTC for timestamptz) |
import type { TypeContext, TypeIO } from './typeio.js';
import { TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND } from './value.js';
import { DbError, SqlState } from '../../errors.js';
import { checkBinaryLength } from './errors.js';
import { DtErr, Dtk } from './datetime-tokens.js';
import { dateTimeParseError, decodeDateTime } from './datetime-decode.js';
import { fieldsToTimestamp, isValidTimestamp, timestampToFields } from './datetime-calendar.js';
import { formatDateTime } from './datetime-format.js';
import { roundMicros } from './time.js';

const UNIX_EPOCH = -946684800000000n;

function outOfRange(str?: string): DbError {
  return new DbError(SqlState.DatetimeFieldOverflow, str === undefined ? 'timestamp out of range' : `timestamp out of range: "${str}"`);
}

function checkPrecision(typmod: number, withTz: boolean): void {
  if (typmod !== -1 && (typmod < 0 || typmod > 6)) {
    throw new DbError(SqlState.InvalidParameterValue, `timestamp${withTz ? ' with time zone' : ''}(${typmod}) precision must be between 0 and 6`);
  }
}

/** AdjustTimestampForTypmod: rounds a finite timestamp to typmod fractional digits. */
export function adjustTimestamp(ts: bigint, typmod: number): bigint {
  if (ts === TIMESTAMP_NOBEGIN || ts === TIMESTAMP_NOEND || typmod < 0 || typmod >= 6) return ts;
  const r = roundMicros(ts, typmod);
  if (!isValidTimestamp(r)) throw outOfRange();
  return r;
}

function parse(str: string, typmod: number, ctx: TypeContext, withTz: boolean): bigint {
  const typeName = withTz ? 'timestamp with time zone' : 'timestamp';
  let d;
  try {
    d = decodeDateTime(str, ctx);
  } catch (e) {
    if (e instanceof DtErr) throw dateTimeParseError(e.code, str, typeName);
    throw e;
  }
  checkPrecision(typmod, withTz);
  let result: bigint;
  switch (d.dtype) {
    case Dtk.DATE: {
      const local = fieldsToTimestamp(d.f, !withTz);
      if (local === null) throw outOfRange(str);
      if (!withTz) {
        result = local;
        break;
      }
      let offset: number;
      if (d.namedZone !== null) offset = d.namedZone.offsetAtLocal(local);
      else if (d.tzOffset !== null) offset = d.tzOffset;
      else offset = ctx.timeZone.offsetAtLocal(local);
      result = local - BigInt(offset) * 1_000_000n;
      if (!isValidTimestamp(result)) throw outOfRange(str);
      break;
    }
    case Dtk.EPOCH:
      result = UNIX_EPOCH;
      break;
    case Dtk.LATE:
      return TIMESTAMP_NOEND;
    case Dtk.EARLY:
      return TIMESTAMP_NOBEGIN;
    default:
      throw dateTimeParseError(-1, str, typeName);
  }
  return adjustTimestamp(result, typmod);
}

/** timestamp_in. */
export function parseTimestamp(str: string, typmod: number, ctx: TypeContext): bigint {
  return parse(str, typmod, ctx, false);
}

/** timestamptz_in. */
export function parseTimestamptz(str: string, typmod: number, ctx: TypeContext): bigint {
  return parse(str, typmod, ctx, true);
}

/** timestamp_out. */
export function formatTimestamp(ts: bigint, ctx: TypeContext): string {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  const f = timestampToFields(ts);
  if (f === null) throw outOfRange();
  return formatDateTime(f, ctx.dateStyle, ctx.dateOrder, null, null);
}

/** timestamptz_out: in the session zone. */
export function formatTimestamptz(ts: bigint, ctx: TypeContext): string {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  const zone = ctx.timeZone;
  const offset = zone.offsetAtUtc(ts);
  const f = timestampToFields(ts + BigInt(offset) * 1_000_000n);
  if (f === null) throw outOfRange();
  const abbrev = ctx.dateStyle === 'ISO' ? null : zone.abbreviationAtUtc(ts);
  return formatDateTime(f, ctx.dateStyle, ctx.dateOrder, offset, abbrev);
}

function receive(data: Buffer, typmod: number): bigint {
  checkBinaryLength(data, 8);
  const ts = data.readBigInt64BE(0);
  if (ts !== TIMESTAMP_NOBEGIN && ts !== TIMESTAMP_NOEND && !isValidTimestamp(ts)) throw outOfRange();
  return adjustTimestamp(ts, typmod);
}

function send(value: unknown): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(value as bigint, 0);
  return b;
}

export const timestampIO: TypeIO = {
  input: (text, typmod, ctx) => parseTimestamp(text, typmod, ctx),
  output: (value, ctx) => formatTimestamp(value as bigint, ctx),
  receive: (data, typmod) => receive(data, typmod),
  send,
};

export const timestamptzIO: TypeIO = {
  input: (text, typmod, ctx) => parseTimestamptz(text, typmod, ctx),
  output: (value, ctx) => formatTimestamptz(value as bigint, ctx),
  receive: (data, typmod) => receive(data, typmod),
  send,
};
