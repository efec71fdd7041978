// Bloom filters of an SSTable, partitioned: one filter per range of data blocks, so a lookup
// probes only the partition of the one block that could hold the key. Pure bytes, no I/O.
// Invariant: mayContain(key) is true for every key added (no false negatives); false positives
// run about 1% at the default 10 bits per key and 7 probes (double hashing over two 32-bit
// hashes computed in one pass over the key). Decoding checks structure; the CRC is the caller's.
//
// Partition (one filter; 8 + M/8 bytes):        Filter section (all partitions of a file):
// | offset | size | field                 |     | size  | field                                 |
// |--------|------|-----------------------|     |-------|---------------------------------------|
// | 0      | 1    | probe count k (1..30) |     | 4     | partition count P (u32)               |
// | 1      | 3    | reserved (0)          |     | 8 × P | per partition: offset (u32) from the  |
// | 4      | 4    | keys added (u32)      |     |       | section start, length (u32)           |
// | 8      | M/8  | bit array, M bits     |     | ...   | the partitions, in order              |
//
// Bit b of the array is bit (b & 7) of byte (b >>> 3). M is a multiple of 64, at least 64.
import { DbError, SqlState } from '../errors.js';

export const DEFAULT_BITS_PER_KEY = 10;
const PARTITION_HEADER = 8;
const MAX_PROBES = 30;

/** Two 32-bit hashes of `key` (murmur-style mixing, two seeds, one pass), written to out[0..2]. */
export function hashKey(key: Buffer, out: Uint32Array): void {
  const len = key.length;
  let h1 = 0x9747b28c ^ len;
  let h2 = 0x2545f491 ^ Math.imul(len, 0x01000193);
  const whole = len & ~3;
  let i = 0;
  for (; i < whole; i += 4) {
    const k = mixWord(key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24));
    h1 ^= k;
    h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
    h2 ^= k;
    h2 = (Math.imul((h2 << 15) | (h2 >>> 17), 9) + 0x7f4a7c15) | 0;
  }
  let tail = 0;
  for (let shift = 0; i < len; i++, shift += 8) tail |= key[i]! << shift;
  const k = mixWord(tail);
  out[0] = finalMix(h1 ^ k);
  out[1] = finalMix(h2 ^ Math.imul(k, 0x27d4eb2f) ^ 0x5bd1e995);
}

