// DbError constructors shared by the type input/output functions, with PostgreSQL's exact
// SQLSTATEs and message texts, and a bounds-checked reader for binary receive.
// Invariant: every message here is PostgreSQL 15's wording, so clients that match on text work.
// Binary errors: a short value is 08P01 "insufficient data left in message" (pq_getmsg*); bytes
// left over are 22P03 "incorrect binary data format" (the protocol layer appends "in bind
// parameter N" as PostgreSQL does).
import { DbError, SqlState } from '../../errors.js';

/** 22P02 invalid input syntax for type X: "text". */
export function invalidSyntax(typeName: string, text: string): DbError {
  return new DbError(SqlState.InvalidTextRepresentation, `invalid input syntax for type ${typeName}: "${text}"`);
}

/** 22003 value "text" is out of range for type X. */
export function valueOutOfRange(typeName: string, text: string): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, `value "${text}" is out of range for type ${typeName}`);
}

/** 22003 with a fixed message such as "integer out of range". */
export function outOfRange(message: string): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, message);
}

/** 08P01: the binary value is shorter than its type needs. */
export function insufficientData(): DbError {
  return new DbError(SqlState.ProtocolViolation, 'insufficient data left in message');
}

/** 22P03: the binary value has bytes left over, or is malformed. */
export function badBinaryFormat(message = 'incorrect binary data format'): DbError {
  return new DbError(SqlState.InvalidBinaryRepresentation, message);
}

/** Requires exactly `size` bytes in a binary value (fixed-width types). */
export function checkBinaryLength(data: Buffer, size: number): void {
  if (data.length < size) throw insufficientData();
  if (data.length > size) throw badBinaryFormat();
}

/** Reads big-endian fields from a binary value, checking bounds like pq_getmsg*. */
export class BinaryReader {
  private pos = 0;
  constructor(private readonly data: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.data.length) throw insufficientData();
  }
  int16(): number {
    this.need(2);
    const v = this.data.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  uint16(): number {
    this.need(2);
    const v = this.data.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.data.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    this.need(8);
    const v = this.data.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  /** Throws 22P03 when bytes are left over (PostgreSQL checks this after typreceive). */
  end(): void {
    if (this.pos !== this.data.length) throw badBinaryFormat();
  }
}
