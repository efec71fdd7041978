// The in-memory jsonb value: a parsed, normalised JSON tree, as PostgreSQL's jsonb keeps it.
//
//   JSON             JsonbNode
//   null             null
//   true / false     boolean
//   string           string (de-escaped)
//   number           Numeric (finite; its scale kept, so 2.50 prints as 2.50)
//   array            JsonbNode[]
//   object           JsonbObject
//
// A SQL jsonb value is a Jsonb wrapping the root node, so a JSON null or true never meets SQL
// NULL or a bool in the Value union.
// Invariant: a JsonbObject's keys are unique and sorted as PostgreSQL stores them (shorter
// UTF-8 length first, then bytewise); makeObject() establishes it (the last duplicate wins).
// Nodes are never modified after construction: functions build new nodes and share old ones.
import type { Numeric } from './numeric.js';

export type JsonbNode = null | boolean | string | Numeric | JsonbNode[] | JsonbObject;

export class JsonbObject {
  /** Requires: keys unique and in compareKeys order (use makeObject otherwise). */
  constructor(
    readonly keys: readonly string[],
    readonly values: readonly JsonbNode[],
  ) {}

  get size(): number {
    return this.keys.length;
  }

  /** Index of `key`, or -1. */
  indexOf(key: string): number {
    const keys = this.keys;
    if (keys.length <= 8) return keys.indexOf(key);
    let lo = 0;
    let hi = keys.length - 1;
    const len = utf8Length(key);
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareKeysWithLength(keys[mid]!, key, len);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The value under `key`, or undefined when there is none. */
  get(key: string): JsonbNode | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }
}

/** A SQL jsonb value. */
export class Jsonb {
  constructor(readonly root: JsonbNode) {}
}

/**
 * An object from pairs in any order: sorted in key order, the last of equal keys kept.
 * The arrays given may become the object's own: callers must not change them afterwards.
 */
export function makeObject(keys: string[], values: JsonbNode[]): JsonbObject {
  const n = keys.length;
  // insertion sort, stable, on the pairs themselves: objects are usually small
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (compareKeys(keys[i - 1]!, keys[i]!) >= 0) {
      sorted = false;
      break;
    }
  }
  if (sorted) return new JsonbObject(keys, values);
  if (n > 32) return sortLarge(keys, values);
  const k = keys.slice();
  const v = values.slice();
  for (let i = 1; i < n; i++) {
    const key = k[i]!;
    const value = v[i]!;
    let j = i - 1;
    while (j >= 0 && compareKeys(k[j]!, key) > 0) {
      k[j + 1] = k[j]!;
      v[j + 1] = v[j]!;
      j--;
    }
    k[j + 1] = key;
    v[j + 1] = value;
  }
  return dropEarlierDuplicates(k, v);
}

function sortLarge(keys: readonly string[], values: readonly JsonbNode[]): JsonbObject {
  const lengths = keys.map(utf8Length);
  const order = Array.from({ length: keys.length }, (_, i) => i);
  order.sort((a, b) => {
    const la = lengths[a]!;
    const lb = lengths[b]!;
    if (la !== lb) return la - lb;
    return compareCodePoints(keys[a]!, keys[b]!) || a - b;
  });
  return dropEarlierDuplicates(
    order.map((i) => keys[i]!),
    order.map((i) => values[i]!),
  );
}

/** Pairs sorted stably by key: of each run of equal keys, keeps the last (the latest given). */
function dropEarlierDuplicates(keys: string[], values: JsonbNode[]): JsonbObject {
  let out = 0;
  for (let i = 0; i < keys.length; i++) {
    if (i + 1 < keys.length && keys[i + 1] === keys[i]) continue;
    keys[out] = keys[i]!;
    values[out] = values[i]!;
    out++;
  }
  keys.length = out;
  values.length = out;
  return new JsonbObject(keys, values);
}

/** PostgreSQL's stored key order (lengthCompareJsonbStringValue): -1, 0 or 1. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return compareKeysWithLength(a, b, utf8Length(b));
}

function compareKeysWithLength(a: string, b: string, bLength: number): number {
  const la = utf8Length(a);
  if (la !== bLength) return la < bLength ? -1 : 1;
  return compareCodePoints(a, b);
}

/** Byte length of a string's UTF-8 encoding. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Code point (= UTF-8 byte) order of two strings: -1, 0 or 1. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // surrogates (U+10000 and up) sort above U+E000..U+FFFF in code point order
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export type JsonbKind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

/** The kind of a node, as jsonb_typeof names it. */
export function jsonbKind(node: JsonbNode): JsonbKind {
  if (node === null) return 'null';
  switch (typeof node) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
  }
  if (Array.isArray(node)) return 'array';
  if (node instanceof JsonbObject) return 'object';
  return 'number';
}

/** A scalar root (PostgreSQL's "raw scalar" pseudo-array), as opposed to an array or object. */
export function isScalar(node: JsonbNode): boolean {
  return !(Array.isArray(node) || node instanceof JsonbObject);
}
