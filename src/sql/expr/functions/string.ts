// Text functions: lengths, case mapping (C locale: ASCII only), substr/overlay/position with
// PostgreSQL's 1-based, negative-start semantics, trims, pads, left/right, repeat, reverse,
// split_part, translate, replace, starts_with, ||, chr/ascii/to_hex, unistr and normalize.
// Invariant: positions and lengths count characters (code points), never UTF-16 units; a
// result never splits a surrogate pair. Requires: strict functions get no null arguments.
import { DbError, SqlState } from '../../../errors.js';
import { integerOutOfRange, invalidParameter, negativeSubstringLength, requestedLengthTooLarge } from './errors.js';
import type { FnImpl, FunctionTable } from './registry.js';
import { asciiLower, asciiUpper, charCount, charCountBetween, chars, isAsciiAlnum, sliceChars, utf8Length } from './text-chars.js';
import { bpcharTrueLength } from './text-compare.js';

/** PostgreSQL's MaxAllocSize: the largest value a function may build. */
const MAX_ALLOC_SIZE = 0x3fffffff;
/** V8's longest string, in UTF-16 units; longer results are refused like too-large ones. */
const MAX_JS_STRING = 0x1fffffe8;

/**
 * substr(s, start, length) with SQL's rules: characters from max(start, 1) up to but not
 * including start + length; length < 0 is an error; null length means "to the end".
 */
export function substringChars(s: string, start: number, length: number | null): string {
  const from = Math.max(start, 1);
  if (length === null) return sliceChars(s, from - 1, -1);
  if (length < 0) throw negativeSubstringLength();
  const end = start + length;
  if (end > 2147483647) return sliceChars(s, from - 1, -1); // int32 overflow: to the end
  if (end < 1) return '';
  return sliceChars(s, from - 1, end - from);
}

/** overlay(s placing r from start [for count]) = substr(s, 1, start-1) || r || substr(s, start+count). */
function overlay(s: string, r: string, start: number, count: number): string {
  if (start <= 0) throw negativeSubstringLength();
  const after = start + count;
  if (after > 2147483647 || after < -2147483648) throw integerOutOfRange();
  return substringChars(s, 1, start - 1) + r + substringChars(s, after, null);
}

/** 1-based character position of needle in s, 0 when absent (an empty needle is at 1). */
function position(s: string, needle: string): number {
  const i = s.indexOf(needle);
  return i < 0 ? 0 : charCountBetween(s, 0, i) + 1;
}

type TrimSide = 'both' | 'left' | 'right';

