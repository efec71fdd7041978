// COPY's CSV format, one record at a time (PostgreSQL's CopyReadAttributesCSV and
// CopyAttributeOutCSV). A field may mix unquoted and quoted parts (`ab"c,d"e` is `abc,de`);
// inside quotes the escape character (default: the quote itself, so "" is ") escapes a quote
// or an escape; an unquoted field whose raw text is the null string (default: empty) is
// NULL, a quoted one never is. Output quotes a value that contains the delimiter, the quote,
// a CR or LF, that equals the null string, or that is `\.` alone on a line (one column), and
// every FORCE_QUOTE column's values.
import { DbError, SqlState } from '../../errors.js';

export class CsvLineParser {
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly escape: number;
  private readonly nullBytes: Buffer;
  private scratch = Buffer.allocUnsafe(256);

  constructor(delimiter: string, quote: string, escape: string, nullString: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.quote = quote.charCodeAt(0);
    this.escape = escape.charCodeAt(0);
    this.nullBytes = Buffer.from(nullString, 'utf8');
  }

  /** Splits d[start, end) into `out` and returns the field count (at least 1). Throws 22P04 for an open quote. */
  split(d: Buffer, start: number, end: number, out: (string | null)[]): number {
    const { delimiter, quote, escape, nullBytes } = this;
    let n = 0;
    let p = start;
    for (;;) {
      const fieldStart = p;
      // fast path: a field without quotes is its raw bytes
      while (p < end && d[p] !== delimiter && d[p] !== quote) p++;
      if (p < end && d[p] === quote) {
        if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(Math.max(end - start, this.scratch.length * 2));
        const o = this.scratch;
        let k = d.copy(o, 0, fieldStart, p);
        p++;
        let inQuote = true;
        for (;;) {
          if (inQuote) {
            if (p >= end) throw new DbError(SqlState.BadCopyFileFormat, 'unterminated CSV quoted field');
            const c = d[p++]!;
            if (c === escape && p < end && (d[p] === escape || d[p] === quote)) {
              o[k++] = d[p++]!;
              continue;
            }
            if (c === quote) inQuote = false;
            else o[k++] = c;
          } else {
            if (p >= end || d[p] === delimiter) break;
            const c = d[p++]!;
            if (c === quote) inQuote = true;
            else o[k++] = c;
          }
        }
        out[n] = o.toString('utf8', 0, k);
      } else {
        const len = p - fieldStart;
        out[n] = len === nullBytes.length && d.compare(nullBytes, 0, len, fieldStart, p) === 0 ? null : d.toString('utf8', fieldStart, p);
      }
      n++;
      if (p >= end) break;
      p++; // the delimiter
    }
    return n;
  }
}

/** The CSV quoting of one value: `force` for FORCE_QUOTE, `single` when the row has one column. */
export type CsvQuoter = (s: string, force: boolean, single: boolean) => string;

export function csvQuoter(delimiter: string, quote: string, escape: string, nullString: string): CsvQuoter {
  const cls = (ch: string) => ch.replace(/[\\\]^-]/g, '\\$&');
  const needs = new RegExp(`[${cls(delimiter)}${cls(quote)}\\r\\n]`);
  const inner = new RegExp(`[${cls(quote)}${cls(escape)}]`, 'g');
  const escapeInner = (ch: string) => escape + ch;
  return (s, force, single) => {
    if (!force && s !== nullString && !(single && s === '\\.') && !needs.test(s)) return s;
    return quote + s.replace(inner, escapeInner) + quote;
  };
}

/** A CSV line (with its newline) from field texts (null: NULL); `forceQuote[k]` quotes column k. */
export function csvRowEncoder(delimiter: string, quote: string, escape: string, nullString: string, forceQuote: readonly boolean[]): (fields: readonly (string | null)[]) => string {
  const quoteValue = csvQuoter(delimiter, quote, escape, nullString);
  return (fields) => {
    const single = fields.length === 1;
    let line = '';
    for (let k = 0; k < fields.length; k++) {
      if (k > 0) line += delimiter;
      const f = fields[k]!;
      line += f === null ? nullString : quoteValue(f, forceQuote[k] ?? false, single);
    }
    return `${line}\n`;
  };
}
