// Set-returning functions over arrays and text: unnest (every element, in storage order),
// generate_subscripts (the subscripts of one dimension, optionally reversed),
// regexp_split_to_table (the pieces between matches, ignoring empty matches at the ends or
// right after a match, as PostgreSQL does), regexp_matches (per match the capture groups, or
// the whole match when the pattern has none; only the first match without flag g) and
// string_to_table (split on a delimiter string; NULL delimiter splits into characters; pieces
// equal to null_string become NULL).
import { Oid } from '../../types/oids.js';
import { ArrayValue, type Value } from '../../types/value.js';
import { compile, matchesFrom, parseFlags } from '../functions/regex.js';
import type { SetReturningTable } from './registry.js';

function* subscripts(a: ArrayValue, dim: number, reverse: boolean): Generator<Value> {
  if (dim < 1 || dim > a.dims.length) return;
  const lower = a.lowerBounds[dim - 1]!;
  const upper = lower + a.dims[dim - 1]! - 1;
  if (reverse) for (let i = upper; i >= lower; i--) yield i;
  else for (let i = lower; i <= upper; i++) yield i;
}

function* splitToTable(s: string, pattern: string, flags: string): Generator<Value> {
  const re = compile(pattern, parseFlags(flags, 'regexp_split_to_table'));
  let prevEnd = 0;
  let pieceStart = 0;
  for (const m of matchesFrom(re.scan, s, 0)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start < s.length && end > prevEnd) {
      yield s.slice(pieceStart, start);
      pieceStart = end;
    }
    prevEnd = end;
  }
  yield s.slice(pieceStart);
}

function* matches(s: string, pattern: string, flagText: string): Generator<Value> {
  const flags = parseFlags(flagText);
  const re = compile(pattern, flags);
  for (const m of matchesFrom(re.scan, s, 0)) {
    const groups = re.groups > 0 ? Array.from({ length: re.groups }, (_, i) => m[i + 1] ?? null) : [m[0]];
    yield new ArrayValue(Oid.text, groups, [groups.length]);
    if (!flags.global) return;
  }
}

function* stringToTable(s: string, delimiter: string | null, nullString: string | null): Generator<Value> {
  const piece = (p: string): Value => (nullString !== null && p === nullString ? null : p);
  if (delimiter === null) {
    for (const ch of s) yield piece(ch);
    return;
  }
  if (s.length === 0) return;
  if (delimiter === '') {
    yield piece(s);
    return;
  }
  for (const p of s.split(delimiter)) yield piece(p);
}

export const arrayAndTextFunctions: SetReturningTable = {
  array_unnest: (a) => (a[0] as ArrayValue).elements,
  generate_subscripts: (a) => subscripts(a[0] as ArrayValue, a[1] as number, a[2] === true),
  generate_subscripts_nodir: (a) => subscripts(a[0] as ArrayValue, a[1] as number, false),
  regexp_split_to_table_no_flags: (a) => splitToTable(a[0] as string, a[1] as string, ''),
  regexp_split_to_table: (a) => splitToTable(a[0] as string, a[1] as string, a[2] as string),
  regexp_matches_no_flags: (a) => matches(a[0] as string, a[1] as string, ''),
  regexp_matches: (a) => matches(a[0] as string, a[1] as string, a[2] as string),
  text_to_table: (a) => (a[0] === null ? [] : stringToTable(a[0] as string, a[1] as string | null, null)),
  text_to_table_null: (a) => (a[0] === null ? [] : stringToTable(a[0] as string, a[1] as string | null, a[2] as string | null)),
};
