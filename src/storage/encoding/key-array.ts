// The memcomparable key of an array, ordered as PostgreSQL's btree array comparison
// (array_cmp): element by element in storage order, a NULL element after every non-NULL one
// and equal to another NULL; when one array's elements run out first, it is the smaller; then
// the one with fewer dimensions; then dimension lengths, then lower bounds, left to right.
//
//   per element   0x02 + the element's key bytes (key-values.ts), or 0x03 for NULL
//   0x01          end of the elements (below both element markers: shorter sorts first)
//   ndims         1 byte
//   lengths       ndims × int32 BE with the sign bit flipped
//   lower bounds  ndims × int32 BE with the sign bit flipped
//
// Prefix-free because each element is, and the count of what follows the 0x01 is fixed by
// ndims. Elements must be of a type key-values.ts encodes; decoding takes the element type
// from the column's array type.
import { notSupported } from '../../errors.js';
import { arrayElementOid } from '../../sql/types/array.js';
import { ArrayValue, type Value } from '../../sql/types/value.js';
import type { ByteWriter } from './byte-writer.js';
import { corruptKey, type KeyReader } from './key-reader.js';

const END = 0x01;
const ELEMENT = 0x02;
const NULL_ELEMENT = 0x03;

type EncodeElement = (w: ByteWriter, type: number, value: Value) => void;
type DecodeElement = (r: KeyReader, type: number) => Value;

export function encodeArrayKey(w: ByteWriter, a: ArrayValue, encodeElement: EncodeElement): void {
  for (const e of a.elements) {
    if (e === null) {
      w.u8(NULL_ELEMENT);
    } else {
      w.u8(ELEMENT);
      encodeElement(w, a.elementType, e);
    }
  }
  w.u8(END);
  w.u8(a.dims.length);
  for (const d of a.dims) w.u32be(d ^ 0x80000000);
  for (const lb of a.lowerBounds) w.u32be(lb ^ 0x80000000);
}

export function decodeArrayKey(r: KeyReader, arrayType: number, decodeElement: DecodeElement): ArrayValue {
  const elementType = arrayElementOid(arrayType);
  if (!elementType) throw notSupported(`an index key column of type OID ${arrayType}`);
  const elements: Value[] = [];
  for (;;) {
    const marker = r.byte();
    if (marker === END) break;
    if (marker === NULL_ELEMENT) elements.push(null);
    else if (marker === ELEMENT) elements.push(decodeElement(r, elementType));
    else throw corruptKey(`array element marker ${marker}`);
  }
  const ndims = r.byte();
  const dims: number[] = [];
  const lowerBounds: number[] = [];
  for (let i = 0; i < 2 * ndims; i++) {
    r.take(4);
    (i < ndims ? dims : lowerBounds).push(r.src.readUInt32BE(r.at) ^ 0x80000000);
  }
  let count = ndims === 0 ? 0 : 1;
  for (const d of dims) count *= d;
  if (count !== elements.length) throw corruptKey('array dimensions do not match its elements');
  return new ArrayValue(elementType, elements, dims, lowerBounds);
}
