// The row format of a jsonb value: its tree in prefix order, so reading it back needs no JSON
// parsing and restores the value exactly (key order, numeric scale).
//
//   value   := 0x01 (format version) node
//   node    := 0x00 null | 0x01 false | 0x02 true
//            | 0x03 len string                      UTF-8 bytes
//            | 0x04 scale len digits                unscaled as signed decimal ASCII
//            | 0x05 count node×count                array
//            | 0x06 count (len key node)×count      object, keys in stored order
//   len, count, scale: unsigned LEB128 varints
//
// Invariant: readJsonbRow(writeJsonbRow(v)) equals v. Requires: v follows jsonb-value.ts.
import { Numeric } from '../../sql/types/numeric.js';
import { Jsonb, JsonbObject, type JsonbNode } from '../../sql/types/jsonb-value.js';
import type { ByteWriter } from './byte-writer.js';
import { corruptRow } from './row-values.js';

const FORMAT_VERSION = 0x01;
const T_NULL = 0x00;
const T_FALSE = 0x01;
const T_TRUE = 0x02;
const T_STRING = 0x03;
const T_NUMBER = 0x04;
const T_ARRAY = 0x05;
const T_OBJECT = 0x06;

function varint(w: ByteWriter, n: number): void {
  while (n >= 0x80) {
    w.u8((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  w.u8(n);
}

function lengthPrefixed(w: ByteWriter, s: string): void {
  if (s.length < 43) {
    // at most 3 bytes per UTF-16 unit: the length fits one varint byte
    const at = w.reserve(1);
    const n = w.utf8(s); // may grow w.buf: index it only afterwards
    w.buf[at] = n;
    return;
  }
  const bytes = Buffer.from(s, 'utf8');
  varint(w, bytes.length);
  w.bytes(bytes);
}

export function writeJsonbRow(w: ByteWriter, value: Jsonb): void {
  w.u8(FORMAT_VERSION);
  writeNode(w, value.root);
}

function writeNode(w: ByteWriter, node: JsonbNode): void {
  if (node === null) return w.u8(T_NULL);
  if (node === false) return w.u8(T_FALSE);
  if (node === true) return w.u8(T_TRUE);
  if (typeof node === 'string') {
    w.u8(T_STRING);
    return lengthPrefixed(w, node);
  }
  if (Array.isArray(node)) {
    w.u8(T_ARRAY);
    varint(w, node.length);
    for (const e of node) writeNode(w, e);
    return;
  }
  if (node instanceof JsonbObject) {
    w.u8(T_OBJECT);
    varint(w, node.size);
    for (let i = 0; i < node.size; i++) {
      lengthPrefixed(w, node.keys[i]!);
      writeNode(w, node.values[i]!);
    }
    return;
  }
  const n = node as Numeric;
  w.u8(T_NUMBER);
  varint(w, n.scale);
  lengthPrefixed(w, n.unscaled.toString());
}

/** A reader over one stored jsonb value; every read checks the value's end. */
class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  byte(): number {
    if (this.pos >= this.end) throw corruptRow('jsonb value truncated');
    return this.buf[this.pos++]!;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
      if (scale > 2 ** 49) throw corruptRow('jsonb length too large');
    }
  }

  string(): string {
    const len = this.varint();
    if (this.pos + len > this.end) throw corruptRow('jsonb string past its value');
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

export function readJsonbRow(buf: Buffer, start: number, end: number): Jsonb {
  const r = new Reader(buf, start, end);
  const version = r.byte();
  if (version !== FORMAT_VERSION) throw corruptRow(`jsonb format ${version}`);
  const root = readNode(r);
  if (r.pos !== end) throw corruptRow('bytes after a jsonb value');
  return new Jsonb(root);
}

function readNode(r: Reader): JsonbNode {
  const tag = r.byte();
  switch (tag) {
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_STRING:
      return r.string();
    case T_NUMBER: {
      const scale = r.varint();
      const digits = r.string();
      if (!/^-?\d+$/.test(digits)) throw corruptRow('jsonb number');
      return Numeric.of(BigInt(digits), scale);
    }
    case T_ARRAY: {
      const count = r.varint();
      if (count > r.end - r.pos) throw corruptRow('jsonb array count');
      const items: JsonbNode[] = new Array<JsonbNode>(count);
      for (let i = 0; i < count; i++) items[i] = readNode(r);
      return items;
    }
    case T_OBJECT: {
      const count = r.varint();
      if (count > r.end - r.pos) throw corruptRow('jsonb object count');
      const keys: string[] = new Array<string>(count);
      const values: JsonbNode[] = new Array<JsonbNode>(count);
      for (let i = 0; i < count; i++) {
        keys[i] = r.string();
        values[i] = readNode(r);
      }
      return new JsonbObject(keys, values);
    }
    default:
      throw corruptRow(`jsonb tag ${tag}`);
  }
}
