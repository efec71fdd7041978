// Reads fields of one frontend message body with bounds checks: pg-protocol's BufferReader
// does the decoding, this class refuses to read past the end or to accept a string without
// its terminator, raising PostgreSQL's 08P01 errors instead.
import { BufferReader } from 'pg-protocol/dist/buffer-reader.js';
import { DbError, SqlState } from '../errors.js';

export class MessageReader {
  private readonly reader = new BufferReader();
  private offset = 0;

  constructor(private readonly body: Buffer) {
    this.reader.setBuffer(0, body);
  }

  private need(n: number): void {
    if (n < 0 || this.offset + n > this.body.length) {
      throw new DbError(SqlState.ProtocolViolation, 'insufficient data left in message');
    }
    this.offset += n;
  }

  int16(): number {
    this.need(2);
    return this.reader.int16();
  }

  int32(): number {
    this.need(4);
    return this.reader.int32();
  }

  byte(): number {
    this.need(1);
    return this.reader.byte();
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.body.indexOf(0, this.offset);
    if (end < 0) throw new DbError(SqlState.ProtocolViolation, 'invalid string in message');
    const s = this.reader.cstring();
    this.offset = end + 1;
    return s;
  }

  bytes(n: number): Buffer {
    this.need(n);
    return this.reader.bytes(n);
  }

  get remaining(): number {
    return this.body.length - this.offset;
  }

  /** Every byte must have been read (PostgreSQL's pq_getmsgend). */
  end(): void {
    if (this.offset !== this.body.length) {
      throw new DbError(SqlState.ProtocolViolation, 'invalid message format');
    }
  }
}
