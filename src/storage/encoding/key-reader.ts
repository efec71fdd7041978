// The cursor the key decoders read with: a position in an encoded key and the XOR mask of the
// column being read (0x00 ascending, 0xFF for a DESC column, whose bytes are stored inverted),
// so each decoder is written once for ascending bytes. Also the escaped-bytes reader shared by
// text and bytea, and the corruption error every decoder raises.
// Invariant: pos never passes buf.length; a read past the end throws XX001, never returns junk.
import { DbError, SqlState } from '../../errors.js';

export function corruptKey(what: string): DbError {
  return new DbError(SqlState.DataCorrupted, `corrupt index key: ${what}`);
}

export class KeyReader {
  /** Offset of the next unread byte. */
  pos = 0;
  /** 0x00 while reading an ascending column, 0xFF while reading a DESC (inverted) one. */
  mask = 0;
  /** After take()/takeCopy()/takeEscaped(): the bytes read are src[at, end). */
  src: Buffer;
  at = 0;
  end = 0;
  private readonly scratch = Buffer.allocUnsafe(16);

  constructor(readonly buf: Buffer) {
    this.src = buf;
  }

  atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next byte, unmasked. */
  byte(): number {
    if (this.pos >= this.buf.length) throw corruptKey('truncated');
    return this.buf[this.pos++]! ^ this.mask;
  }

  /** The next n bytes, unmasked, at src[at, end); src may be the key itself (do not modify). */
  take(n: number): void {
    if (this.mask === 0) {
      if (this.pos + n > this.buf.length) throw corruptKey('truncated');
      this.src = this.buf;
      this.at = this.pos;
      this.end = this.pos + n;
      this.pos += n;
    } else {
      this.takeCopy(n);
    }
  }

  /** Like take(n) but always into a private scratch buffer the caller may modify (n <= 16). */
  takeCopy(n: number): void {
    const buf = this.buf;
    const start = this.pos;
    if (start + n > buf.length) throw corruptKey('truncated');
    const out = this.scratch;
    const mask = this.mask;
    for (let k = 0; k < n; k++) out[k] = buf[start + k]! ^ mask;
    this.src = out;
    this.at = 0;
    this.end = n;
    this.pos = start + n;
  }

  /**
   * Reads an escaped byte string (0x00 → 00 FF, ended by 00 01) into src[at, end). Ascending
   * strings without escaped zeros are returned in place; otherwise into a fresh buffer.
   */
  takeEscaped(): void {
    const buf = this.buf;
    const start = this.pos;
    if (this.mask === 0) {
      const zero = buf.indexOf(0, start);
      if (zero < 0 || zero + 1 >= buf.length) throw corruptKey('unterminated string');
      if (buf[zero + 1] === 0x01) {
        this.src = buf;
        this.at = start;
        this.end = zero;
        this.pos = zero + 2;
        return;
      }
    }
    const mask = this.mask;
    const out = Buffer.allocUnsafe(buf.length - start);
    let n = 0;
    for (let i = start; ; i++) {
      if (i + 1 >= buf.length) throw corruptKey('unterminated string');
      const b = buf[i]! ^ mask;
      if (b !== 0) {
        out[n++] = b;
        continue;
      }
      const next = buf[++i]! ^ mask;
      if (next === 0x01) {
        this.pos = i + 1;
        break;
      }
      if (next !== 0xff) throw corruptKey('bad escape in string');
      out[n++] = 0;
    }
    this.src = out;
    this.at = 0;
    this.end = n;
  }
}
