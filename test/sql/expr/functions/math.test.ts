// float8 math and trigonometric functions against results recorded from PostgreSQL 15 (chosen
// where V8's libm and glibc agree to the last bit), and their domain errors.
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


describe('math functions', () => {
  it.each<[string, Value[], Value]>([
    ['dsqrt', [2], 1.4142135623730951],
    ['dsqrt', [-0], -0],
    ['dsqrt', [Infinity], Infinity],
    ['dcbrt', [-8], -2],
    ['dexp', [1], 2.718281828459045],
    ['dexp', [2], 7.38905609893065],
    ['dexp', [-Infinity], 0],
    ['dexp', [NaN], NaN],
    ['dexp', [Infinity], Infinity],
    ['dlog1', [10], 2.302585092994046],
    ['dlog1', [Infinity], Infinity],
    ['dlog1', [NaN], NaN],
    ['dlog10', [100], 2],
    ['dlog10', [1000], 3],
    ['dpi', [], 3.141592653589793],
    ['degrees', [Math.PI], 180],
    ['radians', [180], 3.141592653589793],
    ['radians', [1e-320], 1.73e-322],
    ['dpow', [2, 10], 1024],
    ['dpow', [2, 0.5], 1.4142135623730951],
    ['dpow', [10, 308], 1e308],
    ['dpow', [NaN, 0], 1],
    ['dpow', [1, NaN], 1],
    ['dpow', [-1, Infinity], 1],
    ['dpow', [-Infinity, 3], -Infinity],
    ['dpow', [-Infinity, -3], -0],
    ['dpow', [-Infinity, 2], Infinity],
    ['dpow', [0.5, -Infinity], Infinity],
    ['dpow', [2, -Infinity], 0],
    ['dpow', [-2, Infinity], Infinity],
    ['dpow', [0, 0], 1],
    ['dpow', [0, Infinity], 0],
    ['dpow', [-0, 3], -0],
    ['dround', [2.5], 2],
    ['dround', [-2.5], -2],
    ['dround', [3.5], 4],
    ['dround', [-0.4], -0],
    ['dtrunc', [-1.7], -1],
    ['dceil', [-0.5], -0],
    ['dceil', [1.2], 2],
    ['dfloor', [-0.5], -1],
    ['dsign', [-3], -1],
    ['dsign', [0], 0],
    ['dsign', [NaN], 0],
    ['dsign', [-0], 0],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it.each<[string, Value[], string]>([
    ['dsqrt', [-1], '2201F cannot take square root of a negative number'],
    ['dlog1', [0], '2201E cannot take logarithm of zero'],
    ['dlog1', [-1], '2201E cannot take logarithm of a negative number'],
    ['dlog10', [0], '2201E cannot take logarithm of zero'],
    ['dlog10', [-1], '2201E cannot take logarithm of a negative number'],
    ['dexp', [1000], '22003 value out of range: overflow'],
    ['dexp', [-1000], '22003 value out of range: underflow'],
    ['dpow', [0, -1], '2201F zero raised to a negative power is undefined'],
    ['dpow', [-8, 1 / 3], '2201F a negative number raised to a non-integer power yields a complex result'],
    ['dpow', [10, 400], '22003 value out of range: overflow'],
    ['dpow', [10, -400], '22003 value out of range: underflow'],
    ['degrees', [1e308], '22003 value out of range: overflow'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});

describe('width_bucket', () => {
  it.each<[Value[], Value]>([
    [[5, 0, 10, 5], 3],
    [[-1, 0, 10, 5], 0],
    [[10, 0, 10, 5], 6],
    [[5, 10, 0, 5], 3],
    [[10, 10, 0, 5], 1],
    [[0, 10, 0, 5], 6],
    [[Infinity, 0, 10, 5], 6],
    [[0, -1e308, 1e308, 10], -2147483648], // PostgreSQL 15 overflows to NaN, then INT_MIN
  ])('width_bucket(%s) = %s', (args, expected) => {
    expect(run('width_bucket_float8', ...args)).toBe(expected);
  });

  it.each<[Value[], string]>([
    [[5, 0, 10, 0], '2201G count must be greater than zero'],
    [[NaN, 0, 10, 5], '2201G operand, lower bound, and upper bound cannot be NaN'],
    [[1, 0, Infinity, 5], '2201G lower and upper bounds must be finite'],
    [[1, 1, 1, 5], '2201G lower bound cannot equal upper bound'],
    [[11, 0, 10, 2147483647], '22003 integer out of range'],
  ])('width_bucket(%s) fails with %s', (args, expected) => {
    expect(failure('width_bucket_float8', ...args)).toBe(expected);
  });
});

describe('trigonometric functions', () => {
  it.each<[string, Value[], Value]>([
    ['dsin', [1], 0.8414709848078965],
    ['dcos', [1], 0.5403023058681398],
    ['dtan', [1], 1.5574077246549023],
    ['dcot', [1], 0.6420926159343306],
    ['dcot', [0], Infinity],
    ['dasin', [0.5], 0.5235987755982989],
    ['dacos', [0.5], 1.0471975511965979],
    ['datan', [1], 0.7853981633974483],
    ['datan2', [1, 2], 0.4636476090008061],
    ['dsind', [30], 0.5],
    ['dcosd', [60], 0.5],
    ['dtand', [45], 1],
    ['dcotd', [45], 1],
    ['dsind', [180], 0],
    ['dcosd', [90], 0],
    ['dtand', [90], Infinity],
    ['dtand', [-90], -Infinity],
    ['dcotd', [0], Infinity],
    ['dtand', [180], 0],
    ['dasind', [0.5], 30],
    ['dacosd', [0.5], 60],
    ['datand', [1], 45],
    ['datan2d', [1, 1], 45],
    ['dsind', [-30], -0.5],
    ['dsind', [210], -0.5],
    ['dcosd', [120], -0.5],
    ['dacosd', [-0.5], 120],
    ['dasind', [-1], -90],
    ['dtand', [135], -1],
    ['dcotd', [-45], -1],
    ['dsind', [1e300], 0],
    ['dsinh', [1], 1.1752011936438014],
    ['dcosh', [1], 1.5430806348152437],
    ['dtanh', [1], 0.7615941559557649],
    ['dasinh', [1], 0.881373587019543],
    ['dacosh', [1], 0],
    ['datanh', [0.5], 0.5493061443340548],
    ['dsinh', [1000], Infinity],
    ['dsinh', [-1000], -Infinity],
    ['dcosh', [-1000], Infinity],
    ['datanh', [1], Infinity],
    ['datanh', [-1], -Infinity],
    ['dsin', [NaN], NaN],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it.each<[string, Value[]]>([
    ['dsin', [Infinity]],
    ['dcosd', [-Infinity]],
    ['dasin', [2]],
    ['dacosd', [-1.5]],
    ['dacosh', [0.5]],
    ['datanh', [2]],
  ])('%s(%s) fails with 22003 input is out of range', (prosrc, args) => {
    expect(failure(prosrc, ...args)).toBe('22003 input is out of range');
  });
});
