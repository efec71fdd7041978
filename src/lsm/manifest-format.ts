// The MANIFEST's byte format and its meaning: version edits (files added to and removed from
// levels, the next file number, the last flushed CSN), framed with a length and a CRC, and the
// pure function that applies an edit to a version. No I/O (manifest.ts does that). Integers LE.
// Invariant: a frame's CRC covers its length field and payload; applyEdit never mutates its input,
// and a version's levels ≥ 1 hold non-overlapping files sorted by smallest key.
//
// File header (HEADER_SIZE = 16 bytes):
// | offset | size | field                          |
// |--------|------|--------------------------------|
// | 0      | 8    | magic "TLMANIF\0"              |
// | 8      | 4    | format version (u32) = 1       |
// | 12     | 4    | CRC-32C of bytes 0..12         |
//
// Frame (FRAME_HEADER_SIZE = 8, then the payload; one frame = one atomic edit):
// | 0 | 4 | payload length L (u32), 1 ≤ L ≤ MAX_PAYLOAD        |
// | 4 | 4 | CRC-32C of bytes 0..4 followed by the payload     |
// | 8 | L | payload: fields, each a tag byte and its body     |
//
// Fields: 1 add file: level u8, id u64, size u64, min CSN u64, max CSN u64, smallest key
//           length u32 + bytes, largest key length u32 + bytes
//         2 remove file: level u8, id u64
//         3 next file number: u64          4 last flushed CSN: u64
//         5 mirror redo segment: u64 (the WAL segment holding the first commit after the last
//           flushed CSN: recovery reads the WAL from there, and no earlier segment is needed)
//         6 relation mirrored: database OID u32, relfilenode u32, CSN u64 (the mirror holds the
//           relation's whole content as of that CSN and every commit after it)
//         7 relation dropped: database OID u32, relfilenode u32, CSN u64 (entries of the relation
//           with CSN ≤ that are dead; it is no longer mirrored)
import { crc32c } from '@node-rs/crc32';
import { compareBytes } from '../storage/compare-bytes.js';

export const MANIFEST_MAGIC = Buffer.from('TLMANIF\0', 'latin1');
export const MANIFEST_VERSION = 1;
export const HEADER_SIZE = 16;
export const FRAME_HEADER_SIZE = 8;
export const MAX_PAYLOAD = 0x1000_0000;
export const MAX_LEVEL = 15;
const TAG = { Add: 1, Remove: 2, NextFile: 3, LastFlushed: 4, RedoSegment: 5, Mirrored: 6, Dropped: 7 } as const;

/** A relation file and a CSN (relations the mirror holds, relations dropped). */
export interface RelationAt {
  dbOid: number;
  relfilenode: number;
  csn: number;
}

/** The key of a relation in the version's maps. */
export const relationId = (dbOid: number, relfilenode: number): string => `${dbOid}/${relfilenode}`;

/** One live SSTable as the MANIFEST records it. */
export interface SstableMeta {
  id: number;
  level: number;
  size: number;
  smallest: Buffer;
  largest: Buffer;
  minCsn: number;
  maxCsn: number;
}

/** An atomic change of the version: removals apply before additions (a move is both). */
export interface VersionEdit {
  added?: SstableMeta[];
  removed?: { level: number; id: number }[];
  nextFileNumber?: number;
  lastFlushedCsn?: number;
  redoSegment?: number;
  mirrored?: RelationAt[];
  dropped?: RelationAt[];
}

export interface ManifestVersion {
  /** levels[i]: L0 by file id ascending (oldest first), levels ≥ 1 by smallest key. */
  readonly levels: readonly (readonly SstableMeta[])[];
  readonly nextFileNumber: number;
  readonly lastFlushedCsn: number;
  /** The WAL segment from which recovery replays into the memtable. */
  readonly redoSegment: number;
  /** Relations the mirror holds wholly: relationId → the CSN from which it does. */
  readonly mirrored: ReadonlyMap<string, RelationAt>;
  /** Dropped relations: relationId → the drop's CSN (older entries of the relation are dead). */
  readonly dropped: ReadonlyMap<string, RelationAt>;
}

export const EMPTY_VERSION: ManifestVersion = { levels: [], nextFileNumber: 1, lastFlushedCsn: 0, redoSegment: 0, mirrored: new Map(), dropped: new Map() };

export function encodeHeader(): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  MANIFEST_MAGIC.copy(buf, 0);
  buf.writeUInt32LE(MANIFEST_VERSION, 8);
  buf.writeUInt32LE(crc32c(buf.subarray(0, 12)), 12);
  return buf;
}

