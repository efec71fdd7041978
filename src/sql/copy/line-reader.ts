// Cuts COPY FROM's text or CSV input into lines, incrementally: chunks of bytes go in (a line
// may span any number of them), whole lines come out as byte ranges. The rules are
// PostgreSQL's CopyReadLineText:
//   - the first line's ending (\n, \r or \r\n) fixes the style; another one later is an error
//     ("literal carriage return found in data", or "unquoted ..." in CSV);
//   - text: a backslash escapes the next byte (so \<newline> is data), and `\.` ends the data
//     (it must be followed by the line ending; what precedes it on its line is a last line,
//     except that a file, as in PostgreSQL, goes on being read after such a line);
//   - CSV: line endings inside quotes are data (each one counts as a line for error messages),
//     and `\.` ends the data only alone on a line;
//   - at the end of input, a last line without ending is still a line.
// Lines are checked to be valid UTF-8 (no NUL bytes) before they are handed out.
// Invariant: `data[lineStart, lineEnd)` stays valid until the next push().
import { appendChunk } from './append-chunk.js';
import { isUtf8 } from 'node:buffer';
import { DbError, SqlState } from '../../errors.js';
import { invalidUtf8 } from './utf8-check.js';

const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

type Eol = 'unknown' | 'nl' | 'cr' | 'crnl';

export interface LineSyntax {
  csv: boolean;
  /** Input from a file: `\.` after data on its line ends only that line (PostgreSQL's quirk). */
  file?: boolean;
  /** CSV quote and escape bytes (the escape is ignored here when it equals the quote). */
  quote: number;
  escape: number;
}

function badFormat(message: string, hint?: string): DbError {
  return new DbError(SqlState.BadCopyFileFormat, message, { hint });
}

export class CopyLineReader {
  private data: Buffer = Buffer.alloc(0);
  /** `data` is our own buffer (else a client chunk we must not write into). */
  private owned = false;
  private end = 0;
  private start = 0;
  private scan = 0;
  // the state of the line being scanned
  private inQuote = false;
  private lastWasEsc = false;
  private firstChar = true;
  private sawHighBit = false;
  private reading = false;
  private eol: Eol = 'unknown';
  /** The line ending style when the current line began. */
  private lineEol: Eol = 'unknown';
  private readonly escape: number;
  /** PostgreSQL's line number: lines begun, plus line endings inside quoted CSV fields. */
  lineNo = 0;
  /** The end-of-data marker was read: later input is ignored. */
  ended = false;
  /** The line found by the last successful next(). */
  lineStart = 0;
  lineEnd = 0;

  constructor(private readonly syntax: LineSyntax) {
    this.escape = syntax.csv && syntax.escape !== syntax.quote ? syntax.escape : -1;
  }

  get buffer(): Buffer {
    return this.data;
  }

  /** Appends input; ranges handed out before are no longer valid. */
  push(chunk: Buffer): void {
    if (this.ended || chunk.length === 0) return;
    const progress = this.scan - this.start;
    ({ data: this.data, owned: this.owned, end: this.end } = appendChunk({ data: this.data, owned: this.owned, end: this.end }, this.start, chunk));
    this.start = 0;
    this.scan = progress;
  }

  /**
   * Finds the next line (then lineStart/lineEnd are set). False when more input is needed, or
   * at the end: `eof` says no more input will come, or the end-of-data marker was read.
   */
  next(eof: boolean): boolean {
    if (this.ended) return false;
    if (!this.reading) {
      this.reading = true;
      this.lineNo++;
      this.lineEol = this.eol;
    }
    const d = this.data;
    const end = this.end;
    const csv = this.syntax.csv;
    const quote = this.syntax.quote;
    const escape = this.escape;
    let i = this.scan;
    while (i < end) {
      const c = d[i]!;
      if (c >= 0x80 || c === 0) this.sawHighBit = true;
      if (csv) {
        // a quote or backslash right before a CR or backslash lookahead is re-read after a wait
        if ((c === BACKSLASH || c === CR) && i + 1 >= end && !eof) break;
        if (this.inQuote && c === escape) this.lastWasEsc = !this.lastWasEsc;
        if (c === quote && !this.lastWasEsc) this.inQuote = !this.inQuote;
        if (c !== escape) this.lastWasEsc = false;
        if (this.inQuote && c === (this.eol === 'nl' ? LF : CR)) this.lineNo++;
      }
      if (c === CR && !(csv && this.inQuote)) {
        if (this.eol === 'unknown' || this.eol === 'crnl') {
          if (i + 1 >= end && !eof) break;
          if (i + 1 < end && d[i + 1] === LF) {
            this.eol = 'crnl';
            return this.found(i, i + 2);
          }
          if (this.eol === 'crnl') throw this.scanError(i, csv ? 'unquoted carriage return found in data' : 'literal carriage return found in data', csv);
          this.eol = 'cr';
          return this.found(i, i + 1);
        }
        if (this.eol === 'nl') throw this.scanError(i, csv ? 'unquoted carriage return found in data' : 'literal carriage return found in data', csv);
        return this.found(i, i + 1);
      }
      if (c === LF && !(csv && this.inQuote)) {
        if (this.eol === 'cr' || this.eol === 'crnl') throw this.scanError(i, csv ? 'unquoted newline found in data' : 'literal newline found in data', csv);
        this.eol = 'nl';
        return this.found(i, i + 1);
      }
      if (c === BACKSLASH && (!csv || this.firstChar)) {
        if (i + 1 >= end) {
          if (!eof) break;
          // a backslash just before the end is data
          i++;
          continue;
        }
        if (d[i + 1] === DOT) {
          const marker = this.endMarker(i, eof);
          if (marker === 'wait') break;
          if (marker !== 'data') return this.endOfData(i, marker);
          // CSV: `\.` followed by more is data
        } else if (!csv) {
          i++;
          if (d[i]! >= 0x80 || d[i] === 0) this.sawHighBit = true;
        }
      }
      this.firstChar = false;
      i++;
    }
    this.scan = i;
    if (!eof || i < end) return false;
    // end of input: what is left is the last line
    this.reading = false;
    if (this.start === end) return false;
    this.checkEncoding(end);
    this.lineStart = this.start;
    this.lineEnd = end;
    this.start = this.scan = end;
    return true;
  }

