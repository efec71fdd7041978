// numeric: PostgreSQL's exact decimal. A finite value is unscaled * 10^-scale, where scale is
// PostgreSQL's display scale (dscale, >= 0: "1.50" has unscaled 150, scale 2); NaN, Infinity
// and -Infinity are separate kinds. This file holds the value class, text form, typmods,
// rounding and the four operations; numeric-math.ts the transcendental functions.
// Invariant: 0 <= scale <= 16383 and the base-10000 weight fits int16 (PostgreSQL's storage
// limits, else 22003 "value overflows numeric format"); zero is never negative.
import { DbError, SqlState } from '../../errors.js';
import { numericTypmodParts } from './oids.js';
import { invalidSyntax, outOfRange } from './errors.js';
import { isDigit, isSpace } from './text-util.js';

export const enum NumericKind {
  Finite = 0,
  NaN = 1,
  PosInf = 2,
  NegInf = 3,
}

/** PostgreSQL's NUMERIC_MAX_DISPLAY_SCALE, NUMERIC_MAX_RESULT_SCALE, NUMERIC_MIN_SIG_DIGITS. */
export const NUMERIC_MAX_DISPLAY_SCALE = 1000;
export const NUMERIC_MAX_RESULT_SCALE = 2000;
export const NUMERIC_MIN_SIG_DIGITS = 16;
const NUMERIC_DSCALE_MAX = 0x3fff;

const POW10: bigint[] = [];
/** 10^n as a bigint (cached for small n). */
export function pow10(n: number): bigint {
  if (n < 64) {
    let v = POW10[n];
    if (v === undefined) v = POW10[n] = 10n ** BigInt(n);
    return v;
  }
  return 10n ** BigInt(n);
}

function absBig(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Number of decimal digits of |v| (1 for 0). */
export function decimalDigits(v: bigint): number {
  return absBig(v).toString().length;
}

/** Rounds n / d to the nearest integer, halves away from zero (d != 0). */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  if (2n * absBig(r) >= absBig(d)) return (n < 0n) !== (d < 0n) ? q - 1n : q + 1n;
  return q;
}

export function overflowError(): DbError {
  return outOfRange('value overflows numeric format');
}

let hugeLimit: bigint | undefined;

export class Numeric {
  private constructor(
    readonly kind: NumericKind,
    /** The digits as an integer (0n for NaN and the infinities). */
    readonly unscaled: bigint,
    /** Display scale: digits after the decimal point. */
    readonly scale: number,
  ) {}

  static readonly NaN = new Numeric(NumericKind.NaN, 0n, 0);
  static readonly Infinity = new Numeric(NumericKind.PosInf, 0n, 0);
  static readonly NegativeInfinity = new Numeric(NumericKind.NegInf, 0n, 0);
  static readonly ZERO = new Numeric(NumericKind.Finite, 0n, 0);
  static readonly ONE = new Numeric(NumericKind.Finite, 1n, 0);

  /** A finite value unscaled * 10^-scale; throws 22003 beyond PostgreSQL's storage limits. */
  static of(unscaled: bigint, scale: number): Numeric {
    if (scale > NUMERIC_DSCALE_MAX) throw overflowError();
    if (scale < 0) {
      unscaled *= pow10(-scale);
      scale = 0;
    }
    if (unscaled !== 0n) {
      const limit = (hugeLimit ??= pow10(131072));
      if (absBig(unscaled) >= limit && decimalDigits(unscaled) - scale > 131072) throw overflowError();
    }
    return new Numeric(NumericKind.Finite, unscaled, scale);
  }

  /**
   * A finite value without the storage-limit check: an intermediate result (PostgreSQL's
   * NumericVar), only to feed arithmetic whose result is checked. Requires scale >= 0.
   */
  static unbounded(unscaled: bigint, scale: number): Numeric {
    return new Numeric(NumericKind.Finite, unscaled, scale);
  }

  /**
   * unscaled * 10^-scale rounded (halves away from zero) or padded to `rscale` digits, then
   * checked like of(): for exact intermediate results whose scale may exceed the storage limit.
   */
  static rounded(unscaled: bigint, scale: number, rscale: number): Numeric {
    if (scale > rscale) return Numeric.of(divRoundHalfAway(unscaled, pow10(scale - rscale)), rscale);
    return Numeric.of(unscaled * pow10(rscale - scale), rscale);
  }

  static fromInt(n: number | bigint): Numeric {
    return new Numeric(NumericKind.Finite, BigInt(n), 0);
  }

  /** numeric_in without a typmod: throws 22P02 on bad syntax. */
  static parse(text: string): Numeric {
    return parseNumeric(text);
  }

