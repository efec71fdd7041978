// The vocabulary of PostgreSQL's regular expressions that regex-translate.ts needs: the option
// letters (flags argument and embedded (?...) options), the error messages of its regex
// compiler, and the C locale's character classes and POSIX collating-element names, each as a
// JS 'u'-mode class body. Invariant: classes are ASCII-only, as in PostgreSQL's C locale.
import { DbError, SqlState } from '../../../errors.js';

export interface RegexOptions {
  icase: boolean;
  /** '.' and negated brackets do not match a newline (flags n, p). */
  dotExcludesNewline: boolean;
  /** ^ and $ also match just after / before a newline (flags n, w). */
  lineAnchors: boolean;
  /** White space and #-comments are ignored (flag x). */
  expanded: boolean;
  /** The whole pattern is a literal string (flag q, prefix ***=). */
  literal: boolean;
  syntax: 'advanced' | 'extended' | 'basic';
}

export function defaultRegexOptions(): RegexOptions {
  return { icase: false, dotExcludesNewline: false, lineAnchors: false, expanded: false, literal: false, syntax: 'advanced' };
}

/** Applies one option letter (flags argument or embedded option); false if unknown. */
export function applyRegexOption(o: RegexOptions, letter: string): boolean {
  switch (letter) {
    case 'b':
      o.syntax = 'basic';
      break;
    case 'c':
      o.icase = false;
      break;
    case 'e':
      o.syntax = 'extended';
      break;
    case 'i':
      o.icase = true;
      break;
    case 'm':
    case 'n':
      o.dotExcludesNewline = true;
      o.lineAnchors = true;
      break;
    case 'p':
      o.dotExcludesNewline = true;
      o.lineAnchors = false;
      break;
    case 'q':
      o.literal = true;
      break;
    case 's':
      o.dotExcludesNewline = false;
      o.lineAnchors = false;
      break;
    case 't':
      o.expanded = false;
      break;
    case 'w':
      o.dotExcludesNewline = false;
      o.lineAnchors = true;
      break;
    case 'x':
      o.expanded = true;
      break;
    default:
      return false;
  }
  return true;
}

export function regexError(message: string): DbError {
  return new DbError(SqlState.InvalidRegularExpression, `invalid regular expression: ${message}`);
}

export const E = {
  brack: 'brackets [] not balanced',
  paren: 'parentheses () not balanced',
  brace: 'braces {} not balanced',
  badbr: 'invalid repetition count(s)',
  badrpt: 'quantifier operand invalid',
  escape: 'invalid escape \\ sequence',
  range: 'invalid character range',
  ctype: 'invalid character class',
  subreg: 'invalid backreference number',
  collate: 'invalid collating element',
  badopt: 'invalid embedded option',
};

export const DUPMAX = 255;
export const MAX_CODE_POINT = 0x10ffff;

// JS class bodies of the C locale's character classes (ASCII only).
export const SPACE = '\\u{9}-\\u{d}\\u{20}';
export const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  word: '0-9A-Za-z_',
  space: SPACE,
  blank: '\\u{9}\\u{20}',
  punct: '\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}',
  print: '\\u{20}-\\u{7e}',
  graph: '\\u{21}-\\u{7e}',
  cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  xdigit: '0-9A-Fa-f',
};
// Complements usable inside a bracket expression (\D, \S, \W there).
export const NOT_DIGIT = '\\u{0}-\\u{2f}\\u{3a}-\\u{10ffff}';
export const NOT_SPACE = '\\u{0}-\\u{8}\\u{e}-\\u{1f}\\u{21}-\\u{10ffff}';
export const NOT_WORD = '\\u{0}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{5e}\\u{60}\\u{7b}-\\u{10ffff}';

/** POSIX names of collating elements, for [[.name.]]. */
export const COLLATING_NAMES: Record<string, number> = (() => {
  const controls =
    'NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC IS4 IS3 IS2 IS1';
  const names: Record<string, number> = {};
  controls.split(' ').forEach((n, i) => (names[n] = i));
  Object.assign(names, { FS: 28, GS: 29, RS: 30, US: 31, DEL: 127, alert: 7, backspace: 8, tab: 9, newline: 10 });
  Object.assign(names, { 'vertical-tab': 11, 'form-feed': 12, 'carriage-return': 13, space: 32 });
  const punct: Array<[string, string]> = [
    ['exclamation-mark', '!'], ['quotation-mark', '"'], ['number-sign', '#'], ['dollar-sign', '$'],
    ['percent-sign', '%'], ['ampersand', '&'], ['apostrophe', "'"], ['left-parenthesis', '('],
    ['right-parenthesis', ')'], ['asterisk', '*'], ['plus-sign', '+'], ['comma', ','], ['hyphen', '-'],
    ['hyphen-minus', '-'], ['period', '.'], ['full-stop', '.'], ['slash', '/'], ['solidus', '/'],
    ['colon', ':'], ['semicolon', ';'], ['less-than-sign', '<'], ['equals-sign', '='],
    ['greater-than-sign', '>'], ['question-mark', '?'], ['commercial-at', '@'],
    ['left-square-bracket', '['], ['backslash', '\\'], ['reverse-solidus', '\\'],
    ['right-square-bracket', ']'], ['circumflex', '^'], ['circumflex-accent', '^'], ['underscore', '_'],
    ['low-line', '_'], ['grave-accent', '`'], ['left-brace', '{'], ['left-curly-bracket', '{'],
    ['vertical-line', '|'], ['right-brace', '}'], ['right-curly-bracket', '}'], ['tilde', '~'],
  ];
  for (const [n, c] of punct) names[n] = c.charCodeAt(0);
  'zero one two three four five six seven eight nine'.split(' ').forEach((n, i) => (names[n] = 48 + i));
  return names;
})();

export const JS_SYNTAX = new Set(Array.from('^$\\.*+?()[]{}|/', (c) => c.charCodeAt(0)));

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

export function hexValue(c: number): number {
  if (isDigit(c)) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** A code point as it may appear inside a JS class in 'u' mode. */
export function classChar(cp: number): string {
  return isAsciiAlnum(cp) ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`;
}

/** The other-case counterparts of the ASCII letters within [lo, hi], as class ranges. */
export function caseSwappedRanges(lo: number, hi: number): string {
  let out = '';
  for (const [a, z] of [
    [65, 90],
    [97, 122],
  ] as const) {
    const from = Math.max(lo, a);
    const to = Math.min(hi, z);
    if (from <= to) out += `${String.fromCharCode(from ^ 0x20)}-${String.fromCharCode(to ^ 0x20)}`;
  }
  return out;
}

