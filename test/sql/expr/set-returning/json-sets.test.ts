// The set-returning JSON functions and column definition lists, for what the recorded SQL
// cases cannot show: over random documents, taking a value apart and putting it back gives
// the value again, the json (text) functions agree with the jsonb ones on canonical text, and
// json(b)_to_record with jsonb columns returns the members themselves.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ProcRow } from '../../../../src/catalog/builtins.js';
import { builtins } from '../../../../src/catalog/builtins.js';
import { DbError } from '../../../../src/errors.js';
import { outColumns, setReturningImpl } from '../../../../src/sql/expr/set-returning/index.js';
import { columnDefinitions, withColumnDefinitions, type DefinedColumn } from '../../../../src/sql/expr/set-returning/record-columns.js';
import type { CallInfo } from '../../../../src/sql/expr/functions/registry.js';
import { jsonbToText } from '../../../../src/sql/types/jsonb-output.js';
import { parseJsonb } from '../../../../src/sql/types/jsonb.js';
import { Jsonb, JsonbObject, makeObject, type JsonbNode } from '../../../../src/sql/types/jsonb-value.js';
import { Oid } from '../../../../src/sql/types/oids.js';
import type { Value } from '../../../../src/sql/types/value.js';
import { jsonbValue } from '../../types/jsonb-arbitrary.js';
import { testContext } from '../functions/call-by-prosrc.js';

const ctx = testContext();
const CALL: CallInfo = { argTypes: [], resultType: 0, resultTypmod: -1, funcOid: 0 };

function procBySrc(prosrc: string): ProcRow {
  const proc = [...builtins().procByOid.values()].find((p) => p.prosrc === prosrc && p.language === 'internal');
  if (!proc) throw new Error(`no proc ${prosrc}`);
  return proc;
}

function rows(prosrc: string, arg: Value, proc = procBySrc(prosrc)): (Value | Value[])[] {
  const impl = setReturningImpl(proc);
  if (!impl) throw new Error(`${prosrc} has no set-returning implementation`);
  return [...impl([arg], ctx, CALL)];
}

