// The COPY FROM loader: bytes in (CopyData payloads or file chunks, cut anywhere), rows into
// the table, each with INSERT's rules: the listed columns read with their type's input (or
// binary receive) function and typmod, the other columns' defaults (serial and identity
// sequences included), the optional WHERE filter, NOT NULL and CHECK constraints, then the
// unique keys as the row is written. Errors carry PostgreSQL's CONTEXT line:
//   COPY t, line 3, column b: "abc"   while a value is read
//   COPY t, line 3: "1	abc"           while the line is checked (its text, cut at 100 bytes)
//   COPY t, line 3                    while reading lines, at a unique key, after CopyFail
// Requires: the statement runs in the session's transaction; a failed COPY is rolled back by
// the caller (its statement mark). Input is processed as it arrives: nothing is kept but the
// unfinished line, and cancellation is checked every 1024 rows.
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState } from '../../errors.js';
import type { TableAccess } from '../../txn/table-access.js';
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import { simplify } from '../plan/simplify.js';
import type { Session } from '../session.js';
import { typeIO } from '../types/index.js';
import type { TypeContext, TypeIO } from '../types/typeio.js';
import type { Value } from '../types/value.js';
import { RowChecks, compileWhere, type TargetTable } from '../dml/target-table.js';
import { BinaryTupleReader } from './binary-codec.js';
import { CsvLineParser } from './csv-codec.js';
import { CopyLineReader } from './line-reader.js';
import type { CopyOptions } from './options.js';
import { TextLineParser } from './text-codec.js';

/** What a COPY FROM loads into, analyzed by the statement. */
export interface CopyFromPlan {
  target: TargetTable;
  /** Table column positions the input's fields go to, in order. */
  columns: number[];
  /** Each table column's default (used for columns not in `columns`). */
  defaults: (Expr | null)[];
  where: Expr | null;
  /** PostgreSQL inserts row by row (not in batches) when WHERE or a default is volatile; then a unique violation's context shows the line. */
  rowByRow: boolean;
  options: CopyOptions;
  /** The input is a server-side file (not the client's data). */
  fromFile: boolean;
}

const MAX_DISPLAY = 100;

/** PostgreSQL's limit_printout_length: at most 100 bytes (whole characters), then "...". */
export function limitPrintout(s: string): string {
  if (s.length <= MAX_DISPLAY / 4 || Buffer.byteLength(s) <= MAX_DISPLAY) return s;
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > MAX_DISPLAY) break;
    bytes += n;
    i += ch.length;
  }
  return `${s.slice(0, i)}...`;
}

type Phase = 'read' | 'line' | 'column' | 'insert';

export class CopyLoader {
  private readonly lines: CopyLineReader | null;
  private readonly tuples: BinaryTupleReader | null;
  private readonly text: TextLineParser | null;
  private readonly csv: CsvLineParser | null;
  private readonly io: TypeIO[];
  private readonly typmods: number[];
  private readonly names: string[];
  private readonly missingDefaults: { column: number; fn: RowFn }[];
  private readonly where: RowFn | null;
  private readonly checks: RowChecks;
  private readonly access: TableAccess;
  private readonly forceNotNull: boolean[];
  private readonly forceNull: boolean[];
  private readonly fields: (string | null)[] = [];
  private readonly types: TypeContext;
  private readonly width: number;
  private headerPending: boolean;
  private count = 0;
  private failed = false;
  // what an error's context reports
  private phase: Phase = 'read';
  private column = '';
  private value: string | null = null;
  private lineFrom = 0;
  private lineTo = 0;

