// The byte format of the write-ahead log (`wal/<segment>.wal`): a segment header, then frames,
// one committed transaction's redo each. Pure encode/decode, no I/O. All integers little-endian.
// Invariant: a frame's CRC covers its length field and its payload, so a frame that decodes is
// exactly the frame that was written.
//
// Segment header (SEGMENT_HEADER_SIZE = 32 bytes; written and synced before the first frame):
//
// | offset | size | field                                   |
// |--------|------|-----------------------------------------|
// | 0      | 8    | magic "TLWAL\0\0\0"                      |
// | 8      | 4    | format version (u32) = 1                |
// | 12     | 8    | segment number (u64), also the file name |
// | 20     | 8    | reserved (0)                            |
// | 28     | 4    | CRC-32C of bytes 0..28                  |
//
// Frame (FRAME_HEADER_SIZE = 8 bytes, then the payload):
//
// | offset | size | field                                            |
// |--------|------|--------------------------------------------------|
// | 0      | 4    | payload length L (u32), 21 ≤ L ≤ MAX_PAYLOAD       |
// | 4      | 4    | CRC-32C of bytes 0..4 followed by the payload    |
// | 8      | L    | payload: a commit record                         |
//
// Commit record (the payload):
//
// | size | field                                                                   |
// |------|-------------------------------------------------------------------------|
// | 1    | kind: 1 = commit                                                        |
// | 8    | CSN (u64): the commit sequence number, one more than the previous commit |
// | 4    | database OID (u32)                                                      |
// | 4    | catalog entry count C; then C entries: the catalog KV batch              |
// | 4    | relation count R; then R times: relfilenode (u32), op count N, N entries |
//
// Entry: key length K (u32), value length V (i32; -1 = delete, no value bytes), key, value.
import { crc32c } from '@node-rs/crc32';

export const SEGMENT_MAGIC = Buffer.from('TLWAL\0\0\0', 'latin1');
export const WAL_VERSION = 1;
export const SEGMENT_HEADER_SIZE = 32;
export const FRAME_HEADER_SIZE = 8;
const MIN_PAYLOAD = 21;
/** Largest record accepted (1 GiB): a bigger length field is garbage, not a record. */
export const MAX_PAYLOAD = 0x4000_0000;
const KIND_COMMIT = 1;

/** A key and its new value (null: deleted). */
export interface RedoEntry {
  key: Buffer;
  value: Buffer | null;
}

/** What one committed transaction changed: enough to redo it on the state before it. */
export interface CommitRecord {
  csn: number;
  dbOid: number;
  /** The transaction's catalog KV batch (empty for data-only commits). */
  catalog: RedoEntry[];
  /** The new contents of each changed relation file, by relfilenode. */
  relations: { relfilenode: number; entries: RedoEntry[] }[];
}

export function encodeSegmentHeader(segment: number): Buffer {
  const buf = Buffer.alloc(SEGMENT_HEADER_SIZE);
  SEGMENT_MAGIC.copy(buf, 0);
  buf.writeUInt32LE(WAL_VERSION, 8);
  buf.writeBigUInt64LE(BigInt(segment), 12);
  buf.writeUInt32LE(crc32c(buf.subarray(0, 28)), 28);
  return buf;
}

/** The segment number a header names, or an explanation of why it is not a header. */
export function decodeSegmentHeader(buf: Buffer): { segment: number } | { error: string } {
  if (buf.length < SEGMENT_HEADER_SIZE) return { error: 'file shorter than a segment header' };
  if (!buf.subarray(0, 8).equals(SEGMENT_MAGIC)) return { error: 'bad magic' };
  if (crc32c(buf.subarray(0, 28)) !== buf.readUInt32LE(28)) return { error: 'header checksum mismatch' };
  if (buf.readUInt32LE(8) !== WAL_VERSION) return { error: `unknown format version ${buf.readUInt32LE(8)}` };
  return { segment: Number(buf.readBigUInt64LE(12)) };
}

const entriesSize = (entries: readonly RedoEntry[]) => entries.reduce((n, e) => n + 8 + e.key.length + (e.value?.length ?? 0), 0);

/** Bytes of a record's frame. */
export function frameSize(record: CommitRecord): number {
  // MIN_PAYLOAD: kind, CSN, database, catalog count, relation count
  let n = MIN_PAYLOAD + entriesSize(record.catalog);
  for (const r of record.relations) n += 8 + entriesSize(r.entries);
  return FRAME_HEADER_SIZE + n;
}

function writeEntries(out: Buffer, p: number, entries: readonly RedoEntry[]): number {
  for (const { key, value } of entries) {
    out.writeUInt32LE(key.length, p);
    out.writeInt32LE(value === null ? -1 : value.length, p + 4);
    p += 8;
    p += key.copy(out, p);
    if (value !== null) p += value.copy(out, p);
  }
  return p;
}

