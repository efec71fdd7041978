// Conversions between numeric and the integer and float types, as PostgreSQL's casts do them:
// numeric -> integer rounds half away from zero (22003 "integer out of range" etc.; NaN and
// infinity are 0A000); numeric -> float goes through the text form; float -> numeric uses
// %.15g (float8) / %.6g (float4) first, so 0.1::float8::numeric is 0.1.
import { DbError, SqlState } from '../../errors.js';
import { Numeric, NumericKind } from './numeric.js';
import { outOfRange } from './errors.js';
import { formatG } from './float-format.js';
import { parseFloat4, parseFloat8 } from './float.js';

function cannotConvert(n: Numeric, typeName: string): DbError {
  return new DbError(
    SqlState.FeatureNotSupported,
    n.isNaN() ? `cannot convert NaN to ${typeName}` : `cannot convert infinity to ${typeName}`,
  );
}

function roundedInteger(n: Numeric, typeName: string): bigint {
  if (!n.isFinite()) throw cannotConvert(n, typeName);
  return n.round(0).unscaled;
}

/** numeric -> int2. */
export function numericToInt2(n: Numeric): number {
  const v = roundedInteger(n, 'smallint');
  if (v < -32768n || v > 32767n) throw outOfRange('smallint out of range');
  return Number(v);
}

/** numeric -> int4. */
export function numericToInt4(n: Numeric): number {
  const v = roundedInteger(n, 'integer');
  if (v < -2147483648n || v > 2147483647n) throw outOfRange('integer out of range');
  return Number(v);
}

/** numeric -> int8. */
export function numericToInt8(n: Numeric): bigint {
  const v = roundedInteger(n, 'bigint');
  if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) throw outOfRange('bigint out of range');
  return v;
}

/** numeric -> float8 (via the text form, as numeric_float8). */
export function numericToFloat8(n: Numeric): number {
  switch (n.kind) {
    case NumericKind.NaN:
      return NaN;
    case NumericKind.PosInf:
      return Infinity;
    case NumericKind.NegInf:
      return -Infinity;
  }
  return parseFloat8(n.toString());
}

/** numeric -> float4 (via the text form, as numeric_float4). */
export function numericToFloat4(n: Numeric): number {
  switch (n.kind) {
    case NumericKind.NaN:
      return NaN;
    case NumericKind.PosInf:
      return Infinity;
    case NumericKind.NegInf:
      return -Infinity;
  }
  return parseFloat4(n.toString());
}

/** int2/int4/int8 -> numeric. */
export function numericFromInt(v: number | bigint): Numeric {
  return Numeric.fromInt(v);
}

function fromFloat(v: number, digits: number): Numeric {
  if (v !== v) return Numeric.NaN;
  if (v === Infinity) return Numeric.Infinity;
  if (v === -Infinity) return Numeric.NegativeInfinity;
  return Numeric.parse(formatG(v, digits));
}

/** float8 -> numeric (float8_numeric: 15 significant digits). */
export function numericFromFloat8(v: number): Numeric {
  return fromFloat(v, 15);
}

/** float4 -> numeric (float4_numeric: 6 significant digits). */
export function numericFromFloat4(v: number): Numeric {
  return fromFloat(v, 6);
}
