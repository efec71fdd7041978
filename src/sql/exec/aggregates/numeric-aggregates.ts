// Exact aggregates as PostgreSQL computes them: sum and avg of integers and numeric, and the
// variance / standard deviation family over them (results numeric). Sums are kept exactly
// (bigint or numeric); avg divides with numeric_div's scale; variance follows
// numeric_stddev_internal: (N·Σx² − (Σx)²) / (N·(N−1)) with select_div_scale, and the square
// root at that scale. NaN and ±Infinity inputs are counted apart, as PostgreSQL does.
import { Numeric, pow10, selectDivScale } from '../../types/numeric.js';
import { numericSqrtScaled } from '../../types/numeric-math.js';
import type { Value } from '../../types/value.js';
import type { AggregateFactory, AggregateFunction } from './aggregate-function.js';

/**
 * sum(int2) / sum(int4): an int8 sum, NULL until the first non-NULL input. The running sum is
 * a number while it is a safe integer (exact), a bigint beyond.
 */
export const intSum: AggregateFactory = (): AggregateFunction<number | bigint | null> => ({
  init: () => null,
  add: (s, args) => {
    const v = args[0];
    if (v === null || v === undefined) return s;
    if (typeof s === 'bigint') return s + BigInt(v as number);
    const t = (s ?? 0) + (v as number);
    return Number.isSafeInteger(t) ? t : BigInt(s ?? 0) + BigInt(v as number);
  },
  final: (s) => (s === null ? null : BigInt(s)),
});

interface IntAvgState {
  n: bigint;
  sum: bigint;
}

/**
 * sum(int8), avg(int2/int4/int8): the exact sum and count; `result` makes the value (sum as
 * numeric, or sum / count by numeric division).
 */
function intAccum(result: (s: IntAvgState) => Value): AggregateFactory {
  return (): AggregateFunction<IntAvgState> => ({
    init: () => ({ n: 0n, sum: 0n }),
    add: (s, args) => {
      const v = args[0];
      if (v === null || v === undefined) return s;
      s.n++;
      s.sum += typeof v === 'bigint' ? v : BigInt(v as number);
      return s;
    },
    final: (s) => (s.n === 0n ? null : result(s)),
  });
}

export const int8Sum = intAccum((s) => Numeric.fromInt(s.sum));
export const intAvg = intAccum((s) => Numeric.fromInt(s.sum).div(Numeric.fromInt(s.n)));

/**
 * Sums of finite inputs as exact unbounded integers at scale `scale` (Σx) and 2·scale (Σx²),
 * like PostgreSQL's NumericVar accumulators: they may exceed what a numeric value can hold.
 */
interface NumericState {
  n: bigint;
  sumX: bigint;
  sumX2: bigint;
  scale: number;
  nan: number;
  posInf: number;
  negInf: number;
}

function numericState(): NumericState {
  return { n: 0n, sumX: 0n, sumX2: 0n, scale: 0, nan: 0, posInf: 0, negInf: 0 };
}

function accumulate(s: NumericState, v: Value, squares: boolean): NumericState {
  if (v === null || v === undefined) return s;
  const x = v instanceof Numeric ? v : Numeric.fromInt(v as number | bigint);
  if (!x.isFinite()) {
    if (x.isNaN()) s.nan++;
    else if (x.signum() > 0) s.posInf++;
    else s.negInf++;
    return s;
  }
  s.n++;
  if (x.scale > s.scale) {
    const grow = x.scale - s.scale;
    s.sumX *= pow10(grow);
    if (squares) s.sumX2 *= pow10(2 * grow);
    s.scale = x.scale;
  }
  const u = x.withScale(s.scale);
  s.sumX += u;
  if (squares) s.sumX2 += u * u;
  return s;
}

/** The NaN / infinity outcome of a sum or average, or undefined when all inputs were finite. */
function special(s: NumericState): Numeric | undefined {
  if (s.nan > 0 || (s.posInf > 0 && s.negInf > 0)) return Numeric.NaN;
  if (s.posInf > 0) return Numeric.Infinity;
  if (s.negInf > 0) return Numeric.NegativeInfinity;
  return undefined;
}

const total = (s: NumericState) => s.n + BigInt(s.nan + s.posInf + s.negInf);

/** sum(numeric) and avg(numeric). */
export function numericSumAvg(avg: boolean): AggregateFactory {
  return (): AggregateFunction<NumericState> => ({
    init: numericState,
    add: (s, args) => accumulate(s, args[0] ?? null, false),
    final: (s) => {
      if (total(s) === 0n) return null;
      const sp = special(s);
      if (sp) return sp;
      return avg ? Numeric.unbounded(s.sumX, s.scale).div(Numeric.fromInt(s.n)) : Numeric.of(s.sumX, s.scale);
    },
  });
}

/** variance / var_samp / var_pop / stddev / stddev_samp / stddev_pop of integers and numeric. */
export function numericVariance(sample: boolean, variance: boolean): AggregateFactory {
  return (): AggregateFunction<NumericState> => ({
    init: numericState,
    add: (s, args) => accumulate(s, args[0] ?? null, true),
    final: (s) => {
      if (total(s) === 0n) return null;
      if (s.nan > 0 || s.posInf > 0 || s.negInf > 0) return Numeric.NaN;
      const n = Numeric.fromInt(s.n);
      const nMinus1 = sample ? Numeric.fromInt(s.n - 1n) : n;
      if (nMinus1.signum() <= 0) return null;
      const numerator = Numeric.unbounded(s.n * s.sumX2 - s.sumX * s.sumX, s.scale * 2);
      if (numerator.signum() <= 0) return Numeric.ZERO;
      const denominator = n.mul(nMinus1);
      const scale = selectDivScale(numerator, denominator);
      const result = numerator.divScaled(denominator, scale);
      return variance ? result : numericSqrtScaled(result, scale);
    },
  });
}
