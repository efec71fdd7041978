// PostgreSQL's JSON lexer (json_lex) over one input string: tokens, line tracking for error
// context, and, when asked (`deEscape`), the de-escaped value of each string token with the
// checks PostgreSQL applies only then (surrogate pairs, \u0000). Errors are JsonSyntaxError,
// turned into DbErrors by json-parse.ts.
// Invariant: positions are UTF-16 indexes into the input; tokStart <= tokEnd = pos.
import { SqlState } from '../../errors.js';

export const enum Tok {
  End,
  ObjectStart,
  ObjectEnd,
  ArrayStart,
  ArrayEnd,
  Comma,
  Colon,
  String,
  Number,
  True,
  False,
  Null,
}

/** A JSON syntax error: PostgreSQL's DETAIL text and where the offending token ends. */
export class JsonSyntaxError {
  constructor(
    readonly detail: string,
    /** Index just past the reported token (PostgreSQL's token_terminator). */
    readonly terminator: number,
    /** The lexer had reached the end of input (suppresses the context's trailing "..."). */
    readonly atEnd: boolean,
    readonly code: string = SqlState.InvalidTextRepresentation,
  ) {}
}

/** JSON_ALPHANUMERIC_CHAR: letters, digits, '_', '$' and non-ASCII characters. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const SIMPLE_ESCAPES: Record<number, string> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

export class Lexer {
  pos = 0;
  tokStart = 0;
  tokEnd = 0;
  tok: Tok = Tok.End;
  line = 1;
  lineStart = 0;
  /** The value of the last string token: de-escaped, or as written without deEscape. */
  str = '';

  constructor(
    readonly s: string,
    readonly deEscape: boolean,
  ) {}

  fail(detail: string, terminator: number, code?: string): never {
    throw new JsonSyntaxError(detail, terminator, false, code);
  }

  invalidToken(end: number): never {
    this.fail(`Token "${this.s.slice(this.tokStart, end)}" is invalid.`, end);
  }

  /** The current token (a method, so TypeScript does not narrow it across next()). */
  cur(): Tok {
    return this.tok;
  }

  /** Text of the current token. */
  text(): string {
    return this.s.slice(this.tokStart, this.tokEnd);
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
      case 34:
        tok = Tok.String;
        if (this.deEscape) i = this.lexStringValue(i + 1);
        else {
          i = this.lexString(i + 1);
          this.str = s.slice(this.tokStart + 1, i - 1);
        }
        break;
      default:
        if (c === 45 || (c >= 48 && c <= 57)) {
          tok = Tok.Number;
          i = this.lexNumber(c === 45 ? i + 1 : i);
        } else {
          let p = i;
          while (p < s.length && isAlnum(s.charCodeAt(p))) p++;
          if (p === i) this.invalidToken(i + charLength(s, i));
          const w = s.slice(i, p);
          if (w === 'true') tok = Tok.True;
          else if (w === 'false') tok = Tok.False;
          else if (w === 'null') tok = Tok.Null;
          else this.invalidToken(p);
          i = p;
        }
    }
    this.tok = tok;
    this.tokEnd = this.pos = i;
  }

  /** Skips a string without de-escaping (the json type's validation); returns its end. */
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
            if (hexValue(s.charCodeAt(i)) < 0) this.fail('"\\u" must be followed by four hexadecimal digits.', i + charLength(s, i));
          }
        } else if (SIMPLE_ESCAPES[e] === undefined) {
          this.badEscape(i);
        }
      } else if (c < 32) {
        this.escapingRequired(i, c);
      }
      i++;
    }
  }

  /** Lexes a string and sets `str` to its value (json_lex_string with strval); returns its end. */
  private lexStringValue(i: number): number {
    const s = this.s;
    const n = s.length;
    let out = '';
    let from = i;
    let hiSurrogate = -1;
    for (;;) {
      if (i >= n) this.invalidToken(n);
      const c = s.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        out += s.slice(from, i);
        i++;
        if (i >= n) this.invalidToken(n);
        const e = s.charCodeAt(i);
        if (e === 117) {
          let ch = 0;
          for (let k = 1; k <= 4; k++) {
            i++;
            if (i >= n) this.invalidToken(n);
            const h = hexValue(s.charCodeAt(i));
            if (h < 0) this.fail('"\\u" must be followed by four hexadecimal digits.', i + charLength(s, i));
            ch = ch * 16 + h;
          }
          if (ch >= 0xd800 && ch <= 0xdbff) {
            if (hiSurrogate !== -1) this.fail('Unicode high surrogate must not follow a high surrogate.', i + 1);
            hiSurrogate = ch;
          } else {
            if (ch >= 0xdc00 && ch <= 0xdfff) {
              if (hiSurrogate === -1) this.lowSurrogateExpected(i + 1);
              out += String.fromCharCode(hiSurrogate, ch);
              hiSurrogate = -1;
            } else {
              if (hiSurrogate !== -1) this.lowSurrogateExpected(i + 1);
              if (ch === 0) this.fail('\\u0000 cannot be converted to text.', i + 1, SqlState.UntranslatableCharacter);
              out += String.fromCharCode(ch);
            }
          }
        } else {
          if (hiSurrogate !== -1) this.lowSurrogateExpected(i + charLength(s, i));
          const plain = SIMPLE_ESCAPES[e];
          if (plain === undefined) this.badEscape(i);
          out += plain;
        }
        from = i + 1;
      } else if (c < 32) {
        this.escapingRequired(i, c);
      } else if (hiSurrogate !== -1) {
        this.lowSurrogateExpected(i + charLength(s, i));
      }
      i++;
    }
    if (hiSurrogate !== -1) this.lowSurrogateExpected(i + 1);
    this.str = out + s.slice(from, i);
    return i + 1;
  }

  private lowSurrogateExpected(terminator: number): never {
    this.fail('Unicode low surrogate must follow a high surrogate.', terminator);
  }

  private badEscape(i: number): never {
    const ch = String.fromCodePoint(this.s.codePointAt(i)!);
    this.tokStart = i;
    this.fail(`Escape sequence "\\${ch}" is invalid.`, i + ch.length);
  }

  /** A control character inside a string: it is left out of the context line. */
  private escapingRequired(i: number, c: number): never {
    this.fail(`Character with value 0x${c.toString(16).padStart(2, '0')} must be escaped.`, i);
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

  /** A parse error in the given context (report_parse_error). */
  expected(what: string): never {
    if (this.tok === Tok.End) throw new JsonSyntaxError('The input string ended unexpectedly.', this.tokEnd, true);
    this.fail(`${what}, but found "${this.text()}".`, this.tokEnd);
  }
}

/** UTF-16 length of the character at i (2 for a surrogate pair). */
function charLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}
