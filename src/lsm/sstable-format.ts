// The byte format of an SSTable (`lsm/<number>.sst`): an immutable file of entries (key, CSN,
// value or tombstone) sorted by key ascending (unsigned bytes), then CSN descending. Pure
// encode/decode, no I/O; all integers little-endian; a CSN (< 2^53) is stored as two u32 halves.
// Invariant: every byte of the file is covered by a CRC-32C (blocks by their trailer, sections by
// the footer, the footer by itself); any mismatch or impossible field is a DbError XX001 naming
// the file, never data.
//
// File: | data block 0 | … | data block B-1 | index section | filter section | meta section | footer |
//
// Data block, as stored (index: offset, stored size S):   Entry (in the uncompressed contents):
// | offset | size | field                               | | size | field                          |
// |--------|------|-------------------------------------| |------|--------------------------------|
// | 0      | S-5  | contents, lz4 (lz4-napi block) / raw | | 4    | key length K (u32)             |
// | S-5    | 1    | codec: 0 raw, 1 lz4                  | | 8    | CSN (u32 low, u32 high)        |
// | S-4    | 4    | CRC-32C of bytes 0..S-4              | | 4    | value length V; 0xFFFFFFFF =   |
// Contents are whole entries (~16 KiB; one large entry      | |      | tombstone, no value bytes      |
// makes a larger block), exactly as many as the index says.  | K, V | key, value                     |
//
// Index section: block count B (u32), then per block:    Meta section:
// | size | field                                    |    | size | field                        |
// |------|------------------------------------------|    |------|------------------------------|
// | 4    | last key length K (u32)                  |    | 4    | smallest key length (u32)    |
// | K    | last key of the block                    |    | ...  | smallest key                 |
// | 8    | block offset (u64)                       |    | 4    | largest key length (u32)     |
// | 4    | stored size (u32, trailer included)      |    | ...  | largest key                  |
// | 4    | uncompressed size (u32)                  |
// | 4    | entry count (u32)                        |    Filter section: see bloom.ts.
// | 4    | bloom partition of the block (u32)       |
//
// Footer (FOOTER_SIZE = 80 bytes, at the end of the file):
// | offset | size | field                          | offset | size | field                        |
// |--------|------|--------------------------------|--------|------|------------------------------|
// | 0      | 8    | index offset = data length     | 40     | 8    | min CSN                      |
// | 8      | 4    | index length                   | 48     | 8    | max CSN                      |
// | 12     | 4    | filter length                  | 56     | 4    | data block count             |
// | 16     | 4    | meta length                    | 60     | 4    | format version = 1           |
// | 20     | 12   | CRC-32C of index, filter, meta | 64     | 8    | magic "TLSST\0\0\0"          |
// | 32     | 8    | entry count                    | 72     | 4    | reserved (0)                 |
//                                                   | 76     | 4    | CRC-32C of bytes 0..76       |
import { crc32c } from '@node-rs/crc32';
import type { LsmEntry } from './entry.js';
import { compressSync, uncompressSync } from 'lz4-napi';
import { DbError, SqlState } from '../errors.js';

export const SST_MAGIC = Buffer.from('TLSST\0\0\0', 'latin1');
export const SST_VERSION = 1;
export const FOOTER_SIZE = 80;
export const BLOCK_TRAILER_SIZE = 5;
export const ENTRY_HEADER_SIZE = 16;
export const TOMBSTONE_LENGTH = 0xffff_ffff;
/** Uncompressed bytes at which a data block is cut. */
export const DEFAULT_BLOCK_SIZE = 16 * 1024;
/** Largest key or value accepted (1 GiB). */
export const MAX_FIELD_LENGTH = 0x4000_0000;
export const CODEC_RAW = 0;
export const CODEC_LZ4 = 1;

/** An SSTable holds LSM entries (entry.ts): key, CSN, value or null for a tombstone. */
export type SstEntry = LsmEntry;

