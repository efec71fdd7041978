// float4 (real) and float8 (double precision): text input like PostgreSQL's float8in/float4in
// (C strtod syntax: decimal, hex "0x1.8p3", inf/infinity/nan in any case, surrounding
// whitespace; 22003 when the value overflows or a non-zero value underflows to 0) and output
// per extra_float_digits (float-format.ts).
// Invariant: float4 values are numbers exactly representable in float32 (Math.fround).
// Binary layouts: float4 = IEEE-754 binary32 big-endian (4 bytes); float8 = binary64 (8 bytes).
import type { TypeIO } from './typeio.js';
import { checkBinaryLength, invalidSyntax, outOfRange } from './errors.js';
import { hexValue, isDigit, isSpace } from './text-util.js';
import { float4Text, float8Text } from './float-format.js';

/** Case-insensitive match of `word` at s[i]. */
function matchWord(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Parses a hex float body at s[i] (after "0x"); returns [value, end] or null. */
function parseHexFloat(s: string, i: number): [number, number, boolean] | null {
  let mant = 0;
  let nonZero = false;
  let scale = 0;
  let any = false;
  let seenPoint = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && !seenPoint) {
      seenPoint = true;
      continue;
    }
    const h = hexValue(c);
    if (h < 0) break;
    any = true;
    if (h > 0) nonZero = true;
    mant = mant * 16 + h;
    if (seenPoint) scale -= 4;
  }
  if (!any) return null;
  if (i < s.length && (s.charCodeAt(i) | 0x20) === 0x70) {
    let j = i + 1;
    let eneg = false;
    if (s.charCodeAt(j) === 45 || s.charCodeAt(j) === 43) eneg = s.charCodeAt(j++) === 45;
    let e = 0;
    const start = j;
    while (j < s.length && isDigit(s.charCodeAt(j))) e = Math.min(e * 10 + s.charCodeAt(j++) - 48, 100000);
    if (j > start) {
      scale += eneg ? -e : e;
      i = j;
    }
  }
  return [mant * Math.pow(2, scale), i, nonZero];
}

/**
 * strtod-like parse of s with surrounding whitespace. Returns the double, or throws 22P02 /
 * 22003 with `typeName` ("double precision" or "real"). `isFloat4` rounds to binary32 and
 * applies float4's range.
 */
function parseFloatText(s: string, typeName: string, isFloat4: boolean): number {
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  const start = i;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let v: number;
  let nonZeroDigits = false;
  let special = false;
  c = s.charCodeAt(i);
  const hex = c === 48 && (s.charCodeAt(i + 1) | 0x20) === 0x78 ? parseHexFloat(s, i + 2) : null;
  if (hex !== null) {
    v = hex[0];
    nonZeroDigits = hex[2];
    i = hex[1];
  } else if ((c | 0x20) === 0x69 && matchWord(s, i, 'inf')) {
    i += matchWord(s, i, 'infinity') ? 8 : 3;
    v = Infinity;
    special = true;
  } else if ((c | 0x20) === 0x6e && matchWord(s, i, 'nan')) {
    i += 3;
    if (s.charCodeAt(i) === 40) {
      const close = s.indexOf(')', i);
      if (close > 0) i = close + 1;
    }
    v = NaN;
    special = true;
  } else {
    const numStart = i;
    let digits = 0;
    while (i < n && isDigit((c = s.charCodeAt(i)))) {
      if (c !== 48) nonZeroDigits = true;
      digits++;
      i++;
    }
    if (s.charCodeAt(i) === 46) {
      i++;
      while (i < n && isDigit((c = s.charCodeAt(i)))) {
        if (c !== 48) nonZeroDigits = true;
        digits++;
        i++;
      }
    }
    if (digits === 0) throw invalidSyntax(typeName, s);
    if ((s.charCodeAt(i) | 0x20) === 0x65) {
      let j = i + 1;
      c = s.charCodeAt(j);
      if (c === 45 || c === 43) j++;
      if (isDigit(s.charCodeAt(j))) {
        while (j < n && isDigit(s.charCodeAt(j))) j++;
        i = j;
      }
    }
    v = Number(s.slice(numStart, i));
  }
  if (i === start) throw invalidSyntax(typeName, s);
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i !== n) throw invalidSyntax(typeName, s);
  if (isFloat4) v = Math.fround(v);
  if (!special && (v === Infinity || (v === 0 && nonZeroDigits))) {
    throw outOfRange(`"${s}" is out of range for type ${typeName}`);
  }
  return neg ? -v : v;
}

/** float8 text input (float8in). */
export function parseFloat8(s: string): number {
  return parseFloatText(s, 'double precision', false);
}

/** float4 text input (float4in). */
export function parseFloat4(s: string): number {
  return parseFloatText(s, 'real', true);
}

export const float8IO: TypeIO = {
  input: (text) => parseFloat8(text),
  output: (value, ctx) => float8Text(value as number, ctx.extraFloatDigits),
  receive(data) {
    checkBinaryLength(data, 8);
    return data.readDoubleBE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleBE(value as number, 0);
    return b;
  },
};

export const float4IO: TypeIO = {
  input: (text) => parseFloat4(text),
  output: (value, ctx) => float4Text(value as number, ctx.extraFloatDigits),
  receive(data) {
    checkBinaryLength(data, 4);
    return data.readFloatBE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(4);
    b.writeFloatBE(value as number, 0);
    return b;
  },
};
