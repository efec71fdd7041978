// format(), concat(), concat_ws() and the quote_* functions against PostgreSQL 15's results.
// Arguments here are text, int and bool, which print without the type registry.
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../../src/errors.js';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import type { EvalContext } from '../../../../src/sql/expr/functions/registry.js';
import type { Value } from '../../../../src/sql/types/value.js';

const TEXT = 25;
const INT4 = 23;
const INT8 = 20;
const BOOL = 16;

/** A value with its SQL type, as the analyzer passes "any" arguments. */
type Arg = [Value, number];

function typeOf(v: Value): number {
  return typeof v === 'number' ? INT4 : typeof v === 'bigint' ? INT8 : typeof v === 'boolean' ? BOOL : TEXT;
}

function run(prosrc: string, ...values: Value[]): Value {
  const fn = functionImpl(prosrc);
  if (!fn) throw new Error(`${prosrc} is not implemented`);
  const args: Arg[] = values.map((v) => [v, typeOf(v)]);
  return fn(
    args.map((a) => a[0]),
    {} as EvalContext,
    { argTypes: args.map((a) => a[1]), resultType: TEXT, resultTypmod: -1, funcOid: 0 },
  );
}

function failure(prosrc: string, ...values: Value[]): string {
  try {
    run(prosrc, ...values);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  throw new Error(`${prosrc} did not fail`);
}

describe('format()', () => {
  it.each<[Value[], Value]>([
    [['Hello %s, %L, %I', 'World', "O'Reilly", 'Foo bar'], `Hello World, 'O''Reilly', "Foo bar"`],
    [['%s %s', 1, null], '1 '],
    [['%L', null], 'NULL'],
    [['%2$s %1$s', 'a', 'b'], 'b a'],
    [['|%10s|%-10s|', 'ab', 'cd'], '|        ab|cd        |'],
    [['|%*s|', 5, 'x'], '|    x|'],
    [['|%*s|', -5, 'x'], '|x    |'],
    [['|%-*s|', -5, 'x'], '|x    |'],
    [['%%'], '%'],
    [[null], null],
    [['x'], 'x'],
    [['%1$s %s', 'a', 'b'], 'a b'],
    [['%*1$s', 3, 'x'], '  x'],
    [['%1$*2$s|', 'x', 4], '   x|'],
    [['%3$s %s', 'a', 'b', 'c', 'd'], 'c d'],
    [['%s %3$s %s', 'a', 'b', 'c', 'd'], 'a c d'],
    [['%1$*s', 3, 'x'], '  3'],
    [['%*s|', null, 'x'], 'x|'],
    [['%L', 'a\\b'], "E'a\\\\b'"],
    [['%I %I %I', 'select', 'Abc', 'abc'], '"select" "Abc" abc'],
    [['%s', true], 't'],
    [['%L', 42], "'42'"],
    [['%10L|', 'x'], "       'x'|"],
    [['%*s', '3', 'x'], '  x'],
    [['%*s', 3n, 'x'], '  x'],
    [['%3s|', '😀'], '  😀|'],
  ])('format(%s) = %s', (args, expected) => {
    expect(run('text_format', ...args)).toBe(expected);
  });

  it.each<[Value[], string]>([
    [['%I', null], '22004 null values cannot be formatted as an SQL identifier'],
    [['%s'], '22023 too few arguments for format()'],
    [['%z', 1], '22023 unrecognized format() type specifier "z"'],
    [['%'], '22023 unterminated format() type specifier'],
    [['%0$s', 1], '22023 format specifies argument 0, but arguments are numbered from 1'],
    [['%1$', 1], '22023 unterminated format() type specifier'],
    [['%2147483648s', 'x'], '22003 number is out of range'],
    [['%*s', -2147483648, 'x'], '22003 number is out of range'],
    [['%*s', 'x', 'x'], '22P02 invalid input syntax for type integer: "x"'],
    [['%*x', 1, 'x'], '22023 unrecognized format() type specifier "x"'],
    [['%*1x', 1, 'x'], '22023 width argument position must be ended by "$"'],
    [['%*1', 1, 'x'], '22023 unterminated format() type specifier'],
    [['%é', 1], '22023 unrecognized format() type specifier "é"'],
    [['abc%-', 1], '22023 unterminated format() type specifier'],
    [['%5.2s|', 'x'], '22023 unrecognized format() type specifier "."'],
  ])('format(%s) fails with %s', (args, expected) => {
    expect(failure('text_format', ...args)).toBe(expected);
  });

  it('has the hint PostgreSQL gives for a stray %', () => {
    try {
      run('text_format', '%');
    } catch (err) {
      expect((err as DbError).hint).toBe('For a single "%" use "%%".');
    }
  });
});

describe('concat and concat_ws', () => {
  it.each<[string, Value[], Value]>([
    ['text_concat', ['a', 1, null, true, 5n], 'a1t5'],
    ['text_concat', [null], ''],
    ['text_concat_ws', [',', 'a', null, 'b'], 'a,b'],
    ['text_concat_ws', [null, 'a'], null],
    ['text_concat_ws', [',', null], ''],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });
});

describe('quoting', () => {
  it.each<[string, string]>([
    ['abc', 'abc'],
    ['Abc', '"Abc"'],
    ['a b', '"a b"'],
    ['select', '"select"'],
    ['int', '"int"'],
    ['a"b', '"a""b"'],
    ['_x1', '_x1'],
    ['1x', '"1x"'],
    ['é', '"é"'],
    ['', '""'],
    ['user', '"user"'],
    ['name', 'name'],
    ['between', '"between"'],
    ['abort', 'abort'],
  ])('quote_ident(%s) = %s', (input, expected) => {
    expect(run('quote_ident', input)).toBe(expected);
  });

  it.each<[string, Value[], Value]>([
    ['quote_literal', ['abc'], "'abc'"],
    ['quote_literal', ["O'R"], "'O''R'"],
    ['quote_literal', ['a\\b'], "E'a\\\\b'"],
    ['quote_literal', ["a\\b'c"], "E'a\\\\b''c'"],
    ['quote_nullable', [null], 'NULL'],
    ['quote_nullable', ['x'], "'x'"],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });
});
