// COPY's options (PostgreSQL's ProcessCopyOptions): the WITH (...) list and the old forms
// (`WITH CSV HEADER`, `DELIMITER ','`, `BINARY`), which the parser gives as the same DefElems.
// Each option may appear once; defaults depend on the format (text: tab and \N; csv: comma,
// empty string, double quote); then the combinations PostgreSQL refuses are refused with its
// SQLSTATEs and messages, in its order.
// Invariant: a returned CopyOptions has one-byte delimiter/quote/escape characters (ASCII, as
// the data is UTF-8) and a null string without newline, carriage return or the delimiter.
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import type { Node } from '../parser.js';

export type CopyFormat = 'text' | 'csv' | 'binary';

export interface CopyOptions {
  format: CopyFormat;
  /** HEADER: skip the first line (true), or check it names the columns (FROM only). */
  header: boolean | 'match';
  delimiter: string;
  null: string;
  /** CSV only (empty otherwise). */
  quote: string;
  escape: string;
  /** CSV TO: columns always quoted ('*': all). */
  forceQuote: string[] | '*' | null;
  /** CSV FROM: columns whose unquoted null string is a value / whose quoted null string is NULL. */
  forceNotNull: string[] | null;
  forceNull: string[] | null;
  freeze: boolean;
}

/** The DefElem argument as a string (PostgreSQL's defGetString). */
function defString(d: Node): string {
  const arg = d.arg;
  if (arg === undefined || arg === null) throw new DbError(SqlState.SyntaxError, `${d.defname} requires a parameter`);
  if (arg.String) return arg.String.sval ?? '';
  if (arg.Integer) return String(arg.Integer.ival ?? 0);
  if (arg.Float) return String(arg.Float.fval);
  if (arg.Boolean) return arg.Boolean.boolval ? 'true' : 'false';
  if (arg.TypeName) return ((arg.TypeName.names ?? []) as Node[]).map((n) => n.String?.sval).join('.');
  if (arg.A_Star) return '*';
  throw new DbError(SqlState.SyntaxError, `${d.defname} requires a parameter`);
}

/** true / false / on / off / 0 / 1 (PostgreSQL's defGetBoolean). */
function defBoolean(d: Node): boolean {
  if (d.arg === undefined || d.arg === null) return true;
  const n = d.arg.Integer ? (d.arg.Integer.ival ?? 0) : undefined;
  if (n === 0 || n === 1) return n === 1;
  if (n === undefined) {
    const s = defString(d).toLowerCase();
    if (s === 'true' || s === 'on') return true;
    if (s === 'false' || s === 'off') return false;
  }
  throw new DbError(SqlState.SyntaxError, `${d.defname} requires a Boolean value`);
}

/** HEADER's value: a Boolean or "match" (COPY FROM only). */
function defHeader(d: Node, isFrom: boolean): boolean | 'match' {
  if (d.arg === undefined || d.arg === null) return true;
  const n = d.arg.Integer ? (d.arg.Integer.ival ?? 0) : undefined;
  if (n === 0 || n === 1) return n === 1;
  if (n === undefined) {
    const s = defString(d);
    const lower = s.toLowerCase();
    if (lower === 'true' || lower === 'on') return true;
    if (lower === 'false' || lower === 'off') return false;
    if (lower === 'match') {
      if (isFrom) return 'match';
      throw new DbError(SqlState.FeatureNotSupported, `cannot use "${s}" with HEADER in COPY TO`);
    }
  }
  throw new DbError(SqlState.SyntaxError, `${d.defname} requires a Boolean value or "match"`);
}

/** Encoding names as PostgreSQL spells them after dropping case and punctuation. */
const ENCODINGS = new Set(
  (
    'abc alt big5 euccn eucjis2004 eucjp euckr euctw gb18030 gbk johab koi8 koi8r koi8u mskanji muleinternal ' +
    'shiftjis shiftjis2004 sjis sqlascii tcvn tcvn5712 uhc unicode utf8 vscii win win866 win874 win932 win936 ' +
    'win949 win950 windows866 windows874 windows932 windows936 windows949 windows950 ' +
    'iso88591 iso88592 iso88593 iso88594 iso88595 iso88596 iso88597 iso88598 iso88599 iso885910 iso885913 ' +
    'iso885914 iso885915 iso885916 latin1 latin2 latin3 latin4 latin5 latin6 latin7 latin8 latin9 latin10 ' +
    'win1250 win1251 win1252 win1253 win1254 win1255 win1256 win1257 win1258 windows1250 windows1251 ' +
    'windows1252 windows1253 windows1254 windows1255 windows1256 windows1257 windows1258'
  ).split(' '),
);

/** ENCODING: any name PostgreSQL knows is accepted; only UTF8 (the data's own) is supported yet. */
function checkEncoding(ps: ParseState, d: Node): void {
  const name = defString(d);
  const clean = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!ENCODINGS.has(clean)) {
    throw ps.error(SqlState.InvalidParameterValue, 'argument to option "encoding" must be a valid encoding name', d.location);
  }
  if (clean !== 'utf8' && clean !== 'unicode') throw notSupported(`COPY with ENCODING '${name}'`);
}

/** A column-name list option (FORCE_QUOTE may also be `*`). */
function nameList(ps: ParseState, d: Node, starAllowed: boolean): string[] | '*' {
  if (starAllowed && d.arg?.A_Star) return '*';
  if (!d.arg?.List) {
    throw ps.error(SqlState.InvalidParameterValue, `argument to option "${d.defname}" must be a list of column names`, d.location);
  }
  return (d.arg.List.items as Node[]).map((n) => n.String.sval as string);
}

