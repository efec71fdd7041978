// Text comparison under the C collation and the string functions, against results recorded
// from PostgreSQL 15 (UTF8 database, C collation).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


describe('text comparison', () => {
  it.each<[string, Value[], Value]>([
    ['text_lt', ['a', 'b'], true],
    ['text_lt', ['B', 'a'], true],
    ['text_lt', ['\ufffd', '😀'], true], // UTF-8 byte order, not UTF-16 order
    ['text_gt', ['😀', '\uffff'], true],
    ['text_lt', ['ab', 'abc'], true],
    ['bttextcmp', ['a', 'b'], -1],
    ['bttextcmp', ['b', 'abc'], 1],
    ['bttextcmp', ['x', 'x'], 0],
    ['texteq', ['a', 'a'], true],
    ['nameeqtext', ['abc', 'abc'], true],
    ['textgtname', ['abc', 'abb'], true],
    ['bpchareq', ['ab  ', 'ab'], true],
    ['bpcharlt', ['ab ', 'ab'], false],
    ['bpcharlt', ['a  ', 'a\t '], true],
    ['bpcharcmp', ['a ', 'a'], 0],
    ['btbpchar_pattern_cmp', ['ab ', 'ab'], 0],
    ['bpchar_pattern_ge', ['ab ', 'ab'], true],
    ['text_pattern_lt', ['a', 'b'], true],
    ['text_larger', ['a', 'b'], 'b'],
    ['text_smaller', ['a', 'b'], 'a'],
    ['bpchar_larger', ['a', 'b  '], 'b  '],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it('orders like the UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const expected = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(run('bttextcmp', a, b)).toBe(expected);
      }),
    );
  });
});

