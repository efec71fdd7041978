// Array keys: Buffer.compare of encoded array keys must agree with PostgreSQL's array_cmp (a
// model written here from its documented rules: elements in order with NULL above every
// value, then element count, dimension count, lengths, lower bounds) for arrays of every key
// type, ASC and DESC, alone and in composite keys; keys decode back to equal arrays.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtins } from '../../../src/catalog/builtins.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { ArrayValue, type Value } from '../../../src/sql/types/value.js';
import { decodeKey, encodeKey, type KeyColumn } from '../../../src/storage/encoding/key.js';
import { compareValues, sameValue, show } from './pg-order.js';
import { KEY_TYPES, valueOf } from './value-arbitraries.js';

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** PostgreSQL's array_cmp over two arrays of one element type. */
function compareArrays(a: ArrayValue, b: ArrayValue): number {
  const n = Math.min(a.elements.length, b.elements.length);
  for (let i = 0; i < n; i++) {
    const x = a.elements[i]!;
    const y = b.elements[i]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return x === null ? 1 : -1;
    }
    const c = compareValues(a.elementType, x, y);
    if (c !== 0) return sign(c);
  }
  if (a.elements.length !== b.elements.length) return sign(a.elements.length - b.elements.length);
  if (a.dims.length !== b.dims.length) return sign(a.dims.length - b.dims.length);
  for (let d = 0; d < a.dims.length; d++) if (a.dims[d] !== b.dims[d]) return sign(a.dims[d]! - b.dims[d]!);
  for (let d = 0; d < a.dims.length; d++) if (a.lowerBounds[d] !== b.lowerBounds[d]) return sign(a.lowerBounds[d]! - b.lowerBounds[d]!);
  return 0;
}

const ELEMENT_TYPES = [...KEY_TYPES.keys()];

function describeArray(a: ArrayValue): string {
  return `[${a.elements.map(show).join(', ')}] dims ${a.dims} lower bounds ${a.lowerBounds}`;
}

function arrayTypeOf(elementType: number): number {
  return builtins().type(elementType).typarray;
}

/**
 * Arrays drawn from small pools (a few shapes, two lower bounds, elements from a pool of
 * three values plus NULL) so that equal prefixes and ties on every rule come up often.
 */
function arraysOf(elementType: number): fc.Arbitrary<ArrayValue> {
  return fc.array(valueOf(KEY_TYPES, elementType), { minLength: 3, maxLength: 3 }).chain((pool) => {
    const element = fc.oneof({ weight: 5, arbitrary: fc.constantFrom<Value>(...pool) }, { weight: 1, arbitrary: fc.constant<Value>(null) });
    return fc
      .tuple(fc.constantFrom<number[]>([], [1], [2], [3], [1, 2], [2, 1], [2, 2]), fc.constantFrom(1, 0, -2))
      .chain(([dims, lb]) => {
        const count = dims.length === 0 ? 0 : dims.reduce((x, y) => x * y, 1);
        return fc
          .array(element, { minLength: count, maxLength: count })
          .map((elements) => new ArrayValue(elementType, elements, dims, dims.map(() => lb)));
      });
  });
}

/** Two arrays of one element type sharing their pool of values. */
const pairArb = fc
  .constantFrom(...ELEMENT_TYPES)
  .chain((t) => arraysOf(t).chain((a) => fc.tuple(fc.constant(a), arraysOf(t).map((b) => new ArrayValue(t, b.elements.map((e, i) => (i % 2 === 0 && i < a.elements.length ? a.elements[i]! : e)), b.dims, b.lowerBounds)))));

