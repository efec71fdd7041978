// The control file (`treeline.control`): where the last completed checkpoint stands. Recovery
// starts from it: relation files hold every commit up to `checkpointCsn`, and WAL segments from
// `redoSegment` on hold every commit after it. Replaced atomically (write a temporary file, sync
// it, rename it over the old one, sync the directory), so a crash leaves the old or the new one.
//
// Layout: JSON text, then a newline and the CRC-32C of the JSON in 8 hex digits.
//   { "version": 1, "checkpointCsn": n, "redoSegment": n, "time": "ISO-8601" }
import { crc32c } from '@node-rs/crc32';
import { join } from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { IoEngine } from '../io/engine.js';
import { readWholeFile, replaceFileAtomically } from '../io/whole-file.js';

export const CONTROL_FILE = 'treeline.control';

export interface ControlData {
  /** Every commit up to this CSN is in the relation files. */
  checkpointCsn: number;
  /** The first WAL segment recovery must read. */
  redoSegment: number;
}

/** The control data, or null for a data directory that has none yet. */
export function readControlFile(engine: IoEngine, dataDir: string): ControlData | null {
  const path = join(dataDir, CONTROL_FILE);
  if (!engine.exists(path)) return null;
  const text = readWholeFile(engine, path).toString('utf8').trimEnd();
  const cut = text.lastIndexOf('\n');
  const json = text.slice(0, cut);
  if (cut < 0 || crc32c(Buffer.from(json)).toString(16).padStart(8, '0') !== text.slice(cut + 1).trim()) {
    throw new DbError(SqlState.DataCorrupted, `control file "${path}" is damaged (checksum mismatch)`);
  }
  const data = JSON.parse(json) as ControlData & { version: number };
  if (data.version !== 1) throw new DbError(SqlState.DataCorrupted, `control file "${path}" has unknown version ${data.version}`);
  return { checkpointCsn: data.checkpointCsn, redoSegment: data.redoSegment };
}

export function writeControlFile(engine: IoEngine, dataDir: string, data: ControlData): void {
  const json = JSON.stringify({ version: 1, checkpointCsn: data.checkpointCsn, redoSegment: data.redoSegment, time: new Date().toISOString() });
  const text = `${json}\n${crc32c(Buffer.from(json)).toString(16).padStart(8, '0')}\n`;
  replaceFileAtomically(engine, join(dataDir, CONTROL_FILE), Buffer.from(text));
}
