// regexp_match and regexp_split_to_array: splitting on a literal delimiter and joining the
// pieces gives the string back, the array agrees with regexp_split_to_table row for row, and
// regexp_match's groups are those of the first match. Examples' answers are PostgreSQL 15's.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtins } from '../../../../src/catalog/builtins.js';
import { setReturningImpl } from '../../../../src/sql/expr/set-returning/index.js';
import { ArrayValue, type Value } from '../../../../src/sql/types/value.js';
import { CALL, failure, run } from './invoke.js';
import { testContext } from './call-by-prosrc.js';

const elements = (v: Value) => (v as ArrayValue).elements;

function splitToTable(s: string, pattern: string): Value[] {
  const proc = builtins().procsByName.get('regexp_split_to_table')!.find((p) => p.pronargs === 2)!;
  return [...setReturningImpl(proc)!([s, pattern], testContext(), CALL)] as Value[];
}

describe('regexp_split_to_array', () => {
  it('splits on a literal delimiter like String.split and agrees with regexp_split_to_table', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ',', ';', 'é', '😀'), { maxLength: 12 }), fc.constantFrom(',', ';', 'b'), (chars, delimiter) => {
        const s = chars.join('');
        const pieces = elements(run('regexp_split_to_array_no_flags', s, delimiter));
        expect(pieces).toEqual(s.split(delimiter));
        expect(pieces).toEqual(splitToTable(s, delimiter));
      }),
    );
  });

  it('splits between characters on empty matches', () => {
    expect(elements(run('regexp_split_to_array_no_flags', 'abc', ''))).toEqual(['a', 'b', 'c']);
    expect(elements(run('regexp_split_to_array_no_flags', 'hello world', '\\s*'))).toEqual(['h', 'e', 'l', 'l', 'o', 'w', 'o', 'r', 'l', 'd']);
    expect(elements(run('regexp_split_to_array', 'AxBxc', 'X', 'i'))).toEqual(['A', 'B', 'c']);
    expect(failure('regexp_split_to_array', 'abc', 'b', 'g')).toBe('22023 regexp_split_to_array() does not support the "global" option');
  });
});

describe('regexp_match', () => {
  it('gives the groups of the first match, NULL for an unmatched group or no match', () => {
    expect(elements(run('regexp_match_no_flags', 'key=val k2=v2', '(\\w+)=(\\w+)'))).toEqual(['key', 'val']);
    expect(elements(run('regexp_match_no_flags', 'abc123def456', '\\d+'))).toEqual(['123']);
    expect(elements(run('regexp_match_no_flags', 'abc', '(x)?b'))).toEqual([null]);
    expect(run('regexp_match_no_flags', 'none', '\\d')).toBeNull();
    expect(elements(run('regexp_match', 'ABC', 'b', 'i'))).toEqual(['B']);
    expect(failure('regexp_match', 'abc', 'b', 'g')).toBe('22023 regexp_match() does not support the "global" option');
  });
});
