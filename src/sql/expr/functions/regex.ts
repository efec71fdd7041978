// POSIX regular expression operators (~, ~*, !~, !~* on text, bpchar and name), substring(text
// from pattern), regexp_replace, regexp_like, regexp_count, regexp_instr, regexp_substr,
// regexp_match and regexp_split_to_array.
// Patterns are translated once (regex-translate.ts) and kept in a small compiled-pattern cache.
// Invariant: positions are 1-based character counts; after an empty match the search moves on
// by one character, as PostgreSQL does. Cached RegExp objects carry no state between calls
// (lastIndex is set before every use of the global one). Requires: strict callers, no nulls.
import { oneDimArray } from '../../types/array.js';
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { invalidParameter } from './errors.js';
import { applyRegexOption, defaultRegexOptions, regexError, type RegexOptions } from './regex-syntax.js';
import { translateRegex } from './regex-translate.js';
import type { FnImpl, FunctionTable } from './registry.js';
import { charCountBetween, charOffset, hasSurrogates, nextCharIndex } from './text-chars.js';

interface CompiledRegex {
  /** For single tests and first matches (no 'g': no lastIndex state). */
  readonly once: RegExp;
  /** For scans from a position (lastIndex is assigned before each use). */
  readonly scan: RegExp;
  /** Like scan, with group positions ('d'), built when regexp_instr first needs them. */
  indexed: RegExp | null;
  readonly groups: number;
}

interface ParsedFlags {
  options: RegexOptions;
  global: boolean;
  /** The canonical option letters, part of the cache key. */
  key: string;
}

const CACHE_LIMIT = 256;
const cache = new Map<string, CompiledRegex>();

export function parseFlags(flags: string, fnName?: string): ParsedFlags {
  const options = defaultRegexOptions();
  let global = false;
  for (const letter of flags) {
    if (letter === 'g') global = true;
    else if (!applyRegexOption(options, letter)) throw invalidParameter(`invalid regular expression option: "${letter}"`);
  }
  if (global && fnName) throw invalidParameter(`${fnName}() does not support the "global" option`);
  return { options, global, key: flags.replaceAll('g', '') };
}

const NO_FLAGS = parseFlags('');
const ICASE_FLAGS = parseFlags('i');

export function compile(pattern: string, flags: ParsedFlags): CompiledRegex {
  const key = flags.key + '/' + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = translateRegex(pattern, flags.options);
  let once: RegExp;
  let scan: RegExp;
  try {
    once = new RegExp(t.source, t.flags);
    scan = new RegExp(t.source, t.flags + 'g');
  } catch (err) {
    throw regexError((err as Error).message);
  }
  const compiled: CompiledRegex = { once, scan, indexed: null, groups: t.groups };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

/** True when index i of s falls between the two halves of a surrogate pair. */
function splitsPair(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  const b = s.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && b >= 0xd800 && b <= 0xdbff;
}

/**
 * Matches of a global RegExp in s from UTF-16 index `from`, stepping past empty matches.
 * V8 can report an empty match inside a surrogate pair even in 'u' mode; such a position
 * is not a character boundary, so it is skipped.
 */
export function* matchesFrom(scan: RegExp, s: string, from: number): Generator<RegExpExecArray> {
  let pos = from;
  while (pos <= s.length) {
    scan.lastIndex = pos;
    const m = scan.exec(s);
    if (!m) return;
    if (splitsPair(s, m.index)) {
      pos = m.index + 1;
      continue;
    }
    yield m;
    const end = m.index + m[0].length;
    pos = end > m.index ? end : end < s.length ? nextCharIndex(s, end) : end + 1;
  }
}

function checkStart(start: number): number {
  if (start <= 0) throw invalidParameter(`invalid value for parameter "start": ${start}`);
  return start;
}

function checkN(n: number): number {
  if (n <= 0) throw invalidParameter(`invalid value for parameter "n": ${n}`);
  return n;
}

/** regexp_replace's replacement text: \1..\9 groups, \& the whole match, \\ a backslash. */
function expandReplacement(replacement: string, m: RegExpExecArray): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c !== '\\' || i + 1 >= replacement.length) {
      out += c;
      continue;
    }
    const next = replacement[i + 1]!;
    if (next >= '1' && next <= '9') {
      out += m[next.charCodeAt(0) - 48] ?? '';
      i++;
    } else if (next === '&') {
      out += m[0];
      i++;
    } else if (next === '\\') {
      out += '\\';
      i++;
    } else {
      out += '\\';
    }
  }
  return out;
}

