// POSIX regular expressions (PostgreSQL's ARE flavour) against results recorded from
// PostgreSQL 15: operators, syntax errors, substring(from), regexp_replace and regexp_*.
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


describe('~ and ~*', () => {
  it.each<[string, string, boolean]>([
    ['abc', 'b', true],
    ['abc', '^b', false],
    ['a.c', 'a\\.c', true],
    ['a\nc', 'a.c', true],
    ['a\nc', '^c', false],
    ['a\nc', 'a$', false],
    ['a\nc', '(?n)^c', true],
    ['a\nc', '(?n)a.c', false],
    ['a\nc', '(?n)a[^x]c', false],
    ['a\nc', '(?p)^c', false],
    ['a\nc', '(?w)^c', true],
    ['a\nc', '(?w)a.c', true],
    ['a\nb', '(?n)a\\Db', true],
    ['a\nb', '(?n)a\\Sb', false],
    ['a\nb', '(?n)a\\Wb', true],
    ['a\nb', '(?n)a[\\D]b', true],
    ['abc', 'a{', false],
    ['a{', 'a{', true],
    ['a{x', 'a{x', true],
    ['a}', 'a}', true],
    ['ab', 'a{1}b', true],
    ['a', 'a{,2}', false],
    ['a1 b', '\\d', true],
    ['a b', '\\s', true],
    ['a', '\\w', true],
    ['foo bar', '\\mbar', true],
    ['foo bar', 'o\\M', true],
    ['foo bar', '\\yfoo\\y', true],
    ['foobar', 'o\\Yb', true],
    ['ab', '[[:<:]]b', false],
    ['a b', '[[:<:]]b', true],
    ['a-b', '[a\\-z]', true],
    ['a]b', '[]]', true],
    ['x', '[\\d]', false],
    ['x', '[\\D]', true],
    ['a5', '[a-c\\d]{2}', true],
    ['abc', '\\Aabc\\Z', true],
    ['a\bb', 'a\\bb', true],
    ['a\\b', 'a\\Bb', true],
    ['abc', '***=a.c', false],
    ['a.c', '***=a.c', true],
    ['ABC', '(?i)abc', true],
    ['abc', '***:abc', true],
    ['a b', '(?x)a b', false],
    ['ab', '(?x)a b', true],
    ['a b', '(?x) a \\  b', true],
    ['ab', '(?x)a#comment\nb', true],
    ['a b', '(?x)a[ ]b', true],
    ['ab', '(?x)a{1, 2}b', true],
    ['a', '\\u0061', true],
    ['a', '\\x61', true],
    ['a', '\\x0061', true],
    ['a', '\\141', true],
    ['\t', '\\t', true],
    ['a', '\\U00000061', true],
    ['\\', '\\\\', true],
    ['a+', 'a\\+', true],
    ['é', '\\xe9', true],
    ['😀', '\\U0001F600', true],
    ['a', '\\U00110000', false],
    ['abcabc', '(abc)\\1', true],
    ['aa', '(a)\\10', false],
    ['\b', '(a)\\10', false],
    ['a', '\\18', false],
    ['a', '[[.a.]]', true],
    ['a', '[[=a=]]', true],
    ['-', '[[.hyphen.]]', true],
    [' ', '[[.space.]]', true],
    ['ab', 'a{1,2}?b', true],
    ['aaa', '^a{2}$', false],
    ['é', '^.$', true],
    ['😀', '^.$', true],
    ['😀', '^[😀]$', true],
    ['b', '[😀-😂a-c]', true],
    ['abc', 'a(?=b)', true],
    ['abc', '(?<=a)b', true],
    ['abc', '(?!b)a', true],
    ['foo', '[[:alpha:]]+', true],
    ['é', '[[:alpha:]]', false],
    ['1', '[[:alnum:]]', true],
    [' ', '[[:space:]]', true],
    ['\u00a0', '\\s', false],
    ['x', '[[:word:]]', true],
    ['x', '(?#comment)x', true],
    ['bbb', '^b(?#unterminated', true],
    ['\u0001', '[\\01]', true],
    ['a', '***=', true],
    [']', '[]-a]', true],
    ['-', '[a-]', true],
    ['-', '[-a]', true],
    ['A', '(?ic)a', false],
    ['A', '(?ci)a', true],
    ['A', '***:(?i)a', true],
    ['a.c', '(?q)a.c', true],
    ['abc', '(?q)a.c', false],
    ['a', '()', true],
    ['a', 'a|', true],
    ['a', '(|a)', true],
    ['\x18', '\\cX', true],
  ])('%j ~ %j is %s', (text, pattern, expected) => {
    expect(run('textregexeq', text, pattern)).toBe(expected);
    expect(run('textregexne', text, pattern)).toBe(!expected);
  });

  it.each<[string, string, boolean]>([
    ['ABC', 'b', true],
    ['abc', 'B', true],
    ['É', 'é', false], // the C locale folds ASCII letters only
    ['K', '\u212a', false],
    ['A', '[a-c]', true],
    ['b', '[A-C]', true],
    ['B', '[^a]', true],
    ['b', '[^B]', false],
    ['_', '[Z-a]', true],
    ['A', '[[:lower:]]', true],
    ['a', '[[:upper:]]', true],
    ['aB', '(a)\\1', false],
    ['aA', '(a)\\1', true],
  ])('%j ~* %j is %s', (text, pattern, expected) => {
    expect(run('texticregexeq', text, pattern)).toBe(expected);
    expect(run('texticregexne', text, pattern)).toBe(!expected);
  });

  it('is case-sensitive for [[:lower:]] without ~*', () => {
    expect(run('textregexeq', 'A', '[[:lower:]]')).toBe(false);
  });

  it.each<[string, string]>([
    ['(', 'parentheses () not balanced'],
    [')', 'parentheses () not balanced'],
    ['[', 'brackets [] not balanced'],
    ['[a', 'brackets [] not balanced'],
    ['[[:alpha:]', 'brackets [] not balanced'],
    ['a{2,1}', 'invalid repetition count(s)'],
    ['a{256}', 'invalid repetition count(s)'],
    ['a{1,2,3}', 'invalid repetition count(s)'],
    ['a{1', 'braces {} not balanced'],
    ['*a', 'quantifier operand invalid'],
    ['a**', 'quantifier operand invalid'],
    ['^*a', 'quantifier operand invalid'],
    ['$*', 'quantifier operand invalid'],
    ['(?=a)*a', 'quantifier operand invalid'],
    ['\\m*', 'quantifier operand invalid'],
    ['a(?i)b', 'quantifier operand invalid'],
    ['a|*b', 'quantifier operand invalid'],
    ['(*a)', 'quantifier operand invalid'],
    ['a*??', 'quantifier operand invalid'],
    ['a{2}{3}', 'quantifier operand invalid'],
    ['(?)a', 'quantifier operand invalid'],
    ['\\q', 'invalid escape \\ sequence'],
    ['abc\\', 'invalid escape \\ sequence'],
    ['\\x', 'invalid escape \\ sequence'],
    ['\\u12', 'invalid escape \\ sequence'],
    ['(a)\\81', 'invalid escape \\ sequence'],
    ['[z-a]', 'invalid character range'],
    ['[a-[:alpha:]]', 'invalid character range'],
    ['[[:alpha:]-z]', 'invalid character range'],
    ['[a-c-e]', 'invalid character range'],
    ['[\\w-z]', 'invalid character range'],
    ['[[:foo:]]', 'invalid character class'],
    ['(a)\\2', 'invalid backreference number'],
    ['\\1(a)', 'invalid backreference number'],
    ['(a\\1)', 'invalid backreference number'],
    ['(?=(a))\\1', 'invalid backreference number'],
    ['(a)\\8', 'invalid backreference number'],
    ['[[.foo.]]', 'invalid collating element'],
    ['[[=ab=]]', 'invalid collating element'],
    ['(?z)abc', 'invalid embedded option'],
    // inside brackets a reversed range or unknown class is reported after the next token
    ['[z-a', 'brackets [] not balanced'],
    ['[,-$', 'brackets [] not balanced'],
    ['[[:foo:]', 'brackets [] not balanced'],
    ['[$u-a#', 'invalid character range'],
    ['[z-a]b[', 'invalid character range'],
    ['[{-.\\', 'invalid escape \\ sequence'],
    ['[ {-^[', 'brackets [] not balanced'],
    ['[\\1]', 'invalid escape \\ sequence'],
    ['[a\\', 'invalid escape \\ sequence'],
    ['[x^\\11', 'brackets [] not balanced'],
  ])('%j fails with 2201B %s', (pattern, message) => {
    expect(failure('textregexeq', 'abc', pattern)).toBe(`2201B invalid regular expression: ${message}`);
  });

  it('treats parentheses inside lookahead as non-capturing', () => {
    // \1 refers to (b); PostgreSQL finds no match since (b) cannot participate before \1
    expect(run('textregexeq', 'ab', '(?=(a))a(b)\\1')).toBe(false);
    expect(run('textregexsubstr', 'abc', '(?=a)(a)')).toBe('a');
  });
});

