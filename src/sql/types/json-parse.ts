// PostgreSQL's JSON parser (pg_parse_json) over json-lexer.ts: validation only (the json type's
// input), or a full parse that hands each value to a JsonBuilder (jsonb input, the json
// functions). Errors are 22P02 "invalid input syntax for type json" (22P05 for \u0000) with
// PostgreSQL's DETAIL and its CONTEXT line "JSON data, line N: ..." as the error's `where`.
// The parser is iterative (explicit stack), so deep nesting cannot overflow the JS stack; like
// PostgreSQL it refuses nesting deeper than its stack allows (54001), here MAX_JSON_DEPTH.
import { DbError, SqlState } from '../../errors.js';
import { JsonSyntaxError, Lexer, Tok } from './json-lexer.js';

/**
 * Deepest nesting of arrays and objects accepted. PostgreSQL's limit comes from its stack
 * (about 14500 levels with the default max_stack_depth); Treeline's recursive jsonb functions
 * stay well inside Node's default stack up to this depth, so a document that parses can be
 * printed, compared, stored and indexed.
 */
export const MAX_JSON_DEPTH = 3000;

/** Builds a value from parse events; spans are UTF-16 indexes [start, end) into the text. */
export interface JsonBuilder<V> {
  string(value: string, start: number, end: number): V;
  /** A number token's text, exactly as written. */
  number(text: string, start: number, end: number): V;
  literal(value: boolean | null, start: number, end: number): V;
  array(items: V[], start: number, end: number): V;
  /** Keys and values in input order, duplicates included. */
  object(keys: string[], values: V[], start: number, end: number): V;
}

/** One open container on the parse stack. */
interface Frame<V> {
  isObject: boolean;
  start: number;
  items: V[];
  keys: string[];
}

/**
 * Parses `text`, building its value with `b`; throws DbError. Strings are de-escaped, with
 * the checks that implies, unless `deEscape` is false (then they are given as written).
 */
export function parseJson<V>(text: string, b: JsonBuilder<V>, deEscape = true): V {
  const lex = new Lexer(text, deEscape);
  try {
    return parse(lex, b);
  } catch (e) {
    throw toDbError(lex, e);
  }
}

/** Throws 22P02 with PostgreSQL's DETAIL and CONTEXT when `text` is not valid JSON. */
export function validateJson(text: string): void {
  const lex = new Lexer(text, false);
  try {
    parse(lex, null);
  } catch (e) {
    throw toDbError(lex, e);
  }
}

function toDbError(lex: Lexer, e: unknown): unknown {
  if (!(e instanceof JsonSyntaxError)) return e;
  const where = jsonContext(lex, e);
  if (e.code === SqlState.UntranslatableCharacter) {
    return new DbError(SqlState.UntranslatableCharacter, 'unsupported Unicode escape sequence', { detail: e.detail, where });
  }
  return new DbError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type json', { detail: e.detail, where });
}

function tooDeep(): DbError {
  return new DbError(SqlState.StatementTooComplex, 'stack depth limit exceeded', {
    hint: 'Increase the configuration parameter "max_stack_depth" (currently 2048kB), after ensuring the platform\'s stack depth limit is adequate.',
  });
}

function parse<V>(lex: Lexer, b: JsonBuilder<V> | null): V {
  const stack: Frame<V>[] = [];
  let value: V = undefined as V;
  lex.next();
  for (;;) {
    // parse a value, or open a container and loop to parse its first element
    const start = lex.tokStart;
    const tok = lex.cur();
    if (tok === Tok.ObjectStart || tok === Tok.ArrayStart) {
      if (stack.length >= MAX_JSON_DEPTH) throw tooDeep();
      const isObject = tok === Tok.ObjectStart;
      lex.next();
      if (lex.cur() === (isObject ? Tok.ObjectEnd : Tok.ArrayEnd)) {
        if (b) value = isObject ? b.object([], [], start, lex.tokEnd) : b.array([], start, lex.tokEnd);
        lex.next();
      } else {
        const frame: Frame<V> = { isObject, start, items: [], keys: [] };
        if (isObject) {
          if (lex.cur() !== Tok.String) lex.expected('Expected string or "}"');
          readKey(lex, frame, b !== null);
        }
        stack.push(frame);
        continue;
      }
    } else {
      const end = lex.tokEnd;
      switch (tok) {
        case Tok.String:
          if (b) value = b.string(lex.str, start, end);
          break;
        case Tok.Number:
          if (b) value = b.number(lex.text(), start, end);
          break;
        case Tok.True:
        case Tok.False:
        case Tok.Null:
          if (b) value = b.literal(tok === Tok.Null ? null : tok === Tok.True, start, end);
          break;
        default:
          lex.expected('Expected JSON value');
      }
      lex.next();
    }
    // after a value: add it to its container, closing containers that end here
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (lex.cur() !== Tok.End) lex.expected('Expected end of input');
        return value;
      }
      if (b) top.items.push(value);
      if (lex.cur() === Tok.Comma) {
        lex.next();
        if (top.isObject) {
          if (lex.cur() !== Tok.String) lex.expected('Expected string');
          readKey(lex, top, b !== null);
        }
        break;
      }
      if (lex.cur() !== (top.isObject ? Tok.ObjectEnd : Tok.ArrayEnd)) lex.expected(top.isObject ? 'Expected "," or "}"' : 'Expected "," or "]"');
      stack.pop();
      if (b) value = top.isObject ? b.object(top.keys, top.items, top.start, lex.tokEnd) : b.array(top.items, top.start, lex.tokEnd);
      lex.next();
    }
  }
}

/** At a key's string token: reads `"key" :`. */
function readKey<V>(lex: Lexer, frame: Frame<V>, keep: boolean): void {
  if (keep) frame.keys.push(lex.str);
  lex.next();
  if (lex.cur() !== Tok.Colon) lex.expected('Expected ":"');
  lex.next();
}

/** Byte length of the UTF-8 encoding of s[from, to). */
function utf8Bytes(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The CONTEXT line PostgreSQL reports for a JSON error (report_json_context), in bytes. */
function jsonContext(lex: Lexer, err: JsonSyntaxError): string {
  const s = lex.s;
  const end = err.terminator;
  let start = lex.lineStart;
  let bytes = utf8Bytes(s, start, end);
  while (bytes >= 50) {
    const c = s.charCodeAt(start);
    const width = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    bytes -= utf8Bytes(s, start, start + width);
    start += width;
  }
  if (utf8Bytes(s, lex.lineStart, start) <= 3) start = lex.lineStart;
  const prefix = start > lex.lineStart ? '...' : '';
  const c = s.charCodeAt(end);
  const suffix = !err.atEnd && end < s.length && c !== 10 && c !== 13 ? '...' : '';
  return `JSON data, line ${lex.line}: ${prefix}${s.slice(start, end)}${suffix}`;
}
