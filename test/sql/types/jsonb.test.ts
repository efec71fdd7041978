// jsonb as a type: parsing and normalisation, text and binary output, input errors with
// PostgreSQL's DETAIL and CONTEXT lines, and the btree order and hash. Expected texts and
// numbers are PostgreSQL 15's (checked against the real server); the properties hold for
// random documents.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DbError } from '../../../src/errors.js';
import { defaultTypeContext, typeIO } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { parseJsonb } from '../../../src/sql/types/jsonb.js';
import { jsonbToPrettyText, jsonbToText } from '../../../src/sql/types/jsonb-output.js';
import { compareJsonb, jsonbEqual } from '../../../src/sql/types/jsonb-compare.js';
import { jsonbHash, jsonbHashExtended } from '../../../src/sql/types/jsonb-hash.js';
import { JsonbObject, type Jsonb } from '../../../src/sql/types/jsonb-value.js';
import { parseJsonTree } from '../../../src/sql/types/json-tree.js';
import { MAX_JSON_DEPTH } from '../../../src/sql/types/json-parse.js';
import { jsonbValue, jsonText } from './jsonb-arbitrary.js';

const ctx = defaultTypeContext();
const io = typeIO(Oid.jsonb)!;
const text = (s: string) => jsonbToText(parseJsonb(s).root);