  isNaN(): boolean {
    return this.kind === NumericKind.NaN;
  }
  isFinite(): boolean {
    return this.kind === NumericKind.Finite;
  }
  isInfinite(): boolean {
    return this.kind === NumericKind.PosInf || this.kind === NumericKind.NegInf;
  }
  isZero(): boolean {
    return this.kind === NumericKind.Finite && this.unscaled === 0n;
  }
  /** -1, 0 or 1 (NaN for NaN), like numeric_sign_internal. */
  signum(): number {
    switch (this.kind) {
      case NumericKind.NaN:
        return NaN;
      case NumericKind.PosInf:
        return 1;
      case NumericKind.NegInf:
        return -1;
      default:
        return this.unscaled > 0n ? 1 : this.unscaled < 0n ? -1 : 0;
    }
  }

  /** The text form, as numeric_out prints it. */
  toString(): string {
    switch (this.kind) {
      case NumericKind.NaN:
        return 'NaN';
      case NumericKind.PosInf:
        return 'Infinity';
      case NumericKind.NegInf:
        return '-Infinity';
    }
    const neg = this.unscaled < 0n;
    const digits = (neg ? -this.unscaled : this.unscaled).toString();
    const scale = this.scale;
    let out: string;
    if (scale === 0) out = digits;
    else if (digits.length > scale) out = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
    else out = '0.' + '0'.repeat(scale - digits.length) + digits;
    return neg ? '-' + out : out;
  }

  /** Same value at a larger scale (no rounding). Requires finite and newScale >= scale. */
  withScale(newScale: number): bigint {
    return newScale === this.scale ? this.unscaled : this.unscaled * pow10(newScale - this.scale);
  }

  /** Decimal exponent of the leading digit of a non-zero finite value. */
  decimalWeight(): number {
    return decimalDigits(this.unscaled) - 1 - this.scale;
  }

  /** PostgreSQL's base-10000 weight and first digit of a non-zero finite value. */
  baseWeight(): { weight: number; firstDigit: number } {
    const dw = this.decimalWeight();
    const weight = Math.floor(dw / 4);
    const lead = dw - weight * 4 + 1; // decimal digits in the first base-10000 digit
    const s = absBig(this.unscaled).toString();
    const firstDigit = Number(s.length >= lead ? s.slice(0, lead) : s.padEnd(lead, '0'));
    return { weight, firstDigit };
  }

