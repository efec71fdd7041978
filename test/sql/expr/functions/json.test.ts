// The json and jsonb functions by prosrc, for what the recorded SQL cases cannot show:
// algebraic properties over random documents (containment, concatenation, set/delete paths,
// strip_nulls), that edits share the sub-trees they do not touch, and json functions that
// keep the source text. Examples' expected values are PostgreSQL 15's.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import type { CallInfo, EvalContext } from '../../../../src/sql/expr/functions/registry.js';
import { parseJsonb } from '../../../../src/sql/types/jsonb.js';
import { jsonbToText } from '../../../../src/sql/types/jsonb-output.js';
import { JsonbObject, Jsonb } from '../../../../src/sql/types/jsonb-value.js';
import { Oid } from '../../../../src/sql/types/oids.js';
import { ArrayValue, type Value } from '../../../../src/sql/types/value.js';
import { jsonbValue } from '../../types/jsonb-arbitrary.js';
import { testContext } from './call-by-prosrc.js';

const ctx = testContext();

function call(prosrc: string, args: Value[], argTypes: number[] = []): Value {
  const fn = functionImpl(prosrc);
  if (!fn) throw new Error(`${prosrc} is not implemented`);
  const info: CallInfo = { argTypes, resultType: 0, resultTypmod: -1, funcOid: 0 };
  return fn(args, ctx as EvalContext, info);
}

const j = (s: string) => parseJsonb(s);
const show = (v: Value) => (v === null ? null : jsonbToText((v as Jsonb).root));
const path = (...steps: (string | null)[]) => new ArrayValue(Oid.text, steps, steps.length ? [steps.length] : []);

describe('jsonb properties', () => {
  it('containment is reflexive and concatenated objects contain their right side', () => {
    fc.assert(
      fc.property(jsonbValue, jsonbValue, (a, b) => {
        expect(call('jsonb_contains', [a, a])).toBe(true);
        const ab = call('jsonb_concat', [a, b]) as Jsonb;
        if (a.root instanceof JsonbObject && b.root instanceof JsonbObject) expect(call('jsonb_contains', [ab, b])).toBe(true);
        if (Array.isArray(a.root) && Array.isArray(b.root)) {
          expect(call('jsonb_contains', [ab, a])).toBe(true);
          expect(call('jsonb_contains', [ab, b])).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('strip_nulls is idempotent and leaves no null-valued field', () => {
    fc.assert(
      fc.property(jsonbValue, (a) => {
        const once = call('jsonb_strip_nulls', [a]) as Jsonb;
        expect(show(call('jsonb_strip_nulls', [once]))).toBe(show(once));
        expect(show(once)).not.toMatch(/": null/);
      }),
      { numRuns: 200 },
    );
  });

  it('a key set on an object is found there, and gone after #-', () => {
    fc.assert(
      fc.property(jsonbValue, fc.constantFrom('a', 'b', 'new'), jsonbValue, (doc, key, value) => {
        if (!(doc.root instanceof JsonbObject)) return;
        const set = call('jsonb_set', [doc, path(key), value, true]);
        expect(show(call('jsonb_extract_path', [set, path(key)]))).toBe(show(value));
        const removed = call('jsonb_delete_path', [set, path(key)]);
        expect(call('jsonb_exists', [removed, key])).toBe(false);
        expect(show(call('jsonb_delete', [set, key]))).toBe(show(removed));
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonb edits', () => {
  it('share the sub-trees they do not touch', () => {
    const doc = j('{"keep": {"big": [1, 2, 3]}, "edit": {"x": 1}}');
    const edited = call('jsonb_set', [doc, path('edit', 'x'), j('2')]) as Jsonb;
    expect(show(edited)).toBe('{"edit": {"x": 2}, "keep": {"big": [1, 2, 3]}}');
    expect((edited.root as JsonbObject).get('keep')).toBe((doc.root as JsonbObject).get('keep'));
    expect(show(doc)).toBe('{"edit": {"x": 1}, "keep": {"big": [1, 2, 3]}}');
  });

  it('follow PostgreSQL at array edges', () => {
    expect(show(call('jsonb_set', [j('[1,2]'), path('-5'), j('0'), true]))).toBe('[0, 1, 2]');
    expect(show(call('jsonb_set', [j('[1,2]'), path('9'), j('3'), true]))).toBe('[1, 2, 3]');
    expect(show(call('jsonb_insert', [j('[1,2]'), path('-1'), j('9'), true]))).toBe('[1, 2, 9]');
    expect(show(call('jsonb_delete_idx', [j('[1,2,3]'), -1]))).toBe('[1, 2]');
    expect(() => call('jsonb_set', [j('{"a":[1]}'), path('a', 'x'), j('1'), true])).toThrow('path element at position 2 is not an integer: "x"');
    expect(() => call('jsonb_set', [j('{"a":1}'), path('a', null), j('1'), true])).toThrow('path element at position 2 is null');
  });
});

describe('json (text) functions', () => {
  it('return sub-values exactly as written, the last duplicate key winning', () => {
    expect(call('json_object_field', ['{"a": [1,  2], "a": {"b" : 1}}', 'a'])).toBe('{"b" : 1}');
    expect(call('json_extract_path', ['{"a":{"b":1},"a":{"c":2}}', path('a', 'b')])).toBe('1');
    expect(call('json_extract_path_text', ['[0, "x\\u0041"]', path('-1')])).toBe('xA');
    expect(call('json_strip_nulls', ['{"a": null, "b" : [ 1 , null ]}'])).toBe('{"b":[1,null]}');
  });

  it('build json with PostgreSQL’s spacing and conversions', () => {
    expect(call('json_build_object', ['a', 1, 'b', null], [Oid.unknown, Oid.int4, Oid.unknown, Oid.int4])).toBe('{"a" : 1, "b" : null}');
    expect(call('json_build_array', [true, 'x', 1.5], [Oid.bool, Oid.text, Oid.float8])).toBe('[true, "x", 1.5]');
    expect(show(call('to_jsonb', [new ArrayValue(Oid.int4, [1, null, 3, 4], [2, 2])], [Oid.int4Array]))).toBe('[[1, null], [3, 4]]');
    expect(call('to_json', [NaN], [Oid.float8])).toBe('"NaN"');
  });
});
