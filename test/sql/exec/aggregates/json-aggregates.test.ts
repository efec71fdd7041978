// The JSON aggregates over random inputs: jsonb_agg is the jsonb array of its inputs,
// json_agg's text reads back as the same array, jsonb_object_agg keeps the last value of each
// key, and json_object_agg writes every pair in PostgreSQL's `{ "k" : v, ... }` layout.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtins, type ProcRow } from '../../../../src/catalog/builtins.js';
import { DbError } from '../../../../src/errors.js';
import { aggregateFunction } from '../../../../src/sql/exec/aggregates/registry.js';
import { jsonbToText } from '../../../../src/sql/types/jsonb-output.js';
import { parseJsonb } from '../../../../src/sql/types/jsonb.js';
import { Jsonb } from '../../../../src/sql/types/jsonb-value.js';
import { Oid } from '../../../../src/sql/types/oids.js';
import { ArrayValue, type Value } from '../../../../src/sql/types/value.js';
import { jsonbValue } from '../../types/jsonb-arbitrary.js';
import { testContext } from '../../expr/functions/call-by-prosrc.js';

const ctx = testContext();

function aggregate(name: string): ProcRow {
  const proc = builtins().procsByName.get(name)?.find((p) => p.prokind === 'a');
  if (!proc) throw new Error(`no aggregate ${name}`);
  return proc;
}

function run(name: string, argTypes: number[], rows: Value[][]): Value {
  const agg = aggregateFunction({ proc: aggregate(name), argTypes, resultType: 0, ctx });
  let state = agg.init();
  for (const r of rows) state = agg.add(state, r);
  return agg.final(state);
}

function failure(name: string, argTypes: number[], rows: Value[][]): string {
  try {
    run(name, argTypes, rows);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'no error';
}

const show = (v: Value) => (v === null ? null : jsonbToText((v as Jsonb).root));
const maybe = (arb: fc.Arbitrary<Jsonb>) => fc.option(arb, { nil: null, freq: 4 });

describe('json_agg and jsonb_agg', () => {
  it('aggregate their inputs into an array, NULLs as JSON null', () => {
    fc.assert(
      fc.property(fc.array(maybe(jsonbValue), { maxLength: 6 }), (values) => {
        const rows = values.map((v) => [v]);
        const jsonb = run('jsonb_agg', [Oid.jsonb], rows);
        const json = run('json_agg', [Oid.jsonb], rows);
        if (values.length === 0) {
          expect(jsonb).toBeNull();
          expect(json).toBeNull();
          return;
        }
        const expected = jsonbToText(values.map((v) => (v === null ? null : v.root)));
        expect(show(jsonb)).toBe(expected);
        expect(jsonbToText(parseJsonb(json as string).root)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('write arrays after the first on a new line, as PostgreSQL does', () => {
    const arr = (...xs: number[]) => new ArrayValue(Oid.int4, xs, [xs.length]);
    expect(run('json_agg', [Oid.int4Array], [[arr(1, 2)], [null], [arr(3)]])).toBe('[[1,2], null, \n [3]]');
    expect(run('json_agg', [Oid.int4], [[1], [null], [3]])).toBe('[1, null, 3]');
    expect(run('json_agg', [Oid.text], [['a"b']])).toBe('["a\\"b"]');
  });

  it('keep the state a result was read from unchanged by later rows', () => {
    const agg = aggregateFunction({ proc: aggregate('jsonb_agg'), argTypes: [Oid.int4], resultType: 0, ctx });
    let state = agg.add(agg.init(), [1]);
    const first = agg.final(state);
    state = agg.add(state, [2]);
    expect(show(first)).toBe('[1]');
    expect(show(agg.final(state))).toBe('[1, 2]');
  });
});

describe('json_object_agg and jsonb_object_agg', () => {
  const key = fc.constantFrom('a', 'b', 'aa', 'é', '');

  it('keep every pair in json and the last of each key in jsonb', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, maybe(jsonbValue)), { maxLength: 6 }), (pairs) => {
        const rows = pairs.map(([k, v]) => [k, v]);
        const jsonb = run('jsonb_object_agg', [Oid.text, Oid.jsonb], rows);
        const json = run('json_object_agg', [Oid.text, Oid.jsonb], rows);
        if (pairs.length === 0) {
          expect(jsonb).toBeNull();
          expect(json).toBeNull();
          return;
        }
        const body = pairs.map(([k, v]) => `${JSON.stringify(k)} : ${v === null ? 'null' : jsonbToText(v.root)}`).join(', ');
        expect(json).toBe(`{ ${body} }`);
        // jsonb input keeps the last of duplicate keys too, so parsing the json text must agree
        expect(show(jsonb)).toBe(jsonbToText(parseJsonb(json as string).root));
      }),
      { numRuns: 200 },
    );
  });

  it('refuse NULL keys and non-scalar keys', () => {
    expect(failure('json_object_agg', [Oid.text, Oid.int4], [['a', 1], [null, 2]])).toBe('22023 field name must not be null');
    expect(failure('jsonb_object_agg', [Oid.text, Oid.int4], [[null, 2]])).toBe('22023 field name must not be null');
    expect(failure('jsonb_object_agg', [Oid.jsonb, Oid.int4], [[parseJsonb('1'), 2]])).toBe('22023 key value must be scalar, not array, composite, or json');
  });

  it('turn keys of other types into strings', () => {
    expect(run('json_object_agg', [Oid.int4, Oid.bool], [[1, true]])).toBe('{ "1" : true }');
    expect(show(run('jsonb_object_agg', [Oid.bool, Oid.numeric], [[false, null]]))).toBe('{"false": null}');
  });
});
