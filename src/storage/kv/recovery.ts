// Reading a KV log file at open: checks the header and the snapshot, replays the batch frames
// in order, and decides what a damaged frame means: the torn tail of the last write (cut it
// off) or corruption of data that was already durable (XX001, never silently skipped).
// Invariant: batch sequences are contiguous from base + 1; a write group (the batches of one
// write + fdatasync) is written only after the previous group's fdatasync returned, so damage
// followed by a valid frame of a *later* group can only be corruption of synced bytes.
import { DbError, SqlState } from '../../errors.js';
import {
  FORMAT_VERSION,
  FRAME_HEADER_SIZE,
  FrameKind,
  HEADER_SIZE,
  MAX_PAYLOAD,
  MIN_PAYLOAD,
  decodeHeader,
  readFrame,
  type Frame,
} from './format.js';

export interface RecoveredLog {
  baseSeq: number;
  /** Sequence of the last complete batch (baseSeq when there is none). */
  lastSeq: number;
  /** Length of the valid prefix; shorter than the file when a torn tail must be cut. */
  validLength: number;
  /** Set when the tail from validLength on is torn: why it was not a complete frame. */
  tornTail?: string;
}

function corrupt(path: string, offset: number, reason: string): DbError {
  return new DbError(SqlState.DataCorrupted, `KV log file "${path}" is corrupt at offset ${offset}: ${reason}`, {
    hint: 'The file was damaged after it was written; restore it from a backup.',
  });
}

/**
 * Replays the log in `buf` (the whole file), calling `apply` for every snapshot chunk and
 * every complete batch in file order. Throws DbError XX001 for corruption and 0A000 for a
 * format version this build cannot read; a torn tail is reported, not cut (the caller does).
 */
export function recoverLog(buf: Buffer, path: string, apply: (frame: Frame) => void): RecoveredLog {
  const header = decodeHeader(buf);
  if (typeof header === 'string') throw corrupt(path, 0, header);
  if (header.version !== FORMAT_VERSION) {
    throw new DbError(
      SqlState.FeatureNotSupported,
      `KV log file "${path}" has format version ${header.version}, this server reads version ${FORMAT_VERSION}`,
    );
  }
  const { baseSeq } = header;
  const snapshotEnd = HEADER_SIZE + header.snapshotLength;
  if (snapshotEnd > buf.length) {
    throw corrupt(path, buf.length, `the snapshot of ${header.snapshotLength} bytes is cut short (it was synced before use)`);
  }

  // The snapshot was written and synced before the file got its name: any damage is corruption.
  const snapshot = buf.subarray(0, snapshotEnd);
  let offset = HEADER_SIZE;
  while (offset < snapshotEnd) {
    const read = readFrame(snapshot, offset);
    if (read.status !== 'ok') throw corrupt(path, offset, `damaged snapshot frame (${read.status})`);
    const { frame } = read;
    if (frame.kind !== FrameKind.Snapshot || frame.seq !== baseSeq) {
      throw corrupt(path, offset, `expected a snapshot frame at sequence ${baseSeq}`);
    }
    apply(frame);
    offset += frame.size;
  }

  let expected = baseSeq + 1;
  while (offset < buf.length) {
    const read = readFrame(buf, offset);
    if (read.status === 'malformed') throw corrupt(path, offset, read.reason);
    if (read.status === 'ok') {
      const { frame } = read;
      if (frame.kind !== FrameKind.Batch) throw corrupt(path, offset, 'snapshot frame after the snapshot');
      if (frame.seq !== expected) throw corrupt(path, offset, `batch has sequence ${frame.seq}, expected ${expected}`);
      apply(frame);
      expected++;
      offset += frame.size;
      continue;
    }
    const later = findLaterGroup(buf, offset, expected);
    if (later !== undefined) {
      throw corrupt(
        path,
        offset,
        `${read.status === 'incomplete' ? 'invalid record length' : 'checksum mismatch'}, ` +
          `but a valid record of a later commit follows at offset ${later}`,
      );
    }
    const tornTail = read.status === 'incomplete' ? 'incomplete record' : 'record checksum mismatch';
    return { baseSeq, lastSeq: expected - 1, validLength: offset, tornTail };
  }
  return { baseSeq, lastSeq: expected - 1, validLength: offset };
}

/**
 * Looks behind damage at `from` (where the batch with sequence `expected` should start) for a
 * valid batch frame whose write group began after that batch: proof that the damaged bytes
 * had been synced. Frames of the damaged batch's own group may survive a torn write (pages
 * reach the disk in any order before the fdatasync) and prove nothing. Returns its offset.
 */
function findLaterGroup(buf: Buffer, from: number, expected: number): number | undefined {
  const maxFrames = Math.ceil((buf.length - from) / (FRAME_HEADER_SIZE + MIN_PAYLOAD)) + 1;
  const last = buf.length - FRAME_HEADER_SIZE - MIN_PAYLOAD;
  for (let at = from + 1; at <= last; at++) {
    // Cheap filters first: a plausible length, the batch kind, a sequence in range.
    const length = buf.readUInt32LE(at);
    if (length < MIN_PAYLOAD || length > MAX_PAYLOAD || at + FRAME_HEADER_SIZE + length > buf.length) continue;
    const payload = at + FRAME_HEADER_SIZE;
    if (buf[payload] !== FrameKind.Batch) continue;
    const seq = buf.readUInt32LE(payload + 1) + buf.readUInt32LE(payload + 5) * 0x1_0000_0000;
    if (seq <= expected || seq > expected + maxFrames) continue;
    const groupIndex = buf.readUInt32LE(payload + 9);
    if (seq - groupIndex <= expected) continue;
    const read = readFrame(buf, at, false);
    if (read.status === 'ok') return at;
  }
  return undefined;
}
