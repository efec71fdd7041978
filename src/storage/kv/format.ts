// The byte format of the KV log (`catalog.kv`): a file header, then frames, each one batch of
// puts and deletes (or one chunk of a compacted snapshot). Pure encode/decode, no I/O.
// Invariant: a frame's CRC covers its length field and its payload, so a frame that decodes
// is exactly the frame that was written; all integers are little-endian.
//
// File header (HEADER_SIZE = 32 bytes; written once, synced before the file gets its name):
//
// | offset | size | field                                                            |
// |--------|------|------------------------------------------------------------------|
// | 0      | 8    | magic "TLKVLOG\0"                                                |
// | 8      | 4    | format version (u32) = 1                                         |
// | 12     | 8    | base sequence (u64): the last batch sequence folded into the     |
// |        |      | snapshot; the first batch frame after it has base + 1           |
// | 20     | 8    | snapshot length (u64): bytes of snapshot frames after the header |
// | 28     | 4    | CRC-32C of bytes 0..28                                           |
//
// Frame (FRAME_HEADER_SIZE = 8 bytes, then the payload):
//
// | offset | size | field                                                   |
// |--------|------|---------------------------------------------------------|
// | 0      | 4    | payload length L (u32), MIN_PAYLOAD ≤ L ≤ MAX_PAYLOAD    |
// | 4      | 4    | CRC-32C of bytes 0..4 followed by the payload           |
// | 8      | L    | payload                                                 |
//
// Payload:
//
// | offset | size | field                                                             |
// |--------|------|-------------------------------------------------------------------|
// | 0      | 1    | kind: 1 = batch, 2 = snapshot chunk                               |
// | 1      | 8    | sequence (u64): batch: its own (previous + 1); snapshot: the base |
// | 9      | 4    | group index (u32): the batch's position in its write group, 0 for |
// |        |      | the first batch of one write(2)+fdatasync; 0 in snapshot chunks  |
// | 13     | 4    | entry count n (u32)                                               |
// | 17     |      | n entries                                                         |
//
// Entry (ENTRY_OVERHEAD = 9 bytes, then key and value):
//
// | offset | size | field                                  |
// |--------|------|----------------------------------------|
// | 0      | 1    | op: 1 = put, 2 = delete                |
// | 1      | 4    | key length K (u32)                     |
// | 5      | 4    | value length V (u32), 0 for a delete   |
// | 9      | K    | key                                    |
// | 9 + K  | V    | value                                  |
import { crc32c } from '@node-rs/crc32';

export const MAGIC = Buffer.from('TLKVLOG\0', 'latin1');
export const FORMAT_VERSION = 1;
export const HEADER_SIZE = 32;
export const FRAME_HEADER_SIZE = 8;
export const PAYLOAD_PREFIX = 17;
export const MIN_PAYLOAD = PAYLOAD_PREFIX;
/** Largest payload accepted (1 GiB): a bigger length field is garbage, not a record. */
export const MAX_PAYLOAD = 0x4000_0000;
export const ENTRY_OVERHEAD = 9;

export const FrameKind = { Batch: 1, Snapshot: 2 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export const EntryOp = { Put: 1, Delete: 2 } as const;

/** One change: a put (value is a Buffer) or a delete (value undefined). */
export interface KvEntry {
  key: Buffer;
  value: Buffer | undefined;
}

export interface LogHeader {
  version: number;
  baseSeq: number;
  snapshotLength: number;
}

export interface Frame {
  kind: FrameKind;
  seq: number;
  groupIndex: number;
  entries: KvEntry[];
  /** Bytes of the whole frame (header + payload). */
  size: number;
}

/** Bytes an entry takes inside a payload. */
export function entrySize(key: Buffer, value: Buffer | undefined): number {
  return ENTRY_OVERHEAD + key.length + (value?.length ?? 0);
}

function writeU64(buf: Buffer, value: number, offset: number): void {
  buf.writeBigUInt64LE(BigInt(value), offset);
}

/** Reads a u64 that must fit a JS safe integer; larger values come back as -1 (invalid). */
function readU64(buf: Buffer, offset: number): number {
  const value = buf.readBigUInt64LE(offset);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(value);
}

export function encodeHeader(baseSeq: number, snapshotLength: number): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(buf, 0);
  buf.writeUInt32LE(FORMAT_VERSION, 8);
  writeU64(buf, baseSeq, 12);
  writeU64(buf, snapshotLength, 20);
  buf.writeUInt32LE(crc32c(buf.subarray(0, 28)), 28);
  return buf;
}

/** The header, or a reason why the first bytes are not a valid header. */
export function decodeHeader(buf: Buffer): LogHeader | string {
  if (buf.length < HEADER_SIZE) return `file is ${buf.length} bytes, shorter than the ${HEADER_SIZE}-byte header`;
  if (!buf.subarray(0, 8).equals(MAGIC)) return 'bad magic number in the header';
  if (crc32c(buf.subarray(0, 28)) !== buf.readUInt32LE(28)) return 'header checksum mismatch';
  const baseSeq = readU64(buf, 12);
  const snapshotLength = readU64(buf, 20);
  if (baseSeq < 0 || snapshotLength < 0) return 'header field out of range';
  return { version: buf.readUInt32LE(8), baseSeq, snapshotLength };
}

