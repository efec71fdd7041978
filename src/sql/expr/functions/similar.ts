// SIMILAR TO support: similar_to_escape() turns a SQL regular expression into the POSIX one
// that the ~ operator then matches, exactly as PostgreSQL 15 spells it: the whole pattern is
// wrapped in ^(?: ... )$, % becomes .*, _ becomes ., ( becomes (?:, the escape character quotes
// the next one, and escape-double-quote separators split it into ^(?:a){1,1}?(b){1,1}(?:c)$
// so that SUBSTRING ... SIMILAR returns the middle part. Bracket expressions pass through.
// Invariant: the output is a valid ARE whenever brackets and parentheses in the input balance.
import { DbError, SqlState } from '../../../errors.js';
import type { FunctionTable } from './registry.js';
import { chars } from './text-chars.js';

/** Translates a SIMILAR TO pattern; `escape` null means the default backslash. */
export function similarToEscape(pattern: string, escape: string | null): string {
  let esc: string | null = escape ?? '\\';
  if (esc.length === 0) esc = null;
  else if (chars(esc).length > 1) {
    throw new DbError(SqlState.InvalidEscapeSequence, 'invalid escape string', {
      hint: 'Escape string must be empty or one character.',
    });
  }
  let out = '^(?:';
  let afterEscape = false;
  let quotes = 0;
  let bracketDepth = 0;
  // 1 right after "[", 2 after "[^"; a "]" is literal while this is below 3
  let bracketStart = 0;
  for (const ch of chars(pattern)) {
    if (afterEscape) {
      if (ch === '"' && bracketDepth < 1) {
        if (quotes === 0) out += '){1,1}?(';
        else if (quotes === 1) out += '){1,1}(?:';
        else {
          throw new DbError('2200C', 'SQL regular expression may not contain more than two escape-double-quote separators');
        }
        quotes++;
      } else {
        out += '\\' + ch; // any character may be escaped, giving access to \d and friends
        bracketStart = 3; // an escaped character ends the start of a bracket expression
      }
      afterEscape = false;
    } else if (esc !== null && ch === esc) {
      afterEscape = true;
    } else if (bracketDepth > 0) {
      if (ch === '\\') out += '\\';
      out += ch;
      if (ch === ']' && bracketStart > 2) bracketDepth--;
      else if (ch === '[') bracketDepth++;
      bracketStart = ch === '^' ? bracketStart + 1 : 3;
    } else if (ch === '[') {
      out += ch;
      bracketDepth = 1;
      bracketStart = 1;
    } else if (ch === '%') {
      out += '.*';
    } else if (ch === '_') {
      out += '.';
    } else if (ch === '(') {
      out += '(?:';
    } else if (ch === '\\' || ch === '.' || ch === '^' || ch === '$') {
      out += '\\' + ch;
    } else {
      out += ch;
    }
  }
  return out + ')$';
}

export const similarFunctions: FunctionTable = {
  similar_to_escape_1: (a) => similarToEscape(a[0] as string, null),
  similar_to_escape_2: (a) => similarToEscape(a[0] as string, a[1] as string),
  // the pre-PostgreSQL-13 name: not strict, a null escape means the default
  similar_escape: (a) => (a[0] === null ? null : similarToEscape(a[0] as string, a[1] as string | null)),
};
