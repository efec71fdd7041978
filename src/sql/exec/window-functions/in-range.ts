// The in_range support functions a RANGE frame with an offset uses (PostgreSQL's
// in_range_<column>_<offset>): is `val` <= (less) or >= (!less) `base` + offset (or
// - offset when `sub`)? Each follows its PostgreSQL original: a negative (or NaN) offset is
// 22013, integers compare exactly (an overflowing sum answers as PostgreSQL's overflow rule
// does), NaN sorts after everything, infinite offsets and bases follow the float/numeric rules,
// dates compare as timestamps, timestamps add the interval as timestamp + interval does (in the
// session zone for timestamptz), times ignore the interval's days and months.
import { DbError } from '../../../errors.js';
import { dateToTimestamp } from '../../types/datetime-calendar.js';
import { intervalCmpValue, intervalCompare } from '../../types/interval-math.js';
import { Numeric } from '../../types/numeric.js';
import { Oid } from '../../types/oids.js';
import type { Interval, Value } from '../../types/value.js';
import { datetimeArithFunctions } from '../../expr/functions/datetime-arith.js';
import type { CallInfo, EvalContext } from '../../expr/functions/registry.js';

export type InRange = (val: Value, base: Value, offset: Value, sub: boolean, less: boolean) => boolean;

/** ERRCODE_INVALID_PRECEDING_OR_FOLLOWING_SIZE. */
function invalidSize(): DbError {
  return new DbError('22013', 'invalid preceding or following size in window function');
}

function integers(val: Value, base: Value, offset: Value, sub: boolean, less: boolean): boolean {
  const off = BigInt(offset as number | bigint);
  if (off < 0n) throw invalidSize();
  const sum = BigInt(base as number | bigint) + (sub ? -off : off);
  const v = BigInt(val as number | bigint);
  return less ? v <= sum : v >= sum;
}

function floats(val: Value, base: Value, offset: Value, sub: boolean, less: boolean): boolean {
  const v = val as number;
  const b = base as number;
  const off = offset as number;
  if (Number.isNaN(off) || off < 0) throw invalidSize();
  if (Number.isNaN(v)) return Number.isNaN(b) ? true : !less;
  if (Number.isNaN(b)) return less;
  // +inf infinitely preceding +inf (or -inf following -inf): every value is in the frame
  if (!Number.isFinite(off) && !Number.isFinite(b) && (sub ? b > 0 : b < 0)) return true;
  const sum = sub ? b - off : b + off;
  return less ? v <= sum : v >= sum;
}

function numerics(val: Value, base: Value, offset: Value, sub: boolean, less: boolean): boolean {
  const v = val as Numeric;
  const b = base as Numeric;
  const off = offset as Numeric;
  if (off.isNaN() || off.signum() < 0) throw invalidSize();
  const posInf = (x: Numeric) => x.isInfinite() && x.signum() > 0;
  const negInf = (x: Numeric) => x.isInfinite() && x.signum() < 0;
  if (v.isNaN()) return b.isNaN() ? true : !less;
  if (b.isNaN()) return less;
  if (off.isInfinite()) {
    if (sub ? posInf(b) : negInf(b)) return true;
    if (sub) return less ? negInf(v) : true;
    return less ? true : posInf(v);
  }
  if (!v.isFinite() || !b.isFinite()) {
    if (posInf(v)) return posInf(b) ? true : !less;
    if (posInf(b)) return less;
    if (negInf(v)) return negInf(b) ? true : less;
    return !less;
  }
  const sum = sub ? b.sub(off) : b.add(off);
  const c = v.compare(sum);
  return less ? c <= 0 : c >= 0;
}

function checkInterval(offset: Interval): void {
  if (intervalCmpValue(offset) < 0n) throw invalidSize();
}

const CALL: CallInfo = { argTypes: [], resultType: Oid.timestamp, resultTypmod: -1, funcOid: 0 };

/** timestamp (or, with `zoned`, timestamptz) against timestamp ± interval. */
function timestamps(ctx: EvalContext, zoned: boolean): InRange {
  const plus = zoned ? datetimeArithFunctions.timestamptz_pl_interval! : datetimeArithFunctions.timestamp_pl_interval!;
  const minus = zoned ? datetimeArithFunctions.timestamptz_mi_interval! : datetimeArithFunctions.timestamp_mi_interval!;
  return (val, base, offset, sub, less) => {
    checkInterval(offset as Interval);
    const sum = (sub ? minus : plus)([base, offset], ctx, CALL) as bigint;
    const v = val as bigint;
    return less ? v <= sum : v >= sum;
  };
}

function intervals(ctx: EvalContext): InRange {
  const plus = datetimeArithFunctions.interval_pl!;
  const minus = datetimeArithFunctions.interval_mi!;
  return (val, base, offset, sub, less) => {
    checkInterval(offset as Interval);
    const sum = (sub ? minus : plus)([base, offset], ctx, CALL) as Interval;
    const c = intervalCompare(val as Interval, sum);
    return less ? c <= 0 : c >= 0;
  };
}

/** time ± the interval's time part, without wrapping around midnight. */
function times(val: Value, base: Value, offset: Value, sub: boolean, less: boolean): boolean {
  const micros = (offset as Interval).micros;
  if (micros < 0n) throw invalidSize();
  const sum = (base as bigint) + (sub ? -micros : micros);
  const v = val as bigint;
  return less ? v <= sum : v >= sum;
}

/** The in_range function for a sort column type and the offset type analysis chose. */
export function inRangeFunction(columnType: number, ctx: EvalContext): InRange {
  switch (columnType) {
    case Oid.int2:
    case Oid.int4:
    case Oid.int8:
      return integers;
    case Oid.float4:
    case Oid.float8:
      return floats;
    case Oid.numeric:
      return numerics;
    case Oid.date: {
      const ts = timestamps(ctx, false);
      return (val, base, offset, sub, less) => ts(dateToTimestamp(val as number), dateToTimestamp(base as number), offset, sub, less);
    }
    case Oid.timestamp:
      return timestamps(ctx, false);
    case Oid.timestamptz:
      return timestamps(ctx, true);
    case Oid.interval:
      return intervals(ctx);
    case Oid.time:
      return times;
    default:
      throw new DbError('XX000', `no in_range support for type ${columnType}`);
  }
}
