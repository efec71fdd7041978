// The COPY TO writer: rows of a table (in the order a scan returns them) or of a query, turned
// into COPY data one row per piece, as PostgreSQL sends one CopyData message per row. Text
// and CSV values come from each type's output function under the session's settings
// (DateStyle, bytea_output, ...), escaped or quoted as the format says; binary values from
// its send function, between the PGCOPY header and trailer. A HEADER line names the columns.
// Rows are pulled from the source in batches as the output is consumed, never all at once.
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState } from '../../errors.js';
import type { Portal } from '../statement.js';
import type { Session } from '../session.js';
import { typeIO } from '../types/index.js';
import type { Value } from '../types/value.js';
import { BINARY_HEADER, BINARY_TRAILER, binaryTuple } from './binary-codec.js';
import { csvRowEncoder } from './csv-codec.js';
import type { CopyOptions } from './options.js';
import { textRowEncoder } from './text-codec.js';

const BATCH = 256;

/** Where COPY TO's rows come from: batches, until null. */
export interface RowSource {
  next(): Value[][] | null | Promise<Value[][] | null>;
}

export interface OutputColumnInfo {
  name: string;
  type: number;
}

/** The rows a portal produces, BATCH at a time. */
export function portalRows(portal: Portal): RowSource {
  let done = false;
  const take = (r: { rows: Value[][]; done: boolean }) => {
    done = r.done;
    return r.rows;
  };
  return {
    next() {
      if (done) return null;
      const r = portal.run(BATCH);
      return r instanceof Promise ? r.then(take) : take(r);
    },
  };
}

/** Rows of an iterator (a table scan), projected to some of their columns. */
export function iteratorRows(rows: Iterator<Value[]>, columns: readonly number[]): RowSource {
  return {
    next() {
      const out: Value[][] = [];
      while (out.length < BATCH) {
        const r = rows.next();
        if (r.done) break;
        out.push(columns.map((i) => r.value[i] ?? null));
      }
      return out.length === 0 ? null : out;
    },
  };
}

type RowEncoder = (row: readonly Value[]) => Buffer;

function rowEncoder(session: Session, options: CopyOptions, columns: readonly OutputColumnInfo[], forceQuote: readonly boolean[]): RowEncoder {
  const types = session.types;
  const ios = columns.map((c) => {
    const io = typeIO(c.type);
    if (!io) throw new DbError(SqlState.FeatureNotSupported, `COPY of type ${formatType(c.type)} is not supported yet`);
    return io;
  });
  const n = ios.length;
  if (options.format === 'binary') {
    const fields: (Buffer | null)[] = new Array(n);
    return (row) => {
      for (let k = 0; k < n; k++) {
        const v = row[k] ?? null;
        fields[k] = v === null ? null : ios[k]!.send(v, types);
      }
      return binaryTuple(fields);
    };
  }
  const encodeLine =
    options.format === 'csv'
      ? csvRowEncoder(options.delimiter, options.quote, options.escape, options.null, forceQuote)
      : textRowEncoder(options.delimiter, options.null);
  const texts: (string | null)[] = new Array(n);
  return (row) => {
    for (let k = 0; k < n; k++) {
      const v = row[k] ?? null;
      texts[k] = v === null ? null : ios[k]!.output(v, types);
    }
    return Buffer.from(encodeLine(texts), 'utf8');
  };
}

/** The header line (text and CSV): the column names, escaped or quoted as values are. */
function headerLine(options: CopyOptions, columns: readonly OutputColumnInfo[]): Buffer {
  const names = columns.map((c) => c.name);
  const encodeLine =
    options.format === 'csv'
      ? csvRowEncoder(options.delimiter, options.quote, options.escape, options.null, [])
      : textRowEncoder(options.delimiter, options.null);
  return Buffer.from(encodeLine(names), 'utf8');
}

export class CopyWriter {
  private readonly encode: RowEncoder;
  private batch: Value[][] = [];
  private at = 0;
  private prefix: Buffer | null;
  private header: Buffer | null;
  private finished = false;
  /** Rows written so far. */
  count = 0;

  constructor(
    session: Session,
    private readonly options: CopyOptions,
    columns: readonly OutputColumnInfo[],
    forceQuote: readonly boolean[],
    private readonly source: RowSource,
  ) {
    this.encode = rowEncoder(session, options, columns, forceQuote);
    this.prefix = options.format === 'binary' ? BINARY_HEADER : null;
    this.header = options.header && options.format !== 'binary' ? headerLine(options, columns) : null;
  }

  /** The next piece of output (the header, a row, the trailer), or null at the end. */
  next(): Buffer | null | Promise<Buffer | null> {
    if (this.header) {
      const h = this.header;
      this.header = null;
      return h;
    }
    while (this.at >= this.batch.length) {
      if (this.finished) return null;
      const more = this.source.next();
      if (more instanceof Promise) {
        return more.then((rows) => {
          const out = this.refill(rows);
          return out === undefined ? this.next() : out;
        });
      }
      const out = this.refill(more);
      if (out !== undefined) return out;
    }
    return this.row(this.batch[this.at++]!);
  }

  /** Takes a batch; returns the piece to hand out when the source has ended. */
  private refill(rows: Value[][] | null): Buffer | null | undefined {
    if (rows === null) {
      this.finished = true;
      if (this.options.format !== 'binary' || this.batch === DONE) return null;
      this.batch = DONE;
      return this.withPrefix(BINARY_TRAILER);
    }
    this.batch = rows;
    this.at = 0;
    return this.at < rows.length ? this.row(rows[this.at++]!) : undefined;
  }

  private row(row: Value[]): Buffer {
    this.count++;
    return this.withPrefix(this.encode(row));
  }

  /** The binary header goes out with the first piece, as PostgreSQL sends it. */
  private withPrefix(piece: Buffer): Buffer {
    if (!this.prefix) return piece;
    const out = Buffer.concat([this.prefix, piece]);
    this.prefix = null;
    return out;
  }
}

const DONE: Value[][] = [];
