// The SQL-standard value functions that read the session or the clock: CURRENT_USER,
// CURRENT_CATALOG, CURRENT_SCHEMA, CURRENT_DATE, CURRENT_TIMESTAMP(p), LOCALTIME(p),
// LOCALTIMESTAMP(p). Times are the transaction's start time, as in PostgreSQL.
import type { Value } from '../types/value.js';
import { USECS_PER_DAY } from '../types/value.js';
import type { EvalContext } from './functions/registry.js';

/** Rounds microseconds to `precision` fractional digits (typmod of time types). */
function roundToPrecision(micros: bigint, precision: number): bigint {
  if (precision < 0 || precision >= 6) return micros;
  const unit = 10n ** BigInt(6 - precision);
  const half = unit / 2n;
  const r = micros >= 0n ? ((micros + half) / unit) * unit : -((-micros + half) / unit) * unit;
  return r;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Local wall-clock microseconds (since 2000-01-01) of a UTC instant in the session's zone. */
function localMicros(utc: bigint, ctx: EvalContext): bigint {
  return utc + BigInt(ctx.types.timeZone.offsetAtUtc(utc)) * 1_000_000n;
}

export function sessionValue(name: string, typmod: number, ctx: EvalContext): Value {
  switch (name) {
    case 'current_user':
    case 'current_role':
    case 'user':
    case 'session_user':
      return ctx.session.user;
    case 'current_catalog':
      return ctx.session.database;
    case 'current_schema':
      return ctx.session.searchPath(false)[0] ?? null;
    case 'current_timestamp':
      return roundToPrecision(ctx.types.transactionStart(), typmod);
    case 'localtimestamp':
      return roundToPrecision(localMicros(ctx.types.transactionStart(), ctx), typmod);
    case 'current_date':
      return Number(floorDiv(localMicros(ctx.types.transactionStart(), ctx), USECS_PER_DAY));
    case 'localtime': {
      const local = roundToPrecision(localMicros(ctx.types.transactionStart(), ctx), typmod);
      const t = local - floorDiv(local, USECS_PER_DAY) * USECS_PER_DAY;
      return t;
    }
    default:
      throw new Error(`unknown session value ${name}`);
  }
}
