// Byte/text conversions: encode/decode (base64 with PostgreSQL's 76-column lines, hex, escape),
// md5 and the sha2 family, and convert_to/convert_from/convert/length(bytea, encoding) for the
// encodings UTF8, SQL_ASCII and LATIN1 (other valid encoding names fail with 0A000).
// Invariant: decoders accept exactly what PostgreSQL's accept and fail with its messages
// (22023 for bad base64/hex, 22P02 for bad escape, 22021 for bytes invalid in an encoding).
import { createHash } from 'node:crypto';
import { DbError, SqlState, notSupported } from '../../../errors.js';
import { decodeUtf8Strict } from '../../types/utf8.js';
import { invalidParameter } from './errors.js';
import type { FunctionTable } from './registry.js';
import { charCount, utf8ByteList } from './text-chars.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64 with a newline after every 76 output characters, as pg_base64_encode writes it. */
function base64Encode(b: Buffer): string {
  const plain = b.toString('base64');
  let out = '';
  // PostgreSQL emits the newline as soon as a line is full, even at the very end
  for (let i = 0; i < plain.length; i += 76) {
    const line = plain.slice(i, i + 76);
    out += line.length === 76 && (i + 76 < plain.length || b.length % 3 === 0) ? line + '\n' : line;
  }
  return out;
}

function base64Decode(s: string): Buffer {
  const out: number[] = [];
  let buf = 0;
  let pos = 0;
  let end = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    let v: number;
    if (c === 61) {
      if (end === 0) {
        if (pos === 2) end = 1;
        else if (pos === 3) end = 2;
        else throw invalidParameter('unexpected "=" while decoding base64 sequence');
      }
      v = 0;
    } else {
      v = ch.length === 1 ? BASE64.indexOf(ch) : -1;
      if (v < 0) throw invalidParameter(`invalid symbol "${ch}" found while decoding base64 sequence`);
    }
    buf = (buf << 6) | v;
    if (++pos === 4) {
      out.push((buf >> 16) & 0xff);
      if (end === 0 || end > 1) out.push((buf >> 8) & 0xff);
      if (end === 0 || end > 2) out.push(buf & 0xff);
      buf = 0;
      pos = 0;
    }
  }
  if (pos !== 0) {
    throw invalidParameter('invalid base64 end sequence', 'Input data is missing padding, is truncated, or is otherwise corrupted.');
  }
  return Buffer.from(out);
}

function hexDigit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  throw invalidParameter(`invalid hexadecimal digit: "${String.fromCodePoint(s.codePointAt(i)!)}"`);
}

function hexDecode(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const hi = hexDigit(s, i++);
    if (i >= s.length) throw invalidParameter('invalid hexadecimal data: odd number of digits');
    out.push((hi << 4) | hexDigit(s, i++));
  }
  return Buffer.from(out);
}

/** The escape format: NUL and high-bit bytes as \ooo, backslash doubled. */
function escapeEncode(b: Buffer): string {
  let out = '';
  for (const byte of b) {
    if (byte === 0 || byte >= 0x80) out += '\\' + byte.toString(8).padStart(3, '0');
    else if (byte === 92) out += '\\\\';
    else out += String.fromCharCode(byte);
  }
  return out;
}

function escapeDecode(s: string): Buffer {
  const raw = Buffer.from(s, 'utf8');
  const out: number[] = [];
  const isOctal = (b: number | undefined, max: number) => b !== undefined && b >= 48 && b <= max;
  for (let i = 0; i < raw.length; ) {
    if (raw[i] !== 92) out.push(raw[i++]!);
    else if (isOctal(raw[i + 1], 51) && isOctal(raw[i + 2], 55) && isOctal(raw[i + 3], 55)) {
      out.push(((raw[i + 1]! - 48) << 6) | ((raw[i + 2]! - 48) << 3) | (raw[i + 3]! - 48));
      i += 4;
    } else if (raw[i + 1] === 92) {
      out.push(92);
      i += 2;
    } else {
      throw new DbError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type bytea');
    }
  }
  return Buffer.from(out);
}

function unknownFormat(format: string): DbError {
  return invalidParameter(`unrecognized encoding: "${format}"`);
}

function encode(b: Buffer, format: string): string {
  switch (format.toLowerCase()) {
    case 'base64':
      return base64Encode(b);
    case 'hex':
      return b.toString('hex');
    case 'escape':
      return escapeEncode(b);
    default:
      throw unknownFormat(format);
  }
}

