// bool: text input accepts PostgreSQL's spellings (t/true/y/yes/on/1, f/false/n/no/off/0, any
// unambiguous prefix, any case, surrounding whitespace); output is "t" or "f".
// Binary layout:  | byte: 0 = false, anything else = true |
import type { TypeIO } from './typeio.js';
import type { Value } from './value.js';
import { checkBinaryLength, invalidSyntax } from './errors.js';
import { isSpace } from './text-util.js';

const TRUE_BUF = Buffer.from([1]);
const FALSE_BUF = Buffer.from([0]);

/** Case-insensitive: is s[start, start+len) a prefix of `word` of at least `min` chars? */
function prefixOf(s: string, start: number, len: number, word: string, min: number): boolean {
  if (len < min || len > word.length) return false;
  for (let i = 0; i < len; i++) {
    if ((s.charCodeAt(start + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** PostgreSQL's parse_bool: null when the text is not a boolean. */
export function parseBool(s: string): boolean | null {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  const len = end - start;
  if (len === 0) return null;
  switch (s.charCodeAt(start) | 0x20) {
    case 0x74: // t
      return prefixOf(s, start, len, 'true', 1) ? true : null;
    case 0x66: // f
      return prefixOf(s, start, len, 'false', 1) ? false : null;
    case 0x79: // y
      return prefixOf(s, start, len, 'yes', 1) ? true : null;
    case 0x6e: // n
      return prefixOf(s, start, len, 'no', 1) ? false : null;
    case 0x6f: // o: on / off need two characters
      if (prefixOf(s, start, len, 'on', 2)) return true;
      return prefixOf(s, start, len, 'off', 2) ? false : null;
    case 0x31: // '1' (or \x11, rejected below)
      return len === 1 && s.charCodeAt(start) === 0x31 ? true : null;
    case 0x30: // '0' (or \x10)
      return len === 1 && s.charCodeAt(start) === 0x30 ? false : null;
    default:
      return null;
  }
}

export const boolIO: TypeIO = {
  input(text: string): Value {
    const b = parseBool(text);
    if (b === null) throw invalidSyntax('boolean', text);
    return b;
  },
  output(value: Value): string {
    return value ? 't' : 'f';
  },
  receive(data: Buffer): Value {
    checkBinaryLength(data, 1);
    return data[0] !== 0;
  },
  send(value: Value): Buffer {
    return value ? TRUE_BUF : FALSE_BUF;
  },
};
