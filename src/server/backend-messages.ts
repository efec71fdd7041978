// Encoders for the messages the server sends, built with pg-protocol's Writer. Each returns
// one complete message (type byte, Int32 length, body); the connection batches them into
// few socket writes.
import { Writer } from 'pg-protocol/dist/buffer-writer.js';
import type { DbError } from '../errors.js';
import type { OutputColumn } from '../sql/plan/nodes.js';

const code = (ch: string) => ch.charCodeAt(0);
const R = code('R');

/** Per-connection encoder; its Writer is reused for every message. */
export class BackendEncoder {
  private readonly w = new Writer(1024);

  authenticationOk(): Buffer {
    return this.w.addInt32(0).flush(R);
  }

  authenticationCleartextPassword(): Buffer {
    return this.w.addInt32(3).flush(R);
  }

  authenticationSasl(mechanisms: string[]): Buffer {
    this.w.addInt32(10);
    for (const m of mechanisms) this.w.addCString(m);
    return this.w.addCString('').flush(R);
  }

  authenticationSaslContinue(data: string): Buffer {
    return this.w.addInt32(11).addString(data).flush(R);
  }

  authenticationSaslFinal(data: string): Buffer {
    return this.w.addInt32(12).addString(data).flush(R);
  }

  parameterStatus(name: string, value: string): Buffer {
    return this.w.addCString(name).addCString(value).flush(code('S'));
  }

  backendKeyData(pid: number, secret: number): Buffer {
    return this.w.addInt32(pid).addInt32(secret).flush(code('K'));
  }

  negotiateProtocolVersion(minor: number, unrecognized: string[]): Buffer {
    this.w.addInt32(minor).addInt32(unrecognized.length);
    for (const o of unrecognized) this.w.addCString(o);
    return this.w.flush(code('v'));
  }

  readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
    return this.w.add(Buffer.from(status)).flush(code('Z'));
  }

  /** RowDescription; `formats[i]` is 0 (text) or 1 (binary); typlen from the type catalog. */
  rowDescription(columns: readonly OutputColumn[], formats: readonly number[], typlen: (oid: number) => number): Buffer {
    this.w.addInt16(columns.length);
    columns.forEach((col, i) => {
      this.w
        .addCString(col.name)
        .addInt32(col.tableOid)
        .addInt16(col.columnNumber)
        .addInt32(col.type)
        .addInt16(typlen(col.type))
        .addInt32(col.typmod)
        .addInt16(formats[i] ?? 0);
    });
    return this.w.flush(code('T'));
  }

  /** DataRow from already-encoded column values (string = text, Buffer = binary, null). */
  dataRow(values: readonly (string | Buffer | null)[]): Buffer {
    const w = this.w;
    w.addInt16(values.length);
    for (const v of values) {
      if (v === null) w.addInt32(-1);
      else if (typeof v === 'string') w.addInt32PrefixedString(v);
      else w.addInt32(v.length).add(v);
    }
    return w.flush(code('D'));
  }

  commandComplete(tag: string): Buffer {
    return this.w.addCString(tag).flush(code('C'));
  }

  emptyQueryResponse(): Buffer {
    return this.w.flush(code('I'));
  }

  parseComplete(): Buffer {
    return this.w.flush(code('1'));
  }

  bindComplete(): Buffer {
    return this.w.flush(code('2'));
  }

  closeComplete(): Buffer {
    return this.w.flush(code('3'));
  }

  noData(): Buffer {
    return this.w.flush(code('n'));
  }

  portalSuspended(): Buffer {
    return this.w.flush(code('s'));
  }

  parameterDescription(types: readonly number[]): Buffer {
    this.w.addInt16(types.length);
    for (const t of types) this.w.addInt32(t);
    return this.w.flush(code('t'));
  }

  /** ErrorResponse ('E') or NoticeResponse ('N') with PostgreSQL's fields. */
  errorOrNotice(err: DbError, notice = false): Buffer {
    const w = this.w;
    const field = (f: string, v: string | number | undefined) => {
      if (v === undefined || v === '') return;
      w.add(Buffer.from(f)).addCString(String(v));
    };
    field('S', err.severity);
    field('V', err.severity);
    field('C', err.code);
    field('M', err.message);
    field('D', err.detail);
    field('H', err.hint);
    field('P', err.position);
    field('p', err.internalPosition);
    field('q', err.internalQuery);
    field('W', err.where);
    field('s', err.schema);
    field('t', err.table);
    field('c', err.column);
    field('d', err.dataType);
    field('n', err.constraint);
    w.addCString('');
    return w.flush(code(notice ? 'N' : 'E'));
  }
}

/** The single-byte answer to SSLRequest / GSSENCRequest: 'N' (not supported). */
export const NO_ENCRYPTION = Buffer.from('N');