function failure(prosrc: string, arg: Value, proc?: ProcRow): string {
  try {
    rows(prosrc, arg, proc);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'no error';
}

const text = (v: Value) => jsonbToText((v as Jsonb).root);

describe('jsonb_each, jsonb_object_keys, jsonb_array_elements', () => {
  it('rebuild the value they take apart', () => {
    fc.assert(
      fc.property(jsonbValue, (doc) => {
        const root = doc.root;
        if (root instanceof JsonbObject) {
          const pairs = rows('jsonb_each', doc) as Value[][];
          const rebuilt = makeObject(
            pairs.map((p) => p[0] as string),
            pairs.map((p) => (p[1] as Jsonb).root),
          );
          expect(jsonbToText(rebuilt)).toBe(jsonbToText(root));
          expect(rows('jsonb_object_keys', doc)).toEqual(pairs.map((p) => p[0]));
        } else if (Array.isArray(root)) {
          const items = rows('jsonb_array_elements', doc) as Value[];
          expect(jsonbToText(items.map((v) => (v as Jsonb).root as JsonbNode))).toBe(jsonbToText(root));
        } else {
          expect(failure('jsonb_each', doc)).toBe('22023 cannot call jsonb_each on a non-object');
          expect(failure('jsonb_array_elements', doc)).toBe('22023 cannot extract elements from a scalar');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the _text variants give strings unquoted and JSON null as SQL NULL', () => {
    const doc = parseJsonb('{"s": "x\\"y", "n": null, "a": [1, "z"], "b": true}');
    expect(rows('jsonb_each_text', doc)).toEqual([
      ['a', '[1, "z"]'],
      ['b', 'true'],
      ['n', null],
      ['s', 'x"y'],
    ]);
    expect(rows('jsonb_array_elements_text', parseJsonb('["a", null, 1.50, {"k": []}]'))).toEqual(['a', null, '1.50', '{"k": []}']);
  });
});

describe('the json (text) functions', () => {
  it('agree with the jsonb ones on canonical text', () => {
    fc.assert(
      fc.property(jsonbValue, (doc) => {
        const source = jsonbToText(doc.root);
        if (doc.root instanceof JsonbObject) {
          const jsonRows = rows('json_each', source) as Value[][];
          const jsonbRows = rows('jsonb_each', doc) as Value[][];
          expect(jsonRows).toEqual(jsonbRows.map(([k, v]) => [k, text(v!)]));
          expect(rows('json_each_text', source)).toEqual(rows('jsonb_each_text', doc));
          expect(rows('json_object_keys', source)).toEqual(rows('jsonb_object_keys', doc));
        } else if (Array.isArray(doc.root)) {
          expect(rows('json_array_elements', source)).toEqual((rows('jsonb_array_elements', doc) as Value[]).map(text));
          expect(rows('json_array_elements_text', source)).toEqual(rows('jsonb_array_elements_text', doc));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keep sub-values as written, duplicate keys in input order', () => {
    expect(rows('json_each', '{"a" : [1,  2], "a":{"b" :1}}')).toEqual([
      ['a', '[1,  2]'],
      ['a', '{"b" :1}'],
    ]);
    expect(failure('json_each', '[1]')).toBe('22023 cannot deconstruct an array as an object');
    expect(failure('json_array_elements', '{}')).toBe('22023 cannot call json_array_elements on a non-array');
    expect(failure('json_object_keys', '3')).toBe('22023 cannot call json_object_keys on a scalar');
  });
});

describe('column definition lists', () => {
  const columns = (...defs: [string, number][]): DefinedColumn[] => defs.map(([name, type]) => ({ name, type, typmod: -1 }));

  it('give a copy of the proc with the columns as OUT parameters', () => {
    const proc = procBySrc('jsonb_to_record');
    const copy = withColumnDefinitions(proc, columns(['a', Oid.int4], ['b', Oid.text]));
    expect(copy.proretset).toBe(true);
    expect(outColumns(copy)).toEqual([
      { name: 'a', type: Oid.int4 },
      { name: 'b', type: Oid.text },
    ]);
    expect(columnDefinitions(proc)).toBeUndefined();
    expect(outColumns(proc)).toBeNull();
  });

  it('jsonb_to_record with jsonb columns returns the members themselves', () => {
    fc.assert(
      fc.property(jsonbValue, (doc) => {
        if (!(doc.root instanceof JsonbObject)) return;
        const keys = [...doc.root.keys, 'missing'];
        const proc = withColumnDefinitions(procBySrc('jsonb_to_record'), keys.map((k) => ({ name: k, type: Oid.jsonb, typmod: -1 })));
        const [row] = rows('jsonb_to_record', doc, proc) as Value[][];
        keys.forEach((k, i) => {
          const member = doc.root instanceof JsonbObject ? doc.root.get(k) : undefined;
          const got = row![i]!;
          if (member === undefined || member === null) expect(got).toBeNull();
          else expect(text(got)).toBe(jsonbToText(member));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('jsonb_to_recordset gives one row per object and refuses other elements', () => {
    const proc = withColumnDefinitions(procBySrc('jsonb_to_recordset'), columns(['a', Oid.int4], ['b', Oid.int4Array]));
    expect(rows('jsonb_to_recordset', parseJsonb('[{"a": 1, "b": [[1, 2], [3, 4]]}, {}]'), proc)).toEqual([
      [1, expect.objectContaining({ elements: [1, 2, 3, 4], dims: [2, 2] })],
      [null, null],
    ]);
    expect(rows('jsonb_to_recordset', null, proc)).toEqual([]);
    expect(failure('jsonb_to_recordset', parseJsonb('[{}, 1]'), proc)).toBe('22023 argument of jsonb_to_recordset must be an array of objects');
    expect(failure('jsonb_to_recordset', parseJsonb('{}'), proc)).toBe('22023 cannot call jsonb_to_recordset on a non-array');
  });

  it('json_to_record with NULL gives one row of NULLs, and fails without a list', () => {
    const proc = withColumnDefinitions(procBySrc('json_to_record'), columns(['a', Oid.int4], ['b', Oid.text]));
    expect(rows('json_to_record', null, proc)).toEqual([[null, null]]);
    expect(failure('json_to_recordset', '[]')).toBe('0A000 could not determine row type for result of json_to_recordset');
  });
});
