// Key encoding: Buffer.compare of encoded keys must agree with PostgreSQL's btree order (the
// model in pg-order.ts) for every type, direction and NULL placement, single and composite;
// keys decode back to the value (or its documented canonical form); prefixes bound ranges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Oid } from '../../../src/sql/types/oids.js';
import { Numeric } from '../../../src/sql/types/numeric.js';
import { intervalCmpValue } from '../../../src/sql/types/interval-math.js';
import { Interval, USECS_PER_DAY, type Value } from '../../../src/sql/types/value.js';
import {
  decodeKey,
  encodeKey,
  encodeKeyPrefix,
  nonNullRange,
  prefixSuccessor,
  type KeyColumn,
} from '../../../src/storage/encoding/key.js';
import { compareTuples, compareValues, rtrimSpaces, sameValue, show } from './pg-order.js';
import { KEY_TYPES, nullableValueOf, valueOf } from './value-arbitraries.js';

const KEY_TYPE_OIDS = [...KEY_TYPES.keys()];

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** The value decodeKey must return for v: v itself except where equal values share a key. */
function canonical(type: number, v: Value): Value {
  if (v === null) return null;
  switch (type) {
    case Oid.float4:
    case Oid.float8:
      return Object.is(v, -0) ? 0 : v;
    case Oid.numeric: {
      const n = v as Numeric;
      if (!n.isFinite()) return n;
      let u = n.unscaled;
      let s = n.scale;
      while (s > 0 && u % 10n === 0n) {
        u /= 10n;
        s--;
      }
      return Numeric.of(u, s);
    }
    case Oid.bpchar:
      return rtrimSpaces(v as string);
    default:
      return v;
  }
}

const MONTH = 30n * USECS_PER_DAY;

/** The decoded interval has the same total, fields signed like the total, and is justified. */
function checkDecodedInterval(original: Interval, decoded: Interval): void {
  const total = intervalCmpValue(original);
  expect(intervalCmpValue(decoded)).toBe(total);
  for (const f of [BigInt(decoded.months), BigInt(decoded.days), decoded.micros]) {
    expect(total >= 0n ? f >= 0n : f <= 0n).toBe(true);
  }
  const saturated = (x: number) => x === 2147483647 || x === -2147483648;
  if (!saturated(decoded.months)) expect(BigInt(Math.abs(decoded.days)) * USECS_PER_DAY + (decoded.micros < 0n ? -decoded.micros : decoded.micros) < MONTH).toBe(true);
  if (!saturated(decoded.days)) expect(decoded.micros < USECS_PER_DAY && decoded.micros > -USECS_PER_DAY).toBe(true);
}

function checkRoundTrip(columns: readonly KeyColumn[], values: readonly Value[]): void {
  const decoded = decodeKey(columns, encodeKey(columns, values));
  columns.forEach((col, i) => {
    const v = values[i]!;
    if (col.type === Oid.interval && v !== null) return checkDecodedInterval(v as Interval, decoded[i] as Interval);
    const want = canonical(col.type, v);
    if (!sameValue(decoded[i]!, want)) throw new Error(`column ${i}: decoded ${show(decoded[i]!)}, want ${show(want)}`);
  });
}

const direction = fc.record({ descending: fc.boolean(), nullsFirst: fc.constantFrom(true, false, undefined) });

/** 1–4 key columns of random types and directions. */
const columnsArb: fc.Arbitrary<KeyColumn[]> = fc.array(
  fc.tuple(fc.constantFrom(...KEY_TYPE_OIDS), direction).map(([type, d]) => ({ type, ...d })),
  { minLength: 1, maxLength: 4 },
);

function tupleOf(columns: readonly KeyColumn[]): fc.Arbitrary<Value[]> {
  return fc.tuple(...columns.map((c) => nullableValueOf(KEY_TYPES, c.type)));
}

/** Two tuples that share a random number of leading values, so later columns decide too. */
const pairArb = columnsArb.chain((columns) =>
  fc.tuple(fc.constant(columns), tupleOf(columns), tupleOf(columns), fc.nat(columns.length)).map(([cols, a, b, shared]) => {
    const b2 = b.map((v, i) => (i < shared ? a[i]! : v));
    return { columns: cols, a, b: b2 };
  }),
);