export interface BlockHandle {
  lastKey: Buffer;
  offset: number;
  storedSize: number;
  uncompressedSize: number;
  entryCount: number;
  partition: number;
}

export interface Footer {
  indexOffset: number;
  indexLength: number;
  filterLength: number;
  metaLength: number;
  indexCrc: number;
  filterCrc: number;
  metaCrc: number;
  entryCount: number;
  minCsn: number;
  maxCsn: number;
  blockCount: number;
}

/** The error for damaged SSTable bytes. */
export function corruptSstable(path: string, reason: string): DbError {
  return new DbError(SqlState.DataCorrupted, `SSTable "${path}" is corrupt: ${reason}`);
}

export const writeCsn = (buf: Buffer, csn: number, at: number): void => {
  buf.writeUInt32LE(csn % 0x1_0000_0000, at);
  buf.writeUInt32LE(Math.floor(csn / 0x1_0000_0000), at + 4);
};
export const readCsn = (buf: Buffer, at: number): number => buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x1_0000_0000;

export const entrySize = (e: SstEntry): number => ENTRY_HEADER_SIZE + e.key.length + (e.value?.length ?? 0);

/** Writes one entry at `at`; returns the offset after it. */
export function encodeEntry(out: Buffer, at: number, e: SstEntry): number {
  out.writeUInt32LE(e.key.length, at);
  writeCsn(out, e.csn, at + 4);
  out.writeUInt32LE(e.value === null ? TOMBSTONE_LENGTH : e.value.length, at + 12);
  at += ENTRY_HEADER_SIZE;
  at += e.key.copy(out, at);
  if (e.value !== null) at += e.value.copy(out, at);
  return at;
}

/** A block as stored: lz4 contents (raw when lz4 saves under 1/16), codec byte, CRC-32C. */
export function frameBlock(contents: Buffer): Buffer {
  const packed = compressSync(contents);
  const lz4 = packed.length <= contents.length - (contents.length >>> 4);
  const body = lz4 ? packed : contents;
  const out = Buffer.allocUnsafe(body.length + BLOCK_TRAILER_SIZE);
  body.copy(out, 0);
  out.writeUInt8(lz4 ? CODEC_LZ4 : CODEC_RAW, body.length);
  out.writeUInt32LE(crc32c(out.subarray(0, body.length + 1)), body.length + 1);
  return out;
}

/** The contents of a stored block, checked against its CRC and its uncompressed size. */
export function unframeBlock(stored: Buffer, uncompressedSize: number, corrupt: (reason: string) => Error): Buffer {
  const end = stored.length - BLOCK_TRAILER_SIZE;
  if (end < 0 || crc32c(stored.subarray(0, end + 1)) !== stored.readUInt32LE(end + 1)) throw corrupt('block checksum mismatch');
  const codec = stored[end]!;
  let contents: Buffer;
  if (codec === CODEC_RAW) contents = stored.subarray(0, end);
  else if (codec === CODEC_LZ4) {
    try {
      contents = uncompressSync(stored.subarray(0, end));
    } catch (err) {
      throw corrupt(`block does not decompress: ${err instanceof Error ? err.message : String(err)}`);
    }
  } else throw corrupt(`unknown block codec ${codec}`);
  if (contents.length !== uncompressedSize) throw corrupt(`block holds ${contents.length} bytes, the index says ${uncompressedSize}`);
  return contents;
}

/** A data block's contents parsed into arrays (entry i: key at keyStart[i], valueLength -1 = tombstone). */
export interface DecodedBlock {
  data: Buffer;
  count: number;
  keyStart: Uint32Array;
  keyLength: Uint32Array;
  csn: Float64Array;
  valueLength: Int32Array;
}

export const blockKey = (b: DecodedBlock, i: number): Buffer => b.data.subarray(b.keyStart[i]!, b.keyStart[i]! + b.keyLength[i]!);

export function blockValue(b: DecodedBlock, i: number): Buffer | null {
  const length = b.valueLength[i]!;
  if (length < 0) return null;
  const start = b.keyStart[i]! + b.keyLength[i]!;
  return b.data.subarray(start, start + length);
}