describe('substring(text from pattern)', () => {
  it.each<[string, string, Value]>([
    ['abcd', 'b(c)', 'c'],
    ['abcd', 'b(?:c)', 'bc'],
    ['abcd', 'x', null],
    ['abc', '(a)(b)', 'a'],
    ['abc', '((a)b)', 'ab'],
    ['abc', 'a(x)?', null],
    ['abc', '(?:a)(b)', 'b'],
    ['foo', '(?<=f)(o)', 'o'],
    ['foobar', '^(?:.*){1,1}?(o.b)(?:.*)$', 'oob'],
  ])('substring(%j from %j) = %j', (text, pattern, expected) => {
    expect(run('textregexsubstr', text, pattern)).toBe(expected);
  });
});

describe('regexp_replace', () => {
  it.each<[string, Value[], Value]>([
    ['textregexreplace_noopt', ['abcabc', 'b', 'X'], 'aXcabc'],
    ['textregexreplace', ['abcabc', 'b', 'X', 'g'], 'aXcaXc'],
    ['textregexreplace', ['aBc', 'b', 'X', 'i'], 'aXc'],
    ['textregexreplace_noopt', ['abc', '(b)', '[\\1\\&\\\\\\0\\2]'], 'a[bb\\\\0]c'],
    ['textregexreplace', ['abc', 'x*', '-', 'g'], '-a-b-c-'],
    ['textregexreplace', ['abc', 'b*', 'X', 'g'], 'XaXXcX'],
    ['textregexreplace', ['abc', '', 'X', 'g'], 'XaXbXcX'],
    ['textregexreplace', ['aaa', 'a*?', 'X', 'g'], 'XaXaXaX'],
    ['textregexreplace', ['😀b😀', '', '-', 'g'], '-😀-b-😀-'],
    ['textregexreplace_noopt', ['Hello World', '(\\w+) (\\w+)', '\\2 \\1'], 'World Hello'],
    ['textregexreplace', ['a\nb', '^', '>', 'gn'], '>a\n>b'],
    ['textregexreplace', ['a\nb', '$', '<', 'gm'], 'a<\nb<'],
    ['textregexreplace', ['abc', 'B', 'x', 'ic'], 'abc'],
    ['textregexreplace', ['abc', 'B', 'x', 'ci'], 'axc'],
    ['textregexreplace', ['abc', 'b', 'X', 'q'], 'aXc'],
    ['textregexreplace_noopt', ['abc', '(?q)b', 'X'], 'aXc'],
    ['textregexreplace_extended_no_n', ['abcabcabc', 'b', 'X', 2], 'aXcabcabc'],
    ['textregexreplace_extended_no_flags', ['abcabcabc', 'b', 'X', 1, 2], 'abcaXcabc'],
    ['textregexreplace_extended_no_flags', ['abcabcabc', 'b', 'X', 1, 0], 'aXcaXcaXc'],
    ['textregexreplace_extended', ['abcabcabc', 'B', 'X', 1, 2, 'i'], 'abcaXcabc'],
    ['textregexreplace_extended_no_n', ['abc', '^b', 'X', 2], 'abc'],
    ['textregexreplace_extended_no_n', ['abab', '(?<=a)b', 'X', 3], 'abaX'],
  ])('%s(%j) = %j', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it.each<[string, Value[], string]>([
    ['textregexreplace', ['abc', 'b', 'X', 'z'], '22023 invalid regular expression option: "z"'],
    ['textregexreplace', ['abc', 'b', 'X', '1'], '22023 invalid regular expression option: "1"'],
    ['textregexreplace_extended_no_n', ['abc', 'b', 'X', 0], '22023 invalid value for parameter "start": 0'],
    ['textregexreplace_extended_no_flags', ['abc', 'b', 'X', 1, -1], '22023 invalid value for parameter "n": -1'],
  ])('%s(%j) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});

describe('regexp_like, regexp_count, regexp_instr, regexp_substr', () => {
  it.each<[string, Value[], Value]>([
    ['regexp_like', ['abc', 'B', 'i'], true],
    ['regexp_like_no_flags', ['abc', 'x'], false],
    ['regexp_count_no_start', ['abcabc', 'b'], 2],
    ['regexp_count_no_flags', ['abcabc', 'b', 3], 1],
    ['regexp_count_no_start', ['aaa', 'a*'], 2],
    ['regexp_instr_no_start', ['abcabc', 'b'], 2],
    ['regexp_instr_no_endoption', ['abcabc', 'b', 1, 2], 5],
    ['regexp_instr_no_flags', ['abcabc', 'b', 1, 1, 1], 3],
    ['regexp_instr', ['abcabc', '(b)(c)', 1, 1, 0, '', 2], 3],
    ['regexp_instr_no_start', ['abc', 'x'], 0],
    ['regexp_substr_no_start', ['abcabc', 'b.'], 'bc'],
    ['regexp_substr', ['abcabc', 'b(.)', 1, 2, '', 1], 'c'],
    ['regexp_substr_no_start', ['abc', 'x'], null],
    ['regexp_substr', ['abc', '(b)', 1, 1, '', 5], null],
    ['regexp_instr', ['abc', '(b)', 1, 1, 0, '', 3], 0],
    ['regexp_instr_no_flags', ['ab', 'b', 1, 1, 1], 3],
    ['regexp_count_no_start', ['', ''], 1],
    ['regexp_count_no_flags', ['abc', '', 2], 3],
    ['regexp_instr_no_start', ['a😀b', 'b'], 3],
    ['regexp_substr_no_n', ['a😀b😀', '😀', 3], '😀'],
    ['regexp_count_no_flags', ['😀😀', '', 1], 3],
    ['textregexreplace_extended', ['abab', 'b', 'X', 1, 1, 'g'], 'aXab'],
    ['textregexreplace_extended', ['abab', 'b', 'X', 1, 0, ''], 'aXaX'],
    ['textregexreplace_noopt', ['abc', '(b)|(x)', '[\\2]'], 'a[]c'],
    ['textregexreplace_noopt', ['abc', 'b', '\\'], 'a\\c'],
    ['textregexreplace_noopt', ['abc', 'b', 'x\\9y'], 'axyc'],
  ])('%s(%j) = %j', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it.each<[string, Value[], string]>([
    ['regexp_count_no_flags', ['abc', 'b', 0], '22023 invalid value for parameter "start": 0'],
    ['regexp_instr_no_endoption', ['abc', 'b', 1, 0], '22023 invalid value for parameter "n": 0'],
    ['regexp_instr_no_flags', ['abc', 'b', 1, 1, 2], '22023 invalid value for parameter "endoption": 2'],
    ['regexp_instr', ['abc', 'b', 1, 1, 0, '', -1], '22023 invalid value for parameter "subexpr": -1'],
    ['regexp_substr_no_subexpr', ['abc', 'b', 1, 1, 'g'], '22023 regexp_substr() does not support the "global" option'],
    ['regexp_instr_no_subexpr', ['abc', 'b', 1, 1, 0, 'g'], '22023 regexp_instr() does not support the "global" option'],
    ['regexp_like', ['abc', 'b', 'g'], '22023 regexp_like() does not support the "global" option'],
    ['regexp_count', ['abc', 'b', 1, 'g'], '22023 regexp_count() does not support the "global" option'],
  ])('%s(%j) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});
