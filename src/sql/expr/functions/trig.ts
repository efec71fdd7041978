// Trigonometric functions in radians (sin ... atan2, cot), in degrees (sind ... atan2d, cotd)
// and hyperbolic ones, with PostgreSQL 15's domain checks (22003 "input is out of range").
// The degree versions reduce the argument to the first quadrant and scale so that the
// well-known angles are exact: sind(30) = 0.5, cosd(60) = 0.5, tand(45) = 1, asind(0.5) = 30.
// Invariant: NaN in gives NaN out; infinite input to a periodic function is an error.
// Requires: no null arguments.
import { floatOverflow, inputOutOfRange } from './errors.js';
import { RADIANS_PER_DEGREE } from './math.js';
import type { FnImpl, FunctionTable } from './registry.js';

// Constants computed the same way as the functions below, so quotients come out exact.
const SIN_30 = Math.sin(30 * RADIANS_PER_DEGREE);
const ONE_MINUS_COS_60 = 1 - Math.cos(60 * RADIANS_PER_DEGREE);
const ASIN_0_5 = Math.asin(0.5);
const ACOS_0_5 = Math.acos(0.5);
const ATAN_1_0 = Math.atan(1);

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

function finite(r: number): number {
  if (isInf(r)) throw floatOverflow();
  return r;
}

/** Periodic functions reject infinities (and pass NaN through). */
function periodic(f: (x: number) => number): FnImpl {
  return (a) => {
    const x = a[0] as number;
    if (x !== x) return NaN;
    if (isInf(x)) throw inputOutOfRange();
    return f(x);
  };
}

function sind0To30(x: number): number {
  return (Math.sin(x * RADIANS_PER_DEGREE) / SIN_30) * 0.5;
}

function cosd0To60(x: number): number {
  const oneMinusCos = 1 - Math.cos(x * RADIANS_PER_DEGREE);
  return 1 - oneMinusCos / ONE_MINUS_COS_60 / 2;
}

/** sin of x degrees for x in [0, 90], exact at 0, 30 and 90. */
function sindQ1(x: number): number {
  return x <= 30 ? sind0To30(x) : cosd0To60(90 - x);
}

/** cos of x degrees for x in [0, 90], exact at 0, 60 and 90. */
function cosdQ1(x: number): number {
  return x <= 60 ? cosd0To60(x) : sind0To30(90 - x);
}

const TAN_45 = sindQ1(45) / cosdQ1(45);
const COT_45 = cosdQ1(45) / sindQ1(45);

function asindQ1(x: number): number {
  return x <= 0.5 ? (Math.asin(x) / ASIN_0_5) * 30 : 90 - (Math.acos(x) / ACOS_0_5) * 60;
}

function acosdQ1(x: number): number {
  return x <= 0.5 ? 90 - (Math.asin(x) / ASIN_0_5) * 30 : (Math.acos(x) / ACOS_0_5) * 60;
}

function sind(x: number): number {
  let sign = 1;
  x %= 360; // fmod
  if (x < 0) {
    x = -x;
    sign = -sign;
  }
  if (x > 180) {
    x = 360 - x;
    sign = -sign;
  }
  if (x > 90) x = 180 - x;
  return finite(sign * sindQ1(x));
}

function cosd(x: number): number {
  let sign = 1;
  x %= 360;
  if (x < 0) x = -x;
  if (x > 180) x = 360 - x;
  if (x > 90) {
    x = 180 - x;
    sign = -sign;
  }
  return finite(sign * cosdQ1(x));
}

/** tand and cotd share the reduction to [0, 90] with sign tracking. */
function tanOrCotd(x: number, cot: boolean): number {
  let sign = 1;
  x %= 360;
  if (x < 0) {
    x = -x;
    sign = -sign;
  }
  if (x > 180) {
    x = 360 - x;
    sign = -sign;
  }
  if (x > 90) {
    x = 180 - x;
    sign = -sign;
  }
  const r = cot ? sign * (cosdQ1(x) / sindQ1(x) / COT_45) : sign * (sindQ1(x) / cosdQ1(x) / TAN_45);
  return r === 0 ? 0 : r; // no -0 (tand(180)); infinities are allowed (tand(90))
}

/** asin/acos-style functions: NaN passes, |x| > 1 is an error. */
function unitDomain(f: (x: number) => number): FnImpl {
  return (a) => {
    const x = a[0] as number;
    if (x !== x) return NaN;
    if (x < -1 || x > 1) throw inputOutOfRange();
    return finite(f(x));
  };
}

function nanSafe(f: (x: number) => number): FnImpl {
  return (a) => {
    const x = a[0] as number;
    return x !== x ? NaN : finite(f(x));
  };
}

export const trigFunctions: FunctionTable = {
  dsin: periodic((x) => finite(Math.sin(x))),
  dcos: periodic((x) => finite(Math.cos(x))),
  dtan: periodic(Math.tan), // tan may be huge but not infinite
  dcot: periodic((x) => 1 / Math.tan(x)), // cot(0) = Infinity is allowed
  dasin: unitDomain(Math.asin),
  dacos: unitDomain(Math.acos),
  datan: nanSafe(Math.atan),
  datan2: (a) => {
    const y = a[0] as number;
    const x = a[1] as number;
    return y !== y || x !== x ? NaN : finite(Math.atan2(y, x));
  },
  dsind: periodic(sind),
  dcosd: periodic(cosd),
  dtand: periodic((x) => tanOrCotd(x, false)),
  dcotd: periodic((x) => tanOrCotd(x, true)),
  dasind: unitDomain((x) => (x >= 0 ? asindQ1(x) : -asindQ1(-x))),
  dacosd: unitDomain((x) => (x >= 0 ? acosdQ1(x) : 90 + asindQ1(-x))),
  datand: nanSafe((x) => (Math.atan(x) / ATAN_1_0) * 45),
  datan2d: (a) => {
    const y = a[0] as number;
    const x = a[1] as number;
    return y !== y || x !== x ? NaN : finite((Math.atan2(y, x) / ATAN_1_0) * 45);
  },
  // sinh/cosh overflow to infinity without an error, as PostgreSQL does
  dsinh: (a) => Math.sinh(a[0] as number),
  dcosh: (a) => Math.cosh(a[0] as number),
  dtanh: nanSafe(Math.tanh),
  dasinh: (a) => Math.asinh(a[0] as number),
  dacosh: (a) => {
    const x = a[0] as number;
    if (x < 1) throw inputOutOfRange();
    return Math.acosh(x);
  },
  datanh: (a) => {
    const x = a[0] as number;
    if (x < -1 || x > 1) throw inputOutOfRange();
    return Math.atanh(x); // ±1 gives ±Infinity
  },
};
