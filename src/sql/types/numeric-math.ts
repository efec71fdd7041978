// Transcendental numeric functions with PostgreSQL 15's result scales: sqrt, exp, ln, log10,
// log(base, x) and power. Results are computed in bigint fixed point with guard digits and
// rounded half away from zero to the scale PostgreSQL picks, so they match PostgreSQL's digits
// (which are correctly rounded except in rare near-tie cases).
// Errors: 2201F (negative sqrt, 0 ^ negative, negative ^ fraction), 2201E (log of zero or a
// negative), 22012 (log base 1), 22003 "value overflows numeric format".
import { DbError, SqlState } from '../../errors.js';
import {
  Numeric,
  NumericKind,
  NUMERIC_MAX_DISPLAY_SCALE,
  NUMERIC_MIN_SIG_DIGITS,
  NUMERIC_MAX_RESULT_SCALE,
  divRoundHalfAway,
  divisionByZero,
  overflowError,
  pow10,
} from './numeric.js';

function powerError(message: string): DbError {
  return new DbError(SqlState.InvalidArgumentForPowerFunction, message);
}
function logError(message: string): DbError {
  return new DbError(SqlState.InvalidArgumentForLogarithm, message);
}

function clampScale(rscale: number): number {
  return Math.min(Math.max(rscale, 0), NUMERIC_MAX_DISPLAY_SCALE);
}

