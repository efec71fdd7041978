// Helpers for the COPY codec tests: cut input into chunks, and read rows back through the
// line reader and a field parser the way the loader does (lines as they complete, then the
// end of input).
import { CopyLineReader, type LineSyntax } from '../../../src/sql/copy/line-reader.js';

export type Split = (d: Buffer, start: number, end: number, out: (string | null)[]) => number;

/** `data` cut at the given positions (sorted, duplicates allowed). */
export function cut(data: Buffer, positions: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...positions].sort((a, b) => a - b)) {
    out.push(data.subarray(from, p));
    from = p;
  }
  out.push(data.subarray(from));
  return out;
}

/** Every row the chunks hold, fed one chunk at a time. */
export function readRows(chunks: readonly Buffer[], syntax: LineSyntax, split: Split): (string | null)[][] {
  const reader = new CopyLineReader(syntax);
  const rows: (string | null)[][] = [];
  const take = (eof: boolean) => {
    while (reader.next(eof)) {
      const fields: (string | null)[] = [];
      const n = split(reader.buffer, reader.lineStart, reader.lineEnd, fields);
      rows.push(fields.slice(0, n));
    }
  };
  for (const c of chunks) {
    reader.push(c);
    take(false);
  }
  take(true);
  return rows;
}

/** Lines the reader finds (as text), with the line number after each. */
export function readLines(input: string | Buffer, syntax: LineSyntax): { lines: string[]; lineNo: number } {
  const reader = new CopyLineReader(syntax);
  reader.push(typeof input === 'string' ? Buffer.from(input) : input);
  const lines: string[] = [];
  while (reader.next(true)) lines.push(reader.buffer.toString('utf8', reader.lineStart, reader.lineEnd));
  return { lines, lineNo: reader.lineNo };
}
