// fast-check generators of SQL values per type, weighted toward edge values (extremes, NaN,
// ±Infinity, -0, empty and long strings, 0x00 bytes, non-ASCII, trailing spaces) and toward
// small pools, so that equal values and shared prefixes come up often in pairs of draws.
import fc from 'fast-check';
import { Oid } from '../../../src/sql/types/oids.js';
import { Numeric } from '../../../src/sql/types/numeric.js';
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  Interval,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  USECS_PER_DAY,
  type Value,
} from '../../../src/sql/types/value.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function int32(): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: INT32_MIN, max: INT32_MAX }), fc.constantFrom(INT32_MIN, INT32_MAX, 0, -1, 1), fc.integer({ min: -3, max: 3 }));
}

function int64(): fc.Arbitrary<bigint> {
  return fc.oneof(
    fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
    fc.constantFrom(INT64_MIN, INT64_MAX, 0n, -1n, 1n, -(2n ** 32n), 2n ** 32n - 1n, 2n ** 53n, -(2n ** 53n)),
    fc.bigInt({ min: -3n, max: 3n }),
  );
}

/** Strings over a tiny alphabet: prefixes, 0x00, a 2-byte, a 4-byte character and spaces. */
const tinyString = fc.string({ unit: fc.constantFrom('a', 'b', '\0', '\u00ff', '\u{1F600}', ' ', '\uffff'), maxLength: 5 });

function text(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: tinyString },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }) },
  );
}

function numeric(): fc.Arbitrary<Numeric> {
  const finite = (unscaled: fc.Arbitrary<bigint>, scale: fc.Arbitrary<number>) =>
    fc.tuple(unscaled, scale).map(([u, s]) => Numeric.of(u, s));
  return fc.oneof(
    fc.constantFrom(Numeric.NaN, Numeric.Infinity, Numeric.NegativeInfinity, Numeric.ZERO, Numeric.of(0n, 5)),
    // small pool: many equal values at different scales (1.5 = 1.50)
    fc
      .tuple(fc.bigInt({ min: -30n, max: 30n }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }))
      .map(([u, s, zeros]) => Numeric.of(u * 10n ** BigInt(zeros), s + zeros)),
    finite(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 50 })),
    finite(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), fc.integer({ min: 0, max: 20 })),
    // huge exponents and large scales
    finite(fc.bigInt({ min: -(10n ** 300n), max: 10n ** 300n }), fc.integer({ min: 0, max: 16383 })),
    fc.tuple(fc.bigInt({ min: -99n, max: 99n }), fc.integer({ min: 0, max: 600 })).map(([u, zeros]) => Numeric.of(u * 10n ** BigInt(zeros), 0)),
  );
}

function interval(): fc.Arbitrary<Interval> {
  const full = fc.tuple(int32(), int32(), int64()).map(([m, d, us]) => new Interval(m, d, us));
  // small pool in whole days: '1 mon' = '30 days' = '720:00:00' come up often
  const days = fc
    .tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -61, max: 61 }), fc.integer({ min: -61, max: 61 }))
    .map(([m, d, h]) => new Interval(m, d, BigInt(h) * 24n * 3_600_000_000n));
  const small = fc
    .tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -31, max: 31 }), fc.bigInt({ min: -2n * USECS_PER_DAY, max: 2n * USECS_PER_DAY }))
    .map(([m, d, us]) => new Interval(m, d, us));
  return fc.oneof(full, days, small);
}

function uuid(): fc.Arbitrary<string> {
  const fromBytes = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
    const h = Buffer.from(b).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  });
  const pool = fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  return fc.oneof(fromBytes, pool);
}

function bytea(): fc.Arbitrary<Buffer> {
  return fc
    .oneof(fc.uint8Array({ maxLength: 30 }), fc.array(fc.constantFrom(0, 1, 0xfe, 0xff, 0x61), { maxLength: 5 }).map((a) => Uint8Array.from(a)), fc.uint8Array({ minLength: 200, maxLength: 600 }))
    .map((a) => Buffer.from(a));
}

/** A generator of non-NULL values for each type the key encoding supports. */
export const KEY_TYPES: ReadonlyMap<number, fc.Arbitrary<Value>> = new Map<number, fc.Arbitrary<Value>>([
  [Oid.bool, fc.boolean()],
  [Oid.int2, fc.oneof(fc.integer({ min: -32768, max: 32767 }), fc.constantFrom(-32768, 32767, 0, -1))],
  [Oid.int4, int32()],
  [Oid.int8, int64()],
  [Oid.oid, fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 0xffffffff, 0x80000000, 0x7fffffff))],
  [Oid.float4, fc.oneof(fc.float(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, Math.fround(3.4e38), -Math.fround(1e-45)))],
  [Oid.float8, fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MIN_VALUE, 1, -1))],
  [Oid.numeric, numeric()],
  [Oid.text, text()],
  [Oid.varchar, text()],
  [Oid.name, fc.string({ unit: 'binary', maxLength: 20 })],
  [Oid.bpchar, fc.oneof(tinyString, fc.tuple(text(), fc.nat(4)).map(([s, n]) => s + ' '.repeat(n)))],
  [Oid.bytea, bytea()],
  [Oid.date, fc.oneof(int32().filter((d) => d !== INT32_MIN && d !== INT32_MAX), fc.constantFrom(DATE_NOBEGIN, DATE_NOEND, 0, -1))],
  [Oid.time, fc.oneof(fc.bigInt({ min: 0n, max: USECS_PER_DAY }), fc.constantFrom(0n, USECS_PER_DAY))],
  [Oid.timestamp, fc.oneof(int64(), fc.constantFrom(TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND))],
  [Oid.timestamptz, fc.oneof(int64(), fc.constantFrom(TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND))],
  [Oid.interval, interval()],
  [Oid.uuid, uuid()],
]);

/** Non-NULL generators for the row format: every key type plus json. */
export const ROW_TYPES: ReadonlyMap<number, fc.Arbitrary<Value>> = new Map<number, fc.Arbitrary<Value>>([
  ...KEY_TYPES,
  [Oid.json, fc.json()],
]);

export function valueOf(types: ReadonlyMap<number, fc.Arbitrary<Value>>, type: number): fc.Arbitrary<Value> {
  const arb = types.get(type);
  if (!arb) throw new Error(`no generator for type ${type}`);
  return arb;
}

/** A value of the type or NULL (NULL about one time in six). */
export function nullableValueOf(types: ReadonlyMap<number, fc.Arbitrary<Value>>, type: number): fc.Arbitrary<Value> {
  return fc.option(valueOf(types, type), { nil: null, freq: 6 });
}
