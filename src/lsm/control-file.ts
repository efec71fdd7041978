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
  const file = engine.open(path, 'read');
  let text: string;
  try {
    const buf = Buffer.allocUnsafe(engine.size(file));
    text = buf.toString('utf8', 0, engine.readSync(file, buf, 0));
  } finally {
    engine.close(file);
  }
  text = text.trimEnd();
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
  const temp = join(dataDir, `${CONTROL_FILE}.tmp`);
  const file = engine.open(temp, 'create');
  try {
    engine.truncateSync(file, 0);
    engine.writeSync(file, Buffer.from(text), 0);
    engine.syncSync(file);
  } finally {
    engine.close(file);
  }
  engine.rename(temp, join(dataDir, CONTROL_FILE));
  engine.syncDir(dataDir);
}
