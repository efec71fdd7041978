// The binary wire form of arrays (PostgreSQL's array_send / array_recv), all big-endian:
//
//   int32 ndim            0 for an empty array, at most 6
//   int32 flags           1 when some element is NULL, else 0 (anything else is refused)
//   uint32 element type   must be the expected one when both OIDs are built-in (< 10000)
//   ndim × (int32 length, int32 lower bound)
//   per element, in row-major order: int32 byte length (-1 = NULL), then that many bytes in
//   the element type's own binary form
//
// A received array with zero elements is the empty array (no dimensions), whatever dimensions
// it declared. Errors are PostgreSQL's: a short header is 08P01, a bad element length 22P03
// "insufficient data left in message", element bytes left over 22P03 "improper binary format
// in array element N", bytes after the array 22P03.
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState } from '../../errors.js';
import { MAX_DIMS, checkBounds, checkedItemCount, emptyArray, hasNulls, tooManyDimensions } from './array.js';
import { badBinaryFormat, insufficientData } from './errors.js';
import { ArrayValue, type Value } from './value.js';

/** Decodes one element's bytes (the element type's receive with the array's typmod). */
export type ElementReceive = (data: Buffer) => Value;
/** Encodes one non-NULL element. */
export type ElementSend = (value: Value) => Buffer;

/** OIDs below this are built-in (PostgreSQL's FirstGenbkiObjectId). */
const FIRST_GENBKI_OID = 10000;

export function sendArray(a: ArrayValue, send: ElementSend): Buffer {
  const ndim = a.dims.length;
  const parts: Buffer[] = [];
  const header = Buffer.allocUnsafe(12 + 8 * ndim);
  header.writeInt32BE(ndim, 0);
  header.writeInt32BE(hasNulls(a) ? 1 : 0, 4);
  header.writeUInt32BE(a.elementType >>> 0, 8);
  for (let d = 0; d < ndim; d++) {
    header.writeInt32BE(a.dims[d]!, 12 + 8 * d);
    header.writeInt32BE(a.lowerBounds[d]!, 16 + 8 * d);
  }
  parts.push(header);
  for (const e of a.elements) {
    const len = Buffer.allocUnsafe(4);
    if (e === null) {
      len.writeInt32BE(-1, 0);
      parts.push(len);
      continue;
    }
    const bytes = send(e);
    len.writeInt32BE(bytes.length, 0);
    parts.push(len, bytes);
  }
  return Buffer.concat(parts);
}

export function receiveArray(data: Buffer, elementType: number, receive: ElementReceive): ArrayValue {
  let pos = 0;
  const int32 = (): number => {
    if (pos + 4 > data.length) throw insufficientData();
    const v = data.readInt32BE(pos);
    pos += 4;
    return v;
  };
  const ndim = int32();
  if (ndim < 0) throw badBinaryFormat(`invalid number of dimensions: ${ndim}`);
  if (ndim > MAX_DIMS) throw tooManyDimensions(ndim);
  const flags = int32();
  if (flags !== 0 && flags !== 1) throw badBinaryFormat('invalid array flags');
  const given = int32() >>> 0;
  if (given !== elementType && given < FIRST_GENBKI_OID && elementType < FIRST_GENBKI_OID) {
    throw new DbError(
      SqlState.DatatypeMismatch,
      `binary data has array element type ${given} (${formatType(given)}) instead of expected ${elementType} (${formatType(elementType)})`,
    );
  }
  const dims: number[] = [];
  const lowerBounds: number[] = [];
  for (let d = 0; d < ndim; d++) {
    dims.push(int32());
    lowerBounds.push(int32());
  }
  const count = checkedItemCount(dims);
  checkBounds(dims, lowerBounds);
  if (count === 0) {
    if (pos !== data.length) throw badBinaryFormat();
    return emptyArray(elementType);
  }
  // every element takes at least its 4-byte length: refuse before allocating for a bogus count
  if (data.length - pos < 4 * count) throw insufficientData();
  const elements = new Array<Value>(count);
  for (let i = 0; i < count; i++) {
    const len = int32();
    if (len < -1 || len > data.length - pos) throw badBinaryFormat('insufficient data left in message');
    if (len === -1) {
      elements[i] = null;
      continue;
    }
    const bytes = data.subarray(pos, pos + len);
    pos += len;
    try {
      elements[i] = receive(bytes);
    } catch (err) {
      // the element's own "bytes left over" check becomes PostgreSQL's per-element message
      if (err instanceof DbError && err.code === SqlState.InvalidBinaryRepresentation && err.message === 'incorrect binary data format') {
        throw badBinaryFormat(`improper binary format in array element ${i + 1}`);
      }
      throw err;
    }
  }
  if (pos !== data.length) throw badBinaryFormat();
  return new ArrayValue(elementType, elements, dims, lowerBounds);
}
