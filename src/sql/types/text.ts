// Character types: text, varchar(n), bpchar/char(n), name, "char", unknown, cstring, void.
// Length typmods count characters (code points), as PostgreSQL does in UTF-8: input longer than
// n fails with 22001 unless the excess is all spaces (then it is cut); char(n) pads with spaces.
// name is cut to 63 bytes at a character boundary. "char" is one byte, held as a string of
// length 0 or 1 whose char code is that byte (0..255); void's value is the empty string.
// Binary layouts: the raw UTF-8 bytes (text, varchar, bpchar, name, unknown, cstring);
// "char" = 1 byte; void = no bytes.
import type { TypeIO } from './typeio.js';
import type { Value } from './value.js';
import { charTypmodLength } from './oids.js';
import { DbError, SqlState } from '../../errors.js';
import { decodeUtf8Strict } from './utf8.js';
import { badBinaryFormat } from './errors.js';

/** Number of code points in s (UTF-16 surrogate pairs count once). */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      n--;
      i++;
    }
  }
  return n;
}

/** UTF-16 index of the code point number `chars` (clamped to the end). */
function indexOfChar(s: string, chars: number): number {
  let i = 0;
  for (let k = 0; k < chars && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

/** Cuts s to maxChars, allowing only spaces to be dropped; throws 22001 otherwise. */
function fitLength(s: string, maxChars: number, typeName: string): string {
  const cut = indexOfChar(s, maxChars);
  for (let i = cut; i < s.length; i++) {
    if (s.charCodeAt(i) !== 32) {
      throw new DbError(SqlState.StringDataRightTruncation, `value too long for type ${typeName}(${maxChars})`);
    }
  }
  return s.slice(0, cut);
}

/** varchar(n) input (varchar_input): typmod -1 means unconstrained. */
export function varcharInput(s: string, typmod: number): string {
  const max = charTypmodLength(typmod);
  if (max < 0 || s.length <= max) return s;
  if (charLength(s) <= max) return s;
  return fitLength(s, max, 'character varying');
}

/** char(n) input (bpchar_input): cut trailing spaces beyond n, pad to n with spaces. */
export function bpcharInput(s: string, typmod: number): string {
  const max = charTypmodLength(typmod);
  if (max < 0) return s;
  const len = charLength(s);
  if (len > max) return fitLength(s, max, 'character');
  return len < max ? s + ' '.repeat(max - len) : s;
}

/** name input (namein): at most 63 bytes of UTF-8, cut at a character boundary. */
export function nameInput(s: string): string {
  if (s.length <= 21) return s; // 21 UTF-16 units never exceed 63 UTF-8 bytes
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let w: number;
    let units = 1;
    if (c < 0x80) w = 1;
    else if (c < 0x800) w = 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      w = 4;
      units = 2;
    } else w = 3;
    if (bytes + w > 63) return s.slice(0, i);
    bytes += w;
    i += units - 1;
  }
  return s;
}

/** "char" input (charin): the first byte, or \ooo octal (PostgreSQL 15). */
export function charInput(s: string): string {
  if (s.length === 4 && s.charCodeAt(0) === 92) {
    const a = s.charCodeAt(1) - 48;
    const b = s.charCodeAt(2) - 48;
    const c = s.charCodeAt(3) - 48;
    if (a >= 0 && a <= 7 && b >= 0 && b <= 7 && c >= 0 && c <= 7) {
      const byte = ((a << 6) + (b << 3) + c) & 0xff;
      return byte === 0 ? '' : String.fromCharCode(byte);
    }
  }
  if (s.length === 0) return '';
  const c0 = s.charCodeAt(0);
  if (c0 < 0x80) return c0 === 0 ? '' : s[0];
  return String.fromCharCode(Buffer.from(s.slice(0, 2), 'utf8')[0]);
}

/** "char" output (charout): high-bit bytes print as \ooo. */
export function charOutput(v: string): string {
  if (v.length === 0) return '';
  const c = v.charCodeAt(0);
  if (c < 0x80) return v;
  return '\\' + c.toString(8).padStart(3, '0');
}

function sendUtf8(value: Value): Buffer {
  return Buffer.from(value as string, 'utf8');
}

/** text, unknown, cstring: the string as is. */
export const textIO: TypeIO = {
  input: (text) => text,
  output: (value) => value as string,
  receive: (data) => decodeUtf8Strict(data),
  send: sendUtf8,
};

export const varcharIO: TypeIO = {
  input: (text, typmod) => varcharInput(text, typmod),
  output: (value) => value as string,
  receive: (data, typmod) => varcharInput(decodeUtf8Strict(data), typmod),
  send: sendUtf8,
};

export const bpcharIO: TypeIO = {
  input: (text, typmod) => bpcharInput(text, typmod),
  output: (value) => value as string,
  receive: (data, typmod) => bpcharInput(decodeUtf8Strict(data), typmod),
  send: sendUtf8,
};

export const nameIO: TypeIO = {
  input: (text) => nameInput(text),
  output: (value) => value as string,
  receive(data) {
    const s = decodeUtf8Strict(data);
    if (data.length >= 64) {
      throw new DbError('42622', 'identifier too long', { detail: 'Identifier must be less than 64 characters.' });
    }
    return s;
  },
  send: sendUtf8,
};

export const charIO: TypeIO = {
  input: (text) => charInput(text),
  output: (value) => charOutput(value as string),
  receive(data) {
    if (data.length < 1) throw new DbError(SqlState.ProtocolViolation, 'no data left in message');
    if (data.length > 1) throw badBinaryFormat();
    return data[0] === 0 ? '' : String.fromCharCode(data[0]);
  },
  send(value) {
    const s = value as string;
    return Buffer.from([s.length === 0 ? 0 : s.charCodeAt(0) & 0xff]);
  },
};

const EMPTY = Buffer.alloc(0);

export const voidIO: TypeIO = {
  input: () => '',
  output: () => '',
  receive: () => '',
  send: () => EMPTY,
};
