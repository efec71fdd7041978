// float4/float8 operators against results recorded from PostgreSQL 15: overflow, underflow,
// division by zero, NaN ordering and cross-type operators.
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


const f4 = Math.fround;

describe('float arithmetic', () => {
  it.each<[string, Value[], Value]>([
    ['float8pl', [0.1, 0.2], 0.30000000000000004],
    ['float4pl', [f4(0.1), f4(0.2)], f4(f4(0.1) + f4(0.2))],
    ['float48mul', [f4(1.5), 2], 3],
    ['float84div', [1, f4(4)], 0.25],
    ['float8div', [NaN, 0], NaN],
    ['float4div', [NaN, 0], NaN],
    ['float8div', [0, Infinity], 0],
    ['float8mul', [Infinity, 0], NaN],
    ['float8mi', [Infinity, Infinity], NaN],
    ['float8pl', [Infinity, 1e308], Infinity],
    ['float8mul', [-Infinity, 1e308], -Infinity],
    ['float8mul', [-1, 0], -0],
    ['float8um', [0], -0],
    ['float4um', [0], -0],
    ['float8mul', [1e-320, 1], 1e-320],
    ['float8abs', [-2.5], 2.5],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it.each<[string, Value[], string]>([
    ['float8div', [1, 0], '22012 division by zero'],
    ['float8div', [0, 0], '22012 division by zero'],
    ['float84div', [1, 0], '22012 division by zero'],
    ['float4div', [1, 0], '22012 division by zero'],
    ['float8mul', [1e308, 10], '22003 value out of range: overflow'],
    ['float8pl', [1e308, 1e308], '22003 value out of range: overflow'],
    ['float8mul', [1e-300, 1e-300], '22003 value out of range: underflow'],
    ['float8mul', [5e-324, 0.5], '22003 value out of range: underflow'],
    ['float8div', [1e-308, 1e20], '22003 value out of range: underflow'],
    ['float4mul', [f4(3e38), f4(10)], '22003 value out of range: overflow'],
    ['float4mul', [f4(1e30), f4(1e10)], '22003 value out of range: overflow'],
    ['float4mul', [f4(1e-30), f4(1e-30)], '22003 value out of range: underflow'],
    ['float4div', [f4(1e-45), f4(2)], '22003 value out of range: underflow'],
    ['float48mul', [f4(1e-30), 1e-300], '22003 value out of range: underflow'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });

  it('float48mul computes in float8 (no float4 overflow)', () => {
    expect(run('float48mul', f4(1e30), 1e10)).toBe(f4(1e30) * 1e10);
  });
});

describe('float comparisons', () => {
  it.each<[string, Value[], Value]>([
    ['float8eq', [NaN, NaN], true],
    ['float8gt', [NaN, Infinity], true],
    ['float8lt', [Infinity, NaN], true],
    ['float8le', [NaN, NaN], true],
    ['float8ne', [NaN, 1], true],
    ['float8eq', [0, -0], true],
    ['float48eq', [NaN, NaN], true],
    ['float84lt', [1, f4(1.5)], true],
    ['btfloat8cmp', [NaN, 1], 1],
    ['btfloat4cmp', [1, NaN], -1],
    ['btfloat48cmp', [NaN, NaN], 0],
    ['float8larger', [NaN, 1], NaN],
    ['float8smaller', [NaN, 1], 1],
    ['float4larger', [f4(2), f4(1)], 2],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });
});
