// Integer arithmetic for int2, int4 and int8 with every cross-type pair PostgreSQL defines
// (int24pl, int48mul, int82div, ...), unary minus/plus, abs, bitwise operators, shifts, gcd/lcm
// and the count() increments. int2/int4 are JS numbers, int8 is bigint.
// Invariant: every result is range-checked for its type (22003 smallint/integer/bigint out of
// range) and a number result is never -0. Requires: no null arguments (all are strict).
import type { DbError } from '../../../errors.js';
import type { Value } from '../../types/value.js';
import { bigintOutOfRange, divisionByZero, integerOutOfRange, smallintOutOfRange } from './errors.js';
import type { FnImpl, FunctionTable } from './registry.js';

export const INT2_MIN = -32768;
export const INT2_MAX = 32767;
export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;
export const INT8_MIN = -(2n ** 63n);
export const INT8_MAX = 2n ** 63n - 1n;

export function checkInt8(r: bigint): bigint {
  if (r < INT8_MIN || r > INT8_MAX) throw bigintOutOfRange();
  return r;
}

interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly error: () => DbError;
}

const INT2: NumberRange = { min: INT2_MIN, max: INT2_MAX, error: smallintOutOfRange };
const INT4: NumberRange = { min: INT4_MIN, max: INT4_MAX, error: integerOutOfRange };

/** + - * / for int2/int4 operands whose result type has `range`. Doubles are exact here. */
function numberArith(range: NumberRange): Record<'pl' | 'mi' | 'mul' | 'div', FnImpl> {
  const { min, max, error } = range;
  return {
    pl: (a) => {
      const r = (a[0] as number) + (a[1] as number);
      if (r < min || r > max) throw error();
      return r;
    },
    mi: (a) => {
      const r = (a[0] as number) - (a[1] as number);
      if (r < min || r > max) throw error();
      return r;
    },
    mul: (a) => {
      // a product beyond 2^53 is rounded, but stays outside the range, so the check holds
      const r = (a[0] as number) * (a[1] as number);
      if (r < min || r > max) throw error();
      return r + 0; // -1 * 0 is -0 in JS
    },
    div: (a) => {
      const d = a[1] as number;
      if (d === 0) throw divisionByZero();
      const q = Math.trunc((a[0] as number) / d); // exact: int32 quotients never round across an integer
      if (q < min || q > max) throw error(); // only MIN / -1
      return q + 0;
    },
  };
}

const toBig = (v: Value): bigint => BigInt(v as number | bigint);

/** + - * / where at least one operand is int8; the result is int8. */
function bigintArith(leftIsBig: boolean, rightIsBig: boolean): Record<'pl' | 'mi' | 'mul' | 'div', FnImpl> {
  const left = leftIsBig ? (v: Value) => v as bigint : toBig;
  const right = rightIsBig ? (v: Value) => v as bigint : toBig;
  return {
    pl: (a) => checkInt8(left(a[0]) + right(a[1])),
    mi: (a) => checkInt8(left(a[0]) - right(a[1])),
    mul: (a) => checkInt8(left(a[0]) * right(a[1])),
    div: (a) => {
      const x = left(a[0]);
      const y = right(a[1]);
      if (y === 0n) throw divisionByZero();
      if (y === -1n) {
        if (x === INT8_MIN) throw bigintOutOfRange();
        return -x;
      }
      return x / y; // BigInt division truncates toward zero, like C
    },
  };
}

/** Operand pairs by prosrc prefix: int2pl, int24pl, int48pl, int8pl, ... */
const PAIRS: ReadonlyArray<readonly [string, 2 | 4 | 8, 2 | 4 | 8]> = [
  ['int2', 2, 2],
  ['int24', 2, 4],
  ['int42', 4, 2],
  ['int4', 4, 4],
  ['int28', 2, 8],
  ['int48', 4, 8],
  ['int82', 8, 2],
  ['int84', 8, 4],
  ['int8', 8, 8],
];

function arithmeticTable(): FunctionTable {
  const table: FunctionTable = {};
  for (const [prefix, l, r] of PAIRS) {
    const ops = l === 8 || r === 8 ? bigintArith(l === 8, r === 8) : numberArith(l === 2 && r === 2 ? INT2 : INT4);
    table[prefix + 'pl'] = ops.pl;
    table[prefix + 'mi'] = ops.mi;
    table[prefix + 'mul'] = ops.mul;
    table[prefix + 'div'] = ops.div;
  }
  return table;
}

function numberMod(a: Value[]): Value {
  const d = a[1] as number;
  if (d === 0) throw divisionByZero();
  if (d === -1) return 0; // MIN % -1 would trap in C; PostgreSQL answers 0
  return ((a[0] as number) % d) + 0; // JS % keeps the dividend's sign, as C does; drop -0
}

function numberNegate(range: NumberRange): FnImpl {
  return (a) => {
    const x = a[0] as number;
    if (x === range.min) throw range.error();
    return 0 - x;
  };
}

