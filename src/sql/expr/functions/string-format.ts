// Functions that assemble text from values: concat and concat_ws over "any" arguments (nulls
// skipped), format() with PostgreSQL's %[n$][-][width|*[n$]]{s,I,L} specifiers, and the quoting
// helpers quote_ident, quote_literal and quote_nullable.
// Requires: variadic "any" arguments arrive one per element of args, with their types in
// call.argTypes (an explicit VARIADIC array is not expanded here). These functions are not
// strict: they receive and handle nulls.
import { DbError, SqlState } from '../../../errors.js';
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { invalidParameter } from './errors.js';
import type { CallInfo, EvalContext, FunctionTable } from './registry.js';
import { quotedKeywords } from './sql-keywords.js';
import { charCount } from './text-chars.js';
import { valueText } from './value-text.js';

/** quote_identifier(): bare when lower-case letters, digits and _ (not first digit), not a keyword. */
export function quoteIdentifier(ident: string): string {
  let safe = ident.length > 0;
  for (let i = 0; safe && i < ident.length; i++) {
    const c = ident.charCodeAt(i);
    const lowerOrUnderscore = (c >= 97 && c <= 122) || c === 95;
    safe = lowerOrUnderscore || (i > 0 && c >= 48 && c <= 57);
  }
  if (safe && !quotedKeywords.has(ident)) return ident;
  return '"' + ident.replaceAll('"', '""') + '"';
}

/** quote_literal(): single quotes doubled; with a backslash, an E'' literal with \\ doubled. */
export function quoteLiteral(s: string): string {
  const body = s.replaceAll("'", "''");
  return s.includes('\\') ? "E'" + body.replaceAll('\\', '\\\\') + "'" : "'" + body + "'";
}

function unterminated(): DbError {
  return invalidParameter('unterminated format() type specifier', 'For a single "%" use "%%".');
}

function tooFewArguments(): DbError {
  return invalidParameter('too few arguments for format()');
}

function numberOutOfRange(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'number is out of range');
}

/** A parsed specifier; positions are 1-based argument numbers, 0 for "next". */
interface Spec {
  argPos: number;
  /** -1 no width argument, 0 next argument, n > 0 argument n. */
  widthPos: number;
  leftAlign: boolean;
  width: number;
  /** Index of the conversion character in the format string. */
  end: number;
}

/** Parses digits at fmt[i]; returns [value, next index] or null when there are none. */
function parseDigits(fmt: string, i: number): [number, number] | null {
  let v = 0;
  const start = i;
  while (i < fmt.length && fmt.charCodeAt(i) >= 48 && fmt.charCodeAt(i) <= 57) {
    v = v * 10 + fmt.charCodeAt(i) - 48;
    if (v > 2147483647) throw numberOutOfRange();
    i++;
  }
  if (i === start) return null;
  if (i >= fmt.length) throw unterminated();
  return [v, i];
}

/** Parses the part of a specifier between '%' and its conversion letter (fmt[i] follows '%'). */
function parseSpec(fmt: string, i: number): Spec {
  const spec: Spec = { argPos: 0, widthPos: -1, leftAlign: false, width: 0, end: i };
  const advance = () => {
    if (++i >= fmt.length) throw unterminated();
  };
  const first = parseDigits(fmt, i);
  if (first) {
    i = first[1];
    if (fmt[i] !== '$') {
      spec.width = first[0];
      spec.end = i;
      return spec;
    }
    if (first[0] === 0) throw invalidParameter('format specifies argument 0, but arguments are numbered from 1');
    spec.argPos = first[0];
    advance();
  }
  while (fmt[i] === '-') {
    spec.leftAlign = true;
    advance();
  }
  if (fmt[i] === '*') {
    advance();
    const pos = parseDigits(fmt, i);
    if (pos) {
      i = pos[1];
      if (fmt[i] !== '$') throw invalidParameter('width argument position must be ended by "$"');
      if (pos[0] === 0) throw invalidParameter('format specifies argument 0, but arguments are numbered from 1');
      spec.widthPos = pos[0];
      advance();
    } else {
      spec.widthPos = 0;
    }
  } else {
    const width = parseDigits(fmt, i);
    if (width) [spec.width, i] = width;
  }
  spec.end = i;
  return spec;
}

