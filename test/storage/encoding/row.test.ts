// Row encoding: rows of random types and values (NULLs, edge values) decode to exactly the
// values encoded, column by column as well as whole; wide offsets, short (older) rows, arrays,
// unsupported types and corrupt headers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Oid } from '../../../src/sql/types/oids.js';
import { Numeric } from '../../../src/sql/types/numeric.js';
import { ArrayValue, Interval, type Value } from '../../../src/sql/types/value.js';
import { ByteWriter } from '../../../src/storage/encoding/byte-writer.js';
import { decodeColumn, decodeRow, encodeRow, encodeRowInto, RowReader } from '../../../src/storage/encoding/row.js';
import { sameValue, sameValues, show } from './pg-order.js';
import { nullableValueOf, ROW_TYPES } from './value-arbitraries.js';

const ROW_TYPE_OIDS = [...ROW_TYPES.keys()];

const rowArb = fc
  .array(fc.constantFrom(...ROW_TYPE_OIDS), { maxLength: 20 })
  .chain((types) => fc.tuple(fc.constant(types), fc.tuple(...types.map((t) => nullableValueOf(ROW_TYPES, t)))));

function expectSame(got: readonly Value[], want: readonly Value[]): void {
  if (!sameValues(got, want)) throw new Error(`decoded [${got.map(show)}], want [${want.map(show)}]`);
}

/** Arrays of every row type: 0–3 dimensions, NULL elements, custom lower bounds. */
const arrayArb: fc.Arbitrary<ArrayValue> = fc
  .tuple(fc.constantFrom(...ROW_TYPE_OIDS), fc.constantFrom<number[]>([], [1], [3], [2, 2], [1, 2, 3]), fc.integer({ min: -5, max: 5 }))
  .chain(([elementType, dims, lb]) => {
    const count = dims.length === 0 ? 0 : dims.reduce((x, y) => x * y, 1);
    return fc
      .array(nullableValueOf(ROW_TYPES, elementType), { minLength: count, maxLength: count })
      .map((elements) => new ArrayValue(elementType, elements, dims, dims.map(() => lb)));
  });

describe('row encoding', () => {
  it('round-trips rows of every type exactly', () => {
    fc.assert(
      fc.property(rowArb, ([types, values]) => {
        expectSame(decodeRow(types, encodeRow(types, values)), values);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes any single column the same as the whole row', () => {
    fc.assert(
      fc.property(rowArb, ([types, values]) => {
        const row = encodeRow(types, values);
        const reader = new RowReader(types, row);
        const all = decodeRow(types, row);
        for (let i = types.length - 1; i >= 0; i--) {
          expect(sameValue(decodeColumn(types, row, i), all[i]!)).toBe(true);
          expect(sameValue(reader.get(i), all[i]!)).toBe(true);
          expect(reader.isNull(i)).toBe(values[i] === null);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the fields a key would merge', () => {
    const types = [Oid.float8, Oid.float4, Oid.numeric, Oid.bpchar, Oid.interval, Oid.numeric, Oid.numeric];
    const values: Value[] = [-0, -0, Numeric.parse('1.50'), 'ab   ', new Interval(1, -30, 5n), Numeric.parse('-123456789012345678901234567890.000'), Numeric.of(0n, 7)];
    expectSame(decodeRow(types, encodeRow(types, values)), values);
    expect(Object.is(decodeColumn(types, encodeRow(types, values), 0), -0)).toBe(true);
  });

  it('switches to 4-byte offsets past 64 KiB of values', () => {
    const types = [Oid.int4, Oid.text, Oid.bytea, Oid.int8];
    const values: Value[] = [1, 'x'.repeat(70_000), Buffer.alloc(10, 7), 9n];
    const row = encodeRow(types, values);
    expect(row[2]).toBe(1);
    expectSame(decodeRow(types, row), values);
    expect(encodeRow([Oid.text], ['short'])[2]).toBe(0);
  });

  it('appends to a shared writer without disturbing what is before', () => {
    const w = new ByteWriter(4);
    w.u8(0xee);
    encodeRowInto(w, [Oid.text, Oid.int8], ['héllo', -5n]);
    expect(w.buf[0]).toBe(0xee);
    expectSame(decodeRow([Oid.text, Oid.int8], w.view().subarray(1)), ['héllo', -5n]);
  });

  it('reads columns missing from an older, shorter row as NULL', () => {
    const row = encodeRow([Oid.int4, Oid.text], [7, 'a']);
    expectSame(decodeRow([Oid.int4, Oid.text, Oid.bool, Oid.int8], row), [7, 'a', null, null]);
  });

  it('round-trips arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.option(arrayArb, { nil: null }), { minLength: 1, maxLength: 3 }), (arrays) => {
        const types = arrays.map(() => Oid.int4Array); // any non-scalar type OID holds an array
        expectSame(decodeRow(types, encodeRow(types, arrays)), arrays);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes the empty row and all-NULL rows', () => {
    expect(decodeRow([], encodeRow([], []))).toEqual([]);
    const types = Array.from({ length: 17 }, () => Oid.int8);
    const nulls: Value[] = types.map(() => null);
    expectSame(decodeRow(types, encodeRow(types, nulls)), nulls);
  });

  it('refuses types it has no format for with 0A000', () => {
    expect(() => encodeRow([Oid.xml], ['<a/>'])).toThrow(expect.objectContaining({ code: '0A000' }));
  });

  it('reports corrupt headers as XX001', () => {
    const row = encodeRow([Oid.int4, Oid.text], [1, 'abc']);
    expect(() => new RowReader([Oid.int4], row)).toThrow(expect.objectContaining({ code: 'XX001' }));
    expect(() => new RowReader([Oid.int4, Oid.text], row.subarray(0, 4))).toThrow(expect.objectContaining({ code: 'XX001' }));
    const bad = Buffer.from(row);
    bad[2] = 0x80;
    expect(() => decodeRow([Oid.int4, Oid.text], bad)).toThrow(expect.objectContaining({ code: 'XX001' }));
    expect(() => decodeColumn([Oid.int4, Oid.text], row.subarray(0, row.length - 1), 1)).toThrow(expect.objectContaining({ code: 'XX001' }));
  });
});
