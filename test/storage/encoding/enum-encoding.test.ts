// Enum values in keys and rows. A value is its label's sort order (sql/types/enum.ts), so keys
// order by sort order, not by label text; keys written before ADD VALUE put a label between
// existing ones keep their order relative to the new label's keys; DESC columns and arrays of
// enums order as PostgreSQL's enum_cmp / array_cmp do; keys and rows decode to the same values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newLabelSortOrder } from '../../../src/sql/ddl/enum-labels.js';
import { ArrayValue, type Value } from '../../../src/sql/types/value.js';
import { decodeKey, encodeKey, type KeyColumn } from '../../../src/storage/encoding/key.js';
import { decodeRow, encodeRow } from '../../../src/storage/encoding/row.js';

/** A user enum type and its array type, as CREATE TYPE allocates them (even, then odd). */
const MOOD = 16390;
const MOOD_ARRAY = 16391;

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

describe('enum keys', () => {
  it('order by sort order, not by label text', () => {
    // labels 'sad' (1), 'ok' (2), 'happy' (3): text order would be happy < ok < sad
    const col: KeyColumn[] = [{ type: MOOD }];
    const [sad, ok, happy] = [1, 2, 3].map((v) => encodeKey(col, [v]));
    expect(Buffer.compare(sad!, ok!)).toBe(-1);
    expect(Buffer.compare(ok!, happy!)).toBe(-1);
    const desc: KeyColumn[] = [{ type: MOOD, descending: true }];
    expect(Buffer.compare(encodeKey(desc, [1]), encodeKey(desc, [3]))).toBe(1);
    expect(decodeKey(col, happy!)).toEqual([3]);
  });

  it('keys stored before ADD VALUE stay in order with the new labels (random ALTER TYPE sequences)', () => {
    type Op = { after: boolean; at: number | null };
    const op = fc.record({ after: fc.boolean(), at: fc.option(fc.nat(), { nil: null }) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops: Op[]) => {
        const labels: number[] = []; // sort orders in the order the statements placed the labels
        const keys: Buffer[] = []; // each label's key, encoded when the label was added
        const col: KeyColumn[] = [{ type: MOOD }];
        for (const o of ops) {
          const neighbor = o.at === null || labels.length === 0 ? null : o.at % labels.length;
          const order = newLabelSortOrder(labels, neighbor, o.after);
          if (order === null) continue;
          const at = neighbor === null ? labels.length : o.after ? neighbor + 1 : neighbor;
          labels.splice(at, 0, order);
          keys.splice(at, 0, encodeKey(col, [order]));
        }
        for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1]!, keys[i]!)).toBe(-1);
        keys.forEach((k, i) => expect(decodeKey(col, k)).toEqual([labels[i]]));
      }),
    );
  });

  it('order arrays of enums element by element, as array_cmp does', () => {
    const col: KeyColumn[] = [{ type: MOOD_ARRAY }];
    const arr = (...sortOrders: (number | null)[]) => new ArrayValue(MOOD, sortOrders, sortOrders.length === 0 ? [] : [sortOrders.length]);
    const model = (a: (number | null)[], b: (number | null)[]): number => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const x = a[i]!;
        const y = b[i]!;
        if (x === y) continue;
        if (x === null) return 1; // NULL elements sort last
        if (y === null) return -1;
        return x < y ? -1 : 1;
      }
      return sign(a.length - b.length);
    };
    const element = fc.option(fc.constantFrom(-1, 0.5, 1, 1.25, 2, 3), { nil: null });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 4 }), fc.array(element, { maxLength: 4 }), (a, b) => {
        expect(sign(Buffer.compare(encodeKey(col, [arr(...a)]), encodeKey(col, [arr(...b)])))).toBe(model(a, b));
      }),
    );
    const decoded = decodeKey(col, encodeKey(col, [arr(2, null, 0.5)]))[0] as ArrayValue;
    expect(decoded.elementType).toBe(MOOD);
    expect(decoded.elements).toEqual([2, null, 0.5]);
  });

  it('give equal grouping keys exactly for equal labels', () => {
    const col: KeyColumn[] = [{ type: MOOD }, { type: MOOD }];
    expect(encodeKey(col, [1.5, null]).equals(encodeKey(col, [1.5, null]))).toBe(true);
    expect(encodeKey(col, [1.5, 2]).equals(encodeKey(col, [1.5, 3]))).toBe(false);
  });
});

describe('enum rows', () => {
  it('round-trip enum and enum[] columns, fractional and negative sort orders included', () => {
    const types = [23, MOOD, MOOD_ARRAY, MOOD];
    const row: Value[] = [7, 1.5, new ArrayValue(MOOD, [-2, null, 3], [3]), null];
    const back = decodeRow(types, encodeRow(types, row));
    expect(back.slice(0, 2)).toEqual([7, 1.5]);
    expect((back[2] as ArrayValue).elementType).toBe(MOOD);
    expect((back[2] as ArrayValue).elements).toEqual([-2, null, 3]);
    expect(back[3]).toBeNull();
  });
});
