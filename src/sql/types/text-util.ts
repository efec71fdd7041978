// Small character helpers shared by the input parsers (no regexes on hot paths).
// isSpace matches C's isspace() in the C locale, which PostgreSQL's parsers use.

/** C isspace(): space, \t, \n, \v, \f, \r. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlpha(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}

/** Value of a hex digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** PostgreSQL's pg_strtoint-style trimming: index of the first non-space character. */
export function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}
