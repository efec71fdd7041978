// Strict UTF-8 decoding for binary receive of text-like types, with PostgreSQL's error for bad
// input: 22021 invalid byte sequence for encoding "UTF8": 0xc3 0x28 (NUL bytes are invalid too).
// Invariant: returns only strings whose UTF-8 encoding is exactly the input bytes.
import { DbError, SqlState } from '../../errors.js';

/** PostgreSQL's pg_utf_mblen: sequence length announced by a lead byte. */
function mbLength(b: number): number {
  if (b < 0x80) return 1;
  if ((b & 0xe0) === 0xc0) return 2;
  if ((b & 0xf0) === 0xe0) return 3;
  if ((b & 0xf8) === 0xf0) return 4;
  return 1;
}

function invalidSequence(data: Buffer, at: number): DbError {
  const len = Math.min(mbLength(data[at]), data.length - at);
  const parts: string[] = [];
  for (let k = 0; k < len; k++) parts.push('0x' + data[at + k].toString(16).padStart(2, '0'));
  return new DbError(SqlState.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": ${parts.join(' ')}`);
}

/** Validates one multi-byte sequence at i (pg_utf8_islegal); returns its length or 0. */
function legalSequence(d: Buffer, i: number): number {
  const b0 = d[i];
  const len = mbLength(b0);
  if (len === 1 || i + len > d.length) return 0;
  const b1 = d[i + 1];
  if ((b1 & 0xc0) !== 0x80) return 0;
  switch (len) {
    case 2:
      return b0 >= 0xc2 ? 2 : 0;
    case 3:
      if ((d[i + 2] & 0xc0) !== 0x80) return 0;
      if (b0 === 0xe0 && b1 < 0xa0) return 0; // overlong
      if (b0 === 0xed && b1 > 0x9f) return 0; // surrogate
      return 3;
    default:
      if ((d[i + 2] & 0xc0) !== 0x80 || (d[i + 3] & 0xc0) !== 0x80) return 0;
      if (b0 === 0xf0 && b1 < 0x90) return 0;
      if (b0 > 0xf4 || (b0 === 0xf4 && b1 > 0x8f)) return 0;
      return 4;
  }
}

/** Decodes UTF-8 bytes, throwing 22021 like PostgreSQL's pg_verify_mbstr on bad input. */
export function decodeUtf8Strict(data: Buffer): string {
  const n = data.length;
  let i = 0;
  let ascii = true;
  while (i < n) {
    const b = data[i];
    if (b === 0) throw invalidSequence(data, i);
    if (b < 0x80) {
      i++;
      continue;
    }
    ascii = false;
    const len = legalSequence(data, i);
    if (len === 0) throw invalidSequence(data, i);
    i += len;
  }
  return ascii ? data.toString('latin1', 0, n) : data.toString('utf8', 0, n);
}