function numberAbs(range: NumberRange): FnImpl {
  return (a) => {
    const x = a[0] as number;
    if (x === range.min) throw range.error();
    return x < 0 ? -x : x;
  };
}

/** Euclid's gcd for int4 with PostgreSQL's INT_MIN cases (int4gcd_internal). */
function gcd4(x: number, y: number): number {
  if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
  if (x === INT4_MIN) {
    if (y === 0 || y === INT4_MIN) throw integerOutOfRange();
    if (y === -1) return 1;
  }
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return Math.abs(x) + 0;
}

function gcd8(x: bigint, y: bigint): bigint {
  const abs = (v: bigint) => (v < 0n ? -v : v);
  if (abs(x) < abs(y)) [x, y] = [y, x];
  if (x === INT8_MIN) {
    if (y === 0n || y === INT8_MIN) throw bigintOutOfRange();
    if (y === -1n) return 1n;
  }
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return abs(x);
}

function lcm4(x: number, y: number): number {
  if (x === 0 || y === 0) return 0;
  const r = (x / gcd4(x, y)) * y;
  if (r <= INT4_MIN || r > INT4_MAX) throw integerOutOfRange(); // INT_MIN has no absolute value
  return Math.abs(r);
}

function lcm8(x: bigint, y: bigint): bigint {
  if (x === 0n || y === 0n) return 0n;
  const r = (x / gcd8(x, y)) * y;
  if (r <= INT8_MIN || r > INT8_MAX) throw bigintOutOfRange();
  return r < 0n ? -r : r;
}

function int8Increment(delta: bigint): FnImpl {
  return (a) => checkInt8((a[0] as bigint) + delta);
}

/** int2 << int4 as C computes it: shift the promoted int (count mod 32), keep 16 bits. */
function int2Shl(a: Value[]): Value {
  return (((a[0] as number) << (a[1] as number)) << 16) >> 16;
}

export const intArithFunctions: FunctionTable = {
  ...arithmeticTable(),
  int2mod: numberMod,
  int4mod: numberMod,
  int8mod: (a) => {
    const d = a[1] as bigint;
    if (d === 0n) throw divisionByZero();
    if (d === -1n) return 0n;
    return (a[0] as bigint) % d;
  },
  int2um: numberNegate(INT2),
  int4um: numberNegate(INT4),
  int8um: (a) => {
    const x = a[0] as bigint;
    if (x === INT8_MIN) throw bigintOutOfRange();
    return -x;
  },
  int2up: (a) => a[0],
  int4up: (a) => a[0],
  int8up: (a) => a[0],
  int2abs: numberAbs(INT2),
  int4abs: numberAbs(INT4),
  int8abs: (a) => {
    const x = a[0] as bigint;
    if (x === INT8_MIN) throw bigintOutOfRange();
    return x < 0n ? -x : x;
  },
  // bitwise operators: two's complement results of in-range operands stay in range
  int2and: (a) => (a[0] as number) & (a[1] as number),
  int2or: (a) => (a[0] as number) | (a[1] as number),
  int2xor: (a) => (a[0] as number) ^ (a[1] as number),
  int2not: (a) => ~(a[0] as number),
  int4and: (a) => (a[0] as number) & (a[1] as number),
  int4or: (a) => (a[0] as number) | (a[1] as number),
  int4xor: (a) => (a[0] as number) ^ (a[1] as number),
  int4not: (a) => ~(a[0] as number),
  int8and: (a) => (a[0] as bigint) & (a[1] as bigint),
  int8or: (a) => (a[0] as bigint) | (a[1] as bigint),
  int8xor: (a) => (a[0] as bigint) ^ (a[1] as bigint),
  int8not: (a) => ~(a[0] as bigint),
  // shifts: the count is taken modulo the operand width, as x86 does for PostgreSQL's C shifts
  int2shl: int2Shl,
  int2shr: (a) => (a[0] as number) >> (a[1] as number),
  int4shl: (a) => (a[0] as number) << (a[1] as number),
  int4shr: (a) => (a[0] as number) >> (a[1] as number),
  int8shl: (a) => BigInt.asIntN(64, (a[0] as bigint) << BigInt((a[1] as number) & 63)),
  int8shr: (a) => (a[0] as bigint) >> BigInt((a[1] as number) & 63),
  int4gcd: (a) => gcd4(a[0] as number, a[1] as number),
  int8gcd: (a) => gcd8(a[0] as bigint, a[1] as bigint),
  int4lcm: (a) => lcm4(a[0] as number, a[1] as number),
  int8lcm: (a) => lcm8(a[0] as bigint, a[1] as bigint),
  // aggregate transition steps of count(*) / count(x)
  int4inc: (a) => {
    const x = a[0] as number;
    if (x === INT4_MAX) throw integerOutOfRange();
    return x + 1;
  },
  int8inc: int8Increment(1n),
  int8dec: int8Increment(-1n),
  int8inc_any: int8Increment(1n),
  int8dec_any: int8Increment(-1n),
};