/** Why the bytes are not a valid header, or null when they are. */
export function checkHeader(buf: Buffer): string | null {
  if (buf.length < HEADER_SIZE) return `file is ${buf.length} bytes, shorter than the header`;
  if (!buf.subarray(0, 8).equals(MANIFEST_MAGIC)) return 'bad magic number';
  if (crc32c(buf.subarray(0, 12)) !== buf.readUInt32LE(12)) return 'header checksum mismatch';
  if (buf.readUInt32LE(8) !== MANIFEST_VERSION) return `format version ${buf.readUInt32LE(8)} is not ${MANIFEST_VERSION}`;
  return null;
}

/** The edit as one frame. */
export function encodeEdit(edit: VersionEdit): Buffer {
  const parts: Buffer[] = [];
  const u64 = (n: number) => {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  };
  const lengthOf = (b: Buffer) => {
    const l = Buffer.allocUnsafe(4);
    l.writeUInt32LE(b.length);
    return l;
  };
  for (const r of edit.removed ?? []) parts.push(Buffer.from([TAG.Remove, r.level]), u64(r.id));
  for (const f of edit.added ?? []) {
    parts.push(Buffer.from([TAG.Add, f.level]), u64(f.id), u64(f.size), u64(f.minCsn), u64(f.maxCsn));
    parts.push(lengthOf(f.smallest), f.smallest, lengthOf(f.largest), f.largest);
  }
  if (edit.nextFileNumber !== undefined) parts.push(Buffer.from([TAG.NextFile]), u64(edit.nextFileNumber));
  if (edit.lastFlushedCsn !== undefined) parts.push(Buffer.from([TAG.LastFlushed]), u64(edit.lastFlushedCsn));
  if (edit.redoSegment !== undefined) parts.push(Buffer.from([TAG.RedoSegment]), u64(edit.redoSegment));
  const relation = (tag: number, r: RelationAt) => {
    const b = Buffer.allocUnsafe(9);
    b[0] = tag;
    b.writeUInt32LE(r.dbOid, 1);
    b.writeUInt32LE(r.relfilenode, 5);
    parts.push(b, u64(r.csn));
  };
  for (const r of edit.mirrored ?? []) relation(TAG.Mirrored, r);
  for (const r of edit.dropped ?? []) relation(TAG.Dropped, r);
  const payload = Buffer.concat(parts);
  if (payload.length === 0 || payload.length > MAX_PAYLOAD) throw new RangeError(`MANIFEST edit of ${payload.length} bytes`);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  payload.copy(frame, FRAME_HEADER_SIZE);
  frame.writeUInt32LE(crc32c(payload, crc32c(frame.subarray(0, 4))), 4);
  return frame;
}

export type EditRead =
  | { status: 'ok'; edit: VersionEdit; size: number }
  /** Fewer bytes up to the end of the file than the frame announces. */
  | { status: 'incomplete' }
  /** A checksum mismatch or an impossible length. */
  | { status: 'bad-checksum' }
  /** The checksum holds but the payload does not parse: corruption, never a torn write. */
  | { status: 'malformed'; reason: string };

/** Reads the frame at `offset`; the end of `buf` is the end of the file. */
export function readEdit(buf: Buffer, offset: number): EditRead {
  if (buf.length - offset < FRAME_HEADER_SIZE) return { status: 'incomplete' };
  const length = buf.readUInt32LE(offset);
  if (length < 1 || length > MAX_PAYLOAD) return { status: 'bad-checksum' };
  const end = offset + FRAME_HEADER_SIZE + length;
  if (end > buf.length) return { status: 'incomplete' };
  const p = buf.subarray(offset + FRAME_HEADER_SIZE, end);
  if (crc32c(p, crc32c(buf.subarray(offset, offset + 4))) !== buf.readUInt32LE(offset + 4)) return { status: 'bad-checksum' };
  const edit: VersionEdit = {};
  let at = 0;
  const need = (n: number) => {
    if (p.length - at < n) throw new RangeError('field runs past the edit');
  };
  const u64 = () => {
    need(8);
    const v = p.readBigUInt64LE(at);
    at += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('number out of range');
    return Number(v);
  };
  const bytes = () => {
    need(4);
    const n = p.readUInt32LE(at);
    need(4 + n);
    at += 4 + n;
    return Buffer.from(p.subarray(at - n, at));
  };
  try {
    while (at < p.length) {
      const tag = p[at++]!;
      if (tag === TAG.Add || tag === TAG.Remove) {
        need(1);
        const level = p[at++]!;
        if (tag === TAG.Remove) (edit.removed ??= []).push({ level, id: u64() });
        else (edit.added ??= []).push({ level, id: u64(), size: u64(), minCsn: u64(), maxCsn: u64(), smallest: bytes(), largest: bytes() });
      } else if (tag === TAG.NextFile) edit.nextFileNumber = u64();
      else if (tag === TAG.LastFlushed) edit.lastFlushedCsn = u64();
      else if (tag === TAG.RedoSegment) edit.redoSegment = u64();
      else if (tag === TAG.Mirrored || tag === TAG.Dropped) {
        need(8);
        const r = { dbOid: p.readUInt32LE(at), relfilenode: p.readUInt32LE(at + 4), csn: 0 };
        at += 8;
        r.csn = u64();
        (tag === TAG.Mirrored ? (edit.mirrored ??= []) : (edit.dropped ??= [])).push(r);
      }      else throw new RangeError(`unknown field tag ${tag}`);
    }
  } catch (err) {
    return { status: 'malformed', reason: (err as Error).message };
  }
  return { status: 'ok', edit, size: end - offset };
}

