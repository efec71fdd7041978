// Memcomparable B+tree keys: a tuple of SQL values becomes bytes whose Buffer.compare order is
// PostgreSQL's btree order of the tuples, column by column, honouring ASC/DESC and NULLS
// FIRST/LAST per column. Table keys are the primary key; index keys are (index columns…, pk).
// Invariant: each column's encoding is prefix-free, so a key is the plain concatenation of its
// columns, and the encoding of the first k columns is a byte prefix of every key holding them.
// Requires: values have the representation value.ts gives their column's type.
//
// Per column: one marker byte, then (unless NULL) the value's bytes, all inverted (XOR 0xFF)
// for a DESC column. The marker is not inverted: NULLS FIRST/LAST is absolute.
//
//   marker  meaning
//   0x00    NULL, column sorts NULLS FIRST
//   0x01    a value follows (every non-NULL value of every column)
//   0x02    NULL, column sorts NULLS LAST
//
// Value bytes (ascending; BE = big-endian):
//
//   type                         bytes  layout
//   bool                         1      0x00 false, 0x01 true
//   int2                         2      BE two's complement, sign bit flipped
//   int4, date                   4      BE two's complement, sign bit flipped; date ±infinity
//                                       (INT32_MIN/MAX) sort at the ends by themselves
//   int8, time, timestamp(tz)    8      BE two's complement, sign bit flipped (±infinity too)
//   oid, reg*                    4      BE unsigned
//   float4 / float8              4 / 8  IEEE BE; negative: all bits inverted; else sign bit
//                                       set. -0 is written as 0; every NaN as one NaN that
//                                       sorts above +Infinity (FF C0 00 00 / FF F8 00 .. 00)
//   user enums                   8      the label's sort order, as float8 (sql/types/enum.ts)
//   numeric                      1+     class byte: 01 -Inf, 02 negative, 03 zero,
//                                       04 positive, 05 +Inf, 06 NaN; for 02/04 the value
//                                       0.d1d2…dn × 10^E (d1, dn ≠ 0) follows as: E int32 BE
//                                       sign-flipped, digit pairs as 1 + (10·a + b) (odd last
//                                       digit paired with 0), 0x00; inverted after the class
//                                       byte for negatives. Scale is not kept: 1.5 = 1.50.
//   text, varchar, name, "char"  n+2    UTF-8 ("C" collation) with 0x00 → 00 FF, then 00 01
//   bpchar                       n+2    as text, trailing spaces removed first
//   bytea                        n+2    bytes with 0x00 → 00 FF, then 00 01
//   uuid                         16     the uuid's bytes
//   interval                     16     interval_cmp_value (months·30 + days in µs + µs) as
//                                       128-bit BE two's complement, sign bit flipped
//   arrays                       n+2+   per element 02 + its bytes (03 for NULL), then 01,
//                                       ndims, lengths and lower bounds (key-array.ts): the
//                                       order of PostgreSQL's array_cmp
//   rows (record, composite)     n+1+   per field 02 + its bytes (03 for NULL), then 01
//                                       (key-record.ts): record_cmp's order; not decodable
//   jsonb                        6+     jsonb's btree order: kind tags, counts, escaped
//                                       strings, numeric keys (layout in jsonb-key.ts)
//
// Decoding restores values exactly except where equal values share bytes: floats give 0 for
// -0; numeric gives the smallest scale (1.50 → 1.5, 100.0 → 100); bpchar gives the text
// without trailing spaces; interval gives whole 30-day months, then days, then µs, all with the
// total's sign ('30 days' → '1 mon'). Tables keep the row separately, so nothing is lost.
// jsonb numbers decode with the smallest scale, as numeric does. json has no btree order
// here and raises 0A000 (so do arrays of json).
import { DbError, SqlState } from '../../errors.js';
import type { Value } from '../../sql/types/value.js';
import { ByteWriter } from './byte-writer.js';
import { corruptKey, KeyReader } from './key-reader.js';
import { decodeKeyValue, encodeKeyValue } from './key-values.js';

/** One key column: its type OID, direction and NULL placement (default as PostgreSQL: NULLS
 * LAST for ASC, NULLS FIRST for DESC). */
export interface KeyColumn {
  readonly type: number;
  readonly descending?: boolean;
  readonly nullsFirst?: boolean;
}

export const KEY_NULL_FIRST = 0x00;
export const KEY_VALUE = 0x01;
export const KEY_NULL_LAST = 0x02;

