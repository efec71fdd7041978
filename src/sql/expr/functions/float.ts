// float4 and float8 arithmetic and comparison, same-type and cross-type (float48pl, float84lt,
// ...), with PostgreSQL's checks: a finite computation that overflows is 22003 "value out of
// range: overflow", a non-zero product/quotient that becomes 0 is "...: underflow", x / 0 is
// 22012 unless x is NaN. Comparisons treat NaN as equal to NaN and above every other value.
// Invariant: float4 results are rounded with Math.fround (float4 arithmetic computed in double
// and rounded once is exactly C's float arithmetic). Requires: no null arguments.
import { divisionByZero, floatOverflow, floatUnderflow } from './errors.js';
import type { FnImpl, FunctionTable } from './registry.js';

function isInf(x: number): boolean {
  return x === Infinity || x === -Infinity;
}

/** PostgreSQL's float8_pl/float8_mi check, also used for float4 once rounded. */
function checkSum(r: number, x: number, y: number): number {
  if (isInf(r) && !isInf(x) && !isInf(y)) throw floatOverflow();
  return r;
}

function checkProduct(r: number, x: number, y: number): number {
  if (isInf(r) && !isInf(x) && !isInf(y)) throw floatOverflow();
  if (r === 0 && x !== 0 && y !== 0) throw floatUnderflow();
  return r;
}

function checkQuotient(r: number, x: number, y: number): number {
  if (isInf(r) && !isInf(x)) throw floatOverflow();
  if (r === 0 && x !== 0 && !isInf(y)) throw floatUnderflow();
  return r;
}

export function float8Add(x: number, y: number): number {
  return checkSum(x + y, x, y);
}

export function float8Sub(x: number, y: number): number {
  return checkSum(x - y, x, y);
}

export function float8Mul(x: number, y: number): number {
  return checkProduct(x * y, x, y);
}

export function float8Div(x: number, y: number): number {
  if (y === 0 && x === x) throw divisionByZero();
  return checkQuotient(x / y, x, y);
}

/** PostgreSQL's float8_eq: NaN equals NaN; -0 equals 0. */
export function floatEq(x: number, y: number): boolean {
  return x === y || (x !== x && y !== y);
}

/** float8_lt: NaN sorts above everything. */
export function floatLt(x: number, y: number): boolean {
  return x < y || (x === x && y !== y);
}

export function floatGt(x: number, y: number): boolean {
  return x > y || (x !== x && y === y);
}

/** float8_cmp_internal: -1, 0 or 1 with NaN last. */
export function floatCmp(x: number, y: number): number {
  return floatGt(x, y) ? 1 : floatLt(x, y) ? -1 : 0;
}

const float8Ops: Record<'pl' | 'mi' | 'mul' | 'div', FnImpl> = {
  pl: (a) => float8Add(a[0] as number, a[1] as number),
  mi: (a) => float8Sub(a[0] as number, a[1] as number),
  mul: (a) => float8Mul(a[0] as number, a[1] as number),
  div: (a) => float8Div(a[0] as number, a[1] as number),
};

const float4Ops: Record<'pl' | 'mi' | 'mul' | 'div', FnImpl> = {
  pl: (a) => {
    const x = a[0] as number;
    const y = a[1] as number;
    return checkSum(Math.fround(x + y), x, y);
  },
  mi: (a) => {
    const x = a[0] as number;
    const y = a[1] as number;
    return checkSum(Math.fround(x - y), x, y);
  },
  mul: (a) => {
    const x = a[0] as number;
    const y = a[1] as number;
    return checkProduct(Math.fround(x * y), x, y);
  },
  div: (a) => {
    const x = a[0] as number;
    const y = a[1] as number;
    if (y === 0 && x === x) throw divisionByZero();
    return checkQuotient(Math.fround(x / y), x, y);
  },
};

const comparisons: Record<'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', FnImpl> = {
  eq: (a) => floatEq(a[0] as number, a[1] as number),
  ne: (a) => !floatEq(a[0] as number, a[1] as number),
  lt: (a) => floatLt(a[0] as number, a[1] as number),
  le: (a) => !floatGt(a[0] as number, a[1] as number),
  gt: (a) => floatGt(a[0] as number, a[1] as number),
  ge: (a) => !floatLt(a[0] as number, a[1] as number),
};

const floatCmpFn: FnImpl = (a) => floatCmp(a[0] as number, a[1] as number);

function build(): FunctionTable {
  const table: FunctionTable = {};
  for (const [prefix, ops] of [
    ['float4', float4Ops],
    ['float8', float8Ops],
    ['float48', float8Ops], // float4 widened to float8 is exact
    ['float84', float8Ops],
  ] as const) {
    for (const [name, fn] of Object.entries(ops)) table[prefix + name] = fn;
    for (const [name, fn] of Object.entries(comparisons)) table[prefix + name] = fn;
  }
  for (const name of ['btfloat4cmp', 'btfloat8cmp', 'btfloat48cmp', 'btfloat84cmp']) table[name] = floatCmpFn;
  return table;
}

const negate: FnImpl = (a) => -(a[0] as number);
const abs: FnImpl = (a) => Math.abs(a[0] as number);
const larger: FnImpl = (a) => (floatGt(a[0] as number, a[1] as number) ? a[0] : a[1]);
const smaller: FnImpl = (a) => (floatLt(a[0] as number, a[1] as number) ? a[0] : a[1]);

export const floatFunctions: FunctionTable = {
  ...build(),
  float4um: negate,
  float8um: negate,
  float4up: (a) => a[0],
  float8up: (a) => a[0],
  float4abs: abs,
  float8abs: abs,
  float4larger: larger,
  float8larger: larger,
  float4smaller: smaller,
  float8smaller: smaller,
};