/** Parses uncompressed block contents that must hold exactly `count` entries. */
export function decodeBlock(data: Buffer, count: number, corrupt: (reason: string) => Error): DecodedBlock {
  const block: DecodedBlock = {
    data,
    count,
    keyStart: new Uint32Array(count),
    keyLength: new Uint32Array(count),
    csn: new Float64Array(count),
    valueLength: new Int32Array(count),
  };
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (data.length - p < ENTRY_HEADER_SIZE) throw corrupt(`entry ${i} runs past its block`);
    const keyLength = data.readUInt32LE(p);
    const valueLength = data.readUInt32LE(p + 12);
    const stored = valueLength === TOMBSTONE_LENGTH ? 0 : valueLength;
    if (data.length - p - ENTRY_HEADER_SIZE < keyLength + stored) throw corrupt(`entry ${i} runs past its block`);
    block.keyStart[i] = p + ENTRY_HEADER_SIZE;
    block.keyLength[i] = keyLength;
    block.csn[i] = readCsn(data, p + 4);
    block.valueLength[i] = valueLength === TOMBSTONE_LENGTH ? -1 : valueLength;
    p += ENTRY_HEADER_SIZE + keyLength + stored;
  }
  if (p !== data.length) throw corrupt(`${data.length - p} stray bytes after the entries of a block`);
  return block;
}

export const indexEntrySize = (h: BlockHandle): number => 28 + h.lastKey.length;

export function encodeIndex(handles: readonly BlockHandle[]): Buffer {
  const out = Buffer.alloc(4 + handles.reduce((n, h) => n + indexEntrySize(h), 0));
  out.writeUInt32LE(handles.length, 0);
  let p = 4;
  for (const h of handles) {
    out.writeUInt32LE(h.lastKey.length, p);
    p += 4 + h.lastKey.copy(out, p + 4);
    out.writeBigUInt64LE(BigInt(h.offset), p);
    out.writeUInt32LE(h.storedSize, p + 8);
    out.writeUInt32LE(h.uncompressedSize, p + 12);
    out.writeUInt32LE(h.entryCount, p + 16);
    out.writeUInt32LE(h.partition, p + 20);
    p += 24;
  }
  return out;
}

/** Parses the index; checks that blocks tile the data region [0, dataLength) in order. */
export function decodeIndex(buf: Buffer, dataLength: number, corrupt: (reason: string) => Error): BlockHandle[] {
  if (buf.length < 4) throw corrupt('index section shorter than its count');
  const count = buf.readUInt32LE(0);
  const handles: BlockHandle[] = [];
  let p = 4;
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (buf.length - p < 4 || buf.length - p - 4 < buf.readUInt32LE(p) + 24) throw corrupt(`index entry ${i} runs past the section`);
    const keyLength = buf.readUInt32LE(p);
    const lastKey = Buffer.from(buf.subarray(p + 4, p + 4 + keyLength));
    p += 4 + keyLength;
    const h: BlockHandle = {
      lastKey,
      offset: Number(buf.readBigUInt64LE(p)),
      storedSize: buf.readUInt32LE(p + 8),
      uncompressedSize: buf.readUInt32LE(p + 12),
      entryCount: buf.readUInt32LE(p + 16),
      partition: buf.readUInt32LE(p + 20),
    };
    p += 24;
    const prev = handles[i - 1];
    if (h.offset !== offset || h.storedSize <= BLOCK_TRAILER_SIZE || h.entryCount === 0) throw corrupt(`index entry ${i} is malformed`);
    if (prev !== undefined && (Buffer.compare(prev.lastKey, lastKey) > 0 || h.partition < prev.partition)) throw corrupt(`index entry ${i} is out of order`);
    offset += h.storedSize;
    handles.push(h);
  }
  if (p !== buf.length) throw corrupt(`${buf.length - p} stray bytes after the index`);
  if (offset !== dataLength) throw corrupt(`blocks cover ${offset} bytes of a ${dataLength}-byte data region`);
  return handles;
}

