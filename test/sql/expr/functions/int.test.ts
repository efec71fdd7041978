// Integer operators and functions against values recorded from PostgreSQL 15.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


const INT4_MIN = -2147483648;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

describe('integer arithmetic', () => {
  it.each<[string, Value[], Value]>([
    ['int4pl', [1, 2], 3],
    ['int24pl', [1, 2147483646], 2147483647],
    ['int42mul', [-3, 7], -21],
    ['int48pl', [1, 2n], 3n],
    ['int82mi', [10n, 3], 7n],
    ['int84mul', [3n, -4], -12n],
    ['int28div', [7, -2n], -3n],
    ['int4div', [7, -2], -3],
    ['int4div', [-7, 2], -3],
    ['int2div', [-32768, 2], -16384],
    ['int24div', [-32768, -1], 32768],
    ['int4mod', [7, -3], 1],
    ['int4mod', [-7, 3], -1],
    ['int8mod', [-7n, 3n], -1n],
    ['int2mod', [-7, 3], -1],
    ['int4mod', [INT4_MIN, -1], 0],
    ['int2mod', [-32768, -1], 0],
    ['int8mod', [INT8_MIN, -1n], 0n],
    ['int4mul', [0, -1], 0],
    ['int4um', [0], 0],
    ['int8um', [5n], -5n],
    ['int4abs', [-5], 5],
    ['int8abs', [-5n], 5n],
    ['int4up', [5], 5],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    const r = run(prosrc, ...args);
    expect(r).toBe(expected);
    if (typeof r === 'number') expect(Object.is(r, -0)).toBe(false);
  });

  it.each<[string, Value[], string]>([
    ['int4pl', [2147483647, 1], '22003 integer out of range'],
    ['int2pl', [32767, 1], '22003 smallint out of range'],
    ['int84pl', [INT8_MAX, 1], '22003 bigint out of range'],
    ['int8mul', [INT8_MAX, 2n], '22003 bigint out of range'],
    ['int4mul', [65536, 65536], '22003 integer out of range'],
    ['int4div', [INT4_MIN, -1], '22003 integer out of range'],
    ['int42div', [INT4_MIN, -1], '22003 integer out of range'],
    ['int2div', [-32768, -1], '22003 smallint out of range'],
    ['int8div', [INT8_MIN, -1n], '22003 bigint out of range'],
    ['int4div', [1, 0], '22012 division by zero'],
    ['int8div', [1n, 0n], '22012 division by zero'],
    ['int48div', [1, 0n], '22012 division by zero'],
    ['int4mod', [1, 0], '22012 division by zero'],
    ['int4um', [INT4_MIN], '22003 integer out of range'],
    ['int2um', [-32768], '22003 smallint out of range'],
    ['int8um', [INT8_MIN], '22003 bigint out of range'],
    ['int4abs', [INT4_MIN], '22003 integer out of range'],
    ['int2abs', [-32768], '22003 smallint out of range'],
    ['int8inc', [INT8_MAX], '22003 bigint out of range'],
    ['int4inc', [2147483647], '22003 integer out of range'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });

  it('int4pl/int4mul agree with exact arithmetic or fail with 22003', () => {
    const int4 = fc.integer({ min: INT4_MIN, max: 2147483647 });
    fc.assert(
      fc.property(int4, int4, (a, b) => {
        for (const [prosrc, exact] of [
          ['int4pl', BigInt(a) + BigInt(b)],
          ['int4mi', BigInt(a) - BigInt(b)],
          ['int4mul', BigInt(a) * BigInt(b)],
        ] as const) {
          if (exact >= -(2n ** 31n) && exact < 2n ** 31n) expect(run(prosrc, a, b)).toBe(Number(exact));
          else expect(failure(prosrc, a, b)).toBe('22003 integer out of range');
        }
      }),
    );
  });
});

describe('bitwise operators and shifts', () => {
  it.each<[string, Value[], Value]>([
    ['int4shl', [1, 32], 1],
    ['int4shl', [1, 33], 2],
    ['int4shl', [1, -1], INT4_MIN],
    ['int2shl', [1, 15], -32768],
    ['int2shl', [1, 16], 0],
    ['int2shl', [8, 12], -32768],
    ['int2shl', [16384, 1], -32768],
    ['int2shr', [-32768, 15], -1],
    ['int8shl', [1n, 64], 1n],
    ['int8shl', [1n, -1], INT8_MIN],
    ['int4shr', [-8, 1], -4],
    ['int8shr', [-8n, 70], -1n],
    ['int4not', [5], -6],
    ['int2not', [5], -6],
    ['int8not', [5n], -6n],
    ['int4xor', [5, 3], 6],
    ['int4and', [5, 3], 1],
    ['int4or', [5, 3], 7],
    ['int8xor', [-5n, 3n], -8n],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });
});

describe('gcd and lcm', () => {
  it.each<[string, Value[], Value]>([
    ['int4gcd', [INT4_MIN, -1], 1],
    ['int4gcd', [12, -18], 6],
    ['int4gcd', [0, 0], 0],
    ['int4lcm', [4, 6], 12],
    ['int4lcm', [-4, 6], 12],
    ['int4lcm', [0, 5], 0],
    ['int8gcd', [12n, -18n], 6n],
    ['int8lcm', [-4n, 6n], 12n],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it('fails like PostgreSQL at the edges', () => {
    expect(failure('int4gcd', INT4_MIN, 0)).toBe('22003 integer out of range');
    expect(failure('int4lcm', 2147483647, 2147483646)).toBe('22003 integer out of range');
    expect(failure('int8gcd', INT8_MIN, 0n)).toBe('22003 bigint out of range');
  });
});

describe('integer comparisons', () => {
  it.each<[string, Value[], Value]>([
    ['int48eq', [1, 1n], true],
    ['int84lt', [1n, 2], true],
    ['int28gt', [3, 2n], true],
    ['int82ge', [2n, 2], true],
    ['int24ne', [1, 1], false],
    ['int4le', [5, 5], true],
    ['oidlt', [1, 4294967295], true],
    ['booleq', [true, true], true],
    ['boolgt', [true, false], true],
    ['boolne', [true, false], true],
    ['chareq', ['', ''], true],
    ['charlt', ['a', '\u00c3'], true], // "char" compares as unsigned bytes
    ['uuid_lt', ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'], true],
    ['uuid_cmp', ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a10'], 1],
    ['btint4cmp', [1, 2], -1],
    ['btint48cmp', [3, 2n], 1],
    ['btint8cmp', [2n, 2n], 0],
    ['btboolcmp', [true, false], 1],
    ['btoidcmp', [4294967295, 1], 1],
    ['int4larger', [1, 2], 2],
    ['int8smaller', [1n, 2n], 1n],
    ['booland_statefunc', [true, false], false],
    ['boolor_statefunc', [true, false], true],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it('bt*cmp return only -1, 0 or 1 (PostgreSQL btint2cmp returns the difference)', () => {
    expect(run('btint2cmp', 1, 5)).toBe(-1);
    expect(run('btcharcmp', 'a', 'c')).toBe(-1);
  });
});
