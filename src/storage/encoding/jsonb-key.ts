// The memcomparable key encoding of jsonb: bytes whose Buffer.compare order is PostgreSQL's
// jsonb btree order (sql/types/jsonb-compare.ts), for index keys and primary keys.
//
//   root    := 0x50 count u32 BE, 0x00 raw scalar | 0x01 array, node×count
//            | 0x60 count u32 BE, (string node)×count          object, stored key order
//   node    := 0x10 null | 0x20 string | 0x30 numeric | 0x40 false | 0x41 true
//            | 0x50 count u32 BE node×count                     array
//            | 0x60 count u32 BE (string node)×count            object
//   string  := UTF-8 with 0x00 → 00 FF, then 00 01 (C collation order)
//   numeric := the numeric key encoding (key-numeric.ts): by value, scale not kept
//
// A scalar root is a one-element pseudo-array: the count comes before the scalar/array flag,
// which gives PostgreSQL's `[]` < scalar < `[x]` order. Every part is prefix-free, so the
// concatenation compares like PostgreSQL's token-by-token walk.
// Decoding restores the value except numeric scale (1.50 → 1.5), as for numeric keys.
import { Jsonb, JsonbObject, isScalar, type JsonbNode } from '../../sql/types/jsonb-value.js';
import type { Numeric } from '../../sql/types/numeric.js';
import type { ByteWriter } from './byte-writer.js';
import { corruptKey, type KeyReader } from './key-reader.js';
import { decodeNumericKey, encodeNumericKey } from './key-numeric.js';

const K_NULL = 0x10;
const K_STRING = 0x20;
const K_NUMBER = 0x30;
const K_FALSE = 0x40;
const K_TRUE = 0x41;
const K_ARRAY = 0x50;
const K_OBJECT = 0x60;

export function encodeJsonbKey(w: ByteWriter, value: Jsonb): void {
  const root = value.root;
  if (isScalar(root)) {
    w.u8(K_ARRAY);
    w.u32be(1);
    w.u8(0x00);
    return encodeNode(w, root);
  }
  if (Array.isArray(root)) {
    w.u8(K_ARRAY);
    w.u32be(root.length);
    w.u8(0x01);
    for (const e of root) encodeNode(w, e);
    return;
  }
  encodeNode(w, root);
}

function encodeNode(w: ByteWriter, node: JsonbNode): void {
  if (node === null) return w.u8(K_NULL);
  if (node === false) return w.u8(K_FALSE);
  if (node === true) return w.u8(K_TRUE);
  if (typeof node === 'string') {
    w.u8(K_STRING);
    return writeEscaped(w, node);
  }
  if (Array.isArray(node)) {
    w.u8(K_ARRAY);
    w.u32be(node.length);
    for (const e of node) encodeNode(w, e);
    return;
  }
  if (node instanceof JsonbObject) {
    w.u8(K_OBJECT);
    w.u32be(node.size);
    for (let i = 0; i < node.size; i++) {
      writeEscaped(w, node.keys[i]!);
      encodeNode(w, node.values[i]!);
    }
    return;
  }
  w.u8(K_NUMBER);
  encodeNumericKey(w, node as Numeric);
}

/** UTF-8 with each 0x00 written as 00 FF, then the terminator 00 01. */
function writeEscaped(w: ByteWriter, s: string): void {
  const bytes = Buffer.from(s, 'utf8');
  let at = w.reserve(bytes.length + 2);
  if (bytes.indexOf(0) < 0) {
    bytes.copy(w.buf, at);
    at += bytes.length;
  } else {
    w.length = at;
    for (const b of bytes) {
      w.u8(b);
      if (b === 0) w.u8(0xff);
    }
    at = w.reserve(2);
  }
  w.buf[at] = 0x00;
  w.buf[at + 1] = 0x01;
}

export function decodeJsonbKey(r: KeyReader): Jsonb {
  const tag = r.byte();
  if (tag !== K_ARRAY) {
    if (tag !== K_OBJECT) throw corruptKey(`jsonb root tag ${tag}`);
    return new Jsonb(decodeObject(r));
  }
  const count = readCount(r);
  const flag = r.byte();
  if (flag === 0x00) {
    if (count !== 1) throw corruptKey('jsonb raw scalar count');
    return new Jsonb(decodeNode(r));
  }
  if (flag !== 0x01) throw corruptKey(`jsonb array flag ${flag}`);
  const items: JsonbNode[] = [];
  for (let i = 0; i < count; i++) items.push(decodeNode(r));
  return new Jsonb(items);
}

function readCount(r: KeyReader): number {
  r.take(4);
  return r.src.readUInt32BE(r.at);
}

function readString(r: KeyReader): string {
  r.takeEscaped();
  return r.src.toString('utf8', r.at, r.end);
}

function decodeObject(r: KeyReader): JsonbObject {
  const count = readCount(r);
  const keys: string[] = [];
  const values: JsonbNode[] = [];
  for (let i = 0; i < count; i++) {
    keys.push(readString(r));
    values.push(decodeNode(r));
  }
  return new JsonbObject(keys, values);
}

function decodeNode(r: KeyReader): JsonbNode {
  const tag = r.byte();
  switch (tag) {
    case K_NULL:
      return null;
    case K_FALSE:
      return false;
    case K_TRUE:
      return true;
    case K_STRING:
      return readString(r);
    case K_NUMBER:
      return decodeNumericKey(r);
    case K_ARRAY: {
      const count = readCount(r);
      const items: JsonbNode[] = [];
      for (let i = 0; i < count; i++) items.push(decodeNode(r));
      return items;
    }
    case K_OBJECT:
      return decodeObject(r);
    default:
      throw corruptKey(`jsonb tag ${tag}`);
  }
}
