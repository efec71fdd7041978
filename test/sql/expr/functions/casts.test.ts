// Cast functions and length coercion against results recorded from PostgreSQL 15.
import { describe, expect, it } from 'vitest';
import { CALL, failure, run } from './invoke.js';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import type { EvalContext } from '../../../../src/sql/expr/functions/registry.js';
import type { Value } from '../../../../src/sql/types/value.js';


describe('numeric casts', () => {
  it.each<[string, Value[], Value]>([
    ['dtoi4', [2.5], 2],
    ['dtoi4', [3.5], 4],
    ['dtoi4', [-2.5], -2],
    ['dtoi4', [-0.5], 0],
    ['dtoi4', [2147483647.4], 2147483647],
    ['ftoi4', [Math.fround(2.5)], 2],
    ['ftoi8', [Math.fround(9.2233715e18)], 9223371487098961920n],
    ['dtoi8', [-0.4], 0n],
    ['dtoi2', [-32768.4], -32768],
    ['int48', [5], 5n],
    ['int28', [-5], -5n],
    ['int84', [-2147483648n], -2147483648],
    ['int82', [32767n], 32767],
    ['i4toi2', [-32768], -32768],
    ['oidtoi8', [4294967295], 4294967295n],
    ['i8tooid', [4294967295n], 4294967295],
    ['i8tod', [2n ** 53n + 1n], 9007199254740992],
    ['i8tof', [2n ** 60n + 2n ** 36n + 1n], 2 ** 60 + 2 ** 37], // one rounding, not two
    ['i4tof', [16777217], 16777216],
    ['i2tod', [7], 7],
    ['ftod', [Math.fround(0.1)], Math.fround(0.1)],
    ['dtof', [0.1], Math.fround(0.1)],
    ['dtof', [Infinity], Infinity],
    ['dtof', [NaN], NaN],
    ['int4_bool', [0], false],
    ['int4_bool', [-3], true],
    ['bool_int4', [true], 1],
    ['booltext', [false], 'false'],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    const r = run(prosrc, ...args);
    expect(r).toBe(expected);
    if (typeof r === 'number') expect(Object.is(r, -0)).toBe(false);
  });

  it('i2toi4 gives the unsigned value when the target is oid', () => {
    const fn = functionImpl('i2toi4')!;
    expect(fn([-1], {} as EvalContext, { ...CALL, resultType: 26 })).toBe(4294967295);
    expect(fn([-1], {} as EvalContext, { ...CALL, resultType: 23 })).toBe(-1);
  });

  it.each<[string, Value[], string]>([
    ['dtoi4', [2147483647.5], '22003 integer out of range'],
    ['dtoi4', [NaN], '22003 integer out of range'],
    ['dtoi8', [2 ** 63], '22003 bigint out of range'],
    ['dtoi2', [32767.5], '22003 smallint out of range'],
    ['ftoi2', [Infinity], '22003 smallint out of range'],
    ['int84', [2147483648n], '22003 integer out of range'],
    ['int82', [-32769n], '22003 smallint out of range'],
    ['i4toi2', [32768], '22003 smallint out of range'],
    ['i8tooid', [-1n], '22003 OID out of range'],
    ['i8tooid', [4294967296n], '22003 OID out of range'],
    ['dtof', [1e300], '22003 value out of range: overflow'],
    ['dtof', [1e-300], '22003 value out of range: underflow'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});

describe('"char" casts', () => {
  it.each<[string, Value[], Value]>([
    ['i4tochar', [65], 'A'],
    ['i4tochar', [0], ''],
    ['i4tochar', [-56], '\u00c8'],
    ['chartoi4', ['\u00c3'], -61],
    ['chartoi4', [''], 0],
    ['chartoi4', ['\u007f'], 127],
    ['char_text', ['\u00c3'], '\\303'],
    ['char_text', ['\u00c8'], '\\310'],
    ['char_text', [''], ''],
    ['char_text', ['a'], 'a'],
    ['text_char', ['é'], '\u00c3'],
    ['text_char', ['xy'], 'x'],
    ['text_char', [''], ''],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it('rejects ints outside -128..127', () => {
    expect(failure('i4tochar', 200)).toBe('22003 "char" out of range');
    expect(failure('i4tochar', 128)).toBe('22003 "char" out of range');
  });
});

describe('character type casts and length coercion', () => {
  it.each<[string, Value[], Value]>([
    ['varchar', ['abcd', 7, true], 'abc'],
    ['varchar', ['abc   ', 7, false], 'abc'],
    ['varchar', ['abcd', -1, false], 'abcd'],
    ['varchar', ['ab', 7, false], 'ab'],
    ['varchar', ['😀😀😀', 6, true], '😀😀'],
    ['varchar', ['😀😀😀', 7, false], '😀😀😀'],
    ['bpchar', ['ab', 8, false], 'ab  '],
    ['bpchar', ['abcd', 6, true], 'ab'],
    ['bpchar', ['ab  ', 6, false], 'ab'],
    ['bpchar', ['ab', -1, false], 'ab'],
    ['bpchar', ['😀', 6, false], '😀 '],
    ['rtrim1', ['abc  '], 'abc'],
    ['bpchar_name', ['ab  '], 'ab'],
    ['name_bpchar', ['ab  '], 'ab  '],
    ['name_text', ['x'], 'x'],
    ['text_name', ['a'.repeat(70)], 'a'.repeat(63)],
    ['text_name', ['é'.repeat(40)], 'é'.repeat(31)],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it('fails implicit coercions that would cut non-spaces', () => {
    expect(failure('varchar', 'abcd', 7, false)).toBe('22001 value too long for type character varying(3)');
    expect(failure('bpchar', 'abcd', 6, false)).toBe('22001 value too long for type character(2)');
  });
});