const oneByte = (s: string) => Buffer.byteLength(s) === 1;

/** Reads and checks the options of a COPY statement. */
export function parseCopyOptions(ps: ParseState, options: readonly Node[] | undefined, isFrom: boolean): CopyOptions {
  let format: CopyFormat | null = null;
  let header: boolean | 'match' | null = null;
  let delimiter: string | null = null;
  let nullString: string | null = null;
  let quote: string | null = null;
  let escape: string | null = null;
  let forceQuote: string[] | '*' | null = null;
  let forceNotNull: string[] | null = null;
  let forceNull: string[] | null = null;
  let freeze: boolean | null = null;
  const seen = new Set<string>();
  for (const o of options ?? []) {
    const d = o.DefElem;
    const name: string = d.defname;
    if (seen.has(name)) throw ps.error(SqlState.SyntaxError, 'conflicting or redundant options', d.location);
    seen.add(name);
    switch (name) {
      case 'format': {
        const f = defString(d);
        if (f !== 'text' && f !== 'csv' && f !== 'binary') throw ps.error(SqlState.InvalidParameterValue, `COPY format "${f}" not recognized`, d.location);
        format = f;
        break;
      }
      case 'freeze':
        freeze = defBoolean(d);
        break;
      case 'delimiter':
        delimiter = defString(d);
        break;
      case 'null':
        nullString = defString(d);
        break;
      case 'header':
        header = defHeader(d, isFrom);
        break;
      case 'quote':
        quote = defString(d);
        break;
      case 'escape':
        escape = defString(d);
        break;
      case 'force_quote':
        forceQuote = nameList(ps, d, true);
        break;
      case 'force_not_null':
        forceNotNull = nameList(ps, d, false) as string[];
        break;
      case 'force_null':
        forceNull = nameList(ps, d, false) as string[];
        break;
      case 'convert_selectively':
        // an internal option of PostgreSQL's file_fdw: accepted, and it changes nothing here
        nameList(ps, d, false);
        break;
      case 'encoding':
        checkEncoding(ps, d);
        break;
      default:
        throw ps.error(SqlState.SyntaxError, `option "${name}" not recognized`, d.location);
    }
  }
  const fmt: CopyFormat = format ?? 'text';
  const csv = fmt === 'csv';
  if (fmt === 'binary' && delimiter !== null) throw new DbError(SqlState.SyntaxError, 'cannot specify DELIMITER in BINARY mode');
  if (fmt === 'binary' && nullString !== null) throw new DbError(SqlState.SyntaxError, 'cannot specify NULL in BINARY mode');
  const delim = delimiter ?? (csv ? ',' : '\t');
  const nul = nullString ?? (csv ? '' : '\\N');
  if (!oneByte(delim)) throw new DbError(SqlState.FeatureNotSupported, 'COPY delimiter must be a single one-byte character');
  if (delim === '\r' || delim === '\n') throw new DbError(SqlState.InvalidParameterValue, 'COPY delimiter cannot be newline or carriage return');
  if (/[\r\n]/.test(nul)) throw new DbError(SqlState.InvalidParameterValue, 'COPY null representation cannot use newline or carriage return');
  if (!csv && '\\.abcdefghijklmnopqrstuvwxyz0123456789'.includes(delim)) {
    throw new DbError(SqlState.InvalidParameterValue, `COPY delimiter cannot be "${delim}"`);
  }
  if (fmt === 'binary' && header) throw new DbError(SqlState.FeatureNotSupported, 'cannot specify HEADER in BINARY mode');
  if (!csv && quote !== null) throw new DbError(SqlState.FeatureNotSupported, 'COPY quote available only in CSV mode');
  const q = quote ?? (csv ? '"' : '');
  if (csv && !oneByte(q)) throw new DbError(SqlState.FeatureNotSupported, 'COPY quote must be a single one-byte character');
  if (csv && delim === q) throw new DbError(SqlState.InvalidParameterValue, 'COPY delimiter and quote must be different');
  if (!csv && escape !== null) throw new DbError(SqlState.FeatureNotSupported, 'COPY escape available only in CSV mode');
  const esc = escape ?? q;
  if (csv && !oneByte(esc)) throw new DbError(SqlState.FeatureNotSupported, 'COPY escape must be a single one-byte character');
  if (!csv && forceQuote !== null) throw new DbError(SqlState.FeatureNotSupported, 'COPY force quote available only in CSV mode');
  if (forceQuote !== null && isFrom) throw new DbError(SqlState.FeatureNotSupported, 'COPY force quote only available using COPY TO');
  if (!csv && forceNotNull !== null) throw new DbError(SqlState.FeatureNotSupported, 'COPY force not null available only in CSV mode');
  if (forceNotNull !== null && !isFrom) throw new DbError(SqlState.FeatureNotSupported, 'COPY force not null only available using COPY FROM');
  if (!csv && forceNull !== null) throw new DbError(SqlState.FeatureNotSupported, 'COPY force null available only in CSV mode');
  if (forceNull !== null && !isFrom) throw new DbError(SqlState.FeatureNotSupported, 'COPY force null only available using COPY FROM');
  if (nul.includes(delim)) throw new DbError(SqlState.FeatureNotSupported, 'COPY delimiter must not appear in the NULL specification');
  if (csv && nul.includes(q)) throw new DbError(SqlState.FeatureNotSupported, 'CSV quote character must not appear in the NULL specification');
  return {
    format: fmt,
    header: header ?? false,
    delimiter: delim,
    null: nul,
    quote: q,
    escape: csv ? esc : '',
    forceQuote,
    forceNotNull,
    forceNull,
    freeze: freeze ?? false,
  };
}
