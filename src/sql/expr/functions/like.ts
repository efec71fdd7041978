// LIKE, NOT LIKE, ILIKE and NOT ILIKE for text, bpchar, name and bytea, and like_escape(), which
// rewrites a pattern with a custom ESCAPE character into one using backslash.
// In a pattern, % matches any run of characters, _ exactly one character (one byte for bytea)
// and \ makes the next character literal; a pattern ending in \ is 22025 when the matcher
// reaches it. ILIKE folds ASCII letters only (the C locale's lower()).
// Invariant: the matcher is PostgreSQL's algorithm: recursion only at %, and a failed search
// after % abandons the whole match, so time is bounded by text length x pattern length.
import { DbError, SqlState } from '../../../errors.js';
import type { FnImpl, FunctionTable } from './registry.js';
import { asciiLower, chars } from './text-chars.js';

const PERCENT = 37;
const UNDERSCORE = 95;
const BACKSLASH = 92;

const FALSE = 0;
const TRUE = 1;
/** The text ran out while the pattern still needs characters: no later start can match. */
const ABORT = 2;

function endsWithEscape(): DbError {
  return new DbError(SqlState.InvalidEscapeSequence, 'LIKE pattern must not end with escape character');
}

/** Index after the character at t[i] (a surrogate pair counts as one character). */
function nextChar(t: string, i: number): number {
  const c = t.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < t.length ? i + 2 : i + 1;
}

/** Matches t[ti..] against p[pi..]: TRUE, FALSE or ABORT. */
function matchFrom(t: string, ti: number, p: string, pi: number): number {
  const tn = t.length;
  const pn = p.length;
  if (pn - pi === 1 && p.charCodeAt(pi) === PERCENT) return TRUE;
  while (ti < tn && pi < pn) {
    const pc = p.charCodeAt(pi);
    if (pc === BACKSLASH) {
      pi++;
      if (pi >= pn) throw endsWithEscape();
      if (p.charCodeAt(pi) !== t.charCodeAt(ti)) return FALSE;
    } else if (pc === PERCENT) {
      // Skip a run of % and _ (each _ consumes one text character), then try every text
      // position whose character equals the next literal pattern character.
      pi++;
      while (pi < pn) {
        const c = p.charCodeAt(pi);
        if (c === PERCENT) pi++;
        else if (c === UNDERSCORE) {
          if (ti >= tn) return ABORT;
          ti = nextChar(t, ti);
          pi++;
        } else break;
      }
      if (pi >= pn) return TRUE;
      let first = p.charCodeAt(pi);
      if (first === BACKSLASH) {
        if (pi + 1 >= pn) throw endsWithEscape();
        first = p.charCodeAt(pi + 1);
      }
      while (ti < tn) {
        if (t.charCodeAt(ti) === first) {
          const r = matchFrom(t, ti, p, pi);
          if (r !== FALSE) return r;
        }
        ti = nextChar(t, ti);
      }
      return ABORT;
    } else if (pc === UNDERSCORE) {
      ti = nextChar(t, ti);
      pi++;
      continue;
    } else if (pc !== t.charCodeAt(ti)) {
      return FALSE;
    }
    // literal units matched; stepping by unit is safe as we are in step with the text
    ti++;
    pi++;
  }
  if (ti < tn) return FALSE;
  while (pi < pn && p.charCodeAt(pi) === PERCENT) pi++;
  return pi >= pn ? TRUE : ABORT;
}

/** text LIKE pattern (pattern escape is backslash). */
export function likeMatch(text: string, pattern: string): boolean {
  return matchFrom(text, 0, pattern, 0) === TRUE;
}

/** bytea LIKE: the same matcher over bytes held as latin1 units (_ is one byte). */
function byteaLike(text: Buffer, pattern: Buffer): boolean {
  return likeMatch(text.toString('latin1'), pattern.toString('latin1'));
}

function invalidEscapeString(): DbError {
  return new DbError(SqlState.InvalidEscapeSequence, 'invalid escape string', {
    hint: 'Escape string must be empty or one character.',
  });
}

/**
 * like_escape(pattern, escape): rewrites `pattern` so that backslash is its escape. An empty
 * escape makes every character literal (backslashes are doubled).
 */
export function likeEscape(pattern: string, escape: string): string {
  const patternChars = chars(pattern);
  if (escape.length === 0) return pattern.replaceAll('\\', '\\\\');
  const escapeChars = chars(escape);
  if (escapeChars.length !== 1) throw invalidEscapeString();
  if (escape === '\\') return pattern;
  let out = '';
  let afterEscape = false;
  for (const ch of patternChars) {
    if (ch === escape && !afterEscape) {
      out += '\\';
      afterEscape = true;
    } else if (ch === '\\') {
      out += afterEscape ? '\\' : '\\\\';
      afterEscape = false;
    } else {
      out += ch;
      afterEscape = false;
    }
  }
  return out;
}

const like: FnImpl = (a) => likeMatch(a[0] as string, a[1] as string);
const notLike: FnImpl = (a) => !likeMatch(a[0] as string, a[1] as string);
const iLike: FnImpl = (a) => likeMatch(asciiLower(a[0] as string), asciiLower(a[1] as string));
const notILike: FnImpl = (a) => !likeMatch(asciiLower(a[0] as string), asciiLower(a[1] as string));

export const likeFunctions: FunctionTable = {
  // textlike also serves bpcharlike and like(text, text); the bpchar's padding takes part
  textlike: like,
  textnlike: notLike,
  namelike: like,
  namenlike: notLike,
  texticlike: iLike,
  texticnlike: notILike,
  nameiclike: iLike,
  nameicnlike: notILike,
  bytealike: (a) => byteaLike(a[0] as Buffer, a[1] as Buffer),
  byteanlike: (a) => !byteaLike(a[0] as Buffer, a[1] as Buffer),
  like_escape: (a) => likeEscape(a[0] as string, a[1] as string),
  like_escape_bytea: (a) => {
    const escape = a[1] as Buffer;
    if (escape.length > 1) throw invalidEscapeString();
    const pattern = (a[0] as Buffer).toString('latin1');
    return Buffer.from(likeEscape(pattern, escape.toString('latin1')), 'latin1');
  },
};