/** The payload size of a frame holding `entries`. */
export function payloadSize(entries: readonly KvEntry[]): number {
  let size = PAYLOAD_PREFIX;
  for (const e of entries) size += entrySize(e.key, e.value);
  return size;
}

/**
 * Encodes one frame into `out` at `offset` (which must have room for FRAME_HEADER_SIZE +
 * payloadSize(entries) bytes); returns the offset after it.
 */
export function encodeFrame(
  out: Buffer,
  offset: number,
  kind: FrameKind,
  seq: number,
  groupIndex: number,
  entries: readonly KvEntry[],
): number {
  const start = offset;
  const length = payloadSize(entries);
  if (length > MAX_PAYLOAD) throw new RangeError(`KV log frame of ${length} bytes exceeds ${MAX_PAYLOAD}`);
  out.writeUInt32LE(length, offset);
  let p = offset + FRAME_HEADER_SIZE;
  out.writeUInt8(kind, p);
  writeU64(out, seq, p + 1);
  out.writeUInt32LE(groupIndex, p + 9);
  out.writeUInt32LE(entries.length, p + 13);
  p += PAYLOAD_PREFIX;
  for (const { key, value } of entries) {
    out.writeUInt8(value === undefined ? EntryOp.Delete : EntryOp.Put, p);
    out.writeUInt32LE(key.length, p + 1);
    out.writeUInt32LE(value?.length ?? 0, p + 5);
    p += ENTRY_OVERHEAD;
    p += key.copy(out, p);
    if (value !== undefined) p += value.copy(out, p);
  }
  const crc = crc32c(out.subarray(start + FRAME_HEADER_SIZE, p), crc32c(out.subarray(start, start + 4)));
  out.writeUInt32LE(crc, start + 4);
  return p;
}

/** What is at a position of the file: a frame, a damaged frame, or too few bytes for one. */
export type FrameRead =
  | { status: 'ok'; frame: Frame }
  /** The bytes up to the end of file cannot hold the frame its length field announces. */
  | { status: 'incomplete' }
  /** A checksum mismatch or an impossible length: damaged or torn bytes. */
  | { status: 'bad-checksum' }
  /** The checksum holds but the content does not parse: not something a crash can produce. */
  | { status: 'malformed'; reason: string };

/**
 * Reads the frame at `offset` of `buf` (whose end is the end of the readable data). Keys and
 * values are copied out of `buf` when `copy` is true; a probe that only checks a frame skips it.
 */
export function readFrame(buf: Buffer, offset: number, copy = true): FrameRead {
  if (buf.length - offset < FRAME_HEADER_SIZE) return { status: 'incomplete' };
  const length = buf.readUInt32LE(offset);
  if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) return { status: 'bad-checksum' };
  const end = offset + FRAME_HEADER_SIZE + length;
  if (end > buf.length) return { status: 'incomplete' };
  const payload = buf.subarray(offset + FRAME_HEADER_SIZE, end);
  if (crc32c(payload, crc32c(buf.subarray(offset, offset + 4))) !== buf.readUInt32LE(offset + 4)) {
    return { status: 'bad-checksum' };
  }
  return parsePayload(payload, copy);
}

function parsePayload(payload: Buffer, copy: boolean): FrameRead {
  const kind = payload.readUInt8(0);
  if (kind !== FrameKind.Batch && kind !== FrameKind.Snapshot) return { status: 'malformed', reason: `unknown frame kind ${kind}` };
  const seq = readU64(payload, 1);
  if (seq < 0) return { status: 'malformed', reason: 'sequence number out of range' };
  const groupIndex = payload.readUInt32LE(9);
  const count = payload.readUInt32LE(13);
  const entries: KvEntry[] = [];
  let p = PAYLOAD_PREFIX;
  for (let i = 0; i < count; i++) {
    if (payload.length - p < ENTRY_OVERHEAD) return { status: 'malformed', reason: `entry ${i} runs past the frame` };
    const op = payload.readUInt8(p);
    const keyLength = payload.readUInt32LE(p + 1);
    const valueLength = payload.readUInt32LE(p + 5);
    p += ENTRY_OVERHEAD;
    if (op !== EntryOp.Put && op !== EntryOp.Delete) return { status: 'malformed', reason: `unknown entry op ${op}` };
    if (op === EntryOp.Delete && valueLength !== 0) return { status: 'malformed', reason: 'delete entry with a value' };
    if (payload.length - p < keyLength + valueLength) return { status: 'malformed', reason: `entry ${i} runs past the frame` };
    const key = payload.subarray(p, p + keyLength);
    p += keyLength;
    const value = op === EntryOp.Put ? payload.subarray(p, p + valueLength) : undefined;
    p += valueLength;
    entries.push(copy ? { key: Buffer.from(key), value: value && Buffer.from(value) } : { key, value });
  }
  if (p !== payload.length) return { status: 'malformed', reason: `${payload.length - p} stray bytes after the entries` };
  return { status: 'ok', frame: { kind, seq, groupIndex, entries, size: FRAME_HEADER_SIZE + payload.length } };
}
