// json: input validates the text with PostgreSQL's JSON grammar and error reports (22P02
// "invalid input syntax for type json", a DETAIL naming the bad token, and a CONTEXT line
// "JSON data, line N: ..." as the error's `where`); the value is the text unchanged.
// The parser is iterative (explicit stack), so deep nesting cannot overflow the JS stack.
// Binary layout: the raw UTF-8 text.
import type { TypeIO } from './typeio.js';
import { DbError, SqlState } from '../../errors.js';
import { decodeUtf8Strict } from './utf8.js';

const enum Tok {
  End,
  ObjectStart,
  ObjectEnd,
  ArrayStart,
  ArrayEnd,
  Comma,
  Colon,
  String,
  Scalar, // number, true, false, null
}

class JsonSyntaxError {
  constructor(
    readonly detail: string,
    readonly terminator: number,
    readonly atEnd: boolean,
  ) {}
}

/** JSON_ALPHANUMERIC_CHAR: letters, digits, '_', '$' and non-ASCII characters. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** PostgreSQL's JSON lexer over one input string. */
class Lexer {
  pos = 0;
  tokStart = 0;
  tokEnd = 0;
  tok: Tok = Tok.End;
  line = 1;
  lineStart = 0;
  constructor(readonly s: string) {}

  fail(detail: string, terminator: number): never {
    throw new JsonSyntaxError(detail, terminator, false);
  }

  invalidToken(end: number): never {
    this.fail(`Token "${this.s.slice(this.tokStart, end)}" is invalid.`, end);
  }

  next(): void {
    const s = this.s;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      else if (c === 10) {
        i++;
        this.line++;
        this.lineStart = i;
      } else break;
    }
    this.tokStart = i;
    if (i >= s.length) {
      this.tok = Tok.End;
      this.tokEnd = this.pos = i;
      return;
    }
    const c = s.charCodeAt(i);
    let tok: Tok;
    switch (c) {
      case 123: tok = Tok.ObjectStart; i++; break;
      case 125: tok = Tok.ObjectEnd; i++; break;
      case 91: tok = Tok.ArrayStart; i++; break;
      case 93: tok = Tok.ArrayEnd; i++; break;
      case 44: tok = Tok.Comma; i++; break;
      case 58: tok = Tok.Colon; i++; break;
      case 34: tok = Tok.String; i = this.lexString(i + 1); break;
      default:
        tok = Tok.Scalar;
        if (c === 45 || (c >= 48 && c <= 57)) i = this.lexNumber(c === 45 ? i + 1 : i);
        else {
          let p = i;
          while (p < s.length && isAlnum(s.charCodeAt(p))) p++;
          if (p === i) this.invalidToken(i + 1);
          const w = s.slice(i, p);
          if (w !== 'true' && w !== 'false' && w !== 'null') this.invalidToken(p);
          i = p;
        }
    }
    this.tok = tok;
    this.tokEnd = this.pos = i;
  }

  private lexString(i: number): number {
    const s = this.s;
    const n = s.length;
    for (;;) {
      if (i >= n) this.invalidToken(n);
      const c = s.charCodeAt(i);
      if (c === 34) return i + 1;
      if (c === 92) {
        i++;
        if (i >= n) this.invalidToken(n);
        const e = s.charCodeAt(i);
        if (e === 117) {
          for (let k = 1; k <= 4; k++) {
            i++;
            if (i >= n) this.invalidToken(n);
            if (!isHex(s.charCodeAt(i))) this.fail('"\\u" must be followed by four hexadecimal digits.', i + 1);
          }
        } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
          const ch = String.fromCodePoint(s.codePointAt(i) ?? e);
          this.fail(`Escape sequence "\\${ch}" is invalid.`, i + ch.length);
        }
      } else if (c < 32) {
        this.fail(`Character with value 0x${c.toString(16).padStart(2, '0')} must be escaped.`, i);
      }
      i++;
    }
  }

  private lexNumber(i: number): number {
    const s = this.s;
    const n = s.length;
    let error = false;
    let c = s.charCodeAt(i);
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) {
      do i++;
      while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57);
    } else error = true;
    if (s.charCodeAt(i) === 46) {
      i++;
      c = s.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) error = true;
      else {
        do i++;
        while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57);
      }
    }
    if ((s.charCodeAt(i) | 0x20) === 101) {
      i++;
      if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
      c = s.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) error = true;
      else {
        do i++;
        while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57);
      }
    }
    while (i < n && isAlnum(s.charCodeAt(i))) {
      error = true;
      i++;
    }
    if (error) this.invalidToken(i);
    return i;
  }

  /** The current token (a method, so TypeScript does not narrow it across next()). */
  cur(): Tok {
    return this.tok;
  }

  /** A parse error in the given context (report_parse_error). */
  expected(what: string): never {
    if (this.tok === Tok.End) throw new JsonSyntaxError('The input string ended unexpectedly.', this.tokEnd, true);
    this.fail(`${what}, but found "${this.s.slice(this.tokStart, this.tokEnd)}".`, this.tokEnd);
  }
}

