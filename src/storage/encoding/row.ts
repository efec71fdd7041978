// The stored form of a table row: a header, a NULL bitmap, an offset table and the values, so
// a reader reaches column i in O(1) without decoding the others (RowReader, decodeColumn).
// Invariant: decodeRow(types, encodeRow(types, values)) equals values exactly (-0, NaN,
// numeric scale, bpchar padding and interval fields included).
// Requires: values have the representation value.ts gives their column's type; a row holds at
// most 65535 columns. A row with fewer columns than `types` reads the missing ones as NULL
// (columns added later by ALTER TABLE ADD COLUMN without a rewrite).
//
//   offset          size        field
//   0               2           column count n (u16 LE)
//   2               1           flags: bit 0 set = offsets are u32 (else u16); others 0
//   3               ceil(n/8)   NULL bitmap: bit (i & 7) of byte (i >> 3) set = column i NULL
//   T = 3+ceil(n/8) n·w         end offsets (w = 2 or 4, LE): end of column i's bytes,
//                               relative to D; column i spans [end(i-1), end(i)), end(-1) = 0
//   D = T + n·w     ...         the values' bytes, in column order; NULLs take 0 bytes
//
// u16 offsets are used whenever the value bytes total at most 65535. Value bytes (LE):
//
//   type                         bytes  layout
//   bool                         1      0 / 1
//   int2 / int4, date / int8,    2/4/8  two's complement LE (date ±infinity as INT32_MIN/MAX,
//   time, timestamp(tz)                 timestamp ±infinity as INT64_MIN/MAX)
//   oid, reg*                    4      u32 LE
//   float4 / float8              4 / 8  IEEE LE, bits kept (-0 stays -0)
//   user enums                   8      the label's sort order as float8 (sql/types/enum.ts)
//   numeric                      1+     kind: 1 NaN, 2 +Inf, 3 -Inf (nothing follows); 0 small:
//                                       scale u16, unscaled as 0–6 byte signed LE (0 bytes =
//                                       zero); 4 / 5 big positive / negative: scale u16, |unscaled|
//                                       as big-endian magnitude bytes
//   text, varchar, bpchar, name, n      UTF-8 as is (bpchar keeps its padding)
//   "char", json, unknown
//   bytea                        n      the bytes
//   uuid                         16     the uuid's bytes
//   interval                     16     months i32, days i32, micros i64
//   jsonb                        2+     0x01, then the tree in prefix order (jsonb-row.ts)
//   arrays (any other type OID)  9+     0xA1, element type u32, ndims u8, (length i32, lower
//                                       bound i32) per dimension, element NULL bitmap, u32 end
//                                       offsets, element bytes as above
import { DbError, SqlState } from '../../errors.js';
import type { Value } from '../../sql/types/value.js';
import { ByteWriter } from './byte-writer.js';
import { corruptRow, readRowValue, writeRowValue } from './row-values.js';

const HEADER = 3;
const FLAG_WIDE_OFFSETS = 0x01;
const MAX_COLUMNS = 0xffff;

/** Appends the encoded row to w. Requires values.length === types.length. */
export function encodeRowInto(w: ByteWriter, types: readonly number[], values: readonly Value[]): void {
  if (values.length !== types.length || types.length > MAX_COLUMNS) {
    throw new DbError(SqlState.InternalError, `row of ${types.length} columns given ${values.length} values`);
  }
  const start = w.length;
  if (writeRow(w, types, values, false)) return;
  w.length = start; // the values overflowed u16 offsets: write again with u32 ones
  writeRow(w, types, values, true);
}

/** The encoded row, in a buffer of its own (hot paths: encodeRowInto a reused ByteWriter). */
export function encodeRow(types: readonly number[], values: readonly Value[]): Buffer {
  const w = new ByteWriter(16 + 12 * types.length);
  encodeRowInto(w, types, values);
  return w.view();
}

/** Writes the row with 2- or 4-byte offsets; false (partly written) if 2 bytes are too few. */
function writeRow(w: ByteWriter, types: readonly number[], values: readonly Value[], wide: boolean): boolean {
  const n = types.length;
  const bitmapBytes = (n + 7) >> 3;
  const base = w.reserve(HEADER + bitmapBytes + n * (wide ? 4 : 2));
  let buf = w.buf;
  buf[base] = n;
  buf[base + 1] = n >> 8;
  buf[base + 2] = wide ? FLAG_WIDE_OFFSETS : 0;
  for (let b = 0; b < bitmapBytes; b++) buf[base + HEADER + b] = 0;
  const table = base + HEADER + bitmapBytes;
  const data = w.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== null) {
      writeRowValue(w, types[i]!, v);
      buf = w.buf; // the writer may have grown
    } else {
      buf[base + HEADER + (i >> 3)]! |= 1 << (i & 7);
    }
    const end = w.length - data;
    if (wide) {
      buf.writeUInt32LE(end, table + 4 * i);
    } else {
      if (end > 0xffff) return false;
      buf[table + 2 * i] = end;
      buf[table + 2 * i + 1] = end >> 8;
    }
  }
  return true;
}