  /** `\.` at i: the end of data (the position after the marker), not a marker (CSV), or more input needed. */
  private endMarker(i: number, eof: boolean): number | 'data' | 'wait' {
    const d = this.data;
    const csv = this.syntax.csv;
    let p = i + 2;
    const at = (k: number): number | 'wait' => (k < this.end ? d[k]! : eof ? 0 : 'wait');
    if (this.eol === 'crnl') {
      const c = at(p++);
      if (c === 'wait') return 'wait';
      if (c === LF) {
        if (csv) return 'data';
        throw this.scanError(i, 'end-of-copy marker does not match previous newline style');
      }
      if (c !== CR) {
        if (csv) return 'data';
        throw this.scanError(i, 'end-of-copy marker corrupt');
      }
    }
    const c = at(p++);
    if (c === 'wait') return 'wait';
    if (c !== CR && c !== LF) {
      if (csv) return 'data';
      throw this.scanError(i, 'end-of-copy marker corrupt');
    }
    if ((this.eol === 'nl' && c !== LF) || (this.eol === 'crnl' && c !== LF) || (this.eol === 'cr' && c !== CR)) {
      throw this.scanError(i, 'end-of-copy marker does not match previous newline style');
    }
    return Math.min(p, this.end);
  }

  private found(lineEnd: number, next: number): boolean {
    this.checkEncoding(lineEnd);
    this.lineStart = this.start;
    this.lineEnd = lineEnd;
    this.start = this.scan = next;
    this.reading = false;
    this.inQuote = false;
    this.lastWasEsc = false;
    this.firstChar = true;
    return true;
  }

  /** The marker at `at` ends the data; what precedes it on its line is the last line. */
  private endOfData(at: number, next: number): boolean {
    if (at > this.start && this.syntax.file) return this.found(at, next);
    this.ended = true;
    this.reading = false;
    if (at === this.start) return false;
    this.checkEncoding(at);
    this.lineStart = this.start;
    this.lineEnd = at;
    return true;
  }

  /** 22021 for invalid UTF-8 or NUL in the current line up to `upTo`. */
  private checkEncoding(upTo: number): void {
    if (!this.sawHighBit) return;
    this.sawHighBit = false;
    const line = this.data.subarray(this.start, upTo);
    if (isUtf8(line) && line.indexOf(0) < 0) return;
    const bad = invalidUtf8(this.data, this.start, upTo, this.end);
    if (bad) {
      if (this.syntax.csv) this.lineNo -= this.quotedLineEndsAfter(bad.offset, upTo);
      throw bad.error;
    }
  }

  /** Line endings inside quotes between `from` and `to` (counted into lineNo by the scan). */
  private quotedLineEndsAfter(from: number, to: number): number {
    let inQuote = false;
    let lastWasEsc = false;
    let n = 0;
    const d = this.data;
    for (let i = this.start; i < to; i++) {
      const c = d[i]!;
      if (inQuote && c === this.escape) lastWasEsc = !lastWasEsc;
      if (c === this.syntax.quote && !lastWasEsc) inQuote = !inQuote;
      if (c !== this.escape) lastWasEsc = false;
      if (i >= from && inQuote && c === (this.lineEol === 'nl' ? LF : CR)) n++;
    }
    return n;
  }

  /** An error found while scanning at `at`; bad UTF-8 before it is reported first, as PostgreSQL reads in order. */
  private scanError(at: number, message: string, csv?: boolean): DbError {
    this.checkEncoding(at);
    if (message.includes('carriage return found')) return badFormat(message, csv ? 'Use quoted CSV field to represent carriage return.' : 'Use "\\r" to represent carriage return.');
    if (message.includes('newline found')) return badFormat(message, csv ? 'Use quoted CSV field to represent newline.' : 'Use "\\n" to represent newline.');
    return badFormat(message);
  }
}