function error(fn: () => unknown): DbError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('jsonb input and output', () => {
  it('normalises as PostgreSQL does', () => {
    expect(text('{"b":1,"a":2,"b":3, "aa": [1,  2.50, 1e3, -0, 1E-2]}')).toBe('{"a": 2, "b": 3, "aa": [1, 2.50, 1000, 0, 0.01]}');
    expect(text('{"é":1, "z":2, "aaa":3, "bb":4, "B":5}')).toBe('{"B": 5, "z": 2, "bb": 4, "é": 1, "aaa": 3}');
    expect(text(' [ ] ')).toBe('[]');
    expect(text('{"a":{},"b":[{}]}')).toBe('{"a": {}, "b": [{}]}');
    expect(text('"\\u0041\\n\\t\\"\\\\\\/\\b\\f\\r"')).toBe('"A\\n\\t\\"\\\\/\\b\\f\\r"');
    expect(text('"\\u00e9\\ud83d\\ude00\\u001f"')).toBe('"é😀\\u001f"');
    expect(text('-0.000')).toBe('0.000');
  });

  it('keeps the last of duplicate keys in large objects too', () => {
    const pairs = Array.from({ length: 90 }, (_, i) => `"k${(i * 7) % 40}": ${i}`);
    const v = parseJsonb(`{${pairs.join(', ')}}`).root as JsonbObject;
    expect(v.size).toBe(40);
    const expected = JSON.parse(`{${pairs.join(', ')}}`) as Record<string, number>;
    for (const [k, n] of Object.entries(expected)) expect(jsonbToText(v.get(k)!)).toBe(String(n));
    expect(v.keys.slice(0, 11)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10']);
  });

  it('reports errors with PostgreSQL’s detail and context', () => {
    const cases: [string, string, string, string][] = [
      ['x', '22P02', 'Token "x" is invalid.', 'JSON data, line 1: x'],
      ['{"a":1,}', '22P02', 'Expected string, but found "}".', 'JSON data, line 1: {"a":1,}'],
      ['[1,2', '22P02', 'The input string ended unexpectedly.', 'JSON data, line 1: [1,2'],
      ['"\\u0000"', '22P05', '\\u0000 cannot be converted to text.', 'JSON data, line 1: "\\u0000...'],
      ['"\\ud83d"', '22P02', 'Unicode low surrogate must follow a high surrogate.', 'JSON data, line 1: "\\ud83d"'],
      ['"\\ud83dx"', '22P02', 'Unicode low surrogate must follow a high surrogate.', 'JSON data, line 1: "\\ud83dx...'],
      ['"\\ud83d\\ud83d"', '22P02', 'Unicode high surrogate must not follow a high surrogate.', 'JSON data, line 1: "\\ud83d\\ud83d...'],
      ['"\\ude00"', '22P02', 'Unicode low surrogate must follow a high surrogate.', 'JSON data, line 1: "\\ude00...'],
      ['{"a":\r\n 1,\n"b":tru}', '22P02', 'Token "tru" is invalid.', 'JSON data, line 3: "b":tru...'],
      ['"é\\q"', '22P02', 'Escape sequence "\\q" is invalid.', 'JSON data, line 1: "é\\q...'],
    ];
    for (const [input, code, detail, where] of cases) {
      const e = error(() => io.input(input, -1, ctx));
      expect([e.code, e.detail, e.where], input).toEqual([code, detail, where]);
      expect(e.message).toBe(code === '22P05' ? 'unsupported Unicode escape sequence' : 'invalid input syntax for type json');
    }
    expect(error(() => io.input('1e200000', -1, ctx)).message).toBe('value overflows numeric format');
  });

  it('refuses nesting deeper than its limit with 54001', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(text(deep(1000))).toBe(deep(1000));
    expect(error(() => parseJsonb(deep(MAX_JSON_DEPTH + 1))).code).toBe('54001');
  });

  it('pretty-prints with four spaces per level', () => {
    expect(jsonbToPrettyText(parseJsonb('{"a": [], "c": [1, {"x": null}]}').root)).toBe(
      '{\n    "a": [\n    ],\n    "c": [\n        1,\n        {\n            "x": null\n        }\n    ]\n}',
    );
    expect(jsonbToPrettyText(parseJsonb('"x"').root)).toBe('"x"');
  });

  it('sends version 1 and the text, and receives it back', () => {
    const v = parseJsonb('{"b":1, "a":[1, 2.50, "é"]}');
    const bytes = io.send(v, ctx);
    expect(bytes.toString('hex')).toBe('017b2261223a205b312c20322e35302c2022c3a9225d2c202262223a20317d');
    expect(jsonbToText((io.receive(bytes, -1, ctx) as Jsonb).root)).toBe('{"a": [1, 2.50, "é"], "b": 1}');
    expect(error(() => io.receive(Buffer.from('\x02{}'), -1, ctx)).message).toBe('unsupported jsonb version number 2');
    expect(error(() => io.receive(Buffer.alloc(0), -1, ctx)).code).toBe('08P01');
  });

  it('round-trips input -> output -> input for random documents', () => {
    fc.assert(
      fc.property(jsonText, (doc) => {
        const once = text(doc);
        expect(text(once)).toBe(once);
        expect(jsonbToText((io.receive(io.send(parseJsonb(doc), ctx), -1, ctx) as Jsonb).root)).toBe(once);
        // the same data as JavaScript reads it (numbers compared as doubles, last key wins)
        expect(JSON.parse(once)).toEqual(JSON.parse(doc, (_k, v: unknown) => (Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps object keys unique and in stored order', () => {
    fc.assert(
      fc.property(jsonbValue, (v) => {
        const walk = (n: unknown): void => {
          if (Array.isArray(n)) n.forEach(walk);
          else if (n instanceof JsonbObject) {
            for (let i = 1; i < n.size; i++) {
              const a = Buffer.from(n.keys[i - 1]!);
              const b = Buffer.from(n.keys[i]!);
              expect(a.length < b.length || (a.length === b.length && Buffer.compare(a, b) < 0)).toBe(true);
            }
            n.values.forEach(walk);
          }
        };
        walk(v.root);
      }),
      { numRuns: 200 },
    );
  });
});

describe('jsonb order and hash', () => {
  const order = ['[]', 'null', '""', '"a"', '"ab"', '"b"', '-1', '1.0', '10', 'false', 'true', '[1]', '[null, 1]', '[1, 2]', '{}', '{"a": 1}', '{"b": 0, "a": 1}'];

  it('orders kinds and values as PostgreSQL does', () => {
    for (let i = 0; i + 1 < order.length; i++) {
      expect(compareJsonb(parseJsonb(order[i]!), parseJsonb(order[i + 1]!)), `${order[i]} < ${order[i + 1]}`).toBe(-1);
    }
    expect(compareJsonb(parseJsonb('{"aa":1, "b":1}'), parseJsonb('{"b":1, "c":1}'))).toBe(-1);
    expect(compareJsonb(parseJsonb('1'), parseJsonb('[1]'))).toBe(-1);
    expect(jsonbEqual(parseJsonb('{"a": [1.0, {"b": 2}]}'), parseJsonb('{"a":[1, {"b":2.00}]}'))).toBe(true);
  });

  it('hashes like PostgreSQL', () => {
    expect(jsonbHash(parseJsonb('{"a":[1,"x",null,true]}'))).toBe(1992389491);
    expect(jsonbHash(parseJsonb('[]'))).toBe(0);
    expect(jsonbHash(parseJsonb('{}'))).toBe(0);
    expect(jsonbHash(parseJsonb('1'))).toBe(-822615224);
    expect(jsonbHash(parseJsonb('1.50'))).toBe(-1454515754);
    expect(jsonbHash(parseJsonb('"é"'))).toBe(1164389131);
    expect(jsonbHash(parseJsonb('[false, {"k": 0}]'))).toBe(-1840680522);
    expect(jsonbHashExtended(parseJsonb('{"a":1}'), 0n)).toBe(8393972797727113770n);
    expect(jsonbHashExtended(parseJsonb('[true, null]'), 42n)).toBe(4415371867668234020n);
    expect(jsonbHashExtended(parseJsonb('{}'), 5n)).toBe(5n);
    const [x, y] = [parseJsonb('{"a":1.0, "b":[2.50, 0.00]}'), parseJsonb('{"b":[2.5, 0], "a":1}')];
    expect(jsonbEqual(x, y)).toBe(true);
    expect(jsonbHash(x)).toBe(jsonbHash(y));
    expect(jsonbHashExtended(x, 3n)).toBe(jsonbHashExtended(y, 3n));
  });

  it('is a total order, consistent with equality and hashing', () => {
    fc.assert(
      fc.property(jsonbValue, jsonbValue, jsonbValue, (a, b, c) => {
        const ab = compareJsonb(a, b);
        expect(compareJsonb(b, a)).toBe(ab === 0 ? 0 : -ab);
        expect(compareJsonb(a, a)).toBe(0);
        if (ab <= 0 && compareJsonb(b, c) <= 0) expect(compareJsonb(a, c)).toBeLessThanOrEqual(0);
        if (ab === 0) {
          expect(jsonbHash(a)).toBe(jsonbHash(b));
          expect(jsonbHashExtended(a, 99n)).toBe(jsonbHashExtended(b, 99n));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('json trees', () => {
  it('keep source spans and duplicate keys', () => {
    const src = '{"a": [1,  2], "a": 3}';
    const tree = parseJsonTree(src);
    expect(tree.kind).toBe('object');
    if (tree.kind !== 'object') return;
    expect(tree.keys).toEqual(['a', 'a']);
    expect(src.slice(tree.values[0]!.start, tree.values[0]!.end)).toBe('[1,  2]');
  });
  it('leave strings as written without de-escaping', () => {
    const tree = parseJsonTree('["\\u0000"]', false);
    expect(tree.kind === 'array' && tree.items[0]).toMatchObject({ kind: 'string', value: '\\u0000' });
    expect(error(() => parseJsonTree('["\\u0000"]')).code).toBe('22P05');
  });
});
