// LIKE/ILIKE, like_escape and SIMILAR TO's pattern translation against PostgreSQL 15's results.
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


describe('LIKE', () => {
  it.each<[string, string, boolean]>([
    ['abc', 'a%', true],
    ['abc', 'a_c', true],
    ['a%c', 'a\\%c', true],
    ['abc', 'a\\%c', false],
    ['a😀c', 'a_c', true],
    ['', '%', true],
    ['', '_', false],
    ['abc', '%%%c', true],
    ['abc', 'abc\\', false], // the text ends before the dangling escape is reached
    ['abd', 'abc\\', false],
    ['ab  ', 'ab', false], // bpchar padding takes part
    ['ab  ', 'ab  ', true],
    ['aXbXc', '%b%c', true],
    ['abcabcabd', '%abd', true],
    ['abcabcabd', '%a_c%d', true],
    ['abcabcabx', '%a_c%d', false],
  ])('%s LIKE %s is %s', (text, pattern, expected) => {
    expect(run('textlike', text, pattern)).toBe(expected);
    expect(run('textnlike', text, pattern)).toBe(!expected);
  });

  it('fails on a pattern ending in the escape once the matcher reaches it', () => {
    expect(failure('textlike', 'ab', 'a\\')).toBe('22025 LIKE pattern must not end with escape character');
    expect(failure('textlike', 'abc', 'a%\\')).toBe('22025 LIKE pattern must not end with escape character');
  });

  it('ILIKE folds ASCII letters only (C locale)', () => {
    expect(run('texticlike', 'AbC', 'abc')).toBe(true);
    expect(run('texticnlike', 'AbC', 'abc')).toBe(false);
    expect(run('texticlike', 'ABC', 'a_c')).toBe(true);
    expect(run('texticlike', 'É', 'é')).toBe(false);
    expect(run('nameiclike', 'PG_class', 'pg\\_%')).toBe(true);
  });

  it('matches bytea byte by byte', () => {
    expect(run('bytealike', Buffer.from('abc'), Buffer.from('a%'))).toBe(true);
    expect(run('bytealike', Buffer.from('abc'), Buffer.from('_b_'))).toBe(true);
    expect(run('bytealike', Buffer.from([0xc3, 0xa9]), Buffer.from('__'))).toBe(true);
    expect(run('byteanlike', Buffer.from('abc'), Buffer.from('_b_'))).toBe(false);
  });

  it('takes a long run of % quickly', () => {
    const text = 'a'.repeat(5000);
    expect(run('textlike', text, '%a%a%a%a%a%a%a%a%b')).toBe(false);
  });
});

describe('like_escape', () => {
  it.each<[string, string, string]>([
    ['a#_b\\c', '#', 'a\\_b\\\\c'],
    ['a\\b', '', 'a\\\\b'],
    ['a##b', '#', 'a\\#b'],
    ['a\\_', '\\', 'a\\_'],
  ])('like_escape(%s, %s) = %s', (pattern, escape, expected) => {
    expect(run('like_escape', pattern, escape)).toBe(expected);
  });

  it('gives the same answers as ESCAPE in PostgreSQL', () => {
    const like = (t: string, p: string, e: string) => run('textlike', t, run('like_escape', p, e));
    expect(like('a_c', 'a#_c', '#')).toBe(true);
    expect(like('abc', 'a#_c', '#')).toBe(false);
    expect(like('a\\c', 'a\\c', '#')).toBe(true);
    expect(like('a#c', 'a##c', '#')).toBe(true);
    expect(like('abc', 'a_c', '')).toBe(true);
  });

  it('rejects an escape of more than one character', () => {
    expect(failure('like_escape', 'abc', 'ab')).toBe('22025 invalid escape string');
  });

  it('has a bytea form', () => {
    expect(run('like_escape_bytea', Buffer.from('a#_'), Buffer.from('#'))).toEqual(Buffer.from('a\\_'));
  });
});

describe('similar_to_escape', () => {
  it.each<[Value[], string]>([
    [['a%b_c'], '^(?:a.*b.c)$'],
    [['a|b(c)d[x%]e'], '^(?:a|b(?:c)d[x%]e)$'],
    [['a.b^c$d\\e'], '^(?:a\\.b\\^c\\$d\\e)$'],
    [['a#"b#"c', '#'], '^(?:a){1,1}?(b){1,1}(?:c)$'],
    [['ab', ''], '^(?:ab)$'],
    [['a\\"b\\"c'], '^(?:a){1,1}?(b){1,1}(?:c)$'],
    [['[]a]'], '^(?:[]a])$'],
    [['[^]a]'], '^(?:[^]a])$'],
    [['[a\\b]'], '^(?:[a\\b])$'],
    [['[%_]'], '^(?:[%_])$'],
    [['x*+?{2}'], '^(?:x*+?{2})$'],
    [['[]%]'], '^(?:[]%])$'],
    [['[^]%]'], '^(?:[^]%])$'],
    [['[\\]', '#'], '^(?:[\\\\])$'],
    [['a\\', '#'], '^(?:a\\\\)$'],
    [['[a]%[b]_'], '^(?:[a].*[b].)$'],
    [['abc\\'], '^(?:abc)$'],
    [['[[:alpha:]%]'], '^(?:[[:alpha:]%])$'],
    [['[a%'], '^(?:[a%)$'],
    [['[^^%]'], '^(?:[^^%])$'],
    [['[!]%]'], '^(?:[!].*])$'],
    [['é#"x#"ü', 'é'], '^(?:\\#"x#"ü)$'],
    [['aéb', 'é'], '^(?:a\\b)$'],
    [['a\\"%'], '^(?:a){1,1}?(.*)$'],
    [['[#"]%', '#'], '^(?:[\\"].*)$'],
    [['[a[b]%]'], '^(?:[a[b]%])$'],
    [['%#"%', '#'], '^(?:.*){1,1}?(.*)$'],
  ])('similar_to_escape(%s) = %s', (args, expected) => {
    expect(run(args.length === 1 ? 'similar_to_escape_1' : 'similar_to_escape_2', ...args)).toBe(expected);
  });

  it('fails like PostgreSQL', () => {
    expect(failure('similar_to_escape_1', 'a\\"b\\"c\\"d')).toBe(
      '2200C SQL regular expression may not contain more than two escape-double-quote separators',
    );
    expect(failure('similar_to_escape_2', 'a', 'xy')).toBe('22025 invalid escape string');
  });

  it('similar_escape is not strict', () => {
    expect(run('similar_escape', null, '#')).toBe(null);
    expect(run('similar_escape', 'a#%', null)).toBe('^(?:a#.*)$');
    expect(run('similar_escape', 'a#%', '#')).toBe('^(?:a\\%)$');
  });
});