  constructor(
    session: Session,
    private readonly ctx: RuntimeContext,
    private readonly plan: CopyFromPlan,
  ) {
    const { target, columns, options } = plan;
    const table = target.record;
    this.types = session.types;
    this.width = table.columns.length;
    this.io = columns.map((i) => {
      const io = typeIO(table.columns[i]!.typeOid);
      if (!io) throw new DbError(SqlState.FeatureNotSupported, `COPY of type ${formatType(table.columns[i]!.typeOid)} is not supported yet`);
      return io;
    });
    this.typmods = columns.map((i) => table.columns[i]!.typmod);
    this.names = columns.map((i) => table.columns[i]!.name);
    const listed = new Set(columns);
    this.missingDefaults = plan.defaults.flatMap((d, column) => (d && !listed.has(column) ? [{ column, fn: compileExpr(simplify(d, ctx)) }] : []));
    this.where = compileWhere(plan.where, target, ctx);
    this.checks = new RowChecks(session, session.transaction.catalog, target, ctx);
    this.access = ctx.table(target.shape);
    this.forceNotNull = this.names.map((n) => options.forceNotNull?.includes(n) ?? false);
    this.forceNull = this.names.map((n) => options.forceNull?.includes(n) ?? false);
    const binary = options.format === 'binary';
    const csv = options.format === 'csv';
    this.lines = binary ? null : new CopyLineReader({ csv, quote: options.quote.charCodeAt(0), escape: options.escape.charCodeAt(0), file: plan.fromFile });
    this.tuples = binary ? new BinaryTupleReader(columns.length) : null;
    this.text = !binary && !csv ? new TextLineParser(options.delimiter, options.null) : null;
    this.csv = csv ? new CsvLineParser(options.delimiter, options.quote, options.escape, options.null) : null;
    this.headerPending = options.header !== false;
    // PostgreSQL begins reading line 1 at once (a CopyFail before any data is "line 1")
    this.lines?.next(false);
  }

  /** Feeds input bytes, loading every row they complete. */
  push(chunk: Buffer): void {
    if (this.failed) return;
    this.guard(() => {
      if (this.lines) this.lines.push(chunk);
      else this.tuples!.push(chunk);
      this.drain(false);
    });
  }

  /** The end of input: loads the last rows; returns how many rows were loaded. */
  finish(): number {
    if (!this.failed) this.guard(() => this.drain(true));
    return this.count;
  }

  /** The context line for an error that stops the COPY from outside (CopyFail, a bad message). */
  context(): string | undefined {
    if (this.tuples && !this.tuples.headerDone) return undefined;
    return `COPY ${this.plan.target.record.name}, line ${this.lineNo}`;
  }

