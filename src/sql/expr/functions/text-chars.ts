// Character helpers for the string functions. PostgreSQL counts characters as code points of the
// UTF-8 text, while a JS string's length counts UTF-16 units: a character outside the BMP is a
// surrogate pair here and must count once. Case mapping is the C locale's: ASCII letters only.
// Requires: strings are valid UTF-16 (every value decoded from UTF-8 is), so a surrogate pair
// is never split by these helpers.

const SURROGATE = /[\ud800-\udfff]/;

/** True when s holds a character outside the BMP (a surrogate pair). */
export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Number of characters (code points) in s. */
export function charCount(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  return charCountBetween(s, 0, s.length);
}

/** Number of characters in s[from, to). */
export function charCountBetween(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && i + 1 < to) i++;
    n++;
  }
  return n;
}

/** UTF-16 index reached by advancing `chars` characters from index `from` (clamped to the end). */
export function charOffset(s: string, chars: number, from = 0): number {
  if (chars <= 0) return from;
  if (!hasSurrogates(s)) return Math.min(s.length, from + chars);
  let i = from;
  for (let k = 0; k < chars && i < s.length; k++) {
    i += isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length ? 2 : 1;
  }
  return i;
}

/** UTF-16 index just after the character starting at i. */
export function nextCharIndex(s: string, i: number): number {
  return isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length ? i + 2 : i + 1;
}

/** The characters of s [start, start + count) counted 0-based; count < 0 means to the end. */
export function sliceChars(s: string, start: number, count: number): string {
  const i = charOffset(s, start);
  if (i >= s.length) return '';
  if (count < 0) return s.slice(i);
  return s.slice(i, charOffset(s, count, i));
}

/** The characters of s as an array of strings (one or two UTF-16 units each). */
export function chars(s: string): string[] {
  return hasSurrogates(s) ? Array.from(s) : s.split('');
}

/** Length of s in UTF-8 bytes. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** s cut to at most maxBytes of UTF-8 at a character boundary (pg_mbcliplen). */
export function clipUtf8(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s;
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let width: number;
    let units = 1;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if (isHighSurrogate(c) && i + 1 < s.length) {
      width = 4;
      units = 2;
    } else width = 3;
    if (bytes + width > maxBytes) return s.slice(0, i);
    bytes += width;
    i += units - 1;
  }
  return s;
}

/** C-locale lower(): ASCII letters only, as PostgreSQL does under the C collation. */
export function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.slice(0, i) + mapAscii(s, i, 65, 90, 32);
  }
  return s;
}

/** C-locale upper(): ASCII letters only. */
export function asciiUpper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.slice(0, i) + mapAscii(s, i, 97, 122, -32);
  }
  return s;
}

function mapAscii(s: string, from: number, lo: number, hi: number, delta: number): string {
  let out = '';
  let runStart = from;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= lo && c <= hi) {
      if (i > runStart) out += s.slice(runStart, i);
      out += String.fromCharCode(c + delta);
      runStart = i + 1;
    }
  }
  return runStart < s.length ? out + s.slice(runStart) : out;
}

export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** First UTF-8 byte of the character at s[0] (for casts to "char"), or 0 for ''. */
export function firstUtf8Byte(s: string): number {
  if (s.length === 0) return 0;
  const cp = s.codePointAt(0)!;
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xc0 | (cp >> 6);
  if (cp < 0x10000) return 0xe0 | (cp >> 12);
  return 0xf0 | (cp >> 18);
}

/** Hex bytes of a character's UTF-8 form, as PostgreSQL prints them in encoding errors. */
export function utf8ByteList(ch: string): string {
  return Array.from(Buffer.from(ch, 'utf8'), (b) => '0x' + b.toString(16).padStart(2, '0')).join(' ');
}