/** The version after `edit`; throws a RangeError (the reason) when it does not apply. */
export function applyEdit(version: ManifestVersion, edit: VersionEdit): ManifestVersion {
  const levels = version.levels.map((files) => [...files]);
  for (const { level, id } of edit.removed ?? []) {
    const at = levels[level]?.findIndex((f) => f.id === id) ?? -1;
    if (at < 0) throw new RangeError(`file ${id} is not in level ${level}`);
    levels[level]!.splice(at, 1);
  }
  const ids = new Set(levels.flatMap((files) => files.map((f) => f.id)));
  for (const f of edit.added ?? []) {
    if (!Number.isInteger(f.level) || f.level < 0 || f.level > MAX_LEVEL) throw new RangeError(`level ${f.level} is outside 0..${MAX_LEVEL}`);
    if (ids.has(f.id)) throw new RangeError(`file ${f.id} is already live`);
    if (compareBytes(f.smallest, f.largest) > 0 || f.minCsn > f.maxCsn) throw new RangeError(`file ${f.id} has an empty key or CSN range`);
    ids.add(f.id);
    while (levels.length <= f.level) levels.push([]);
    levels[f.level]!.push(f);
  }
  levels[0]?.sort((a, b) => a.id - b.id);
  for (let level = 1; level < levels.length; level++) {
    const files = levels[level]!.sort((a, b) => compareBytes(a.smallest, b.smallest));
    for (let i = 1; i < files.length; i++) {
      if (compareBytes(files[i - 1]!.largest, files[i]!.smallest) >= 0) throw new RangeError(`files ${files[i - 1]!.id} and ${files[i]!.id} of level ${level} overlap`);
    }
  }
  while (levels.length > 0 && levels[levels.length - 1]!.length === 0) levels.pop();
  const nextFileNumber = edit.nextFileNumber ?? version.nextFileNumber;
  const lastFlushedCsn = edit.lastFlushedCsn ?? version.lastFlushedCsn;
  if (nextFileNumber < version.nextFileNumber) throw new RangeError(`next file number ${nextFileNumber} goes back from ${version.nextFileNumber}`);
  if (lastFlushedCsn < version.lastFlushedCsn) throw new RangeError(`last flushed CSN ${lastFlushedCsn} goes back from ${version.lastFlushedCsn}`);
  for (const id of ids) if (id >= nextFileNumber) throw new RangeError(`file ${id} is not below the next file number ${nextFileNumber}`);
  const redoSegment = Math.max(version.redoSegment, edit.redoSegment ?? 0);
  let { mirrored, dropped } = version;
  if (edit.dropped?.length || edit.mirrored?.length) {
    const m = new Map(mirrored);
    const d = new Map(dropped);
    for (const r of edit.dropped ?? []) {
      const id = relationId(r.dbOid, r.relfilenode);
      m.delete(id);
      if ((d.get(id)?.csn ?? -1) < r.csn) d.set(id, r);
    }
    for (const r of edit.mirrored ?? []) m.set(relationId(r.dbOid, r.relfilenode), r);
    mirrored = m;
    dropped = d;
  }
  return { levels, nextFileNumber, lastFlushedCsn, redoSegment, mirrored, dropped };
}

/** An edit that builds `version` from the empty one (the content of a rewritten MANIFEST). */
export function snapshotEdit(version: ManifestVersion): VersionEdit {
  const edit: VersionEdit = { added: version.levels.flat(), nextFileNumber: version.nextFileNumber, lastFlushedCsn: version.lastFlushedCsn };
  // fields at their empty values are left out (the smallest rewritten file)
  if (version.redoSegment > 0) edit.redoSegment = version.redoSegment;
  if (version.dropped.size > 0) edit.dropped = [...version.dropped.values()];
  if (version.mirrored.size > 0) edit.mirrored = [...version.mirrored.values()];
  return edit;
}
