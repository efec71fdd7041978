// Named-argument matching (PostgreSQL's MatchNamedCall) against the real catalog: every
// ordering of make_interval's named arguments fills the parameters they name, the rest from
// their defaults; names that are not input parameters, parameters given twice and parameters
// without defaults left out do not match. And the signatures errors print.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtins, type ProcRow } from '../../../src/catalog/builtins.js';
import { callSignature, matchNamedCall } from '../../../src/sql/expr/call-arguments.js';
import { functionCandidates } from '../../../src/sql/expr/resolve-function.js';
import { Oid } from '../../../src/sql/types/oids.js';

function proc(name: string, nargs: number): ProcRow {
  const p = builtins().procsByName.get(name)?.find((x) => x.pronargs === nargs);
  if (!p) throw new Error(`no ${name}/${nargs}`);
  return p;
}

const makeInterval = proc('make_interval', 7);
const PARAMS = ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'];

describe('matchNamedCall', () => {
  it('maps any subset of named arguments, in any order, after positional ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.shuffledSubarray(PARAMS), (positional, picked) => {
        const named = picked.filter((n) => PARAMS.indexOf(n) >= positional);
        const numbers = matchNamedCall(makeInterval, positional + named.length, named);
        expect(numbers).not.toBeNull();
        const given = [...Array.from({ length: positional }, (_, i) => i), ...named.map((n) => PARAMS.indexOf(n))];
        expect(numbers!.slice(0, given.length)).toEqual(given);
        // the rest are the parameters not given, in order, all defaulted
        expect(numbers!.slice(given.length)).toEqual([0, 1, 2, 3, 4, 5, 6].filter((p) => !given.includes(p)));
      }),
    );
  });

  it('fails for unknown names, repeated parameters and missing parameters without defaults', () => {
    expect(matchNamedCall(makeInterval, 1, ['dayz'])).toBeNull();
    expect(matchNamedCall(makeInterval, 2, ['years'])).toBeNull(); // years is also the positional one
    const makeDate = proc('make_date', 3);
    expect(matchNamedCall(makeDate, 2, ['year', 'month'])).toBeNull();
    expect(matchNamedCall(makeDate, 3, ['day', 'year', 'month'])).toEqual([2, 0, 1]);
    expect(matchNamedCall(proc('abs', 1), 1, ['x'])).toBeNull(); // no proargnames
  });

  it('counts only input parameters (OUT names are not argument names)', () => {
    const each = builtins().procsByName.get('jsonb_each')![0]!;
    expect(matchNamedCall(each, 1, ['from_json'])).toEqual([0]);
    expect(matchNamedCall(each, 1, ['key'])).toBeNull();
  });
});

describe('functionCandidates with names', () => {
  it('orders candidate types by the call and skips variadic functions unless VARIADIC', () => {
    const [c] = functionCandidates('make_date', 3, undefined, ['day', 'month']);
    expect(c!.args).toEqual([Oid.int4, Oid.int4, Oid.int4]);
    expect(c!.argNumbers).toEqual([0, 2, 1]);
    expect(functionCandidates('jsonb_extract_path', 2, undefined, ['path_elems'])).toEqual([]);
    expect(functionCandidates('jsonb_extract_path', 2, undefined, ['path_elems'], false)).toHaveLength(1);
  });

  it('prefers a plain function over a variadic one taking the same arguments', () => {
    const candidates = functionCandidates('jsonb_delete', 2);
    const withText = candidates.filter((c) => c.args[1] === Oid.text);
    expect(withText).toHaveLength(1);
    expect(withText[0]!.variadic).toBe(false);
  });
});

describe('callSignature', () => {
  it('prints named arguments as name => type', () => {
    expect(callSignature('f', [Oid.int4, Oid.unknown, Oid.text], ['b', 'c'])).toBe('f(integer, b => unknown, c => text)');
    expect(callSignature('f', [])).toBe('f()');
  });
});
