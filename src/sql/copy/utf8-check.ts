// Finds where COPY input stops being valid UTF-8 (PostgreSQL's pg_verify_mbstr rules: no NUL,
// no overlong forms, no surrogates, nothing above U+10FFFF) and builds PostgreSQL's 22021 error,
// which lists the bytes of the bad character as far as its lead byte announces and the input
// goes (`0xe2 0x82 0x09`). Used only once a fast check has failed.
import { DbError, SqlState } from '../../errors.js';

/** pg_utf_mblen: the length a lead byte announces. */
function announced(b: number): number {
  if (b < 0x80) return 1;
  if ((b & 0xe0) === 0xc0) return 2;
  if ((b & 0xf0) === 0xe0) return 3;
  if ((b & 0xf8) === 0xf0) return 4;
  return 1;
}

/** Length of the valid character at i (pg_utf8_islegal), or 0. */
function validLength(d: Buffer, i: number, to: number): number {
  const b0 = d[i]!;
  if (b0 === 0) return 0;
  if (b0 < 0x80) return 1;
  const len = announced(b0);
  if (len === 1 || i + len > to) return 0;
  const b1 = d[i + 1]!;
  if ((b1 & 0xc0) !== 0x80) return 0;
  for (let k = 2; k < len; k++) if ((d[i + k]! & 0xc0) !== 0x80) return 0;
  switch (len) {
    case 2:
      return b0 >= 0xc2 ? 2 : 0;
    case 3:
      if (b0 === 0xe0 && b1 < 0xa0) return 0;
      if (b0 === 0xed && b1 > 0x9f) return 0;
      return 3;
    default:
      if (b0 === 0xf0 && b1 < 0x90) return 0;
      if (b0 > 0xf4 || (b0 === 0xf4 && b1 > 0x8f)) return 0;
      return 4;
  }
}

/** The 22021 error for the bad character at `at`, showing bytes up to `available`. */
export function invalidSequenceError(d: Buffer, at: number, available: number): DbError {
  const n = Math.min(announced(d[at]!), available - at);
  const bytes: string[] = [];
  for (let k = 0; k < n; k++) bytes.push(`0x${d[at + k]!.toString(16).padStart(2, '0')}`);
  return new DbError(SqlState.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": ${bytes.join(' ')}`);
}

/**
 * The first invalid character in d[from, to), with its error (bytes shown up to `available`,
 * which may lie past `to`), or null when the range is valid.
 */
export function invalidUtf8(d: Buffer, from: number, to: number, available = to): { offset: number; error: DbError } | null {
  for (let i = from; i < to; ) {
    const len = validLength(d, i, to);
    if (len === 0) return { offset: i, error: invalidSequenceError(d, i, available) };
    i += len;
  }
  return null;
}
