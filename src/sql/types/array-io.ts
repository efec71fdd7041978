// TypeIO for array types, built from the element type's TypeIO: text through array-text.ts
// (array_in / array_out), binary through array-binary.ts (array_recv / array_send). The
// array's typmod is its elements' typmod and is passed to every element's input, as PostgreSQL
// does. int2vector and oidvector have their own text form (numbers separated by spaces,
// 0-based, one dimension, no NULLs) and check received arrays for that shape.
import { hasNulls, vectorOf, type ArrayTypeInfo } from './array.js';
import { receiveArray, sendArray } from './array-binary.js';
import { formatArrayText, parseArrayText } from './array-text.js';
import { badBinaryFormat, invalidSyntax, valueOutOfRange } from './errors.js';
import { Oid } from './oids.js';
import { isSpace } from './text-util.js';
import type { TypeIO } from './typeio.js';
import type { ArrayValue, Value } from './value.js';

/** The TypeIO of an array type whose elements use `elem`. */
export function makeArrayIO(info: ArrayTypeInfo, elem: TypeIO): TypeIO {
  if (info.vector) return makeVectorIO(info.elementType, elem);
  const { elementType, delimiter } = info;
  return {
    input: (text, typmod, ctx) => parseArrayText(text, elementType, delimiter, (s) => (s === null ? null : elem.input(s, typmod, ctx))),
    output: (value, ctx) => formatArrayText(value as ArrayValue, delimiter, (v) => elem.output(v, ctx)),
    receive: (data, typmod, ctx) => receiveArray(data, elementType, (b) => elem.receive(b, typmod, ctx)),
    send: (value, ctx) => sendArray(value as ArrayValue, (v) => elem.send(v, ctx)),
  };
}

function makeVectorIO(elementType: number, elem: TypeIO): TypeIO {
  const isInt2 = elementType === Oid.int2;
  const name = isInt2 ? 'int2vector' : 'oidvector';
  return {
    input: (text) => vectorOf(elementType, isInt2 ? parseInt2Vector(text) : parseOidVector(text)),
    output: (value) => (value as ArrayValue).elements.map((e) => String(e)).join(' '),
    receive(data, typmod, ctx) {
      const a = receiveArray(data, elementType, (b) => elem.receive(b, typmod, ctx));
      if (a.dims.length !== 1 || hasNulls(a) || a.lowerBounds[0] !== 0) throw badBinaryFormat(`invalid ${name} data`);
      return a;
    },
    send: (value, ctx) => sendArray(value as ArrayValue, (v) => elem.send(v, ctx)),
  };
}

/** int2vectorin: smallints separated by white space, each ended by a space or the end. */
function parseInt2Vector(text: string): Value[] {
  const out: Value[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const rest = text.slice(i);
    const m = /^[+-]?\d+/.exec(rest);
    if (!m) throw invalidSyntax('smallint', rest);
    const v = Number(m[0]);
    if (!(v >= -32768 && v <= 32767)) throw valueOutOfRange('smallint', rest);
    const next = rest.charCodeAt(m[0].length);
    if (m[0].length < rest.length && next !== 32) throw invalidSyntax('smallint', rest);
    out.push(v === 0 ? 0 : v);
    i += m[0].length;
  }
  return out;
}

/** oidvectorin: oids as strtoul reads them (so -1 is 4294967295), separated by white space. */
function parseOidVector(text: string): Value[] {
  const out: Value[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const rest = text.slice(i);
    const m = /^([+-]?)(\d+)/.exec(rest);
    if (!m) throw invalidSyntax('oid', rest);
    const magnitude = BigInt(m[2]!);
    let v: number;
    if (m[1] === '-') {
      if (magnitude > 0x80000000n) throw valueOutOfRange('oid', rest);
      v = Number((0x100000000n - magnitude) & 0xffffffffn);
    } else {
      if (magnitude > 0xffffffffn) throw valueOutOfRange('oid', rest);
      v = Number(magnitude);
    }
    out.push(v);
    i += m[0].length;
  }
  return out;
}
