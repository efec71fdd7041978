// Built-in functions that wait: pg_sleep and its interval/timestamp forms. They are the only
// functions that suspend a statement, and only as a whole select-list item; the wait is
// cancellable (57014) through the statement's EvalContext.
import { DbError, SqlState } from '../../errors.js';
import type { Interval } from '../types/value.js';
import type { AsyncFnImpl } from './functions/registry.js';

const MAX_SLEEP_MS = 2 ** 31 - 1;

/** pg_sleep returns void, which is not NULL: it prints as an empty string. */
const VOID = '';

async function sleepSeconds(seconds: number, ctx: Parameters<AsyncFnImpl>[1]): Promise<string> {
  if (Number.isNaN(seconds)) return VOID;
  let remaining = Math.max(0, seconds * 1000);
  if (!Number.isFinite(remaining)) {
    throw new DbError(SqlState.InvalidParameterValue, 'pg_sleep duration is too large');
  }
  while (remaining > 0) {
    const step = Math.min(remaining, MAX_SLEEP_MS);
    await ctx.sleep(step);
    remaining -= step;
  }
  ctx.checkCancel();
  return VOID;
}

export const asyncFunctions: Record<string, AsyncFnImpl> = {
  pg_sleep: (args, ctx) => sleepSeconds(args[0] as number, ctx),
  'pg_sleep_for(interval)': (args, ctx) => {
    const iv = args[0] as Interval;
    const seconds = Number(iv.micros) / 1e6 + iv.days * 86400 + iv.months * 30 * 86400;
    return sleepSeconds(seconds, ctx);
  },
  'pg_sleep_until(timestamptz)': (args, ctx) => {
    const target = args[0] as bigint;
    const nowMicros = BigInt(Date.now() - Date.UTC(2000, 0, 1)) * 1000n;
    return sleepSeconds(Number(target - nowMicros) / 1e6, ctx);
  },
};