  /** numeric ordering: -Infinity < finite < Infinity < NaN; NaN equals NaN. */
  compare(other: Numeric): number {
    const a = this.kind === NumericKind.NegInf ? 0 : this.kind === NumericKind.Finite ? 1 : this.kind === NumericKind.PosInf ? 2 : 3;
    const b = other.kind === NumericKind.NegInf ? 0 : other.kind === NumericKind.Finite ? 1 : other.kind === NumericKind.PosInf ? 2 : 3;
    if (a !== b) return a < b ? -1 : 1;
    if (a !== 1) return 0;
    if (this.scale === other.scale) {
      return this.unscaled < other.unscaled ? -1 : this.unscaled > other.unscaled ? 1 : 0;
    }
    const s = Math.max(this.scale, other.scale);
    const x = this.withScale(s);
    const y = other.withScale(s);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  equals(other: Numeric): boolean {
    return this.compare(other) === 0;
  }

  neg(): Numeric {
    switch (this.kind) {
      case NumericKind.PosInf:
        return Numeric.NegativeInfinity;
      case NumericKind.NegInf:
        return Numeric.Infinity;
      case NumericKind.NaN:
        return this;
    }
    return new Numeric(NumericKind.Finite, -this.unscaled, this.scale);
  }

  abs(): Numeric {
    if (this.kind === NumericKind.NegInf) return Numeric.Infinity;
    if (this.kind !== NumericKind.Finite || this.unscaled >= 0n) return this;
    return new Numeric(NumericKind.Finite, -this.unscaled, this.scale);
  }

  add(other: Numeric): Numeric {
    if (this.kind !== NumericKind.Finite || other.kind !== NumericKind.Finite) {
      if (this.isNaN() || other.isNaN()) return Numeric.NaN;
      if (this.isInfinite() && other.isInfinite() && this.kind !== other.kind) return Numeric.NaN;
      return this.isInfinite() ? this : other;
    }
    const s = Math.max(this.scale, other.scale);
    return Numeric.of(this.withScale(s) + other.withScale(s), s);
  }

  sub(other: Numeric): Numeric {
    return this.add(other.neg());
  }

  mul(other: Numeric): Numeric {
    if (this.kind !== NumericKind.Finite || other.kind !== NumericKind.Finite) {
      if (this.isNaN() || other.isNaN()) return Numeric.NaN;
      const sa = this.signum();
      const sb = other.signum();
      if (sa === 0 || sb === 0) return Numeric.NaN;
      return sa * sb > 0 ? Numeric.Infinity : Numeric.NegativeInfinity;
    }
    // the exact product, rounded when its scale exceeds what a numeric can store (numeric_mul)
    const scale = this.scale + other.scale;
    return scale > NUMERIC_DSCALE_MAX ? Numeric.rounded(this.unscaled * other.unscaled, scale, NUMERIC_DSCALE_MAX) : Numeric.of(this.unscaled * other.unscaled, scale);
  }

  /** Division with PostgreSQL's result scale (select_div_scale); 22012 on division by zero. */
  div(other: Numeric): Numeric {
    if (this.kind !== NumericKind.Finite || other.kind !== NumericKind.Finite) {
      if (this.isNaN() || other.isNaN()) return Numeric.NaN;
      if (this.isInfinite()) {
        if (other.isInfinite()) return Numeric.NaN;
        const sb = other.signum();
        if (sb === 0) throw divisionByZero();
        return sb * this.signum() > 0 ? Numeric.Infinity : Numeric.NegativeInfinity;
      }
      return Numeric.ZERO; // finite / infinite
    }
    if (other.unscaled === 0n) throw divisionByZero();
    return this.divScaled(other, selectDivScale(this, other));
  }

  /** this / other rounded (half away from zero) to rscale digits. Requires both finite. */
  divScaled(other: Numeric, rscale: number): Numeric {
    if (other.unscaled === 0n) throw divisionByZero();
    const shift = rscale + other.scale - this.scale;
    let n = this.unscaled;
    let d = other.unscaled;
    if (shift >= 0) n *= pow10(shift);
    else d *= pow10(-shift);
    return Numeric.of(divRoundHalfAway(n, d), rscale);
  }

  /** Integer part of this / other, truncated (PostgreSQL's div(); scale 0). */
  divTrunc(other: Numeric): Numeric {
    if (this.kind !== NumericKind.Finite || other.kind !== NumericKind.Finite) {
      if (this.isNaN() || other.isNaN()) return Numeric.NaN;
      if (this.isInfinite()) {
        if (other.isInfinite()) return Numeric.NaN;
        const sb = other.signum();
        if (sb === 0) throw divisionByZero();
        return sb * this.signum() > 0 ? Numeric.Infinity : Numeric.NegativeInfinity;
      }
      return Numeric.ZERO;
    }
    if (other.unscaled === 0n) throw divisionByZero();
    const s = Math.max(this.scale, other.scale);
    return Numeric.of(this.withScale(s) / other.withScale(s), 0);
  }

  /** Remainder with the sign of the dividend; scale max(scales) (mod_var). */
  mod(other: Numeric): Numeric {
    if (this.kind !== NumericKind.Finite || other.kind !== NumericKind.Finite) {
      if (this.isNaN() || other.isNaN()) return Numeric.NaN;
      if (this.isInfinite()) {
        if (other.isZero()) throw divisionByZero();
        return Numeric.NaN;
      }
      return this; // finite % infinite
    }
    if (other.unscaled === 0n) throw divisionByZero();
    const s = Math.max(this.scale, other.scale);
    return Numeric.of(this.withScale(s) % other.withScale(s), s);
  }

  /** round(x, s): half away from zero; s may be negative; result scale max(s, 0). */
  round(scale = 0): Numeric {
    if (this.kind !== NumericKind.Finite) return this;
    scale = Math.max(-NUMERIC_MAX_RESULT_SCALE, Math.min(NUMERIC_MAX_RESULT_SCALE, scale));
    if (scale >= this.scale) return Numeric.of(this.withScale(scale), scale);
    const q = divRoundHalfAway(this.unscaled, pow10(this.scale - scale));
    return scale >= 0 ? Numeric.of(q, scale) : Numeric.of(q * pow10(-scale), 0);
  }

  /** trunc(x, s): toward zero; s may be negative; result scale max(s, 0). */
  trunc(scale = 0): Numeric {
    if (this.kind !== NumericKind.Finite) return this;
    scale = Math.max(-NUMERIC_MAX_RESULT_SCALE, Math.min(NUMERIC_MAX_RESULT_SCALE, scale));
    if (scale >= this.scale) return Numeric.of(this.withScale(scale), scale);
    const q = this.unscaled / pow10(this.scale - scale);
    return scale >= 0 ? Numeric.of(q, scale) : Numeric.of(q * pow10(-scale), 0);
  }

  ceil(): Numeric {
    if (this.kind !== NumericKind.Finite) return this;
    const p = pow10(this.scale);
    let q = this.unscaled / p;
    if (q * p !== this.unscaled && this.unscaled > 0n) q += 1n;
    return Numeric.of(q, 0);
  }

  floor(): Numeric {
    if (this.kind !== NumericKind.Finite) return this;
    const p = pow10(this.scale);
    let q = this.unscaled / p;
    if (q * p !== this.unscaled && this.unscaled < 0n) q -= 1n;
    return Numeric.of(q, 0);
  }

  /** sign(x): -1, 0, 1 as numeric (NaN for NaN). */
  sign(): Numeric {
    const s = this.signum();
    if (s !== s) return Numeric.NaN;
    return s === 0 ? Numeric.ZERO : Numeric.fromInt(s);
  }

  /** Rounds to a numeric(p,s) typmod; 22003 "numeric field overflow" as apply_typmod. */
  applyTypmod(typmod: number): Numeric {
    const parts = numericTypmodParts(typmod);
    if (parts === null) return this;
    const { precision, scale } = parts;
    if (this.kind !== NumericKind.Finite) {
      if (this.kind === NumericKind.NaN) return this;
      throw new DbError(SqlState.NumericValueOutOfRange, 'numeric field overflow', {
        detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
      });
    }
    const r = this.round(scale);
    const maxDigits = precision - scale;
    if (r.unscaled !== 0n && r.decimalWeight() + 1 > maxDigits) {
      const bound = maxDigits !== 0 ? `10^${maxDigits}` : '1';
      throw new DbError(SqlState.NumericValueOutOfRange, 'numeric field overflow', {
        detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${bound}.`,
      });
    }
    return r;
  }
}

export function divisionByZero(): DbError {
  return new DbError(SqlState.DivisionByZero, 'division by zero');
}

/** PostgreSQL's select_div_scale: at least 16 significant digits, not below either scale. */
export function selectDivScale(a: Numeric, b: Numeric): number {
  let w1 = 0;
  let f1 = 0;
  if (a.unscaled !== 0n) ({ weight: w1, firstDigit: f1 } = a.baseWeight());
  let w2 = 0;
  let f2 = 0;
  if (b.unscaled !== 0n) ({ weight: w2, firstDigit: f2 } = b.baseWeight());
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  let rscale = NUMERIC_MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

function matchSpecial(s: string, i: number, word: string): number {
  if (i + word.length > s.length) return -1;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return -1;
  }
  let j = i + word.length;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  return j === s.length ? j : -1;
}

/** numeric_in: whitespace, sign, digits with '.', exponent; NaN and [+-]Inf[inity]. */
export function parseNumeric(s: string): Numeric {
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (matchSpecial(s, i, 'nan') > 0) return Numeric.NaN;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    if (matchSpecial(s, i + 1, 'infinity') > 0 || matchSpecial(s, i + 1, 'inf') > 0) {
      return neg ? Numeric.NegativeInfinity : Numeric.Infinity;
    }
    i++;
  } else if (matchSpecial(s, i, 'infinity') > 0 || matchSpecial(s, i, 'inf') > 0) {
    return Numeric.Infinity;
  }
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (s.charCodeAt(i) === 46) {
    fracStart = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fracEnd = i;
  }
  if (intEnd === intStart && fracEnd === fracStart) throw invalidSyntax('numeric', s);
  let exponent = 0;
  if ((s.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    let eneg = false;
    c = s.charCodeAt(i);
    if (c === 45 || c === 43) {
      eneg = c === 45;
      i++;
    }
    const eStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) {
      if (exponent < 1e10) exponent = exponent * 10 + (s.charCodeAt(i) - 48);
      i++;
    }
    if (i === eStart) throw invalidSyntax('numeric', s);
    if (exponent >= 1073741823) throw overflowError();
    if (eneg) exponent = -exponent;
  }
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i !== n) throw invalidSyntax('numeric', s);
  const fracDigits = fracEnd - fracStart;
  const digitText = fracDigits > 0 ? s.slice(intStart, intEnd) + s.slice(fracStart, fracEnd) : s.slice(intStart, intEnd);
  let unscaled = digitText.length < 16 ? BigInt(Number(digitText)) : BigInt(digitText);
  if (neg) unscaled = -unscaled;
  let scale = fracDigits - exponent;
  if (scale < 0) {
    if (unscaled !== 0n) {
      // weight check before building a huge power of ten
      if (digitText.length + -scale > 131072 + 4 && (digitText.replace(/^0+/, '').length || 1) - scale > 131072) {
        throw overflowError();
      }
      unscaled *= pow10(-scale);
    }
    scale = 0;
  }
  return Numeric.of(unscaled, scale);
}
