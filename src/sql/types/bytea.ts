// bytea: text input in hex ("\x0a0b", whitespace allowed between byte pairs) or escape form
// (raw bytes, "\\" and "\ooo"); output per bytea_output: hex ("\x0a0b") or escape (\ooo for
// bytes outside 0x20..0x7e, "\\" for a backslash).
// Binary layout: the raw bytes.
import type { TypeIO } from './typeio.js';
import { DbError, SqlState } from '../../errors.js';
import { hexValue } from './text-util.js';

function invalidHexDigit(s: string, i: number): DbError {
  const cp = s.codePointAt(i) ?? 0;
  return new DbError(SqlState.InvalidParameterValue, `invalid hexadecimal digit: "${String.fromCodePoint(cp)}"`);
}

function decodeHex(s: string): Buffer {
  const out = Buffer.allocUnsafe((s.length - 2) >> 1);
  let n = 0;
  let i = 2;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const hi = hexValue(c);
    if (hi < 0) throw invalidHexDigit(s, i);
    i++;
    if (i >= s.length) {
      throw new DbError(SqlState.InvalidParameterValue, 'invalid hexadecimal data: odd number of digits');
    }
    const lo = hexValue(s.charCodeAt(i));
    if (lo < 0) throw invalidHexDigit(s, i);
    i++;
    out[n++] = (hi << 4) | lo;
  }
  return out.subarray(0, n);
}

function decodeEscape(s: string): Buffer {
  const raw = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; ) {
    const b = raw[i];
    if (b !== 92) {
      out[n++] = b;
      i++;
    } else if (raw[i + 1] >= 48 && raw[i + 1] <= 51 && raw[i + 2] >= 48 && raw[i + 2] <= 55 && raw[i + 3] >= 48 && raw[i + 3] <= 55) {
      out[n++] = ((raw[i + 1] - 48) << 6) | ((raw[i + 2] - 48) << 3) | (raw[i + 3] - 48);
      i += 4;
    } else if (raw[i + 1] === 92) {
      out[n++] = 92;
      i += 2;
    } else {
      throw new DbError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type bytea');
    }
  }
  return out.subarray(0, n);
}

/** bytea text input (byteain). */
export function byteaInput(s: string): Buffer {
  if (s.length >= 2 && s.charCodeAt(0) === 92 && s.charCodeAt(1) === 120) return decodeHex(s);
  return decodeEscape(s);
}

/** bytea text output (byteaout) in the given bytea_output format. */
export function byteaOutput(b: Buffer, format: 'hex' | 'escape'): string {
  if (format === 'hex') return '\\x' + b.toString('hex');
  let out = '';
  let runStart = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c >= 0x20 && c <= 0x7e && c !== 92) continue;
    if (i > runStart) out += b.toString('latin1', runStart, i);
    out += c === 92 ? '\\\\' : '\\' + c.toString(8).padStart(3, '0');
    runStart = i + 1;
  }
  if (runStart < b.length) out += b.toString('latin1', runStart, b.length);
  return out;
}

export const byteaIO: TypeIO = {
  input: (text) => byteaInput(text),
  output: (value, ctx) => byteaOutput(value as Buffer, ctx.byteaOutput),
  receive: (data) => Buffer.from(data),
  send: (value) => value as Buffer,
};
