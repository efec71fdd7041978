// A growable byte buffer that the key and row encoders append to: typed big- and little-endian
// writes, UTF-8 strings, and in-place byte inversion (for DESC key columns). One writer may be
// reused across many encodings (reset() between them) to avoid allocation on hot paths.
// Invariant: 0 <= length <= buf.length; bytes [0, length) are the written ones.
// Requires: a writer is owned by one caller at a time (per connection / per access object).

const MIN_CAPACITY = 32;
const SAFE_LIMIT = 2n ** 53n;

export class ByteWriter {
  /** The backing store; may be replaced when the writer grows. */
  buf: Buffer;
  /** Number of bytes written. */
  length = 0;

  constructor(capacity = 128) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, MIN_CAPACITY));
  }

  /** Forgets the written bytes (keeps the capacity). */
  reset(): void {
    this.length = 0;
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** A view of the written bytes, valid until the next write or reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** A fresh copy of the written bytes, sized exactly. */
  copy(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    this.buf.copy(out, 0, 0, this.length);
    return out;
  }

  /** Reserves n bytes (contents undefined) and returns their offset. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.length;
    this.length += n;
    return at;
  }

  /** Reserves n bytes set to zero and returns their offset. */
  reserveZeroed(n: number): number {
    const at = this.reserve(n);
    this.buf.fill(0, at, at + n);
    return at;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  u16be(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.length);
    this.length += 2;
  }

  u32be(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }

  u64be(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64BE(v, this.length);
    this.length += 8;
  }

  /** Two's complement big-endian; bigint → bytes in JS for |v| < 2^53 (3× the native call). */
  i64be(v: bigint): void {
    this.ensure(8);
    const buf = this.buf;
    const at = this.length;
    this.length += 8;
    if (v < SAFE_LIMIT && v > -SAFE_LIMIT) {
      const n = Number(v);
      const hi = Math.floor(n / 4294967296);
      const lo = n - hi * 4294967296;
      buf[at] = hi >>> 24;
      buf[at + 1] = hi >>> 16;
      buf[at + 2] = hi >>> 8;
      buf[at + 3] = hi;
      buf[at + 4] = lo >>> 24;
      buf[at + 5] = lo >>> 16;
      buf[at + 6] = lo >>> 8;
      buf[at + 7] = lo;
    } else {
      buf.writeBigInt64BE(v, at);
    }
  }

  i16le(v: number): void {
    this.ensure(2);
    this.buf.writeInt16LE(v, this.length);
    this.length += 2;
  }

  i32le(v: number): void {
    this.ensure(4);
    this.buf.writeInt32LE(v, this.length);
    this.length += 4;
  }

  u32le(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.length);
    this.length += 4;
  }

  i64le(v: bigint): void {
    this.ensure(8);
    const buf = this.buf;
    const at = this.length;
    this.length += 8;
    if (v < SAFE_LIMIT && v > -SAFE_LIMIT) {
      const n = Number(v);
      const hi = Math.floor(n / 4294967296);
      const lo = n - hi * 4294967296;
      buf[at] = lo;
      buf[at + 1] = lo >>> 8;
      buf[at + 2] = lo >>> 16;
      buf[at + 3] = lo >>> 24;
      buf[at + 4] = hi;
      buf[at + 5] = hi >>> 8;
      buf[at + 6] = hi >>> 16;
      buf[at + 7] = hi >>> 24;
    } else {
      buf.writeBigInt64LE(v, at);
    }
  }

  f32le(v: number): void {
    this.ensure(4);
    this.buf.writeFloatLE(v, this.length);
    this.length += 4;
  }

  f64le(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }

  /** Appends the bytes of b. */
  bytes(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }

  /** Appends s as UTF-8 and returns the number of bytes written. */
  utf8(s: string): number {
    // 3 bytes per UTF-16 unit bounds the UTF-8 length (a surrogate pair is 4 bytes for 2 units)
    this.ensure(s.length * 3);
    const n = s.length < 32 ? writeShortUtf8(this.buf, this.length, s) : this.buf.write(s, this.length, 'utf8');
    this.length += n;
    return n;
  }

  /** Inverts (XOR 0xFF) every byte written since offset `from`. */
  invertFrom(from: number): void {
    const b = this.buf;
    for (let i = from, end = this.length; i < end; i++) b[i] = ~b[i]! & 0xff;
  }
}

/** UTF-8 writer for short strings: a JS loop beats the native call below ~32 units. */
function writeShortUtf8(buf: Buffer, at: number, s: string): number {
  let p = at;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // surrogates: let the native encoder handle pairs and lone halves exactly
      return p - at + buf.write(s.slice(i), p, 'utf8');
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p - at;
}
