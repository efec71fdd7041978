// jsonb in the row and key formats: rows restore a value exactly (key order, numeric scale);
// Buffer.compare of keys agrees with jsonb's btree order (compareJsonb, itself checked against
// PostgreSQL) ascending and descending, also inside composite keys; keys decode to an equal
// value; damaged bytes are reported as corruption, never returned as a value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DbError } from '../../../src/errors.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { parseJsonb } from '../../../src/sql/types/jsonb.js';
import { jsonbToText } from '../../../src/sql/types/jsonb-output.js';
import { compareJsonb } from '../../../src/sql/types/jsonb-compare.js';
import type { Jsonb } from '../../../src/sql/types/jsonb-value.js';
import { decodeKey, encodeKey, type KeyColumn } from '../../../src/storage/encoding/key.js';
import { decodeColumn, decodeRow, encodeRow } from '../../../src/storage/encoding/row.js';
import { ByteWriter } from '../../../src/storage/encoding/byte-writer.js';
import { readJsonbRow, writeJsonbRow } from '../../../src/storage/encoding/jsonb-row.js';
import { jsonbValue } from '../../sql/types/jsonb-arbitrary.js';

const show = (v: unknown) => jsonbToText((v as Jsonb).root);
const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

describe('jsonb rows', () => {
  it('restore every value exactly', () => {
    fc.assert(
      fc.property(jsonbValue, fc.integer(), (v, n) => {
        const types = [Oid.int4, Oid.jsonb, Oid.jsonb];
        const row = encodeRow(types, [n, v, null]);
        const back = decodeRow(types, row);
        expect(back[0]).toBe(n);
        expect(show(back[1])).toBe(show(v));
        expect(back[2]).toBeNull();
        expect(show(decodeColumn(types, row, 1))).toBe(show(v));
      }),
      { numRuns: 300 },
    );
  });

  it('keep long strings, many keys and big numbers', () => {
    const doc = parseJsonb(JSON.stringify({ s: 'x'.repeat(70_000), k: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key${i}`, i])) }).replace('}}', '}, "n": 123456789012345678901234567890.000100}'));
    expect(show(decodeRow([Oid.jsonb], encodeRow([Oid.jsonb], [doc]))[0])).toBe(show(doc));
  });

  it('report damaged bytes as corruption', () => {
    const w = new ByteWriter();
    writeJsonbRow(w, parseJsonb('{"a": [1, "x", 2.5]}'));
    const bytes = w.copy();
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => readJsonbRow(bytes, 0, cut)).toThrow(DbError);
    }
    expect(() => readJsonbRow(Buffer.concat([bytes, Buffer.from([0])]), 0, bytes.length + 1)).toThrow('corrupt row');
    const badTag = Buffer.from(bytes);
    badTag[1] = 0x7f;
    expect(() => readJsonbRow(badTag, 0, badTag.length)).toThrow('corrupt row: jsonb tag 127');
  });
});

describe('jsonb keys', () => {
  const asc: KeyColumn[] = [{ type: Oid.jsonb }];
  const desc: KeyColumn[] = [{ type: Oid.jsonb, descending: true }];

  it('sort as PostgreSQL orders jsonb, both directions', () => {
    fc.assert(
      fc.property(jsonbValue, jsonbValue, (a, b) => {
        const want = compareJsonb(a, b);
        expect(sign(Buffer.compare(encodeKey(asc, [a]), encodeKey(asc, [b])))).toBe(want);
        expect(sign(Buffer.compare(encodeKey(desc, [a]), encodeKey(desc, [b])))).toBe(want === 0 ? 0 : -want);
      }),
      { numRuns: 1000 },
    );
  });

  it('are prefix-free inside composite keys', () => {
    const cols: KeyColumn[] = [{ type: Oid.jsonb }, { type: Oid.int4 }];
    fc.assert(
      fc.property(jsonbValue, jsonbValue, fc.integer(), fc.integer(), (a, b, x, y) => {
        const c = compareJsonb(a, b);
        const want = c !== 0 ? c : sign(x - y);
        expect(sign(Buffer.compare(encodeKey(cols, [a, x]), encodeKey(cols, [b, y])))).toBe(want);
      }),
      { numRuns: 500 },
    );
  });

  it('decode to an equal value', () => {
    fc.assert(
      fc.property(jsonbValue, fc.boolean(), (v, descending) => {
        const cols: KeyColumn[] = [{ type: Oid.jsonb, descending }, { type: Oid.jsonb }];
        const [first, second] = decodeKey(cols, encodeKey(cols, [v, null]));
        expect(compareJsonb(first as Jsonb, v)).toBe(0);
        expect(second).toBeNull();
      }),
      { numRuns: 300 },
    );
    // numbers come back with their smallest scale, like numeric keys
    expect(show(decodeKey(asc, encodeKey(asc, [parseJsonb('[1.50, "a", {"k": 10.0}]')]))[0])).toBe('[1.5, "a", {"k": 10}]');
  });
});