function mixWord(word: number): number {
  const k = Math.imul(word, 0xcc9e2d51);
  return Math.imul((k << 15) | (k >>> 17), 0x1b873593);
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Probes for ~minimal false positives at `bitsPerKey` bits per key: round(bits · ln 2). */
export function probesFor(bitsPerKey: number): number {
  return Math.min(MAX_PROBES, Math.max(1, Math.round(bitsPerKey * Math.LN2)));
}

/** Builds one partition from the hashes of its keys. */
function buildPartition(hashes: Uint32Array, keys: number, bitsPerKey: number): Buffer {
  const bits = Math.max(64, Math.ceil((keys * bitsPerKey) / 64) * 64);
  const k = probesFor(bitsPerKey);
  const out = Buffer.alloc(PARTITION_HEADER + bits / 8);
  out.writeUInt8(k, 0);
  out.writeUInt32LE(keys, 4);
  for (let i = 0; i < keys; i++) setProbes(out, bits, k, hashes[2 * i]!, hashes[2 * i + 1]!);
  return out;
}

function setProbes(filter: Buffer, bits: number, k: number, h1: number, h2: number): void {
  const delta = h2 | 1;
  let h = h1;
  for (let j = 0; j < k; j++) {
    const bit = h % bits;
    filter[PARTITION_HEADER + (bit >>> 3)]! |= 1 << (bit & 7);
    h = (h + delta) >>> 0;
  }
}

function probe(filter: Buffer, h1: number, h2: number): boolean {
  const k = filter[0]!;
  const bits = (filter.length - PARTITION_HEADER) * 8;
  const delta = h2 | 1;
  let h = h1;
  for (let j = 0; j < k; j++) {
    const bit = h % bits;
    if ((filter[PARTITION_HEADER + (bit >>> 3)]! & (1 << (bit & 7))) === 0) return false;
    h = (h + delta) >>> 0;
  }
  return true;
}

/** Collects key hashes partition by partition and encodes the filter section. */
export class PartitionedBloomBuilder {
  private hashes = new Uint32Array(2 * 1024);
  private keys = 0;
  private readonly partitions: Buffer[] = [];
  private readonly scratch = new Uint32Array(2);

  constructor(private readonly bitsPerKey = DEFAULT_BITS_PER_KEY) {}

  /** Partitions finished so far; the one being built has this number. */
  get partitionCount(): number {
    return this.partitions.length;
  }

  /** Keys added to the partition being built. */
  get pendingKeys(): number {
    return this.keys;
  }

  add(key: Buffer): void {
    if (2 * this.keys + 2 > this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    hashKey(key, this.scratch);
    this.hashes[2 * this.keys] = this.scratch[0]!;
    this.hashes[2 * this.keys + 1] = this.scratch[1]!;
    this.keys++;
  }

  /** Closes the partition being built (even an empty one) and starts the next. */
  finishPartition(): void {
    this.partitions.push(buildPartition(this.hashes, this.keys, this.bitsPerKey));
    this.keys = 0;
  }

  /** The filter section; requires every partition finished. */
  encode(): Buffer {
    if (this.keys !== 0) throw new DbError(SqlState.InternalError, 'bloom filter encoded with an unfinished partition');
    const directory = 4 + 8 * this.partitions.length;
    const out = Buffer.alloc(directory + this.partitions.reduce((n, p) => n + p.length, 0));
    out.writeUInt32LE(this.partitions.length, 0);
    let offset = directory;
    this.partitions.forEach((p, i) => {
      out.writeUInt32LE(offset, 4 + 8 * i);
      out.writeUInt32LE(p.length, 8 + 8 * i);
      offset += p.copy(out, offset);
    });
    return out;
  }
}

/** A decoded filter section: views of its partitions. */
export class PartitionedBloom {
  private readonly scratch = new Uint32Array(2);

  private constructor(private readonly partitions: readonly Buffer[]) {}

  get partitionCount(): number {
    return this.partitions.length;
  }

  /** Bytes of all partitions. */
  get byteSize(): number {
    return this.partitions.reduce((n, p) => n + p.length, 0);
  }

  /** Parses a filter section; `corrupt(reason)` builds the error for malformed bytes. */
  static decode(section: Buffer, corrupt: (reason: string) => Error): PartitionedBloom {
    if (section.length < 4) throw corrupt('filter section shorter than its count');
    const count = section.readUInt32LE(0);
    const directory = 4 + 8 * count;
    if (directory > section.length) throw corrupt(`filter directory of ${count} partitions runs past the section`);
    const partitions: Buffer[] = [];
    let expected = directory;
    for (let i = 0; i < count; i++) {
      const offset = section.readUInt32LE(4 + 8 * i);
      const length = section.readUInt32LE(8 + 8 * i);
      if (offset !== expected || offset + length > section.length) throw corrupt(`filter partition ${i} is out of place`);
      const part = section.subarray(offset, offset + length);
      const bits = (length - PARTITION_HEADER) * 8;
      if (length < PARTITION_HEADER + 8 || bits % 64 !== 0 || part[0]! < 1 || part[0]! > MAX_PROBES) {
        throw corrupt(`filter partition ${i} is malformed`);
      }
      partitions.push(part);
      expected = offset + length;
    }
    if (expected !== section.length) throw corrupt(`${section.length - expected} stray bytes after the filter partitions`);
    return new PartitionedBloom(partitions);
  }

  /** False when `key` was certainly not added to partition `partition`. */
  mayContain(partition: number, key: Buffer): boolean {
    const filter = this.partitions[partition];
    if (filter === undefined) throw new RangeError(`bloom partition ${partition} of ${this.partitions.length}`);
    hashKey(key, this.scratch);
    return probe(filter, this.scratch[0]!, this.scratch[1]!);
  }
}
