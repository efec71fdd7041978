// jsonb comparison operators and btree/hash support (jsonb_cmp, jsonb_hash(_extended)),
// containment (@>, <@) and key existence (?, ?|, ?&), with PostgreSQL's semantics:
// - containment walks the right side: each of its object pairs must match a pair of the left
//   object (nested containers recursively), each of its array elements must be found among the
//   left array's elements; a scalar root is a one-element array, which an array may contain but
//   which contains no array; objects and non-objects never contain one another at the root;
// - existence looks at the top level only: object keys, or string elements of an array.
// Requires: no null arguments (all are strict); NULL elements of a key array are skipped.
import { compareJsonb, nodesEqual } from '../../types/jsonb-compare.js';
import { jsonbHash, jsonbHashExtended } from '../../types/jsonb-hash.js';
import { Jsonb, JsonbObject, isScalar, type JsonbNode } from '../../types/jsonb-value.js';
import type { ArrayValue, Value } from '../../types/value.js';
import type { FunctionTable } from './registry.js';

const cmp = (a: Value[]) => compareJsonb(a[0] as Jsonb, a[1] as Jsonb);

/** JsonbDeepContains on two roots (after the root object/non-object check). */
function contains(val: JsonbNode, sub: JsonbNode): boolean {
  if (sub instanceof JsonbObject) {
    if (!(val instanceof JsonbObject) || val.size < sub.size) return false;
    for (let i = 0; i < sub.size; i++) {
      const lhs = val.get(sub.keys[i]!);
      if (lhs === undefined) return false;
      const rhs = sub.values[i]!;
      // a pair's value matches: scalars by equality, containers of one kind by containment
      const lScalar = isScalar(lhs);
      if (lScalar !== isScalar(rhs)) return false;
      if (lScalar ? !nodesEqual(lhs, rhs) : Array.isArray(lhs) !== Array.isArray(rhs) || !contains(lhs, rhs)) return false;
    }
    return true;
  }
  // arrays and raw scalars (one-element pseudo-arrays)
  if (val instanceof JsonbObject) return false;
  const subScalar = isScalar(sub);
  if (isScalar(val) && !subScalar) return false;
  const lhs = isScalar(val) ? [val] : (val as JsonbNode[]);
  const rhs = subScalar ? [sub] : (sub as JsonbNode[]);
  for (const elem of rhs) {
    let found = false;
    const elemScalar = isScalar(elem);
    for (let i = 0; i < lhs.length && !found; i++) {
      const l = lhs[i]!;
      if (isScalar(l) !== elemScalar) continue;
      found = elemScalar ? nodesEqual(l, elem) : contains(l, elem);
    }
    if (!found) return false;
  }
  return true;
}

export function jsonbContains(val: Jsonb, sub: Jsonb): boolean {
  if (val.root instanceof JsonbObject !== sub.root instanceof JsonbObject) return false;
  return contains(val.root, sub.root);
}

/** findJsonbValueFromContainer for a key: an object key, or a string element of an array. */
export function jsonbHasKey(root: JsonbNode, key: string): boolean {
  if (root instanceof JsonbObject) return root.indexOf(key) >= 0;
  if (Array.isArray(root)) return root.some((e) => e === key);
  return root === key; // a raw scalar string
}

function keysOf(a: Value): string[] {
  return (a as ArrayValue).elements.filter((e): e is string => e !== null);
}

export const jsonbOpsFunctions: FunctionTable = {
  jsonb_eq: (a) => cmp(a) === 0,
  jsonb_ne: (a) => cmp(a) !== 0,
  jsonb_lt: (a) => cmp(a) < 0,
  jsonb_le: (a) => cmp(a) <= 0,
  jsonb_gt: (a) => cmp(a) > 0,
  jsonb_ge: (a) => cmp(a) >= 0,
  jsonb_cmp: cmp,
  jsonb_hash: (a) => jsonbHash(a[0] as Jsonb),
  jsonb_hash_extended: (a) => jsonbHashExtended(a[0] as Jsonb, a[1] as bigint),
  jsonb_contains: (a) => jsonbContains(a[0] as Jsonb, a[1] as Jsonb),
  jsonb_contained: (a) => jsonbContains(a[1] as Jsonb, a[0] as Jsonb),
  jsonb_exists: (a) => jsonbHasKey((a[0] as Jsonb).root, a[1] as string),
  jsonb_exists_any: (a) => keysOf(a[1]!).some((k) => jsonbHasKey((a[0] as Jsonb).root, k)),
  jsonb_exists_all: (a) => keysOf(a[1]!).every((k) => jsonbHasKey((a[0] as Jsonb).root, k)),
};
