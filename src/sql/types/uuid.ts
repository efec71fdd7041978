// uuid: text input accepts 32 hex digits in any case, optionally in braces, with a hyphen
// allowed after any group of four digits (PostgreSQL's string_to_uuid); output and the stored
// value are the canonical lower-case 8-4-4-4-12 form.
// Binary layout: the 16 bytes of the uuid in order.
import type { TypeIO } from './typeio.js';
import { checkBinaryLength, invalidSyntax } from './errors.js';
import { hexValue } from './text-util.js';

const HEX = '0123456789abcdef';

/** Canonical form of 16 bytes. */
export function uuidFromBytes(b: Buffer): string {
  const h = b.toString('hex');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20, 32);
}

/** uuid text input (uuid_in). */
export function uuidInput(s: string): string {
  let i = 0;
  let end = s.length;
  const braces = s.charCodeAt(0) === 123;
  if (braces) {
    i = 1;
    if (s.charCodeAt(end - 1) !== 125) throw invalidSyntax('uuid', s);
    end--;
  }
  let out = '';
  for (let k = 0; k < 16; k++) {
    if (i + 2 > end) throw invalidSyntax('uuid', s);
    const hi = hexValue(s.charCodeAt(i));
    const lo = hexValue(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) throw invalidSyntax('uuid', s);
    out += HEX[hi] + HEX[lo];
    i += 2;
    if (k === 3 || k === 5 || k === 7 || k === 9) out += '-';
    if (k % 2 === 1 && k < 15 && s.charCodeAt(i) === 45) i++;
  }
  if (i !== end) throw invalidSyntax('uuid', s);
  return out;
}

export const uuidIO: TypeIO = {
  input: (text) => uuidInput(text),
  output: (value) => value as string,
  receive(data) {
    checkBinaryLength(data, 16);
    return uuidFromBytes(data);
  },
  send(value) {
    const s = value as string;
    return Buffer.from(s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24), 'hex');
  },
};