  private get lineNo(): number {
    return this.lines ? this.lines.lineNo : this.tuples!.lineNo;
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.failed = true;
      if (err instanceof DbError) {
        const where = this.errorContext();
        if (where) err.where = err.where ? `${err.where}\n${where}` : where;
      }
      throw err;
    }
  }

  private errorContext(): string | undefined {
    const rel = this.plan.target.record.name;
    const line = this.lineNo;
    if (this.tuples && !this.tuples.headerDone) return undefined;
    switch (this.phase) {
      case 'column':
        if (this.tuples) return `COPY ${rel}, line ${line}, column ${this.column}`;
        return this.value === null ? `COPY ${rel}, line ${line}, column ${this.column}: null input` : `COPY ${rel}, line ${line}, column ${this.column}: "${limitPrintout(this.value)}"`;
      case 'line':
        if (this.tuples) return `COPY ${rel}, line ${line}`;
        return `COPY ${rel}, line ${line}: "${limitPrintout(this.lines!.buffer.toString('utf8', this.lineFrom, this.lineTo))}"`;
      case 'insert':
        return this.plan.rowByRow && this.lines ? `COPY ${rel}, line ${line}: "${limitPrintout(this.lines.buffer.toString('utf8', this.lineFrom, this.lineTo))}"` : `COPY ${rel}, line ${line}`;
      default:
        return `COPY ${rel}, line ${line}`;
    }
  }

  private drain(eof: boolean): void {
    if (this.tuples) {
      for (;;) {
        this.phase = 'read';
        const tuple = this.tuples.next(eof);
        if (!tuple) return;
        this.phase = 'column';
        const row = this.emptyRow();
        for (let k = 0; k < this.io.length; k++) {
          this.column = this.names[k]!;
          if (k === tuple.errorAt && tuple.error) throw tuple.error;
          const field = tuple.fields[k]!;
          row[this.plan.columns[k]!] = field === null ? null : this.io[k]!.receive(field, this.typmods[k]!, this.types);
        }
        this.phase = 'line';
        this.store(row);
      }
    }
    const lines = this.lines!;
    for (;;) {
      this.phase = 'read';
      if (!lines.next(eof)) break;
      this.lineFrom = lines.lineStart;
      this.lineTo = lines.lineEnd;
      this.phase = 'line';
      this.loadLine(lines.buffer, lines.lineStart, lines.lineEnd);
    }
    if (eof && this.headerPending && this.plan.options.header === 'match') {
      // PostgreSQL checks the header even of empty input, as an empty line
      this.lineFrom = this.lineTo = 0;
      this.phase = 'line';
      this.loadLine(Buffer.alloc(0), 0, 0);
    }
  }

  private split(d: Buffer, start: number, end: number): number {
    if (this.io.length === 0) {
      if (end > start) throw new DbError(SqlState.BadCopyFileFormat, 'extra data after last expected column');
      return 0;
    }
    return this.text ? this.text.split(d, start, end, this.fields) : this.csv!.split(d, start, end, this.fields);
  }

  private loadLine(d: Buffer, start: number, end: number): void {
    if (this.headerPending) {
      this.headerPending = false;
      if (this.plan.options.header === 'match') this.matchHeader(this.split(d, start, end));
      return;
    }
    const n = this.split(d, start, end);
    if (n > this.io.length) throw new DbError(SqlState.BadCopyFileFormat, 'extra data after last expected column');
    const row = this.emptyRow();
    const csv = this.csv !== null;
    const nullString = this.plan.options.null;
    for (let k = 0; k < this.io.length; k++) {
      if (k >= n) throw new DbError(SqlState.BadCopyFileFormat, `missing data for column "${this.names[k]}"`);
      let s: string | null = this.fields[k] ?? null;
      if (csv) {
        if (s === null && this.forceNotNull[k]) s = nullString;
        else if (s !== null && this.forceNull[k] && s === nullString) s = null;
      }
      if (s === null) continue;
      this.phase = 'column';
      this.column = this.names[k]!;
      this.value = s;
      row[this.plan.columns[k]!] = this.io[k]!.input(s, this.typmods[k]!, this.types);
      this.phase = 'line';
    }
    this.store(row);
  }

  private matchHeader(n: number): void {
    if (n !== this.names.length) {
      throw new DbError(SqlState.BadCopyFileFormat, `wrong number of fields in header line: got ${n}, expected ${this.names.length}`);
    }
    this.names.forEach((name, k) => {
      const got = this.fields[k]!;
      if (got === null) {
        throw new DbError(SqlState.BadCopyFileFormat, `column name mismatch in header line field ${k + 1}: got null value ("${this.plan.options.null}"), expected "${name}"`);
      }
      if (got !== name) throw new DbError(SqlState.BadCopyFileFormat, `column name mismatch in header line field ${k + 1}: got "${got}", expected "${name}"`);
    });
  }

  /** A row with every column NULL (the listed ones are filled in by the caller). */
  private emptyRow(): Value[] {
    return new Array<Value>(this.width).fill(null);
  }

  /** Defaults, WHERE, generated columns, constraints, then the write (unique keys). */
  private store(row: Value[]): void {
    const ctx = this.ctx;
    for (const d of this.missingDefaults) row[d.column] = d.fn(EMPTY_ROW, ctx);
    if (this.where && this.where(row, ctx) !== true) return;
    this.checks.fillGenerated(row);
    this.checks.check(row, ctx);
    this.phase = 'insert';
    this.access.insert(row);
    this.count++;
    if ((this.count & 0x3ff) === 0) ctx.checkCancel();
  }
}

const EMPTY_ROW: Value[] = [];