describe('array key order', () => {
  it('agrees with array_cmp for arrays of every key type, ASC and DESC', () => {
    fc.assert(
      fc.property(pairArb, fc.boolean(), ([a, b], descending) => {
        const cols: KeyColumn[] = [{ type: arrayTypeOf(a.elementType), descending }];
        const got = sign(Buffer.compare(encodeKey(cols, [a]), encodeKey(cols, [b])));
        const want = compareArrays(a, b) * (descending ? -1 : 1);
        if (got !== want) throw new Error(`${describeArray(a)} vs ${describeArray(b)}: bytes ${got}, array_cmp ${want}`);
      }),
      { numRuns: 4000 },
    );
  });

  it('orders composite keys with an array column before an int column', () => {
    fc.assert(
      fc.property(pairArb, fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 }), ([a, b], x, y) => {
        const cols: KeyColumn[] = [{ type: arrayTypeOf(a.elementType) }, { type: Oid.int4 }];
        const got = sign(Buffer.compare(encodeKey(cols, [a, x]), encodeKey(cols, [b, y])));
        const c = compareArrays(a, b);
        expect(got).toBe(c !== 0 ? c : sign(x - y));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the examples of PostgreSQL documentation order', () => {
    const cols: KeyColumn[] = [{ type: Oid.int4Array }];
    const k = (elements: Value[], dims = [elements.length], lbs = dims.map(() => 1)) =>
      encodeKey(cols, [elements.length === 0 ? new ArrayValue(Oid.int4, [], [], []) : new ArrayValue(Oid.int4, elements, dims, lbs)]);
    expect(Buffer.compare(k([]), k([1]))).toBe(-1);
    expect(Buffer.compare(k([1, 2]), k([1, 2, 0]))).toBe(-1);
    expect(Buffer.compare(k([1, 3]), k([2]))).toBe(-1);
    expect(Buffer.compare(k([1, null]), k([1, 5]))).toBe(1);
    expect(Buffer.compare(k([1, 2, 3, 4], [4]), k([1, 2, 3, 4], [2, 2]))).toBe(-1);
    expect(Buffer.compare(k([1, 2], [2], [0]), k([1, 2], [2], [1]))).toBe(-1);
  });
});

describe('array key decoding', () => {
  it('decodes to an array array_cmp calls equal, with the same shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ELEMENT_TYPES).chain(arraysOf), fc.boolean(), (a, descending) => {
        const cols: KeyColumn[] = [{ type: arrayTypeOf(a.elementType), descending }, { type: Oid.text }];
        const [back, tail] = decodeKey(cols, encodeKey(cols, [a, 'after']));
        expect(back).toBeInstanceOf(ArrayValue);
        const b = back as ArrayValue;
        expect([b.elementType, b.dims, b.lowerBounds]).toEqual([a.elementType, a.dims, a.lowerBounds]);
        expect(compareArrays(a, b)).toBe(0);
        expect(tail).toBe('after');
      }),
      { numRuns: 1500 },
    );
  });

  it('restores exactly arrays of types whose keys keep every value', () => {
    const a = new ArrayValue(Oid.text, ['x', null, '', 'a\0b'], [2, 2], [0, 3]);
    expect(sameValue(decodeKey([{ type: Oid.textArray }], encodeKey([{ type: Oid.textArray }], [a]))[0]!, a)).toBe(true);
    const v = new ArrayValue(Oid.int2, [], [0], [0]); // the empty int2vector keeps its dimension
    expect(sameValue(decodeKey([{ type: Oid.int2vector }], encodeKey([{ type: Oid.int2vector }], [v]))[0]!, v)).toBe(true);
  });

  it('refuses arrays of json and corrupt array keys', () => {
    const json = new ArrayValue(Oid.json, ['{}'], [1], [1]);
    expect(() => encodeKey([{ type: 199 }], [json])).toThrow(expect.objectContaining({ code: '0A000' }));
    const key = encodeKey([{ type: Oid.int4Array }], [new ArrayValue(Oid.int4, [1, 2], [2], [1])]);
    for (let n = 1; n < key.length; n++) {
      expect(() => decodeKey([{ type: Oid.int4Array }], key.subarray(0, n))).toThrow(expect.objectContaining({ code: 'XX001' }));
    }
  });
});