/** Encodes a record as one frame into `out` at `offset`; returns the offset after it. */
export function encodeFrame(out: Buffer, offset: number, record: CommitRecord): number {
  const length = frameSize(record) - FRAME_HEADER_SIZE;
  if (length > MAX_PAYLOAD) throw new RangeError(`WAL record of ${length} bytes exceeds ${MAX_PAYLOAD}`);
  out.writeUInt32LE(length, offset);
  let p = offset + FRAME_HEADER_SIZE;
  out.writeUInt8(KIND_COMMIT, p);
  out.writeBigUInt64LE(BigInt(record.csn), p + 1);
  out.writeUInt32LE(record.dbOid, p + 9);
  out.writeUInt32LE(record.catalog.length, p + 13);
  p = writeEntries(out, p + 17, record.catalog);
  out.writeUInt32LE(record.relations.length, p);
  p += 4;
  for (const r of record.relations) {
    out.writeUInt32LE(r.relfilenode, p);
    out.writeUInt32LE(r.entries.length, p + 4);
    p = writeEntries(out, p + 8, r.entries);
  }
  if (p !== offset + FRAME_HEADER_SIZE + length) throw new Error(`WAL frame encoded ${p - offset} bytes, expected ${length + FRAME_HEADER_SIZE}`);
  out.writeUInt32LE(crc32c(out.subarray(offset + FRAME_HEADER_SIZE, p), crc32c(out.subarray(offset, offset + 4))), offset + 4);
  return p;
}

/** One record as a buffer of its own. */
export function encodeRecord(record: CommitRecord): Buffer {
  const out = Buffer.allocUnsafe(frameSize(record));
  encodeFrame(out, 0, record);
  return out;
}

export type FrameRead =
  | { status: 'ok'; record: CommitRecord; size: number }
  /** Too few bytes up to the end for the frame its length announces (a torn tail). */
  | { status: 'incomplete' }
  /** A checksum mismatch or an impossible length: torn or damaged bytes. */
  | { status: 'bad-checksum' }
  /** The checksum holds but the content does not parse: not something a crash produces. */
  | { status: 'malformed'; reason: string };

class Malformed extends Error {}

function readEntries(payload: Buffer, p: number, count: number, out: RedoEntry[]): number {
  for (let i = 0; i < count; i++) {
    if (payload.length - p < 8) throw new Malformed(`entry ${i} runs past the record`);
    const keyLength = payload.readUInt32LE(p);
    const valueLength = payload.readInt32LE(p + 4);
    p += 8;
    if (valueLength < -1 || payload.length - p < keyLength + Math.max(0, valueLength)) throw new Malformed(`entry ${i} runs past the record`);
    const key = Buffer.from(payload.subarray(p, p + keyLength));
    p += keyLength;
    const value = valueLength < 0 ? null : Buffer.from(payload.subarray(p, p + valueLength));
    p += Math.max(0, valueLength);
    out.push({ key, value });
  }
  return p;
}

/** Reads the frame at `offset` of `buf` (whose end is the end of the readable bytes). */
export function readFrame(buf: Buffer, offset: number): FrameRead {
  if (buf.length - offset < FRAME_HEADER_SIZE) return { status: 'incomplete' };
  const length = buf.readUInt32LE(offset);
  if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) return { status: 'bad-checksum' };
  const end = offset + FRAME_HEADER_SIZE + length;
  if (end > buf.length) return { status: 'incomplete' };
  const payload = buf.subarray(offset + FRAME_HEADER_SIZE, end);
  if (crc32c(payload, crc32c(buf.subarray(offset, offset + 4))) !== buf.readUInt32LE(offset + 4)) return { status: 'bad-checksum' };
  try {
    if (payload.readUInt8(0) !== KIND_COMMIT) throw new Malformed(`unknown record kind ${payload.readUInt8(0)}`);
    const record: CommitRecord = {
      csn: Number(payload.readBigUInt64LE(1)),
      dbOid: payload.readUInt32LE(9),
      catalog: [],
      relations: [],
    };
    let p = readEntries(payload, 17, payload.readUInt32LE(13), record.catalog);
    if (payload.length - p < 4) throw new Malformed('relation count runs past the record');
    const relations = payload.readUInt32LE(p);
    p += 4;
    for (let i = 0; i < relations; i++) {
      if (payload.length - p < 8) throw new Malformed(`relation ${i} runs past the record`);
      const entries: RedoEntry[] = [];
      const relfilenode = payload.readUInt32LE(p);
      p = readEntries(payload, p + 8, payload.readUInt32LE(p + 4), entries);
      record.relations.push({ relfilenode, entries });
    }
    if (p !== payload.length) throw new Malformed(`${payload.length - p} stray bytes after the record`);
    return { status: 'ok', record, size: end - offset };
  } catch (err) {
    if (err instanceof Malformed) return { status: 'malformed', reason: err.message };
    throw err;
  }
}