/** floor(sqrt(n)) for n >= 0. */
export function isqrt(n: bigint): bigint {
  if (n < 0x10000000000000n) return BigInt(Math.floor(Math.sqrt(Number(n))));
  let x = 1n << BigInt((n.toString(16).length * 4 + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Fixed-point value of unscaled * 10^-scale at W digits (truncated). */
function toFixed(unscaled: bigint, scale: number, w: number): bigint {
  return w >= scale ? unscaled * pow10(w - scale) : unscaled / pow10(scale - w);
}

function approxDouble(n: Numeric): number {
  return Number(n.toString());
}

/** e^(x / 10^xs) * 10^w, absolute error about one unit in the last place. */
export function expFixed(x: bigint, xs: number, w: number): bigint {
  if (x < 0n) {
    const e = expFixed(-x, xs, w + 10);
    return divRoundHalfAway(pow10(2 * w + 10), e);
  }
  const approx = fixedToNumber(x, xs);
  const m = approx > 0.125 ? Math.ceil(Math.log2(approx * 8)) : 0;
  const ww = w + Math.ceil(approx * 0.4343) + Math.ceil(m * 0.302) + 8;
  const one = pow10(ww);
  let y = toFixed(x, xs, ww);
  if (m > 0) y >>= BigInt(m);
  let sum = one;
  let term = one;
  for (let k = 1n; ; k++) {
    term = (term * y) / (one * k);
    if (term === 0n) break;
    sum += term;
  }
  for (let i = 0; i < m; i++) sum = (sum * sum) / one;
  return divRoundHalfAway(sum, pow10(ww - w));
}

/** ln(y) * 10^w for y = yFixed / 10^w in roughly (0.05, 20): square roots, then atanh series. */
function lnNearOne(yFixed: bigint, w: number): bigint {
  const one = pow10(w);
  const hi = one + one / 100n;
  const lo = one - one / 100n;
  let y = yFixed;
  let k = 0;
  while (y > hi || y < lo) {
    y = isqrt(y * one);
    k++;
  }
  const z = ((y - one) * one) / (y + one);
  const z2 = (z * z) / one;
  let sum = z;
  let term = z;
  for (let j = 3n; ; j += 2n) {
    term = (term * z2) / one;
    if (term === 0n) break;
    sum += term / j;
  }
  return (sum * 2n) << BigInt(k);
}

let ln10Cache: { w: number; v: bigint } | undefined;
function ln10Fixed(w: number): bigint {
  if (ln10Cache === undefined || ln10Cache.w < w) {
    const ww = w + 20;
    ln10Cache = { w: ww, v: lnNearOne(10n * pow10(ww), ww) };
  }
  return ln10Cache.v / pow10(ln10Cache.w - w);
}

/** ln(unscaled * 10^-scale) * 10^w for a positive value, absolute error ~ one ulp. */
export function lnFixed(unscaled: bigint, scale: number, w: number): bigint {
  const digits = unscaled.toString().length;
  const e10 = digits - scale; // value = y * 10^e10 with y in [0.1, 1)
  const ww = w + 12 + String(Math.abs(e10)).length;
  let r: bigint;
  if (e10 === 0 || e10 === 1) {
    r = lnNearOne(toFixed(unscaled, scale, ww), ww);
  } else {
    r = lnNearOne(toFixed(unscaled, digits, ww), ww) + BigInt(e10) * ln10Fixed(ww);
  }
  return divRoundHalfAway(r, pow10(ww - w));
}

/** PostgreSQL's estimate_ln_dweight: decimal weight of ln(x) for x > 0. */
export function estimateLnDweight(x: Numeric): number {
  if (x.signum() <= 0) return 0;
  const cmpLow = x.compare(Numeric.of(9n, 1));
  const cmpHigh = x.compare(Numeric.of(11n, 1));
  if (cmpLow >= 0 && cmpHigh <= 0) {
    const d = x.sub(Numeric.ONE);
    return d.isZero() ? 0 : d.decimalWeight();
  }
  const { weight, firstDigit } = x.baseWeight();
  const dw = x.decimalWeight();
  const lead = dw - weight * 4 + 1;
  const s = x.unscaled.toString();
  const rest = s.slice(lead);
  let digits = firstDigit;
  let dweight = weight * 4;
  if (/[1-9]/.test(rest)) {
    digits = digits * 10000 + Number(rest.slice(0, 4).padEnd(4, '0'));
    dweight -= 4;
  }
  const lnVar = Math.log(digits) + dweight * 2.302585092994046;
  return Math.trunc(Math.log10(Math.abs(lnVar)));
}

/** sqrt(x) with PostgreSQL's scale: at least 16 significant digits, not below x's scale. */
export function numericSqrt(x: Numeric): Numeric {
  if (x.kind !== NumericKind.Finite) {
    if (x.kind === NumericKind.NaN) return x;
    if (x.kind === NumericKind.NegInf) throw powerError('cannot take square root of a negative number');
    return x;
  }
  if (x.unscaled < 0n) throw powerError('cannot take square root of a negative number');
  const weight = x.unscaled === 0n ? 0 : x.baseWeight().weight;
  const sweight = ((weight + 1) * 4) / 2 - 1;
  return numericSqrtScaled(x, clampScale(Math.max(NUMERIC_MIN_SIG_DIGITS - sweight, x.scale)));
}

/** sqrt of a finite, non-negative x rounded (half up) to `rscale` digits (sqrt_var). */
export function numericSqrtScaled(x: Numeric, rscale: number): Numeric {
  const e = 2 * (rscale + 1) - x.scale;
  const n = e >= 0 ? x.unscaled * pow10(e) : x.unscaled / pow10(-e);
  const t = isqrt(n); // truncated at rscale + 1 digits
  return Numeric.of((t + 5n) / 10n, rscale);
}

/** exp(x). */
export function numericExp(x: Numeric): Numeric {
  if (x.kind !== NumericKind.Finite) {
    if (x.kind === NumericKind.NegInf) return Numeric.ZERO;
    return x;
  }
  let val = approxDouble(x) * 0.434294481903252;
  val = Math.max(-NUMERIC_MAX_RESULT_SCALE, Math.min(NUMERIC_MAX_RESULT_SCALE, val));
  const rscale = clampScale(Math.max(NUMERIC_MIN_SIG_DIGITS - Math.trunc(val), x.scale));
  return expToScale(x.unscaled, x.scale, rscale);
}

/** e^(u * 10^-s) rounded to rscale, with exp_var's overflow rule. */
/** A fixed-point value (x · 10^-xs) as a double, without overflowing on the way. */
function fixedToNumber(x: bigint, xs: number): number {
  const digits = (x < 0n ? -x : x).toString();
  const lead = Math.min(digits.length, 17);
  const v = Number(digits.slice(0, lead)) * Math.pow(10, digits.length - lead - xs);
  return x < 0n ? -v : v;
}

/** exp(u · 10^-s) rounded to rscale digits, within exp_var's range (|u| < 6000). */
function expToScale(u: bigint, s: number, rscale: number): Numeric {
  const v = fixedToNumber(u, s);
  if (Math.abs(v) >= NUMERIC_MAX_RESULT_SCALE * 3) {
    if (v > 0) throw overflowError();
    return Numeric.of(0n, rscale);
  }
  const r = expFixed(u, s, rscale + 10);
  return Numeric.of(divRoundHalfAway(r, pow10(10)), rscale);
}

function checkLogArgument(x: Numeric): void {
  const s = x.signum();
  if (s === 0) throw logError('cannot take logarithm of zero');
  if (s < 0) throw logError('cannot take logarithm of a negative number');
}

/** ln(x). */
export function numericLn(x: Numeric): Numeric {
  if (x.kind !== NumericKind.Finite) {
    if (x.kind === NumericKind.NegInf) throw logError('cannot take logarithm of a negative number');
    return x;
  }
  checkLogArgument(x);
  const rscale = clampScale(Math.max(NUMERIC_MIN_SIG_DIGITS - estimateLnDweight(x), x.scale));
  const r = lnFixed(x.unscaled, x.scale, rscale + 10);
  return Numeric.of(divRoundHalfAway(r, pow10(10)), rscale);
}

/** log(base, x) (log_var); log(x) is log(10, x). */
export function numericLog(base: Numeric, x: Numeric): Numeric {
  if (base.kind !== NumericKind.Finite || x.kind !== NumericKind.Finite) {
    if (base.isNaN() || x.isNaN()) return Numeric.NaN;
    const s1 = base.signum();
    const s2 = x.signum();
    if (s1 < 0 || s2 < 0) throw logError('cannot take logarithm of a negative number');
    if (s1 === 0 || s2 === 0) throw logError('cannot take logarithm of zero');
    if (base.kind === NumericKind.PosInf) return x.kind === NumericKind.PosInf ? Numeric.NaN : Numeric.ZERO;
    return Numeric.Infinity;
  }
  checkLogArgument(base);
  checkLogArgument(x);
  const lnBaseDw = estimateLnDweight(base);
  const resultDw = estimateLnDweight(x) - lnBaseDw;
  const rscale = clampScale(Math.max(NUMERIC_MIN_SIG_DIGITS - resultDw, base.scale, x.scale));
  const w = rscale + 12 + Math.max(0, -lnBaseDw) + Math.max(0, resultDw);
  const lb = lnFixed(base.unscaled, base.scale, w);
  if (lb === 0n) throw divisionByZero();
  const lx = lnFixed(x.unscaled, x.scale, w);
  return Numeric.of(divRoundHalfAway(lx * pow10(rscale), lb), rscale);
}

/** log10(x). */
export function numericLog10(x: Numeric): Numeric {
  return numericLog(Numeric.fromInt(10), x);
}

function isInteger(x: Numeric): boolean {
  return x.kind === NumericKind.Finite && (x.scale === 0 || x.unscaled % pow10(x.scale) === 0n);
}

function isOddInteger(x: Numeric): boolean {
  return isInteger(x) && (x.unscaled / pow10(x.scale)) % 2n !== 0n;
}

/** power(base, exp), PostgreSQL's numeric_power / power_var. */
export function numericPower(base: Numeric, exp: Numeric): Numeric {
  if (base.isNaN()) return !exp.isNaN() && exp.isZero() ? Numeric.ONE : Numeric.NaN;
  if (exp.isNaN()) return base.isFinite() && base.compare(Numeric.ONE) === 0 ? Numeric.ONE : Numeric.NaN;
  const sign1 = base.signum();
  const sign2 = exp.signum();
  if (sign1 === 0 && sign2 < 0) throw powerError('zero raised to a negative power is undefined');
  if (!base.isFinite() || !exp.isFinite()) return powerSpecial(base, exp, sign2);
  const expIsInt = isInteger(exp);
  if (expIsInt) {
    const n = exp.unscaled / pow10(exp.scale);
    if (n >= -2147483648n && n <= 2147483647n) {
      const rscale = clampScale(Math.max(NUMERIC_MIN_SIG_DIGITS, base.scale));
      return powerInt(base, Number(n), rscale);
    }
  }
  if (sign1 === 0) return Numeric.of(0n, NUMERIC_MIN_SIG_DIGITS);
  let negative = false;
  let absBase = base;
  if (sign1 < 0) {
    if (!expIsInt) throw powerError('a negative number raised to a non-integer power yields a complex result');
    negative = isOddInteger(exp);
    absBase = base.neg();
  }
  const lnDw = estimateLnDweight(absBase);
  // low-precision estimate of exp * ln(base), as power_var does
  const localScale = Math.max(8 - lnDw, 0);
  const lnApprox = divRoundHalfAway(lnFixed(absBase.unscaled, absBase.scale, localScale + 4), 10000n);
  const lnNum = Numeric.of(lnApprox, localScale).mul(exp).round(localScale);
  let val = approxDouble(lnNum);
  if (Math.abs(val) > NUMERIC_MAX_RESULT_SCALE * 3.01) {
    if (val > 0) throw overflowError();
    return Numeric.of(0n, NUMERIC_MAX_DISPLAY_SCALE);
  }
  val *= 0.434294481903252;
  const rscale = clampScale(Math.max(NUMERIC_MIN_SIG_DIGITS - Math.trunc(val), absBase.scale, exp.scale));
  const expIntDigits = Math.max(0, exp.decimalWeight() + 1);
  const w = rscale + 12 + Math.max(0, Math.ceil(val)) + expIntDigits;
  const lnBase = lnFixed(absBase.unscaled, absBase.scale, w);
  const y = divRoundHalfAway(lnBase * exp.unscaled, pow10(exp.scale)); // scale w
  const r = expToScale(y, w, rscale);
  return negative ? r.neg() : r;
}

/** base ^ n for an int32 n (power_var_int), rounded to rscale. */
function powerInt(base: Numeric, n: number, rscale: number): Numeric {
  if (n === 0) return Numeric.of(0n, rscale).add(Numeric.ONE);
  if (base.isZero()) {
    if (n < 0) throw divisionByZero();
    return Numeric.of(0n, rscale);
  }
  const absN = Math.abs(n);
  const digits = base.unscaled.toString().length;
  // crude overflow / underflow test on log10 of the result
  const f = absN * (Math.log10(Math.abs(Number(base.unscaled.toString().slice(0, 17)))) + digits - Math.min(digits, 17) - base.scale) * Math.sign(n);
  if (f > 3 * 32767 * 4 || f > 131073) throw overflowError(); // beyond int16 weight: overflows
  if (f + 1 < -rscale || f + 1 < -NUMERIC_MAX_DISPLAY_SCALE) return Numeric.of(0n, rscale);
  if (absN * digits <= 60000) {
    const p = base.unscaled ** BigInt(absN);
    const ps = base.scale * absN;
    if (n > 0) return Numeric.rounded(p, ps, rscale);
    // 1 / (p * 10^-ps) at rscale
    return Numeric.of(divRoundHalfAway(pow10(rscale + ps), p), rscale);
  }
  // very large exponents: binary powering keeping enough significant digits for rscale
  const abs = base.unscaled < 0n ? -base.unscaled : base.unscaled;
  const needed = Math.max(0, Math.ceil(f)) + rscale + 8;
  const [m, e] = powRounded(abs, -base.scale, absN, Math.max(needed, 20) + String(absN).length + 2);
  let q: bigint;
  if (n > 0) {
    // m · 10^e at rscale
    const shift = e + rscale;
    q = shift >= 0 ? m * pow10(shift) : divRoundHalfAway(m, pow10(-shift));
  } else {
    // 1 / (m · 10^e) at rscale
    const shift = rscale - e;
    q = shift >= 0 ? divRoundHalfAway(pow10(shift), m) : 0n;
  }
  return Numeric.of(base.unscaled < 0n && absN % 2 === 1 ? -q : q, rscale);
}

/**
 * (u · 10^ue)^n as m · 10^e with m kept to about `digits` significant digits (rounded after
 * each multiplication: relative error below n·10^-digits).
 */
function powRounded(u: bigint, ue: number, n: number, digits: number): [bigint, number] {
  const trim = (m: bigint, e: number): [bigint, number] => {
    const extra = m.toString().length - digits;
    return extra > 0 ? [divRoundHalfAway(m, pow10(extra)), e + extra] : [m, e];
  };
  let rm = 1n;
  let re = 0;
  let bm = u;
  let be = ue;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) [rm, re] = trim(rm * bm, re + be);
    if (k > 1) [bm, be] = trim(bm * bm, be * 2);
  }
  return [rm, re];
}


/** power() when an argument is infinite (POSIX pow rules, as PostgreSQL follows). */
function powerSpecial(base: Numeric, exp: Numeric, sign2: number): Numeric {
  if (exp.isInfinite()) {
    if (base.isFinite()) {
      const c = base.abs().compare(Numeric.ONE);
      if (c === 0) return Numeric.ONE;
      if (exp.kind === NumericKind.PosInf) return c < 0 ? Numeric.ZERO : Numeric.Infinity;
      return c < 0 ? Numeric.Infinity : Numeric.ZERO;
    }
    return exp.kind === NumericKind.PosInf ? Numeric.Infinity : Numeric.ZERO;
  }
  if (base.kind === NumericKind.PosInf) {
    if (sign2 === 0) return Numeric.ONE;
    return sign2 > 0 ? Numeric.Infinity : Numeric.ZERO;
  }
  // base is -Infinity
  if (sign2 === 0) return Numeric.ONE;
  if (!isInteger(exp)) throw powerError('a negative number raised to a non-integer power yields a complex result');
  if (sign2 > 0) return isOddInteger(exp) ? Numeric.NegativeInfinity : Numeric.Infinity;
  return Numeric.ZERO;
}
