// jsonb_hash and jsonb_hash_extended: PostgreSQL's hashes of a jsonb value, walking it in
// iterator order. Each container start XORs in its flag; each key, value and element rotates
// the hash left by one bit and XORs in the scalar's hash (hash_any for strings, hash_numeric
// for numbers, fixed codes for null, true and false). An empty array or object hashes to 0 (to
// the seed, extended). The extended hash is the same walk over 64 bits, rotating each 32-bit
// half.
// Invariant: equal jsonb values (jsonb-compare.ts) hash alike, as numbers hash by value.
import { hashBytes, hashBytesExtended, hashNumeric, hashNumericExtended, hashUint32Extended } from './hash-bytes.js';
import type { Numeric } from './numeric.js';
import { JsonbObject, isScalar, type Jsonb, type JsonbNode } from './jsonb-value.js';

const JB_FARRAY = 0x40000000;
const JB_FOBJECT = 0x20000000;

function scalarHash(node: JsonbNode): number {
  if (node === null) return 0x01;
  if (node === true) return 0x02;
  if (node === false) return 0x04;
  if (typeof node === 'string') return hashBytes(Buffer.from(node, 'utf8'));
  return hashNumeric(node as Numeric);
}

/** The int4 jsonb_hash of a value. */
export function jsonbHash(value: Jsonb): number {
  const root = value.root;
  if (Array.isArray(root) && root.length === 0) return 0;
  if (root instanceof JsonbObject && root.size === 0) return 0;
  let hash = 0;
  const add = (node: JsonbNode): void => {
    if (Array.isArray(node)) {
      hash ^= JB_FARRAY;
      for (const e of node) add(e);
    } else if (node instanceof JsonbObject) {
      hash ^= JB_FOBJECT;
      for (let i = 0; i < node.size; i++) {
        addScalar(node.keys[i]!);
        add(node.values[i]!);
      }
    } else {
      addScalar(node);
    }
  };
  const addScalar = (node: JsonbNode): void => {
    hash = ((hash << 1) | (hash >>> 31)) ^ scalarHash(node);
  };
  if (isScalar(root)) hash ^= JB_FARRAY; // a raw scalar is a one-element pseudo-array
  add(root);
  return hash | 0;
}

/** ROTATE_HIGH_AND_LOW_32BITS: each 32-bit half rotated left by one. */
function rotateHalves(v: bigint): bigint {
  return ((v << 1n) & 0xfffffffefffffffen) | ((v >> 31n) & 0x100000001n);
}

function scalarHashExtended(node: JsonbNode, seed: bigint): bigint {
  if (node === null) return BigInt.asUintN(64, seed + 1n);
  if (typeof node === 'boolean') return seed !== 0n ? hashUint32Extended(node ? 1 : 0, seed) : node ? 0x02n : 0x04n;
  if (typeof node === 'string') return hashBytesExtended(Buffer.from(node, 'utf8'), seed);
  return hashNumericExtended(node as Numeric, seed);
}

/** The int8 jsonb_hash_extended of a value with a seed (the seed itself for `[]` and `{}`). */
export function jsonbHashExtended(value: Jsonb, seed: bigint): bigint {
  const root = value.root;
  if ((Array.isArray(root) && root.length === 0) || (root instanceof JsonbObject && root.size === 0)) return seed;
  const FARRAY = (BigInt(JB_FARRAY) << 32n) | BigInt(JB_FARRAY);
  const FOBJECT = (BigInt(JB_FOBJECT) << 32n) | BigInt(JB_FOBJECT);
  let hash = 0n;
  const addScalar = (node: JsonbNode): void => {
    hash = rotateHalves(hash) ^ scalarHashExtended(node, seed);
  };
  const add = (node: JsonbNode): void => {
    if (Array.isArray(node)) {
      hash ^= FARRAY;
      for (const e of node) add(e);
    } else if (node instanceof JsonbObject) {
      hash ^= FOBJECT;
      for (let i = 0; i < node.size; i++) {
        addScalar(node.keys[i]!);
        add(node.values[i]!);
      }
    } else {
      addScalar(node);
    }
  };
  if (isScalar(root)) hash ^= FARRAY;
  add(root);
  return BigInt.asIntN(64, hash);
}