/** regexp_replace core: replace the n-th match at or after `start` (n = 0: all of them). */
function regexpReplace(s: string, pattern: string, replacement: string, start: number, n: number, flags: ParsedFlags): string {
  const re = compile(pattern, flags);
  const from = charOffset(s, start - 1);
  let out = '';
  let copied = 0;
  let count = 0;
  for (const m of matchesFrom(re.scan, s, from)) {
    count++;
    if (n !== 0 && count < n) continue;
    out += s.slice(copied, m.index) + expandReplacement(replacement, m);
    copied = m.index + m[0].length;
    if (n !== 0) break;
  }
  return count === 0 ? s : out + s.slice(copied);
}

/** The first match in s, or null. */
function firstMatch(re: CompiledRegex, s: string): RegExpExecArray | null {
  if (!hasSurrogates(s)) return re.once.exec(s);
  for (const m of matchesFrom(re.scan, s, 0)) return m;
  return null;
}

function regexMatches(s: string, pattern: string, flags: ParsedFlags): boolean {
  const re = compile(pattern, flags);
  return hasSurrogates(s) ? firstMatch(re, s) !== null : re.once.test(s);
}

const matchOp: FnImpl = (a) => regexMatches(a[0] as string, a[1] as string, NO_FLAGS);
const notMatchOp: FnImpl = (a) => !regexMatches(a[0] as string, a[1] as string, NO_FLAGS);
const iMatchOp: FnImpl = (a) => regexMatches(a[0] as string, a[1] as string, ICASE_FLAGS);
const notIMatchOp: FnImpl = (a) => !regexMatches(a[0] as string, a[1] as string, ICASE_FLAGS);

/** substring(s from pattern): the first parenthesized part if there is one, else the match. */
function regexSubstring(s: string, pattern: string): Value {
  const re = compile(pattern, NO_FLAGS);
  const m = firstMatch(re, s);
  if (!m) return null;
  return re.groups > 0 ? (m[1] ?? null) : m[0];
}

/** The n-th match at or after character `start` (1-based), or null. */
function nthMatch(s: string, scan: RegExp, start: number, n: number): RegExpExecArray | null {
  let count = 0;
  for (const m of matchesFrom(scan, s, charOffset(s, start - 1))) if (++count === n) return m;
  return null;
}

function regexpCount(s: string, pattern: string, start: number, flags: string): number {
  checkStart(start);
  const re = compile(pattern, parseFlags(flags, 'regexp_count'));
  let count = 0;
  for (const _m of matchesFrom(re.scan, s, charOffset(s, start - 1))) count++;
  return count;
}

function regexpInstr(s: string, pattern: string, start: number, n: number, endOption: number, flags: string, subexpr: number): number {
  checkStart(start);
  checkN(n);
  if (endOption !== 0 && endOption !== 1) throw invalidParameter(`invalid value for parameter "endoption": ${endOption}`);
  if (subexpr < 0) throw invalidParameter(`invalid value for parameter "subexpr": ${subexpr}`);
  const re = compile(pattern, parseFlags(flags, 'regexp_instr'));
  if (subexpr > re.groups) return 0;
  if (subexpr > 0 && !re.indexed) re.indexed = new RegExp(re.scan.source, re.scan.flags + 'd');
  const m = nthMatch(s, subexpr > 0 ? re.indexed! : re.scan, start, n);
  if (!m) return 0;
  let from = m.index;
  let text = m[0];
  if (subexpr > 0) {
    const g = m.indices?.[subexpr];
    if (!g) return 0;
    [from] = g;
    text = m[subexpr]!;
  }
  const at = endOption === 1 ? from + text.length : from;
  return charCountBetween(s, 0, at) + 1;
}

function regexpSubstr(s: string, pattern: string, start: number, n: number, flags: string, subexpr: number): Value {
  checkStart(start);
  checkN(n);
  if (subexpr < 0) throw invalidParameter(`invalid value for parameter "subexpr": ${subexpr}`);
  const re = compile(pattern, parseFlags(flags, 'regexp_substr'));
  if (subexpr > re.groups) return null;
  const m = nthMatch(s, re.scan, start, n);
  if (!m) return null;
  return subexpr > 0 ? (m[subexpr] ?? null) : m[0];
}

/** regexp_match: the capture groups of the first match (the whole match without groups). */
function regexpMatch(s: string, pattern: string, flagText: string): Value {
  const flags = parseFlags(flagText);
  if (flags.global) throw invalidParameter('regexp_match() does not support the "global" option', 'Use the regexp_matches function instead.');
  const re = compile(pattern, flags);
  const m = firstMatch(re, s);
  if (!m) return null;
  const groups = re.groups > 0 ? Array.from({ length: re.groups }, (_, i) => m[i + 1] ?? null) : [m[0]];
  return oneDimArray(Oid.text, groups);
}

/**
 * The pieces of s between matches, as regexp_split_to_table/array cut it: empty matches at
 * the very start or end, or right after the previous match, do not split.
 */