/** Appends str padded to |width| characters (width < 0 or leftAlign: pad on the right). */
function padded(str: string, width: number, leftAlign: boolean): string {
  if (width === 0) return str;
  if (width < 0) {
    if (width <= -2147483648) throw numberOutOfRange();
    width = -width;
    leftAlign = true;
  }
  const len = charCount(str);
  if (len >= width) return str;
  return leftAlign ? str + ' '.repeat(width - len) : ' '.repeat(width - len) + str;
}

/** The width argument's value as int4 (other types through their text form, like int4in). */
function widthValue(v: Value, type: number, ctx: EvalContext): number {
  if (v === null) return 0;
  if (type === Oid.int4 || type === Oid.int2) return v as number;
  const text = valueText(v, type, ctx).trim();
  if (!/^[+-]?\d+$/.test(text)) {
    throw new DbError(SqlState.InvalidTextRepresentation, `invalid input syntax for type integer: "${valueText(v, type, ctx)}"`);
  }
  const n = Number(text);
  if (n < -2147483648 || n > 2147483647) {
    throw new DbError(SqlState.NumericValueOutOfRange, `value "${text}" is out of range for type integer`);
  }
  return n;
}

/** format(fmt, args...): args[0] is the format string; arguments are numbered from 1. */
function format(args: Value[], ctx: EvalContext, call: CallInfo): Value {
  const fmt = args[0];
  if (fmt === null) return null;
  const f = fmt as string;
  let out = '';
  let next = 1; // the next argument to consume
  for (let i = 0; i < f.length; i++) {
    const c = f[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    if (++i >= f.length) throw unterminated();
    if (f[i] === '%') {
      out += '%';
      continue;
    }
    const spec = parseSpec(f, i);
    i = spec.end;
    const conversion = String.fromCodePoint(f.codePointAt(i)!);
    if (conversion !== 's' && conversion !== 'I' && conversion !== 'L') {
      throw invalidParameter(`unrecognized format() type specifier "${conversion}"`, 'For a single "%" use "%%".');
    }
    let width = spec.width;
    if (spec.widthPos >= 0) {
      if (spec.widthPos > 0) next = spec.widthPos;
      if (next >= args.length) throw tooFewArguments();
      width = widthValue(args[next]!, call.argTypes[next]!, ctx);
      next++;
    }
    if (spec.argPos > 0) next = spec.argPos;
    if (next >= args.length) throw tooFewArguments();
    const value = args[next]!;
    const type = call.argTypes[next]!;
    next++;
    let text: string;
    if (value === null) {
      if (conversion === 'I') {
        throw new DbError(SqlState.NullValueNotAllowed, 'null values cannot be formatted as an SQL identifier');
      }
      text = conversion === 'L' ? 'NULL' : '';
    } else {
      const raw = valueText(value, type, ctx);
      text = conversion === 'I' ? quoteIdentifier(raw) : conversion === 'L' ? quoteLiteral(raw) : raw;
    }
    out += padded(text, width, spec.leftAlign);
  }
  return out;
}

/** concat_ws(separator, args...) and concat(args...) share this: nulls are skipped. */
function joinValues(args: Value[], from: number, separator: string, ctx: EvalContext, call: CallInfo): string {
  let out = '';
  let first = true;
  for (let i = from; i < args.length; i++) {
    const v = args[i]!;
    if (v === null) continue;
    if (!first) out += separator;
    out += valueText(v, call.argTypes[i]!, ctx);
    first = false;
  }
  return out;
}

export const stringFormatFunctions: FunctionTable = {
  text_concat: (a, ctx, call) => joinValues(a, 0, '', ctx, call),
  text_concat_ws: (a, ctx, call) => (a[0] === null ? null : joinValues(a, 1, a[0] as string, ctx, call)),
  text_format: format,
  text_format_nv: format,
  quote_ident: (a) => quoteIdentifier(a[0] as string),
  quote_literal: (a) => quoteLiteral(a[0] as string),
  quote_nullable: (a) => (a[0] === null ? 'NULL' : quoteLiteral(a[0] as string)),
};