const enum Ctx {
  Array,
  Object,
}

/** Validates JSON text; throws JsonSyntaxError (converted by validateJson). */
function parse(lex: Lexer): void {
  const stack: Ctx[] = [];
  lex.next();
  for (;;) {
    // parse a value
    if (lex.cur() === Tok.ObjectStart) {
      lex.next();
      if (lex.cur() === Tok.ObjectEnd) lex.next();
      else {
        if (lex.cur() !== Tok.String) lex.expected('Expected string or "}"');
        lex.next();
        if (lex.cur() !== Tok.Colon) lex.expected('Expected ":"');
        lex.next();
        stack.push(Ctx.Object);
        continue;
      }
    } else if (lex.cur() === Tok.ArrayStart) {
      lex.next();
      if (lex.cur() === Tok.ArrayEnd) lex.next();
      else {
        stack.push(Ctx.Array);
        continue;
      }
    } else if (lex.cur() === Tok.String || lex.cur() === Tok.Scalar) {
      lex.next();
    } else {
      lex.expected('Expected JSON value');
    }
    // after a value: close containers or move to the next element
    for (;;) {
      if (stack.length === 0) {
        if (lex.cur() !== Tok.End) lex.expected('Expected end of input');
        return;
      }
      const top = stack[stack.length - 1];
      if (top === Ctx.Array) {
        if (lex.cur() === Tok.Comma) {
          lex.next();
          break;
        }
        if (lex.cur() !== Tok.ArrayEnd) lex.expected('Expected "," or "]"');
      } else {
        if (lex.cur() === Tok.Comma) {
          lex.next();
          if (lex.cur() !== Tok.String) lex.expected('Expected string');
          lex.next();
          if (lex.cur() !== Tok.Colon) lex.expected('Expected ":"');
          lex.next();
          break;
        }
        if (lex.cur() !== Tok.ObjectEnd) lex.expected('Expected "," or "}"');
      }
      stack.pop();
      lex.next();
    }
  }
}

/** The CONTEXT line PostgreSQL reports for a JSON error (report_json_context). */
function jsonContext(lex: Lexer, err: JsonSyntaxError): string {
  const s = lex.s;
  const end = err.terminator;
  let start = lex.lineStart;
  if (end - start >= 50) start = end - 49;
  if (start - lex.lineStart <= 3) start = lex.lineStart;
  const prefix = start > lex.lineStart ? '...' : '';
  const c = s.charCodeAt(end);
  const suffix = !err.atEnd && end < s.length && c !== 10 && c !== 13 ? '...' : '';
  return `JSON data, line ${lex.line}: ${prefix}${s.slice(start, end)}${suffix}`;
}

/** Throws 22P02 with PostgreSQL's DETAIL and CONTEXT when `text` is not valid JSON. */
export function validateJson(text: string): void {
  const lex = new Lexer(text);
  try {
    parse(lex);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new DbError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type json', {
      detail: e.detail,
      where: jsonContext(lex, e),
    });
  }
}

export const jsonIO: TypeIO = {
  input(text) {
    validateJson(text);
    return text;
  },
  output: (value) => value as string,
  receive(data) {
    const text = decodeUtf8Strict(data);
    validateJson(text);
    return text;
  },
  send: (value) => Buffer.from(value as string, 'utf8'),
};