describe('string functions', () => {
  it.each<[string, Value[], Value]>([
    ['lower', ['ÉCOLE Abc'], 'École abc'],
    ['upper', ['école abc'], 'éCOLE ABC'],
    ['initcap', ['hello wORLD éa foo_bar 3ab x-y'], 'Hello World éA Foo_Bar 3ab X-Y'],
    ['initcap', ['ÉCOLE'], 'ÉCole'],
    ['initcap', ['ab😀cd'], 'Ab😀Cd'],
    ['text_substr', ['hello', 0, 3], 'he'],
    ['text_substr', ['hello', -1, 3], 'h'],
    ['text_substr_no_len', ['hello', 2], 'ello'],
    ['text_substr', ['hello', -5, 10], 'hell'],
    ['text_substr_no_len', ['hello', 10], ''],
    ['text_substr', ['hello', 2, 0], ''],
    ['text_substr', ['hello', 2147483647, 10], ''],
    ['text_substr', ['hello', -2147483648, 2147483647], ''],
    ['text_substr', ['hello', 2, 2147483647], 'ello'],
    ['text_substr', ['a😀bc', 2, 2], '😀b'],
    ['textoverlay', ['abcdef', 'XY', 2, 3], 'aXYef'],
    ['textoverlay_no_len', ['abcdef', 'XY', 2], 'aXYdef'],
    ['textoverlay_no_len', ['abc', 'XY', 5], 'abcXY'],
    ['textoverlay', ['abc', 'XY', 1, 0], 'XYabc'],
    ['textoverlay', ['abc', 'XY', 2, -1], 'aXYabc'],
    ['textpos', ['hello', 'lo'], 4],
    ['textpos', ['hello', ''], 1],
    ['textpos', ['héllo', 'l'], 3],
    ['textpos', ['a😀b', 'b'], 3],
    ['textpos', ['', 'x'], 0],
    ['textpos', ['', ''], 1],
    ['lpad', ['hi', 5, 'xy'], 'xyxhi'],
    ['lpad', ['hello', 3, 'x'], 'hel'],
    ['lpad', ['hi', -1, 'x'], ''],
    ['lpad', ['hi', 5, ''], 'hi'],
    ['rpad', ['hi', 5, 'xy'], 'hixyx'],
    ['rpad', ['hello', 2, ' '], 'he'],
    ['lpad', ['hi', 4, '😀'], '😀😀hi'],
    ['repeat', ['ab', 3], 'ababab'],
    ['repeat', ['ab', -1], ''],
    ['repeat', ['', 1000000000], ''],
    ['text_left', ['hello', 2], 'he'],
    ['text_left', ['hello', -2], 'hel'],
    ['text_right', ['hello', 2], 'lo'],
    ['text_right', ['hello', -2], 'llo'],
    ['text_left', ['hello', 0], ''],
    ['text_right', ['hello', -10], ''],
    ['text_left', ['hello', -10], ''],
    ['text_right', ['hello', -2147483648], 'hello'],
    ['text_reverse', ['héllo'], 'olléh'],
    ['text_reverse', ['a😀b'], 'b😀a'],
    ['split_part', ['a,b,c', ',', 2], 'b'],
    ['split_part', ['a,b,c', ',', -1], 'c'],
    ['split_part', ['a,b,c', ',', 4], ''],
    ['split_part', ['a,b,c', ',', -4], ''],
    ['split_part', ['abc', '', 1], 'abc'],
    ['split_part', ['abc', '', -1], 'abc'],
    ['split_part', ['abc', '', 2], ''],
    ['split_part', ['', ',', 1], ''],
    ['translate', ['12345', '143', 'ax'], 'a2x5'],
    ['translate', ['aaa', 'aa', 'xy'], 'xxx'],
    ['translate', ['abc', 'abca', 'xyzw'], 'xyz'],
    ['translate', ['a😀b', '😀', 'X'], 'aXb'],
    ['replace_text', ['abcabc', 'bc', 'X'], 'aXaX'],
    ['replace_text', ['abc', '', 'X'], 'abc'],
    ['replace_text', ['aaa', 'aa', 'b'], 'ba'],
    ['replace_text', ['a$b', '$', '$&'], 'a$&b'],
    ['btrim', ['xxhixx', 'x'], 'hi'],
    ['btrim', ['abcba', 'ab'], 'c'],
    ['btrim', ['hi', ''], 'hi'],
    ['btrim', ['😀a😀', '😀'], 'a'],
    ['ltrim', ['héé', 'é'], 'héé'],
    ['rtrim', ['héé', 'é'], 'h'],
    ['ltrim1', ['  hi  '], 'hi  '],
    ['rtrim1', ['  hi  '], '  hi'],
    ['btrim1', [' \thi '], '\thi'],
    ['textlen', ['héllo'], 5],
    ['textlen', ['a😀b'], 3],
    ['textoctetlen', ['a😀b'], 6],
    ['bpcharlen', ['ab   '], 2],
    ['bpcharlen', ['   '], 0],
    ['bpcharoctetlen', ['ab   '], 5],
    ['chr', [65], 'A'],
    ['chr', [233], 'é'],
    ['chr', [128512], '😀'],
    ['ascii', ['é'], 233],
    ['ascii', [''], 0],
    ['ascii', ['😀x'], 128512],
    ['to_hex32', [255], 'ff'],
    ['to_hex32', [-1], 'ffffffff'],
    ['to_hex64', [-1n], 'ffffffffffffffff'],
    ['to_hex64', [9223372036854775807n], '7fffffffffffffff'],
    ['text_starts_with', ['hello', 'he'], true],
    ['text_starts_with', ['hello', ''], true],
    ['text_starts_with', ['', 'a'], false],
    ['textcat', ['ab', 'cd'], 'abcd'],
  ])('%s(%s) = %s', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toBe(expected);
  });

  it.each<[string, Value[], string]>([
    ['text_substr', ['hello', 2, -1], '22011 negative substring length not allowed'],
    ['textoverlay_no_len', ['abc', 'XY', 0], '22011 negative substring length not allowed'],
    ['textoverlay', ['abc', 'XY', 2147483647, 1], '22003 integer out of range'],
    ['lpad', ['x', 300000000, ' '], '54000 requested length too large'],
    ['repeat', ['ab', 1000000000], '54000 requested length too large'],
    ['split_part', ['a,b', ',', 0], '22023 field position must not be zero'],
    ['chr', [0], '54000 null character not permitted'],
    ['chr', [-1], '22023 character number must be positive'],
    ['chr', [55296], '54000 requested character not valid for encoding: 55296'],
    ['chr', [1114112], '54000 requested character too large for encoding: 1114112'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});

describe('unistr and normalize', () => {
  it.each<[string, string]>([
    ['\\0041\\+01F600\\u00e9\\U0001F600\\\\', 'A😀é😀\\'],
    ['\\D800\\DC00', '𐀀'],
    ['\\uD83D\\uDE00', '😀'],
    ['\\+00D83D\\+00DE00', '😀'],
  ])('unistr(%j) = %j', (input, expected) => {
    expect(run('unistr', input)).toBe(expected);
  });

  it.each<[string, string]>([
    ['\\D800', '42601 invalid Unicode surrogate pair'],
    ['\\DC00', '42601 invalid Unicode surrogate pair'],
    ['\\D800x', '42601 invalid Unicode surrogate pair'],
    ['\\+110000', '22023 invalid Unicode code point: 110000'],
    ['\\0000', '22023 invalid Unicode code point: 0000'],
    ['a\\', '42601 invalid Unicode escape'],
    ['\\zz', '42601 invalid Unicode escape'],
  ])('unistr(%j) fails with %s', (input, expected) => {
    expect(failure('unistr', input)).toBe(expected);
  });

  it('normalizes like PostgreSQL', () => {
    expect(run('unicode_normalize_func', 'e\u0301', 'NFC')).toBe('é');
    expect(run('unicode_normalize_func', 'e\u0301', 'nfc')).toBe('é');
    expect(run('unicode_is_normalized', 'e\u0301', 'NFC')).toBe(false);
    expect(run('unicode_is_normalized', 'x', 'nfkd')).toBe(true);
    expect(failure('unicode_normalize_func', 'x', 'foo')).toBe('22023 invalid normalization form: foo');
  });
});
