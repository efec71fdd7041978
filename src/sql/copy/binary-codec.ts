// COPY's binary format (PostgreSQL's "PGCOPY" files), read incrementally and written row by row.
//
//   header   | 11 bytes "PGCOPY\n\377\r\n\0" | Int32 flags (bit 16: OIDs, refused; bits 17-31
//            | critical, refused; bits 0-15 ignored) | Int32 n | n bytes of header extension |
//   tuple    | Int16 field count | per field: Int32 length (-1: NULL) | length bytes (the
//            | type's send/receive form) |
//   trailer  | Int16 -1 | (nothing may follow)
//
// Input may also end without the trailer, at a tuple boundary (or with a single stray byte,
// which PostgreSQL takes for the end too). Header errors carry no line; tuple errors do.
import { appendChunk } from './append-chunk.js';
import { DbError, SqlState } from '../../errors.js';

export const BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
export const BINARY_HEADER = Buffer.concat([BINARY_SIGNATURE, Buffer.alloc(8)]);
export const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

const bad = (message: string) => new DbError(SqlState.BadCopyFileFormat, message);

/** One tuple: its fields (null: NULL), and the format error met at field `errorAt`, if any. */
export interface BinaryTuple {
  fields: (Buffer | null)[];
  errorAt: number;
  error: DbError | null;
}

export class BinaryTupleReader {
  private data: Buffer = Buffer.alloc(0);
  private pos = 0;
  private end = 0;
  /** `data` is our own buffer (else a client chunk we must not write into). */
  private owned = false;
  /** The header has been read (before that, errors have no line). */
  headerDone = false;
  private trailerSeen = false;
  private reading = false;
  /** Tuples begun (PostgreSQL's line number for binary COPY). */
  lineNo = 0;

  constructor(private readonly fieldCount: number) {}

  /** Appends input; field buffers handed out before are no longer valid. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    ({ data: this.data, owned: this.owned, end: this.end } = appendChunk({ data: this.data, owned: this.owned, end: this.end }, this.pos, chunk));
    this.pos = 0;
  }

  private get available(): number {
    return this.end - this.pos;
  }

  /** Reads and checks the header; false when more input is needed. */
  private readHeader(eof: boolean): boolean {
    const d = this.data;
    let p = this.pos;
    const need = (n: number) => this.end - p >= n;
    if (!need(11)) {
      if (eof) throw bad('COPY file signature not recognized');
      return false;
    }
    if (d.compare(BINARY_SIGNATURE, 0, 11, p, p + 11) !== 0) throw bad('COPY file signature not recognized');
    p += 11;
    if (!need(4)) {
      if (eof) throw bad('invalid COPY file header (missing flags)');
      return false;
    }
    const flags = d.readInt32BE(p);
    p += 4;
    if (flags & (1 << 16)) throw bad('invalid COPY file header (WITH OIDS)');
    if ((flags >>> 17) !== 0) throw bad('unrecognized critical flags in COPY file header');
    if (!need(4)) {
      if (eof) throw bad('invalid COPY file header (missing length)');
      return false;
    }
    const extension = d.readInt32BE(p);
    p += 4;
    if (extension < 0) throw bad('invalid COPY file header (missing length)');
    if (!need(extension)) {
      if (eof) throw bad('invalid COPY file header (wrong length)');
      return false;
    }
    this.pos = p + extension;
    this.headerDone = true;
    return true;
  }

  /**
   * The next tuple, or null when more input is needed or the data has ended (`eof`: no more
   * input will come). A field count other than the table's is an error here.
   */
  next(eof: boolean): BinaryTuple | null {
    if (!this.headerDone && !this.readHeader(eof)) return null;
    if (!this.reading) {
      this.reading = true;
      this.lineNo++;
    }
    if (this.trailerSeen) {
      if (this.available > 0) throw bad('received copy data after EOF marker');
      return null;
    }
    const d = this.data;
    if (this.available < 2) return null;
    // is the whole tuple here?
    let p = this.pos + 2;
    const count = d.readInt16BE(this.pos);
    if (count === -1) {
      this.trailerSeen = true;
      this.pos = p;
      if (this.available > 0) throw bad('received copy data after EOF marker');
      return null;
    }
    if (count !== this.fieldCount) {
      throw bad(`row field count is ${count}, expected ${this.fieldCount}`);
    }
    const fields: (Buffer | null)[] = [];
    let error: DbError | null = null;
    for (let i = 0; i < count; i++) {
      if (this.end - p < 4) {
        if (!eof) return null;
        error = bad('unexpected EOF in COPY data');
        break;
      }
      const len = d.readInt32BE(p);
      p += 4;
      if (len === -1) {
        fields.push(null);
        continue;
      }
      if (len < 0) {
        error = bad('invalid field size');
        break;
      }
      if (this.end - p < len) {
        if (!eof) return null;
        error = bad('unexpected EOF in COPY data');
        break;
      }
      fields.push(d.subarray(p, p + len));
      p += len;
    }
    this.reading = false;
    this.pos = error ? this.end : p;
    return { fields, errorAt: fields.length, error };
  }
}

/** Appends one tuple: Int16 count, then each field with its Int32 length (-1 for NULL). */
export function binaryTuple(fields: readonly (Buffer | null)[]): Buffer {
  let size = 2;
  for (const f of fields) size += 4 + (f ? f.length : 0);
  const out = Buffer.allocUnsafe(size);
  out.writeInt16BE(fields.length, 0);
  let p = 2;
  for (const f of fields) {
    if (f === null) {
      out.writeInt32BE(-1, p);
      p += 4;
    } else {
      out.writeInt32BE(f.length, p);
      f.copy(out, p + 4);
      p += 4 + f.length;
    }
  }
  return out;
}
