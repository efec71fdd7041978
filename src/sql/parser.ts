// Wraps libpg-query (PostgreSQL 15's own parser compiled to WebAssembly). `initParser()` loads
// the module once at start; after that `parseSql` is synchronous. It splits a query string into
// its statements and turns PostgreSQL's syntax errors into DbError 42601 with the 1-based
// character position PostgreSQL reports.
//
// Invariant: node `location` fields in parse trees are BYTE offsets into the UTF-8 query text
// (as in PostgreSQL); use `QueryText.charPosition` to turn them into error positions.
import { loadModule, parseSync } from 'libpg-query';
import { DbError, SqlState } from '../errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

let loaded: Promise<void> | null = null;
let ready = false;

/** Loads the parser; call (and await) once before parsing. Safe to call again. */
export function initParser(): Promise<void> {
  if (!loaded) {
    loaded = loadModule().then(() => {
      ready = true;
    });
  }
  return loaded;
}

/** The text of a query string, able to map byte offsets to PostgreSQL's character positions. */
export class QueryText {
  private bytes: Buffer | null = null;
  readonly ascii: boolean;

  constructor(readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = /^[\x00-\x7f]*$/.test(text);
  }

  private utf8(): Buffer {
    if (!this.bytes) this.bytes = Buffer.from(this.text, 'utf8');
    return this.bytes;
  }

  /** 1-based character position of a byte offset (PostgreSQL's error position). */
  charPosition(byteOffset: number): number {
    if (this.ascii || byteOffset <= 0) return byteOffset + 1;
    return this.utf8().toString('utf8', 0, byteOffset).length + 1;
  }

  /** The substring between two byte offsets. */
  slice(byteStart: number, byteEnd?: number): string {
    if (this.ascii) return this.text.slice(byteStart, byteEnd);
    return this.utf8().toString('utf8', byteStart, byteEnd);
  }

  get byteLength(): number {
    return this.ascii ? this.text.length : this.utf8().length;
  }
}

/** One statement of a query string. */
export interface ParsedStatement {
  /** The statement node, e.g. `{ SelectStmt: {...} }`. */
  readonly stmt: Node;
  /** The node's type name, e.g. `SelectStmt`. */
  readonly kind: string;
  /** The statement's own text (without the separating semicolon). */
  readonly text: string;
  /** The whole query string the statement came from (for error positions). */
  readonly query: QueryText;
}

/** True when the text holds no statement at all (empty, whitespace or comments only). */
export function isEmptyQuery(statements: readonly ParsedStatement[]): boolean {
  return statements.length === 0;
}

/** Parses a query string into statements; throws DbError 42601 on a syntax error. */
export function parseSql(text: string): ParsedStatement[] {
  if (!ready) throw new Error('parser not initialised: await initParser() first');
  if (text.indexOf('\0') >= 0) {
    throw new DbError(SqlState.ProtocolViolation, 'invalid string in message');
  }
  const query = new QueryText(text);
  if (text.trim() === '') return [];
  let result: { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    result = parseSync(text);
  } catch (err) {
    throw syntaxError(err, text);
  }
  const stmts = result.stmts ?? [];
  const out: ParsedStatement[] = [];
  for (const s of stmts) {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : query.byteLength;
    const kind = Object.keys(s.stmt)[0] ?? '';
    out.push({ stmt: s.stmt, kind, text: query.slice(start, end).trim(), query });
  }
  return out;
}

function syntaxError(err: unknown, text: string): DbError {
  const e = err as { message?: string; sqlDetails?: { message: string; cursorPosition: number } };
  const message = e.sqlDetails?.message ?? e.message ?? 'syntax error';
  const position = e.sqlDetails ? e.sqlDetails.cursorPosition + 1 : undefined;
  // PostgreSQL raises some lexer errors with their own SQLSTATEs.
  let code: string = SqlState.SyntaxError;
  if (/^invalid Unicode escape|^invalid Unicode surrogate pair|^unsafe use of string constant with Unicode escapes/.test(message)) {
    code = /unsafe use/.test(message) ? SqlState.FeatureNotSupported : SqlState.SyntaxError;
  } else if (/^(trailing junk after numeric literal|parameter number too large)/.test(message)) {
    code = SqlState.SyntaxError;
  } else if (/^invalid hexadecimal escape|^invalid Unicode escape value/.test(message)) {
    code = SqlState.InvalidEscapeSequence;
  } else if (/^frame (start|end|starting from)/.test(message)) {
    code = SqlState.WindowingError;
  }
  let hint: string | undefined;
  if (message === 'invalid Unicode escape' && position) {
    // the cursor is on the escape: \u or \U in an E'' string, else a U&'' string's escape
    const next = text[position];
    const escapeString = next === 'u' || next === 'U';
    hint = escapeString ? 'Unicode escapes must be \\uXXXX or \\UXXXXXXXX.' : 'Unicode escapes must be \\XXXX or \\+XXXXXX.';
    if (escapeString) code = SqlState.InvalidEscapeSequence;
  }
  return new DbError(code, message, { position: position && position > 0 ? position : undefined, hint });
}