/** Removes characters of `set` from the chosen ends of s. */
function trimChars(s: string, set: string, side: TrimSide): string {
  if (set.length === 0 || s.length === 0) return s;
  let start = 0;
  let end = s.length;
  if (side !== 'right') {
    while (start < end) {
      const step = s.codePointAt(start)! > 0xffff ? 2 : 1;
      if (!set.includes(s.slice(start, start + step))) break;
      start += step;
    }
  }
  if (side !== 'left') {
    while (end > start) {
      const c = s.charCodeAt(end - 1);
      const step = c >= 0xdc00 && c <= 0xdfff && end - 2 >= start ? 2 : 1;
      if (!set.includes(s.slice(end - step, end))) break;
      end -= step;
    }
  }
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function trimSpaces(s: string, side: TrimSide): string {
  let start = 0;
  let end = s.length;
  if (side !== 'right') while (start < end && s.charCodeAt(start) === 32) start++;
  if (side !== 'left') while (end > start && s.charCodeAt(end - 1) === 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** lpad/rpad: cut s to len characters, then pad with repetitions of fill. */
function pad(s: string, len: number, fill: string, left: boolean): string {
  if (len < 0) len = 0;
  const sChars = charCount(s);
  const keep = Math.min(sChars, len);
  if (fill.length === 0) len = keep;
  if (len * 4 + 4 > MAX_ALLOC_SIZE) throw requestedLengthTooLarge();
  const body = keep === sChars ? s : sliceChars(s, 0, keep);
  const missing = len - keep;
  if (missing === 0) return body;
  const fillChars = charCount(fill);
  let padding = fill.repeat(Math.floor(missing / fillChars));
  const rest = missing % fillChars;
  if (rest > 0) padding += sliceChars(fill, 0, rest);
  if (padding.length + body.length > MAX_JS_STRING) throw requestedLengthTooLarge();
  return left ? padding + body : body + padding;
}

function repeat(s: string, count: number): string {
  if (count <= 0 || s.length === 0) return '';
  if (utf8Length(s) * count + 4 > MAX_ALLOC_SIZE || s.length * count > MAX_JS_STRING) throw requestedLengthTooLarge();
  return s.repeat(count);
}

/** left(s, n): the first n characters; n < 0 drops the last -n. */
function left(s: string, n: number): string {
  if (n >= 0) return sliceChars(s, 0, n);
  const keep = charCount(s) + n;
  return keep <= 0 ? '' : sliceChars(s, 0, keep);
}

/** right(s, n): the last n characters; n < 0 drops the first -n. */
function right(s: string, n: number): string {
  if (n < 0) return n === -2147483648 ? s : sliceChars(s, -n, -1); // -INT_MIN overflows in C: whole string
  const total = charCount(s);
  return n >= total ? s : sliceChars(s, total - n, -1);
}

/** split_part(s, delimiter, n): PostgreSQL 15, where n < 0 counts from the end. */
function splitPart(s: string, delimiter: string, n: number): string {
  if (n === 0) throw invalidParameter('field position must not be zero');
  if (s.length === 0) return '';
  if (delimiter.length === 0) return n === 1 || n === -1 ? s : '';
  const fields = s.split(delimiter);
  const index = n > 0 ? n - 1 : fields.length + n;
  return fields[index] ?? '';
}

/** translate(s, from, to): each character of from becomes its partner in to, or is dropped. */
function translate(s: string, from: string, to: string): string {
  if (s.length === 0 || from.length === 0) return s;
  const fromChars = chars(from);
  const toChars = chars(to);
  let out = '';
  for (const ch of chars(s)) {
    const i = fromChars.indexOf(ch);
    if (i < 0) out += ch;
    else if (i < toChars.length) out += toChars[i];
  }
  return out;
}

/** initcap under the C locale: only ASCII letters and digits make a word. */
function initcap(s: string): string {
  let out = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (inWord) {
      if (c >= 65 && c <= 90) c += 32;
    } else if (c >= 97 && c <= 122) c -= 32;
    out += String.fromCharCode(c);
    inWord = isAsciiAlnum(c);
  }
  return out;
}

/** chr(n): the character with code point n (UTF-8 database). */
function chr(n: number): string {
  if (n < 0) throw invalidParameter('character number must be positive');
  if (n === 0) throw new DbError(SqlState.ProgramLimitExceeded, 'null character not permitted');
  if (n > 0x10ffff) throw new DbError(SqlState.ProgramLimitExceeded, `requested character too large for encoding: ${n}`);
  if (n >= 0xd800 && n <= 0xdfff) {
    throw new DbError(SqlState.ProgramLimitExceeded, `requested character not valid for encoding: ${n}`);
  }
  return String.fromCodePoint(n);
}

function toHex32(v: number): string {
  return (v >>> 0).toString(16);
}

function toHex64(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16);
}

function isHexRun(s: string, from: number, count: number): boolean {
  if (from + count > s.length) return false;
  for (let i = from; i < from + count; i++) if (!/[0-9a-fA-F]/.test(s[i]!)) return false;
  return true;
}

/** unistr(): decodes \XXXX, \+XXXXXX, \uXXXX and \UXXXXXXXX escapes (UTF-16 pairs allowed). */
function unistr(s: string): string {
  const badPair = () => new DbError(SqlState.SyntaxError, 'invalid Unicode surrogate pair');
  let out = '';
  let high = 0; // a first surrogate waiting for its second
  for (let i = 0; i < s.length; ) {
    if (s[i] !== '\\') {
      if (high) throw badPair();
      out += s[i++];
      continue;
    }
    if (s[i + 1] === '\\') {
      if (high) throw badPair();
      out += '\\';
      i += 2;
      continue;
    }
    let digits: number;
    let skip: number;
    if (isHexRun(s, i + 1, 4)) [digits, skip] = [4, 1];
    else if (s[i + 1] === 'u' && isHexRun(s, i + 2, 4)) [digits, skip] = [4, 2];
    else if (s[i + 1] === '+' && isHexRun(s, i + 2, 6)) [digits, skip] = [6, 2];
    else if (s[i + 1] === 'U' && isHexRun(s, i + 2, 8)) [digits, skip] = [8, 2];
    else {
      throw new DbError(SqlState.SyntaxError, 'invalid Unicode escape', {
        hint: 'Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.',
      });
    }
    const cp = parseInt(s.slice(i + skip, i + skip + digits), 16);
    i += skip + digits;
    if (!(cp > 0 && cp <= 0x10ffff)) {
      throw invalidParameter(`invalid Unicode code point: ${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    const isLow = cp >= 0xdc00 && cp <= 0xdfff;
    if (high) {
      if (!isLow) throw badPair();
      out += String.fromCharCode(high, cp);
      high = 0;
    } else if (isLow) throw badPair();
    else if (cp >= 0xd800 && cp <= 0xdbff) high = cp;
    else out += String.fromCodePoint(cp);
  }
  if (high) throw badPair();
  return out;
}

/** The normalization form named by normalize()'s second argument. */
function normalizationForm(form: string): 'NFC' | 'NFD' | 'NFKC' | 'NFKD' {
  const upper = form.toUpperCase();
  if (upper === 'NFC' || upper === 'NFD' || upper === 'NFKC' || upper === 'NFKD') return upper;
  throw invalidParameter(`invalid normalization form: ${form}`);
}

const text1 =
  (f: (s: string) => string | number | boolean): FnImpl =>
  (a) =>
    f(a[0] as string);

export const stringFunctions: FunctionTable = {
  textcat: (a) => (a[0] as string) + (a[1] as string),
  textlen: text1(charCount),
  textoctetlen: text1(utf8Length),
  bpcharlen: text1((s) => charCountBetween(s, 0, bpcharTrueLength(s))),
  bpcharoctetlen: text1(utf8Length),
  lower: text1(asciiLower),
  upper: text1(asciiUpper),
  initcap: text1(initcap),
  text_substr: (a) => substringChars(a[0] as string, a[1] as number, a[2] as number),
  text_substr_no_len: (a) => substringChars(a[0] as string, a[1] as number, null),
  textpos: (a) => position(a[0] as string, a[1] as string),
  textoverlay: (a) => overlay(a[0] as string, a[1] as string, a[2] as number, a[3] as number),
  textoverlay_no_len: (a) => overlay(a[0] as string, a[1] as string, a[2] as number, charCount(a[1] as string)),
  replace_text: (a) => {
    const s = a[0] as string;
    const from = a[1] as string;
    return from.length === 0 ? s : s.split(from).join(a[2] as string);
  },
  btrim: (a) => trimChars(a[0] as string, a[1] as string, 'both'),
  ltrim: (a) => trimChars(a[0] as string, a[1] as string, 'left'),
  rtrim: (a) => trimChars(a[0] as string, a[1] as string, 'right'),
  btrim1: text1((s) => trimSpaces(s, 'both')),
  ltrim1: text1((s) => trimSpaces(s, 'left')),
  // rtrim1 is also the bpchar -> text / varchar cast
  rtrim1: text1((s) => trimSpaces(s, 'right')),
  lpad: (a) => pad(a[0] as string, a[1] as number, a[2] as string, true),
  rpad: (a) => pad(a[0] as string, a[1] as number, a[2] as string, false),
  text_left: (a) => left(a[0] as string, a[1] as number),
  text_right: (a) => right(a[0] as string, a[1] as number),
  repeat: (a) => repeat(a[0] as string, a[1] as number),
  text_reverse: text1((s) => chars(s).reverse().join('')),
  split_part: (a) => splitPart(a[0] as string, a[1] as string, a[2] as number),
  translate: (a) => translate(a[0] as string, a[1] as string, a[2] as string),
  text_starts_with: (a) => (a[0] as string).startsWith(a[1] as string),
  chr: (a) => chr(a[0] as number),
  ascii: text1((s) => (s.length === 0 ? 0 : s.codePointAt(0)!)),
  to_hex32: (a) => toHex32(a[0] as number),
  to_hex64: (a) => toHex64(a[0] as bigint),
  unistr: text1(unistr),
  unicode_normalize_func: (a) => (a[0] as string).normalize(normalizationForm(a[1] as string)),
  unicode_is_normalized: (a) => {
    const s = a[0] as string;
    return s === s.normalize(normalizationForm(a[1] as string));
  },
};
