// jsonb's btree order and equality, as PostgreSQL's compareJsonbContainers defines them.
//
// Kinds order: object > array > boolean > number > string > null. Within a kind: arrays by
// element count, then element by element; objects by pair count, then pair by pair in stored
// key order (key text in the C collation, then value); numbers by numeric value (1.0 = 1);
// strings bytewise; false < true. A scalar root is a one-element "raw scalar" array: it sorts
// below a non-empty array but above an empty one (PostgreSQL's historical quirk: `[]` < `null`).
// Invariant: compareJsonb returns -1, 0 or 1 and is a total order consistent with
// jsonbEqual; storage/encoding/jsonb-key.ts encodes the same order in bytes.
import { Numeric } from './numeric.js';
import { compareCodePoints, Jsonb, JsonbObject, isScalar, type JsonbNode } from './jsonb-value.js';

/** PostgreSQL's enum order of JsonbValue types: null, string, numeric, bool, array, object. */
export function kindRank(node: JsonbNode): number {
  if (node === null) return 0;
  switch (typeof node) {
    case 'string':
      return 1;
    case 'boolean':
      return 3;
  }
  if (node instanceof Numeric) return 2;
  if (Array.isArray(node)) return 4;
  return 5;
}

/** Order of two jsonb values: -1, 0 or 1. */
export function compareJsonb(a: Jsonb, b: Jsonb): number {
  return compareRoots(a.root, b.root);
}

export function compareRoots(a: JsonbNode, b: JsonbNode): number {
  const aScalar = isScalar(a);
  const bScalar = isScalar(b);
  if (!aScalar && !bScalar) return compareNodes(a, b);
  const aObject = a instanceof JsonbObject;
  const bObject = b instanceof JsonbObject;
  if (aObject || bObject) return aObject && bObject ? compareNodes(a, b) : aObject ? 1 : -1;
  // both are arrays or raw scalars (one-element pseudo-arrays)
  const aCount = aScalar ? 1 : (a as JsonbNode[]).length;
  const bCount = bScalar ? 1 : (b as JsonbNode[]).length;
  if (aCount !== bCount) return aCount > bCount ? 1 : -1;
  if (aScalar !== bScalar) return aScalar ? -1 : 1;
  return compareNodes(a, b); // two scalars
}

/** Order of two nested values (no raw-scalar rule). */
export function compareNodes(a: JsonbNode, b: JsonbNode): number {
  const ra = kindRank(a);
  const rb = kindRank(b);
  if (ra !== rb) return ra > rb ? 1 : -1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return compareCodePoints(a as string, b as string);
    case 2:
      return (a as Numeric).compare(b as Numeric);
    case 3:
      return a === b ? 0 : a ? 1 : -1;
    case 4: {
      const x = a as JsonbNode[];
      const y = b as JsonbNode[];
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
      for (let i = 0; i < x.length; i++) {
        const c = compareNodes(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: {
      const x = a as JsonbObject;
      const y = b as JsonbObject;
      if (x.size !== y.size) return x.size > y.size ? 1 : -1;
      for (let i = 0; i < x.size; i++) {
        const k = compareCodePoints(x.keys[i]!, y.keys[i]!);
        if (k !== 0) return k;
        const c = compareNodes(x.values[i]!, y.values[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

export function jsonbEqual(a: Jsonb, b: Jsonb): boolean {
  return compareRoots(a.root, b.root) === 0;
}

/** Equality of nested values (numbers by value, as jsonb equality compares them). */
export function nodesEqual(a: JsonbNode, b: JsonbNode): boolean {
  return compareNodes(a, b) === 0;
}