function nullMarker(col: KeyColumn): number {
  return (col.nullsFirst ?? col.descending === true) ? KEY_NULL_FIRST : KEY_NULL_LAST;
}

/** Appends the encoding of values[0 .. count) as columns[0 .. count) to w. */
export function encodeKeyInto(w: ByteWriter, columns: readonly KeyColumn[], values: readonly Value[], count = values.length): void {
  if (count > columns.length) throw tooManyValues(count, columns.length);
  for (let i = 0; i < count; i++) {
    const col = columns[i]!;
    const v = values[i]!;
    if (v === null) {
      w.u8(nullMarker(col));
      continue;
    }
    w.u8(KEY_VALUE);
    if (col.descending) {
      const from = w.length;
      encodeKeyValue(w, col.type, v);
      w.invertFrom(from);
    } else {
      encodeKeyValue(w, col.type, v);
    }
  }
}

/**
 * The key of a full tuple, in a buffer of its own. Requires values.length === columns.length.
 * Hot paths should hold one ByteWriter (per connection or access object) and call
 * encodeKeyInto after reset(): view() for a lookup allocates nothing, copy() to keep the key.
 */
export function encodeKey(columns: readonly KeyColumn[], values: readonly Value[]): Buffer {
  if (values.length !== columns.length) {
    throw new DbError(SqlState.InternalError, `key has ${columns.length} columns, got ${values.length} values`);
  }
  const w = new ByteWriter(16 + 12 * columns.length);
  encodeKeyInto(w, columns, values);
  return w.view();
}

/**
 * The encoding of the first values.length columns: a byte prefix of every key whose leading
 * columns equal values (NULL included). Range-scan bounds over a key prefix:
 *   all keys with the prefix P         [P, prefixSuccessor(P))
 *   column k > v (after P)             from prefixSuccessor(encodeKeyPrefix(P…, v))
 *   column k >= v                      from encodeKeyPrefix(P…, v)
 *   column k < v / k <= v              up to encodeKeyPrefix(P…, v) / its prefixSuccessor
 * (swap the roles for a DESC column), and nonNullRange for "column k IS NOT NULL".
 */
export function encodeKeyPrefix(columns: readonly KeyColumn[], values: readonly Value[]): Buffer {
  const w = new ByteWriter(16 + 12 * values.length);
  encodeKeyInto(w, columns, values);
  return w.view();
}

/**
 * The least byte string greater than every string that starts with prefix (an exclusive
 * upper bound), or null when there is none (prefix empty or all 0xFF: scan to the end).
 */
export function prefixSuccessor(prefix: Buffer): Buffer | null {
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === 0xff) i--;
  if (i < 0) return null;
  const out = Buffer.from(prefix.subarray(0, i + 1));
  out[i] = out[i]! + 1;
  return out;
}

/**
 * [start, end) of the keys whose leading columns equal prefixValues and whose next column is
 * not NULL. Requires prefixValues.length < columns.length.
 */
export function nonNullRange(columns: readonly KeyColumn[], prefixValues: readonly Value[]): { start: Buffer; end: Buffer } {
  if (prefixValues.length >= columns.length) throw tooManyValues(prefixValues.length + 1, columns.length);
  const w = new ByteWriter(16 + 12 * columns.length);
  encodeKeyInto(w, columns, prefixValues);
  w.u8(KEY_VALUE);
  const start = w.copy();
  const end = w.copy();
  end[end.length - 1] = KEY_VALUE + 1;
  return { start, end };
}

/**
 * Decodes the first `count` columns of a key (the bytes after them are not read). See the
 * module comment for the values that come back in canonical rather than original form.
 */
export function decodeKey(columns: readonly KeyColumn[], key: Buffer, count = columns.length): Value[] {
  if (count > columns.length) throw tooManyValues(count, columns.length);
  const r = new KeyReader(key);
  const out: Value[] = new Array<Value>(count);
  for (let i = 0; i < count; i++) {
    const col = columns[i]!;
    r.mask = 0;
    const marker = r.byte();
    if (marker !== KEY_VALUE) {
      if (marker !== nullMarker(col)) throw corruptKey(`column ${i + 1} marker ${marker}`);
      out[i] = null;
      continue;
    }
    r.mask = col.descending ? 0xff : 0;
    out[i] = decodeKeyValue(r, col.type);
  }
  return out;
}

function tooManyValues(got: number, columns: number): DbError {
  return new DbError(SqlState.InternalError, `key has ${columns} columns, got ${got} values`);
}
