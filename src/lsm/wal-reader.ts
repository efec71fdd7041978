// Reads the write-ahead log back at start (recovery): every segment from a given number on, in
// order, record by record. A torn tail — the last segment ending in a frame that is incomplete or
// fails its checksum, which a crash during a group write leaves — is cut off (truncated, synced)
// with a warning; a damaged frame anywhere else, or one whose checksum holds but whose content
// does not parse, is corruption and stops the start (XX001), as is a gap in the segment numbers.
import { join } from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { IoEngine } from '../io/engine.js';
import type { Logger } from '../log.js';
import { readWholeFile } from '../io/whole-file.js';
import { parseSegmentName } from './wal.js';
import { decodeSegmentHeader, readFrame, SEGMENT_HEADER_SIZE, type CommitRecord } from './wal-format.js';

/** Segment numbers present in the WAL directory, ascending. */
export function listSegments(engine: IoEngine, dir: string): number[] {
  if (!engine.exists(dir)) return [];
  return engine
    .readdir(dir)
    .map(parseSegmentName)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
}

function cutTail(engine: IoEngine, path: string, length: number): void {
  const file = engine.open(path, 'readwrite');
  try {
    engine.truncateSync(file, length);
    engine.syncSync(file);
  } finally {
    engine.close(file);
  }
}

const corrupt = (message: string) => new DbError(SqlState.DataCorrupted, message);

/**
 * The records of segments numbered `from` and up, in log order. The last segment's torn tail
 * is truncated as it is met.
 */
export function* readWalRecords(engine: IoEngine, dir: string, from: number, log: Logger): Generator<CommitRecord> {
  for (const { record } of readWal(engine, dir, from, log)) yield record;
}

/** As readWalRecords, with the number of the segment each record is in. */
export function* readWal(engine: IoEngine, dir: string, from: number, log: Logger): Generator<{ record: CommitRecord; segment: number }> {
  const segments = listSegments(engine, dir).filter((n) => n >= from);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (i > 0 && segment !== segments[i - 1]! + 1) throw corrupt(`WAL segment ${segments[i - 1]! + 1} is missing (found ${segment} after ${segments[i - 1]})`);
    const path = join(dir, `${segment.toString(16).padStart(16, '0')}.wal`);
    const buf = readWholeFile(engine, path);
    const header = decodeSegmentHeader(buf);
    if ('error' in header || header.segment !== segment) {
      if (last) {
        // a segment whose creation a crash interrupted: it holds no record
        log.warn(`WAL segment ${path}: ${'error' in header ? header.error : 'wrong segment number'}; removing the unfinished segment`);
        engine.unlink(path);
        engine.syncDir(dir);
        return;
      }
      throw corrupt(`WAL segment "${path}" is damaged: ${'error' in header ? header.error : 'wrong segment number'}`);
    }
    let offset = SEGMENT_HEADER_SIZE;
    while (offset < buf.length) {
      const frame = readFrame(buf, offset);
      if (frame.status === 'ok') {
        yield { record: frame.record, segment };
        offset += frame.size;
        continue;
      }
      if (frame.status === 'malformed') throw corrupt(`WAL segment "${path}" holds a malformed record at offset ${offset}: ${frame.reason}`);
      if (!last) throw corrupt(`WAL segment "${path}" is damaged at offset ${offset} (${frame.status})`);
      log.warn(`WAL segment ${path}: torn tail at offset ${offset} (${buf.length - offset} bytes, ${frame.status}) cut off`);
      cutTail(engine, path, offset);
      return;
    }
  }
}
