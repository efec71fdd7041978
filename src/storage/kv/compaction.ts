// Compaction of the KV log: the policy (is the garbage worth a rewrite?) apart from the
// mechanism (write the live entries to `<path>.compact`, sync it, rename it over the log,
// sync the directory), so each can be tested alone. Creating a new log uses the same steps.
// Invariant: at every instant, on disk and after a power loss, `<path>` names a complete log
// holding every committed batch: the old file until the rename is durable, then the new one.
import { dirname } from 'node:path';
import type { FileHandle, IoEngine } from '../../io/engine.js';
import { replaceFileAtomically } from '../../io/whole-file.js';
import {
  FRAME_HEADER_SIZE,
  FrameKind,
  HEADER_SIZE,
  PAYLOAD_PREFIX,
  encodeFrame,
  encodeHeader,
  entrySize,
  type KvEntry,
} from './format.js';

export interface CompactionPolicy {
  /** Compact when garbage bytes reach this fraction of the file (0..1). */
  garbageRatio: number;
  /** ... and the file is at least this large. */
  minBytes: number;
}

export interface GarbageFigures {
  fileSize: number;
  garbageBytes: number;
}

/** The policy: true when a rewrite would reclaim enough to be worth it. */
export function shouldCompact(figures: GarbageFigures, policy: CompactionPolicy): boolean {
  return figures.fileSize >= policy.minBytes && figures.garbageBytes >= policy.garbageRatio * figures.fileSize;
}

/** Payload bytes per snapshot frame before a new frame is started. */
const SNAPSHOT_CHUNK = 1 << 20;

/** The name of the file a compaction (or a creation) is written to before the rename. */
export function compactionPath(path: string): string {
  return `${path}.compact`;
}

/** A whole log file holding `live` as a snapshot at sequence `baseSeq`. */
export function encodeSnapshotFile(live: Iterable<{ key: Buffer; value: Buffer }>, baseSeq: number): Buffer {
  const chunks: KvEntry[][] = [];
  let chunk: KvEntry[] = [];
  let chunkBytes = PAYLOAD_PREFIX;
  let total = 0;
  for (const { key, value } of live) {
    const size = entrySize(key, value);
    if (chunk.length > 0 && chunkBytes + size > SNAPSHOT_CHUNK) {
      chunks.push(chunk);
      total += FRAME_HEADER_SIZE + chunkBytes;
      chunk = [];
      chunkBytes = PAYLOAD_PREFIX;
    }
    chunk.push({ key, value });
    chunkBytes += size;
  }
  if (chunk.length > 0) {
    chunks.push(chunk);
    total += FRAME_HEADER_SIZE + chunkBytes;
  }
  const file = Buffer.alloc(HEADER_SIZE + total);
  encodeHeader(baseSeq, total).copy(file, 0);
  let offset = HEADER_SIZE;
  for (const entries of chunks) offset = encodeFrame(file, offset, FrameKind.Snapshot, baseSeq, 0, entries);
  if (offset !== file.length) throw new Error(`KV log snapshot encoded ${offset} bytes, expected ${file.length}`);
  return file;
}

/** Where a rewrite failed: before the rename the old log is untouched; after it, in doubt. */
export class RewriteError extends Error {
  constructor(
    readonly afterRename: boolean,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'RewriteError';
  }
}

function discardTemp(engine: IoEngine, temp: string, handle: FileHandle | undefined): void {
  try {
    if (handle !== undefined) engine.close(handle);
  } catch {
    // The handle is unusable either way; the file is removed below or at the next open.
  }
  try {
    if (engine.exists(temp)) engine.unlink(temp);
  } catch {
    // A leftover `.compact` file is removed at the next open.
  }
}

/**
 * The mechanism: replaces the file at `path` by `contents`, durably, and returns a
 * read-write handle on the new file. Steps, each safe to crash after:
 *   1. write `<path>.compact` and fsync it    (crash: `<path>` is the old log; temp discarded)
 *   2. rename it over `<path>`                 (crash: either name resolves to a full log)
 *   3. fsync the directory                     (now the new log is the durable one)
 *   4. open `<path>` for appends               (later appends must follow step 3)
 * Throws RewriteError telling whether the rename had happened.
 */
export async function replaceLogFile(engine: IoEngine, path: string, contents: Buffer): Promise<FileHandle> {
  const temp = compactionPath(path);
  let handle: FileHandle | undefined;
  try {
    handle = engine.open(temp, 'create');
    engine.truncateSync(handle, 0);
    await engine.submit([
      { op: 'write', file: handle, buffer: contents, position: 0 },
      { op: 'sync', file: handle },
    ]);
    engine.close(handle);
    handle = undefined;
    engine.rename(temp, path);
  } catch (err) {
    discardTemp(engine, temp, handle);
    throw new RewriteError(false, err);
  }
  try {
    engine.syncDir(dirname(path));
    return engine.open(path, 'readwrite');
  } catch (err) {
    throw new RewriteError(true, err);
  }
}

/** The synchronous twin of replaceLogFile, for creating a log inside the synchronous open. */
export function replaceLogFileSync(engine: IoEngine, path: string, contents: Buffer): void {
  replaceFileAtomically(engine, path, contents, compactionPath(path));
}