export function encodeMeta(smallest: Buffer, largest: Buffer): Buffer {
  const out = Buffer.alloc(8 + smallest.length + largest.length);
  out.writeUInt32LE(smallest.length, 0);
  smallest.copy(out, 4);
  out.writeUInt32LE(largest.length, 4 + smallest.length);
  largest.copy(out, 8 + smallest.length);
  return out;
}

export function decodeMeta(buf: Buffer, corrupt: (reason: string) => Error): { smallest: Buffer; largest: Buffer } {
  const a = buf.length >= 4 ? buf.readUInt32LE(0) : -1;
  const b = a >= 0 && buf.length - 8 >= a ? buf.readUInt32LE(4 + a) : -1;
  if (b < 0 || 8 + a + b !== buf.length) throw corrupt('meta section is malformed');
  return { smallest: Buffer.from(buf.subarray(4, 4 + a)), largest: Buffer.from(buf.subarray(8 + a, 8 + a + b)) };
}

export function encodeFooter(f: Footer): Buffer {
  const out = Buffer.alloc(FOOTER_SIZE);
  out.writeBigUInt64LE(BigInt(f.indexOffset), 0);
  out.writeUInt32LE(f.indexLength, 8);
  out.writeUInt32LE(f.filterLength, 12);
  out.writeUInt32LE(f.metaLength, 16);
  out.writeUInt32LE(f.indexCrc, 20);
  out.writeUInt32LE(f.filterCrc, 24);
  out.writeUInt32LE(f.metaCrc, 28);
  out.writeBigUInt64LE(BigInt(f.entryCount), 32);
  writeCsn(out, f.minCsn, 40);
  writeCsn(out, f.maxCsn, 48);
  out.writeUInt32LE(f.blockCount, 56);
  out.writeUInt32LE(SST_VERSION, 60);
  SST_MAGIC.copy(out, 64);
  out.writeUInt32LE(crc32c(out.subarray(0, 76)), 76);
  return out;
}

/** Parses and checks the footer of a file of `fileSize` bytes. */
export function decodeFooter(buf: Buffer, fileSize: number, corrupt: (reason: string) => Error): Footer {
  if (buf.length !== FOOTER_SIZE) throw corrupt(`file of ${fileSize} bytes is shorter than a footer`);
  if (!buf.subarray(64, 72).equals(SST_MAGIC)) throw corrupt('bad magic');
  if (crc32c(buf.subarray(0, 76)) !== buf.readUInt32LE(76)) throw corrupt('footer checksum mismatch');
  if (buf.readUInt32LE(60) !== SST_VERSION) throw corrupt(`unknown format version ${buf.readUInt32LE(60)}`);
  const f: Footer = {
    indexOffset: Number(buf.readBigUInt64LE(0)),
    indexLength: buf.readUInt32LE(8),
    filterLength: buf.readUInt32LE(12),
    metaLength: buf.readUInt32LE(16),
    indexCrc: buf.readUInt32LE(20),
    filterCrc: buf.readUInt32LE(24),
    metaCrc: buf.readUInt32LE(28),
    entryCount: Number(buf.readBigUInt64LE(32)),
    minCsn: readCsn(buf, 40),
    maxCsn: readCsn(buf, 48),
    blockCount: buf.readUInt32LE(56),
  };
  if (f.indexOffset + f.indexLength + f.filterLength + f.metaLength + FOOTER_SIZE !== fileSize) {
    throw corrupt(`sections (${f.indexOffset} + ${f.indexLength} + ${f.filterLength} + ${f.metaLength} + footer) do not add up to ${fileSize} bytes`);
  }
  return f;
}

/** Checks a section against its CRC from the footer. */
export function checkSection(name: string, section: Buffer, crc: number, corrupt: (reason: string) => Error): void {
  if (crc32c(section) !== crc) throw corrupt(`${name} section checksum mismatch`);
}
