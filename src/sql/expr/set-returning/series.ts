// generate_series over int4, int8, numeric, timestamp and timestamptz (PostgreSQL's
// generate_series_*): from start towards stop by step (1 by default), inclusive; no rows
// when the step points away from stop; a zero step is an error (22023), as are NaN and
// infinite numeric bounds. Integer series end quietly where the next value would overflow.
import { DbError, SqlState } from '../../../errors.js';
import { addInterval } from '../functions/datetime-arith.js';
import { intervalCmpValue } from '../../types/interval-math.js';
import { Numeric } from '../../types/numeric.js';
import type { Interval, Value } from '../../types/value.js';
import type { SetReturningTable } from './registry.js';

function zeroStep(): DbError {
  return new DbError(SqlState.InvalidParameterValue, 'step size cannot equal zero');
}

function* intSeries(start: number, stop: number, step: number): Generator<Value> {
  if (step === 0) throw zeroStep();
  for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) {
    yield v;
    if (v + step > 2147483647 || v + step < -2147483648) return;
  }
}

function* bigSeries(start: bigint, stop: bigint, step: bigint): Generator<Value> {
  if (step === 0n) throw zeroStep();
  for (let v = start; step > 0n ? v <= stop : v >= stop; v += step) {
    yield v;
    const next = v + step;
    if (next > 9223372036854775807n || next < -9223372036854775808n) return;
  }
}

function checkNumeric(v: Numeric, what: string, noun = 'value'): void {
  if (v.isNaN()) throw new DbError(SqlState.InvalidParameterValue, `${what} ${noun} cannot be NaN`);
  if (v.isInfinite()) throw new DbError(SqlState.InvalidParameterValue, `${what} ${noun} cannot be infinity`);
}

function* numericSeries(start: Numeric, stop: Numeric, step: Numeric): Generator<Value> {
  checkNumeric(start, 'start');
  checkNumeric(stop, 'stop');
  checkNumeric(step, 'step', 'size');
  if (step.isZero()) throw zeroStep();
  const up = step.signum() > 0;
  // values between start and stop fit a numeric; the one past stop may not (kept unbounded)
  const scale = Math.max(start.scale, step.scale);
  const by = step.withScale(scale);
  for (let v = start; up ? v.compare(stop) <= 0 : v.compare(stop) >= 0; v = Numeric.unbounded(v.withScale(scale) + by, scale)) yield v;
}

function* timestampSeries(start: bigint, stop: bigint, step: Interval, zone: Parameters<typeof addInterval>[2]): Generator<Value> {
  const direction = intervalCmpValue(step);
  if (direction === 0n) throw zeroStep();
  for (let v = start; direction > 0n ? v <= stop : v >= stop; v = addInterval(v, step, zone)) yield v;
}

export const seriesFunctions: SetReturningTable = {
  generate_series_int4: (a) => intSeries(a[0] as number, a[1] as number, 1),
  generate_series_step_int4: (a) => intSeries(a[0] as number, a[1] as number, a[2] as number),
  generate_series_int8: (a) => bigSeries(a[0] as bigint, a[1] as bigint, 1n),
  generate_series_step_int8: (a) => bigSeries(a[0] as bigint, a[1] as bigint, a[2] as bigint),
  generate_series_numeric: (a) => numericSeries(a[0] as Numeric, a[1] as Numeric, Numeric.ONE),
  generate_series_step_numeric: (a) => numericSeries(a[0] as Numeric, a[1] as Numeric, a[2] as Numeric),
  generate_series_timestamp: (a) => timestampSeries(a[0] as bigint, a[1] as bigint, a[2] as Interval, undefined),
  generate_series_timestamptz: (a, ctx) => timestampSeries(a[0] as bigint, a[1] as bigint, a[2] as Interval, ctx.types.timeZone),
};