/** Decodes every column of a row. */
export function decodeRow(types: readonly number[], row: Buffer): Value[] {
  return new RowReader(types, row).all();
}

/** Decodes the given columns of a row (in range of `types`); the others read as NULL. */
export function decodeColumns(types: readonly number[], row: Buffer, columns: readonly number[]): Value[] {
  const r = new RowReader(types, row);
  const out: Value[] = new Array<Value>(types.length).fill(null);
  for (const i of columns) out[i] = r.get(i);
  return out;
}

/** Decodes column i of a row alone. */
export function decodeColumn(types: readonly number[], row: Buffer, i: number): Value {
  return new RowReader(types, row).get(i);
}

/**
 * Lazy access to the columns of one encoded row: the header is read once, each get(i) decodes
 * only column i. The reader does not copy the row: requires the row's bytes to stay unchanged
 * while it is in use (decoded values are copies and may outlive it).
 */
export class RowReader {
  /** Number of columns stored in the row (<= types.length). */
  readonly storedCount: number;
  private readonly wide: boolean;
  private readonly table: number;
  private readonly data: number;

  constructor(
    readonly types: readonly number[],
    readonly row: Buffer,
  ) {
    if (row.length < HEADER) throw corruptRow('shorter than its header');
    const n = row.readUInt16LE(0);
    const flags = row[2]!;
    if (n > types.length) throw corruptRow(`${n} columns stored, ${types.length} expected`);
    if (flags & ~FLAG_WIDE_OFFSETS) throw corruptRow(`unknown flags ${flags}`);
    this.storedCount = n;
    this.wide = flags === FLAG_WIDE_OFFSETS;
    this.table = HEADER + ((n + 7) >> 3);
    this.data = this.table + n * (this.wide ? 4 : 2);
    if (this.data > row.length) throw corruptRow('shorter than its offset table');
  }

  /** Number of columns the reader presents (types.length). */
  get count(): number {
    return this.types.length;
  }

  isNull(i: number): boolean {
    if (i >= this.storedCount) return true;
    return (this.row[HEADER + (i >> 3)]! & (1 << (i & 7))) !== 0;
  }

  /** Column i's value (null for NULL). Requires 0 <= i < types.length. */
  get(i: number): Value {
    if (this.isNull(i)) return null;
    const start = this.data + this.endOffset(i - 1);
    const end = this.data + this.endOffset(i);
    if (end > this.row.length || start > end) throw corruptRow(`column ${i + 1} offsets`);
    return readRowValue(this.row, this.types[i]!, start, end);
  }

  /** Every column's value in order, as get(i) gives them, reading each end offset once. */
  all(): Value[] {
    const { types, row, table, data, wide, storedCount } = this;
    const n = types.length;
    const out: Value[] = new Array<Value>(n);
    let start = data;
    for (let i = 0; i < n; i++) {
      if (i >= storedCount) {
        out[i] = null;
        continue;
      }
      const end = data + (wide ? row.readUInt32LE(table + 4 * i) : row[table + 2 * i]! | (row[table + 2 * i + 1]! << 8));
      if ((row[HEADER + (i >> 3)]! & (1 << (i & 7))) !== 0) {
        out[i] = null;
      } else {
        if (end > row.length || start > end) throw corruptRow(`column ${i + 1} offsets`);
        out[i] = readRowValue(row, types[i]!, start, end);
      }
      start = end;
    }
    return out;
  }

  /** The stored bytes of column i (a view into the row; empty for NULL). */
  rawBytes(i: number): Buffer {
    if (this.isNull(i)) return this.row.subarray(0, 0);
    return this.row.subarray(this.data + this.endOffset(i - 1), this.data + this.endOffset(i));
  }

  private endOffset(i: number): number {
    if (i < 0) return 0;
    return this.wide ? this.row.readUInt32LE(this.table + 4 * i) : this.row.readUInt16LE(this.table + 2 * i);
  }
}
