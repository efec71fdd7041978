// Floating-point aggregates as PostgreSQL computes them: avg, variance and standard deviation
// of float4/float8 through the Youngs-Cramer update (float8_accum), and the two-variable
// regression family (float8_regr_accum: regr_*, covar_*, corr). Same order of operations as
// PostgreSQL, so results match bit for bit; infinite results of finite inputs raise 22003.
import { DbError, SqlState } from '../../../errors.js';
import type { Value } from '../../types/value.js';
import type { AggregateFactory, AggregateFunction } from './aggregate-function.js';

function overflow(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
}

const isInf = (v: number) => v === Infinity || v === -Infinity;

/** N, Sx, Sxx of float8_accum. */
type Accum = [n: number, sx: number, sxx: number];

function accumulate(s: Accum, x: number): Accum {
  const [n0, sx0] = s;
  const n = n0 + 1;
  const sx = sx0 + x;
  let sxx = s[2];
  if (n0 > 0) {
    const tmp = x * n - sx;
    sxx += (tmp * tmp) / (n * n0);
    if (isInf(sx) || isInf(sxx)) {
      if (!isInf(sx0) && !isInf(x)) throw overflow();
      sxx = NaN;
    }
  } else if (!Number.isFinite(x)) {
    sxx = NaN;
  }
  return [n, sx, sxx];
}

const FLOAT_FINALS: Record<string, (s: Accum) => Value> = {
  float8_avg: ([n, sx]) => (n === 0 ? null : sx / n),
  float8_var_pop: ([n, , sxx]) => (n === 0 ? null : sxx / n),
  float8_var_samp: ([n, , sxx]) => (n <= 1 ? null : sxx / (n - 1)),
  float8_stddev_pop: ([n, , sxx]) => (n === 0 ? null : Math.sqrt(sxx / n)),
  float8_stddev_samp: ([n, , sxx]) => (n <= 1 ? null : Math.sqrt(sxx / (n - 1))),
};

/** avg / variance / stddev of float4 and float8 (transfn float4_accum or float8_accum). */
export function floatAccumAggregate(finalName: string): AggregateFactory | undefined {
  const final = FLOAT_FINALS[finalName];
  if (!final) return undefined;
  return (): AggregateFunction<Accum> => ({
    init: () => [0, 0, 0],
    add: (s, args) => (args[0] === null ? s : accumulate(s, args[0] as number)),
    final,
  });
}

/** N, Sx, Sxx, Sy, Syy, Sxy of float8_regr_accum. */
type Regr = [n: number, sx: number, sxx: number, sy: number, syy: number, sxy: number];

function regrAccumulate(s: Regr, y: number, x: number): Regr {
  const [n0, sx0, sxx0, sy0, syy0, sxy0] = s;
  const n = n0 + 1;
  const sx = sx0 + x;
  const sy = sy0 + y;
  let sxx = sxx0;
  let syy = syy0;
  let sxy = sxy0;
  if (n0 > 0) {
    const tx = x * n - sx;
    const ty = y * n - sy;
    const scale = 1 / (n * n0);
    sxx += tx * tx * scale;
    syy += ty * ty * scale;
    sxy += tx * ty * scale;
    if (isInf(sx) || isInf(sxx) || isInf(sy) || isInf(syy) || isInf(sxy)) {
      if (
        ((isInf(sx) || isInf(sxx)) && !isInf(sx0) && !isInf(x)) ||
        ((isInf(sy) || isInf(syy)) && !isInf(sy0) && !isInf(y)) ||
        (isInf(sxy) && !isInf(sx0) && !isInf(x) && !isInf(sy0) && !isInf(y))
      ) {
        throw overflow();
      }
      if (isInf(sxx)) sxx = NaN;
      if (isInf(syy)) syy = NaN;
      if (isInf(sxy)) sxy = NaN;
    }
  } else {
    if (!Number.isFinite(x)) sxx = sxy = NaN;
    if (!Number.isFinite(y)) syy = sxy = NaN;
  }
  return [n, sx, sxx, sy, syy, sxy];
}

const REGR_FINALS: Record<string, (s: Regr) => Value> = {
  float8_regr_sxx: ([n, , sxx]) => (n < 1 ? null : sxx),
  float8_regr_syy: ([n, , , , syy]) => (n < 1 ? null : syy),
  float8_regr_sxy: ([n, , , , , sxy]) => (n < 1 ? null : sxy),
  float8_regr_avgx: ([n, sx]) => (n < 1 ? null : sx / n),
  float8_regr_avgy: ([n, , , sy]) => (n < 1 ? null : sy / n),
  float8_covar_pop: ([n, , , , , sxy]) => (n < 1 ? null : sxy / n),
  float8_covar_samp: ([n, , , , , sxy]) => (n < 2 ? null : sxy / (n - 1)),
  float8_corr: ([n, , sxx, , syy, sxy]) => (n < 1 || sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy)),
  float8_regr_r2: ([n, , sxx, , syy, sxy]) => (n < 1 || sxx === 0 ? null : syy === 0 ? 1 : (sxy * sxy) / (sxx * syy)),
  float8_regr_slope: ([n, , sxx, , , sxy]) => (n < 1 || sxx === 0 ? null : sxy / sxx),
  float8_regr_intercept: ([n, sx, sxx, sy, , sxy]) => (n < 1 || sxx === 0 ? null : (sy - (sx * sxy) / sxx) / n),
};

/** The regression family: arguments (Y, X), rows with a NULL in either skipped. */
export function regrAggregate(finalName: string): AggregateFactory | undefined {
  const final = REGR_FINALS[finalName];
  if (!final) return undefined;
  return (): AggregateFunction<Regr> => ({
    init: () => [0, 0, 0, 0, 0, 0],
    add: (s, args) => (args[0] === null || args[1] === null ? s : regrAccumulate(s, args[0] as number, args[1] as number)),
    final,
  });
}

/** regr_count(Y, X): rows where both are not NULL. */
export const regrCount: AggregateFactory = (): AggregateFunction<bigint> => ({
  init: () => 0n,
  add: (n, args) => (args[0] === null || args[1] === null ? n : n + 1n),
  final: (n) => n,
});