export function regexpSplit(s: string, pattern: string, flagText: string, fnName: string): string[] {
  const re = compile(pattern, parseFlags(flagText, fnName));
  const pieces: string[] = [];
  let prevEnd = 0;
  let pieceStart = 0;
  for (const m of matchesFrom(re.scan, s, 0)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start < s.length && end > prevEnd) {
      pieces.push(s.slice(pieceStart, start));
      pieceStart = end;
    }
    prevEnd = end;
  }
  pieces.push(s.slice(pieceStart));
  return pieces;
}

const str = (v: Value) => v as string;
const int = (v: Value) => v as number;

export const regexFunctions: FunctionTable = {
  textregexeq: matchOp,
  textregexne: notMatchOp,
  texticregexeq: iMatchOp,
  texticregexne: notIMatchOp,
  nameregexeq: matchOp,
  nameregexne: notMatchOp,
  nameicregexeq: iMatchOp,
  nameicregexne: notIMatchOp,
  textregexsubstr: (a) => regexSubstring(str(a[0]), str(a[1])),
  textregexreplace_noopt: (a) => regexpReplace(str(a[0]), str(a[1]), str(a[2]), 1, 1, NO_FLAGS),
  textregexreplace: (a) => {
    const flagText = str(a[3]);
    // a numeric-looking 4th argument was probably meant as the start position
    if (/^\d/.test(flagText)) {
      throw invalidParameter(
        `invalid regular expression option: "${flagText[0]}"`,
        'If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer explicitly.',
      );
    }
    const flags = parseFlags(flagText);
    return regexpReplace(str(a[0]), str(a[1]), str(a[2]), 1, flags.global ? 0 : 1, flags);
  },
  textregexreplace_extended_no_n: (a) => regexpReplace(str(a[0]), str(a[1]), str(a[2]), checkStart(int(a[3])), 1, NO_FLAGS),
  textregexreplace_extended_no_flags: (a) => {
    const n = int(a[4]);
    if (n < 0) throw invalidParameter(`invalid value for parameter "n": ${n}`);
    return regexpReplace(str(a[0]), str(a[1]), str(a[2]), checkStart(int(a[3])), n, NO_FLAGS);
  },
  textregexreplace_extended: (a) => {
    const n = int(a[4]);
    const start = checkStart(int(a[3]));
    if (n < 0) throw invalidParameter(`invalid value for parameter "n": ${n}`);
    // an explicit n wins over the g flag
    return regexpReplace(str(a[0]), str(a[1]), str(a[2]), start, n, parseFlags(str(a[5])));
  },
  regexp_match_no_flags: (a) => regexpMatch(str(a[0]), str(a[1]), ''),
  regexp_match: (a) => regexpMatch(str(a[0]), str(a[1]), str(a[2])),
  regexp_split_to_array_no_flags: (a) => oneDimArray(Oid.text, regexpSplit(str(a[0]), str(a[1]), '', 'regexp_split_to_array')),
  regexp_split_to_array: (a) => oneDimArray(Oid.text, regexpSplit(str(a[0]), str(a[1]), str(a[2]), 'regexp_split_to_array')),
  regexp_like_no_flags: (a) => regexMatches(str(a[0]), str(a[1]), NO_FLAGS),
  regexp_like: (a) => regexMatches(str(a[0]), str(a[1]), parseFlags(str(a[2]), 'regexp_like')),
  regexp_count_no_start: (a) => regexpCount(str(a[0]), str(a[1]), 1, ''),
  regexp_count_no_flags: (a) => regexpCount(str(a[0]), str(a[1]), int(a[2]), ''),
  regexp_count: (a) => regexpCount(str(a[0]), str(a[1]), int(a[2]), str(a[3])),
  regexp_instr_no_start: (a) => regexpInstr(str(a[0]), str(a[1]), 1, 1, 0, '', 0),
  regexp_instr_no_n: (a) => regexpInstr(str(a[0]), str(a[1]), int(a[2]), 1, 0, '', 0),
  regexp_instr_no_endoption: (a) => regexpInstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), 0, '', 0),
  regexp_instr_no_flags: (a) => regexpInstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), int(a[4]), '', 0),
  regexp_instr_no_subexpr: (a) => regexpInstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), int(a[4]), str(a[5]), 0),
  regexp_instr: (a) => regexpInstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), int(a[4]), str(a[5]), int(a[6])),
  regexp_substr_no_start: (a) => regexpSubstr(str(a[0]), str(a[1]), 1, 1, '', 0),
  regexp_substr_no_n: (a) => regexpSubstr(str(a[0]), str(a[1]), int(a[2]), 1, '', 0),
  regexp_substr_no_flags: (a) => regexpSubstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), '', 0),
  regexp_substr_no_subexpr: (a) => regexpSubstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), str(a[4]), 0),
  regexp_substr: (a) => regexpSubstr(str(a[0]), str(a[1]), int(a[2]), int(a[3]), str(a[4]), int(a[5])),
};
