// COPY's text format, one line at a time (PostgreSQL's CopyReadAttributesText and
// CopyAttributeOutText). Fields are separated by the delimiter; a field whose raw text is the
// null string (default \N) is NULL; backslash sequences are \b \f \n \r \t \v, \ + 1-3 octal
// digits, \x + 1-2 hex digits, and \ + any other character for that character (a backslash
// at the end of a line is dropped). Bytes made by escapes must form valid UTF-8.
// Output escapes backslash, the delimiter and \b \f \n \r \t \v, so decode(encode(x)) = x.
import { isUtf8 } from 'node:buffer';
import { invalidUtf8 } from './utf8-check.js';

const BACKSLASH = 0x5c;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

const isOctal = (b: number) => b >= 0x30 && b <= 0x37;

const SIMPLE_ESCAPES: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

export class TextLineParser {
  private readonly delimiter: number;
  private readonly nullBytes: Buffer;
  private scratch = Buffer.allocUnsafe(256);

  constructor(delimiter: string, nullString: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.nullBytes = Buffer.from(nullString, 'utf8');
  }

  /**
   * Splits d[start, end) into `out` (null for the null marker) and returns the field count
   * (at least 1). Throws 22021 when escapes produce invalid UTF-8 or NUL.
   */
  split(d: Buffer, start: number, end: number, out: (string | null)[]): number {
    const delim = this.delimiter;
    const nul = this.nullBytes;
    let n = 0;
    let p = start;
    for (;;) {
      const fieldStart = p;
      while (p < end && d[p] !== delim && d[p] !== BACKSLASH) p++;
      let escapedLength = -1;
      if (p < end && d[p] === BACKSLASH) {
        escapedLength = this.unescape(d, fieldStart, end);
        p = this.fieldEnd;
      }
      const len = p - fieldStart;
      // the raw text is compared with the null marker before escapes are looked at
      if (len === nul.length && d.compare(nul, 0, len, fieldStart, p) === 0) out[n++] = null;
      else out[n++] = escapedLength < 0 ? d.toString('utf8', fieldStart, p) : this.unescaped(escapedLength);
      if (p >= end) break;
      p++; // the delimiter
    }
    return n;
  }

  /** Where the field unescape() read ended (at a delimiter or the line end). */
  private fieldEnd = 0;
  /** Escapes made a NUL or a byte >= 0x80 (the result must be checked). */
  private nonAscii = false;

  /** De-escapes one field from `start` into the scratch buffer; returns its length. */
  private unescape(d: Buffer, start: number, end: number): number {
    if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(Math.max(end - start, this.scratch.length * 2));
    const out = this.scratch;
    const delim = this.delimiter;
    let o = 0;
    let nonAscii = false;
    let p = start;
    while (p < end) {
      let c = d[p]!;
      if (c === delim) break;
      p++;
      if (c === BACKSLASH) {
        if (p >= end) break;
        c = d[p++]!;
        if (isOctal(c)) {
          let v = c - 0x30;
          if (p < end && isOctal(d[p]!)) {
            v = (v << 3) + d[p++]! - 0x30;
            if (p < end && isOctal(d[p]!)) v = (v << 3) + d[p++]! - 0x30;
          }
          c = v & 0xff;
          if (c === 0 || c >= 0x80) nonAscii = true;
        } else if (c === 0x78 && p < end && hexValue(d[p]!) >= 0) {
          let v = hexValue(d[p++]!);
          if (p < end && hexValue(d[p]!) >= 0) v = (v << 4) + hexValue(d[p++]!);
          c = v;
          if (c === 0 || c >= 0x80) nonAscii = true;
        } else {
          c = SIMPLE_ESCAPES[c] ?? c;
        }
      }
      out[o++] = c;
    }
    this.fieldEnd = p;
    this.nonAscii = nonAscii;
    return o;
  }

  private unescaped(length: number): string {
    const out = this.scratch;
    if (this.nonAscii) {
      const bytes = out.subarray(0, length);
      if (!isUtf8(bytes) || bytes.indexOf(0) >= 0) throw invalidUtf8(out, 0, length)!.error;
    }
    return out.toString('utf8', 0, length);
  }
}

const OUTPUT_ESCAPES: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\' };

/** The text-format escaper for a delimiter: backslash, delimiter and control escapes. */
export function textEscaper(delimiter: string): (s: string) => string {
  const d = delimiter.replace(/[\\\]^-]/g, '\\$&');
  const test = new RegExp(`[\\b\\f\\n\\r\\t\\v\\\\${d}]`);
  const all = new RegExp(test.source, 'g');
  const replace = (ch: string) => OUTPUT_ESCAPES[ch] ?? `\\${ch}`;
  return (s) => (test.test(s) ? s.replace(all, replace) : s);
}

/** A text-format line (with its newline) from field texts (null: NULL). */
export function textRowEncoder(delimiter: string, nullString: string): (fields: readonly (string | null)[]) => string {
  const escape = textEscaper(delimiter);
  return (fields) => {
    let line = '';
    for (let k = 0; k < fields.length; k++) {
      if (k > 0) line += delimiter;
      const f = fields[k]!;
      line += f === null ? nullString : escape(f);
    }
    return `${line}\n`;
  };
}
