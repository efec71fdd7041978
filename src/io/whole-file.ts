// Whole-file helpers over the I/O engine, for the small files that are read and replaced whole
// (control file, MANIFEST rewrite, KV log compaction) or read whole at start (WAL segments).
// replaceFileAtomically: a crash leaves the old file or the complete new one under `path`,
// never a mix (write a temporary file, sync it, rename it over, sync the directory).
import { dirname } from 'node:path';
import type { FileHandle, IoEngine } from './engine.js';

/** The whole content of an open file. */
export function readWholeHandle(engine: IoEngine, file: FileHandle): Buffer {
  const buf = Buffer.allocUnsafe(engine.size(file));
  let done = 0;
  while (done < buf.length) {
    const n = engine.readSync(file, buf.subarray(done), done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/** The whole content of the file at `path`. */
export function readWholeFile(engine: IoEngine, path: string): Buffer {
  const file = engine.open(path, 'read');
  try {
    return readWholeHandle(engine, file);
  } finally {
    engine.close(file);
  }
}

/** Replaces the file at `path` with `contents`, atomically and durably. */
export function replaceFileAtomically(engine: IoEngine, path: string, contents: Buffer, tempPath = `${path}.tmp`): void {
  const file = engine.open(tempPath, 'create');
  try {
    engine.truncateSync(file, 0);
    engine.writeSync(file, contents, 0);
    engine.syncSync(file);
  } finally {
    engine.close(file);
  }
  engine.rename(tempPath, path);
  engine.syncDir(dirname(path));
}
