// Internal keys of the LSM mirror: one ordered key space for every relation of the cluster, so
// the memtable and SSTables sort by relation first and row key second with a plain byte compare.
// Invariant: compareBytes(encode(a), encode(b)) orders by (dbOid, relfilenode, key), all
// unsigned; the prefix has a fixed length, so no escaping of the row key is needed.
//
// | offset | size | field                          |
// |--------|------|--------------------------------|
// | 0      | 4    | database OID (u32, big-endian) |
// | 4      | 4    | relfilenode (u32, big-endian)  |
// | 8      | n    | the relation's own key bytes   |
import type { KeyBound } from '../storage/cursor.js';

export const RELATION_PREFIX_SIZE = 8;

export interface DecodedInternalKey {
  dbOid: number;
  relfilenode: number;
  /** A view into the internal key (copy it to keep it past the buffer's life). */
  key: Buffer;
}

function checkU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`${name} must be a u32, got ${value}`);
}

/** The 8-byte prefix every key of one relation starts with. */
export function relationPrefix(dbOid: number, relfilenode: number): Buffer {
  checkU32('dbOid', dbOid);
  checkU32('relfilenode', relfilenode);
  const out = Buffer.allocUnsafe(RELATION_PREFIX_SIZE);
  out.writeUInt32BE(dbOid, 0);
  out.writeUInt32BE(relfilenode, 4);
  return out;
}

export function encodeInternalKey(dbOid: number, relfilenode: number, key: Buffer): Buffer {
  checkU32('dbOid', dbOid);
  checkU32('relfilenode', relfilenode);
  const out = Buffer.allocUnsafe(RELATION_PREFIX_SIZE + key.length);
  out.writeUInt32BE(dbOid, 0);
  out.writeUInt32BE(relfilenode, 4);
  key.copy(out, RELATION_PREFIX_SIZE);
  return out;
}

export function decodeInternalKey(internalKey: Buffer): DecodedInternalKey {
  if (internalKey.length < RELATION_PREFIX_SIZE) throw new RangeError(`internal key of ${internalKey.length} bytes is shorter than its prefix`);
  return {
    dbOid: internalKey.readUInt32BE(0),
    relfilenode: internalKey.readUInt32BE(4),
    key: internalKey.subarray(RELATION_PREFIX_SIZE),
  };
}

/** Bounds that select exactly one relation's keys (for LsmCursorOptions). */
export function relationBounds(dbOid: number, relfilenode: number): { lower: KeyBound; upper?: KeyBound } {
  const lower = relationPrefix(dbOid, relfilenode);
  // The next relation's prefix is the smallest key above every key of this one.
  const next = BigInt(dbOid) * 0x1_0000_0000n + BigInt(relfilenode) + 1n;
  if (next > 0xffff_ffff_ffff_ffffn) return { lower: { key: lower, inclusive: true } };
  const upper = Buffer.allocUnsafe(RELATION_PREFIX_SIZE);
  upper.writeBigUInt64BE(next, 0);
  return { lower: { key: lower, inclusive: true }, upper: { key: upper, inclusive: false } };
}