describe('key encoding order', () => {
  for (const type of KEY_TYPE_OIDS) {
    it(`orders type ${type} like PostgreSQL, ASC and DESC`, () => {
      const arb = valueOf(KEY_TYPES, type);
      fc.assert(
        fc.property(arb, arb, fc.boolean(), (a, b, descending) => {
          const cols: KeyColumn[] = [{ type, descending }];
          const got = sign(Buffer.compare(encodeKey(cols, [a]), encodeKey(cols, [b])));
          const want = compareValues(type, a, b) * (descending ? -1 : 1);
          if (got !== sign(want)) throw new Error(`${show(a)} vs ${show(b)}: bytes say ${got}, PostgreSQL says ${want}`);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('orders composite keys with NULLs column by column', () => {
    fc.assert(
      fc.property(pairArb, ({ columns, a, b }) => {
        const got = sign(Buffer.compare(encodeKey(columns, a), encodeKey(columns, b)));
        const want = compareTuples(columns, a, b);
        if (got !== want) throw new Error(`${a.map(show)} vs ${b.map(show)} under ${JSON.stringify(columns)}: ${got} != ${want}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('sorts a list of keys into PostgreSQL order', () => {
    const listArb = columnsArb.chain((columns) => fc.tuple(fc.constant(columns), fc.array(tupleOf(columns), { maxLength: 40 })));
    fc.assert(
      fc.property(listArb, ([columns, tuples]) => {
        const sorted = tuples.map((t) => ({ t, k: encodeKey(columns, t) })).sort((x, y) => Buffer.compare(x.k, y.k));
        for (let i = 1; i < sorted.length; i++) expect(compareTuples(columns, sorted[i - 1]!.t, sorted[i]!.t)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes values PostgreSQL calls equal identically', () => {
    const same = (type: number, a: Value, b: Value, descending: boolean) =>
      expect(encodeKey([{ type, descending }], [a]).equals(encodeKey([{ type, descending }], [b]))).toBe(true);
    fc.assert(
      fc.property(valueOf(KEY_TYPES, Oid.numeric), fc.integer({ min: 0, max: 40 }), fc.boolean(), (v, extra, desc) => {
        const n = v as Numeric;
        if (n.isFinite() && n.scale + extra <= 16383) same(Oid.numeric, n, Numeric.of(n.withScale(n.scale + extra), n.scale + extra), desc);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: -50, max: 50 }), fc.boolean(), (m, d, us, shift, desc) => {
        // move `shift` months into days, and `shift` days into microseconds
        same(Oid.interval, new Interval(m, d, us), new Interval(m - shift, d + 30 * shift, us), desc);
        same(Oid.interval, new Interval(m, d, us), new Interval(m, d - shift, us + BigInt(shift) * USECS_PER_DAY), desc);
      }),
    );
    fc.assert(
      fc.property(valueOf(KEY_TYPES, Oid.bpchar), fc.nat(5), fc.boolean(), (s, pad, desc) => {
        same(Oid.bpchar, s, (s as string) + ' '.repeat(pad), desc);
      }),
    );
    same(Oid.float4, -0, 0, true);
    same(Oid.float8, NaN, -NaN, false);
  });

  it('keeps the examples from the brief', () => {
    const text: KeyColumn[] = [{ type: Oid.text }];
    const k = (s: string) => encodeKey(text, [s]);
    expect(Buffer.compare(k('a'), k('ab'))).toBe(-1);
    expect(Buffer.compare(k('ab'), k('b'))).toBe(-1);
    expect(Buffer.compare(k('a'), k('a\0'))).toBe(-1);
    const two: KeyColumn[] = [{ type: Oid.text }, { type: Oid.int4 }];
    expect(Buffer.compare(encodeKey(two, ['a', 2]), encodeKey(two, ['ab', 1]))).toBe(-1);
    const num: KeyColumn[] = [{ type: Oid.numeric }];
    expect(encodeKey(num, [Numeric.parse('1.5')])).toEqual(encodeKey(num, [Numeric.parse('1.50')]));
    expect(Buffer.compare(encodeKey(num, [Numeric.NaN]), encodeKey(num, [Numeric.Infinity]))).toBe(1);
    const f8: KeyColumn[] = [{ type: Oid.float8 }];
    expect(encodeKey(f8, [-0])).toEqual(encodeKey(f8, [0]));
    expect(Buffer.compare(encodeKey(f8, [NaN]), encodeKey(f8, [Infinity]))).toBe(1);
    const iv: KeyColumn[] = [{ type: Oid.interval }];
    expect(encodeKey(iv, [new Interval(1, 0, 0n)])).toEqual(encodeKey(iv, [new Interval(0, 30, 0n)]));
    const bp: KeyColumn[] = [{ type: Oid.bpchar }];
    expect(encodeKey(bp, ['ab  '])).toEqual(encodeKey(bp, ['ab']));
  });
});

describe('key decoding', () => {
  it('round-trips every type (canonical forms where equal values merge)', () => {
    fc.assert(
      fc.property(
        columnsArb.chain((columns) => fc.tuple(fc.constant(columns), tupleOf(columns))),
        ([columns, values]) => checkRoundTrip(columns, values),
      ),
      { numRuns: 3000 },
    );
  });

  it('decodes canonical forms as documented', () => {
    const dec = (type: number, v: Value) => decodeKey([{ type }], encodeKey([{ type }], [v]))[0];
    expect(dec(Oid.interval, new Interval(0, 30, 0n))).toEqual(new Interval(1, 0, 0n));
    expect(dec(Oid.interval, new Interval(0, 0, 25n * 3_600_000_000n))).toEqual(new Interval(0, 1, 3_600_000_000n));
    expect(dec(Oid.interval, new Interval(1, -1, 0n))).toEqual(new Interval(0, 29, 0n));
    expect((dec(Oid.numeric, Numeric.parse('100.00')) as Numeric).toString()).toBe('100');
    expect(dec(Oid.bpchar, 'x  ')).toBe('x');
    // totals beyond int32 months saturate the fields and still decode to the same total
    const max = new Interval(2147483647, 2147483647, 2n ** 63n - 1n);
    expect(dec(Oid.interval, max)).toEqual(max);
    const min = new Interval(-2147483648, -2147483648, -(2n ** 63n));
    expect(dec(Oid.interval, min)).toEqual(min);
  });

  it('decodes the leading columns only when asked', () => {
    const cols: KeyColumn[] = [{ type: Oid.int8 }, { type: Oid.text, descending: true }, { type: Oid.uuid }];
    const key = encodeKey(cols, [5n, 'x', null]);
    expect(decodeKey(cols, key, 2)).toEqual([5n, 'x']);
  });

  it('rejects types without a key encoding with 0A000', () => {
    expect(() => encodeKey([{ type: Oid.json }], ['{}'])).toThrow(expect.objectContaining({ code: '0A000' }));
  });

  it('reports truncated keys as corrupt (XX001)', () => {
    const cols: KeyColumn[] = [{ type: Oid.text }, { type: Oid.int8 }];
    const key = encodeKey(cols, ['abc', 7n]);
    for (let n = 0; n < key.length; n++) {
      expect(() => decodeKey(cols, key.subarray(0, n))).toThrow(expect.objectContaining({ code: 'XX001' }));
    }
  });
});

describe('key prefixes and ranges', () => {
  it('a prefix encoding bounds exactly the keys that share those leading values', () => {
    fc.assert(
      fc.property(pairArb, fc.nat(4), ({ columns, a, b }, n) => {
        const k = Math.min(n, columns.length);
        const prefix = encodeKeyPrefix(columns, a.slice(0, k));
        const keyA = encodeKey(columns, a);
        const keyB = encodeKey(columns, b);
        expect(keyA.subarray(0, prefix.length).equals(prefix)).toBe(true);
        const upper = prefixSuccessor(prefix);
        const inRange = Buffer.compare(keyB, prefix) >= 0 && (upper === null || Buffer.compare(keyB, upper) < 0);
        expect(inRange).toBe(compareTuples(columns.slice(0, k), a, b) === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('nonNullRange holds the keys whose next column is not NULL', () => {
    fc.assert(
      fc.property(pairArb, ({ columns, a, b }) => {
        const k = columns.length - 1;
        const { start, end } = nonNullRange(columns, a.slice(0, k));
        const key = encodeKey(columns, [...a.slice(0, k), b[k]!]);
        const inRange = Buffer.compare(key, start) >= 0 && Buffer.compare(key, end) < 0;
        expect(inRange).toBe(b[k] !== null);
      }),
      { numRuns: 1000 },
    );
  });

  it('prefixSuccessor skips trailing 0xFF bytes', () => {
    expect(prefixSuccessor(Buffer.from([1, 0xff, 0xff]))).toEqual(Buffer.from([2]));
    expect(prefixSuccessor(Buffer.from([0xff]))).toBeNull();
    expect(prefixSuccessor(Buffer.alloc(0))).toBeNull();
  });
});