function decode(s: string, format: string): Buffer {
  switch (format.toLowerCase()) {
    case 'base64':
      return base64Decode(s);
    case 'hex':
      return hexDecode(s);
    case 'escape':
      return escapeDecode(s);
    default:
      throw unknownFormat(format);
  }
}

type Encoding = 'UTF8' | 'SQL_ASCII' | 'LATIN1';

/** Encoding names as PostgreSQL's clean_encoding_name sees them (lower case, alphanumerics). */
const SUPPORTED: Record<string, Encoding> = {
  utf8: 'UTF8',
  unicode: 'UTF8',
  sqlascii: 'SQL_ASCII',
  latin1: 'LATIN1',
  iso88591: 'LATIN1',
};
const OTHER_ENCODINGS = new Set(
  (
    'eucjp euccn euckr euctw eucjis2004 muleinternal latin2 latin3 latin4 latin5 latin6 latin7 latin8 latin9 ' +
    'latin10 win1256 win1258 win866 win874 koi8r koi8u win1251 win1252 iso88595 iso88596 iso88597 iso88598 ' +
    'win1250 win1253 win1254 win1255 win1257 sjis big5 gbk uhc gb18030 johab shiftjis2004 iso885910 iso885913 ' +
    'iso885914 iso885915 iso885916 iso88592 iso88593 iso88594 iso88599 koi8 alt win windows1250 windows1251 ' +
    'windows1252 windows1253 windows1254 windows1255 windows1256 windows1257 windows1258 windows866 windows874 ' +
    'shiftjis mskanji tcvn tcvn5712 vscii abc'
  ).split(' '),
);

function lookupEncoding(name: string, role: 'source' | 'destination'): Encoding {
  const clean = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const enc = SUPPORTED[clean];
  if (enc) return enc;
  if (OTHER_ENCODINGS.has(clean)) throw notSupported(`encoding "${name}"`);
  throw invalidParameter(`invalid ${role} encoding name "${name}"`);
}

/** Text in the database encoding (UTF8) to bytes in `enc`. */
function encodeText(s: string, enc: Encoding): Buffer {
  if (enc !== 'LATIN1') return Buffer.from(s, 'utf8');
  for (const ch of s) {
    if (ch.codePointAt(0)! > 0xff) {
      throw new DbError(
        SqlState.UntranslatableCharacter,
        `character with byte sequence ${utf8ByteList(ch)} in encoding "UTF8" has no equivalent in encoding "LATIN1"`,
      );
    }
  }
  return Buffer.from(s, 'latin1');
}

/** Bytes in `enc` to text, verifying them as PostgreSQL does. */
function decodeText(b: Buffer, enc: Encoding): string {
  if (enc !== 'LATIN1') return decodeUtf8Strict(b);
  const nul = b.indexOf(0);
  if (nul >= 0) throw new DbError(SqlState.CharacterNotInRepertoire, 'invalid byte sequence for encoding "LATIN1": 0x00');
  return b.toString('latin1');
}

const hash = (algorithm: string) => (a: unknown[]) => createHash(algorithm).update(a[0] as Buffer).digest();

export const encodeFunctions: FunctionTable = {
  binary_encode: (a) => encode(a[0] as Buffer, a[1] as string),
  binary_decode: (a) => decode(a[0] as string, a[1] as string),
  md5_text: (a) => createHash('md5').update(a[0] as string, 'utf8').digest('hex'),
  md5_bytea: (a) => createHash('md5').update(a[0] as Buffer).digest('hex'),
  sha224_bytea: hash('sha224'),
  sha256_bytea: hash('sha256'),
  sha384_bytea: hash('sha384'),
  sha512_bytea: hash('sha512'),
  pg_convert_to: (a) => encodeText(a[0] as string, lookupEncoding(a[1] as string, 'destination')),
  pg_convert_from: (a) => decodeText(a[0] as Buffer, lookupEncoding(a[1] as string, 'source')),
  pg_convert: (a) => {
    const from = lookupEncoding(a[1] as string, 'source');
    const to = lookupEncoding(a[2] as string, 'destination');
    return encodeText(decodeText(a[0] as Buffer, from), to);
  },
  length_in_encoding: (a) => {
    const b = a[0] as Buffer;
    const enc = lookupEncoding(a[1] as string, 'source');
    return enc === 'LATIN1' ? b.length : charCount(decodeUtf8Strict(b));
  },
};
