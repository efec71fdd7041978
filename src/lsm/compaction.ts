// The compaction mechanism: runs one CompactionTask chosen by compaction-policy.ts. A trivial move
// is only an edit; otherwise every input and overlapping file is merged (newest source first),
// the versions no reader needs are filtered out (compactionMerge, then dropEntry), and the rest is
// written as new SSTables of the output level, each cut near targetFileBytes at a key boundary.
// Returns the VersionEdit; the caller makes it durable in the MANIFEST, then deletes the inputs.
// Invariants: the outputs are sorted, non-overlapping, and hold every version of a key in one
// file; every reader (each snapshot, and "now") sees the same as before, minus dropped entries;
// on failure no output file (final or .tmp) is left behind.
// Requires: dropEntry, when true for a version, is true for every older version of its key (as
// for dropped relations: every entry with CSN ≤ the drop's CSN); readers stay open throughout.
import path from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { IoEngine } from '../io/engine.js';
import type { CompactionTask, FileDescription } from './compaction-policy.js';
import type { LsmEntry } from './entry.js';
import type { SstableMeta, VersionEdit } from './manifest-format.js';
import { MergingCursor, compactionMerge } from './merge-cursor.js';
import { throttleWrites, type RateLimiter } from './rate-limiter.js';
import { entrySize } from './sstable-format.js';
import type { SstableReader } from './sstable-reader.js';
import { writeSstableFile, type SstSummary, type SstWriterOptions } from './sstable-writer.js';

export const DEFAULT_TARGET_FILE_BYTES = 32 << 20;
export const DEFAULT_YIELD_EVERY = 1024;

/** The reader of an input file by id: a map, or a function (it may open the file). */
export type ReaderSource = ReadonlyMap<number, SstableReader> | ((id: number) => SstableReader | Promise<SstableReader>);

export interface CompactionOptions {
  /** Readers of the input and overlapping files. Borrowed: runCompaction never closes them. */
  readers: ReaderSource;
  /** A fresh file number for each output (called once per output file). */
  allocateFileNumber: () => number;
  /** CSNs of the live snapshots (the reader "now" is always added). */
  snapshots: readonly number[];
  /** Uncompressed entry bytes after which an output is cut, at the next key (default 32 MiB). */
  targetFileBytes?: number;
  /** Throttles the output writes (each write run waits for its bytes). */
  rateLimiter?: RateLimiter;
  /** Entries to discard (dropped relations); see Requires above. */
  dropEntry?: (key: Buffer, csn: number) => boolean;
  /** Name of the file with this number (default `000042.sst`). */
  fileName?: (id: number) => string;
  writerOptions?: SstWriterOptions;
  /** Yield to the event loop after this many merged entries (default 1024; 0: never). */
  yieldEvery?: number;
}

export interface CompactionResult {
  /** Removes every input and overlapping file at its level; adds the outputs at outputLevel. */
  edit: VersionEdit;
  /** The files written, in key order. */
  outputs: SstSummary[];
  /** Sum of the input and overlapping files' sizes. */
  bytesRead: number;
  bytesWritten: number;
  /** Entries in the input and overlapping files, and entries written. */
  entriesIn: number;
  entriesOut: number;
}

export const defaultFileName = (id: number): string => `${String(id).padStart(6, '0')}.sst`;

async function readerOf(source: ReaderSource, id: number): Promise<SstableReader> {
  const reader = typeof source === 'function' ? await source(id) : source.get(id);
  if (reader === undefined) throw new DbError(SqlState.InternalError, `compaction: no reader for SSTable ${id}`);
  return reader;
}

/** Runs `task`, writing its outputs into `dir`. Does not apply the edit or delete any input. */
export async function runCompaction(engine: IoEngine, dir: string, task: CompactionTask, options: CompactionOptions): Promise<CompactionResult> {
  if (task.inputs.length === 0 || task.outputLevel < 1 || task.outputLevel <= task.level) {
    throw new DbError(SqlState.InternalError, `compaction: bad task (level ${task.level} → ${task.outputLevel}, ${task.inputs.length} inputs)`);
  }
  if (task.trivialMove) return trivialMove(task, options.readers);
  const removed = [...task.inputs.map((f) => ({ level: task.level, id: f.id })), ...task.overlapping.map((f) => ({ level: task.outputLevel, id: f.id }))];

  // Newest source first: the input level above the output level, and in L0 the newest file first.
  const inputs = task.level === 0 ? [...task.inputs].sort((a, b) => b.id - a.id) : task.inputs;
  const readers: SstableReader[] = [];
  for (const f of [...inputs, ...task.overlapping]) readers.push(await readerOf(options.readers, f.id));
  const merging = new MergingCursor(readers.map((r) => r.cursor()));
  const merged = compactionMerge(merging, { snapshots: options.snapshots, bottommost: task.bottommost });
  const source = new OutputEntries(merged, options.dropEntry, task.bottommost, options.yieldEvery ?? DEFAULT_YIELD_EVERY);
  const target = Math.max(1, options.targetFileBytes ?? DEFAULT_TARGET_FILE_BYTES);
  const writeEngine = options.rateLimiter === undefined ? engine : throttleWrites(engine, options.rateLimiter);
  const fileName = options.fileName ?? defaultFileName;
  const outputs: SstSummary[] = [];
  const added: SstableMeta[] = [];
  const written: string[] = [];
  try {
    while ((await source.peek()) !== undefined) {
      const id = options.allocateFileNumber();
      const name = fileName(id);
      written.push(path.join(dir, name));
      const summary = await writeSstableFile(writeEngine, dir, name, source.upToKeyAfter(target), options.writerOptions);
      outputs.push(summary);
      added.push({ id, level: task.outputLevel, size: summary.fileSize, smallest: summary.smallest, largest: summary.largest, minCsn: summary.minCsn, maxCsn: summary.maxCsn });
    }
  } catch (err) {
    removeOutputs(engine, written);
    throw err;
  } finally {
    merged.return(undefined);
    merging.close();
  }
  return {
    edit: { removed, added },
    outputs,
    bytesRead: readers.reduce((n, r) => n + r.fileSize, 0),
    bytesWritten: outputs.reduce((n, o) => n + o.fileSize, 0),
    entriesIn: readers.reduce((n, r) => n + r.entryCount, 0),
    entriesOut: source.entriesOut,
  };
}

/** The edit of a trivial move: the file leaves its level and joins the output level as it is. */
async function trivialMove(task: CompactionTask, readers: ReaderSource): Promise<CompactionResult> {
  if (task.inputs.length !== 1 || task.overlapping.length !== 0) {
    throw new DbError(SqlState.InternalError, `compaction: a trivial move of ${task.inputs.length} files onto ${task.overlapping.length}`);
  }
  const f = task.inputs[0]! as FileDescription & Partial<SstableMeta>;
  let { minCsn, maxCsn } = f;
  if (minCsn === undefined || maxCsn === undefined) ({ minCsn, maxCsn } = await readerOf(readers, f.id));
  const moved: SstableMeta = { id: f.id, level: task.outputLevel, size: f.size, smallest: f.smallest, largest: f.largest, minCsn, maxCsn };
  return { edit: { removed: [{ level: task.level, id: f.id }], added: [moved] }, outputs: [], bytesRead: 0, bytesWritten: 0, entriesIn: 0, entriesOut: 0 };
}

/** Best effort: the outputs (and their .tmp) of a failed compaction go; the original error wins. */
function removeOutputs(engine: IoEngine, paths: readonly string[]): void {
  for (const p of paths) {
    for (const candidate of [p, `${p}.tmp`]) {
      try {
        if (engine.exists(candidate)) engine.unlink(candidate);
      } catch {
        // left for the startup sweep of files the MANIFEST does not name
      }
    }
  }
}

/**
 * The entries to write, in entry order: the version filter's output without dropped entries,
 * taken one key at a time so that the loop yields to the event loop between keys. At the bottom,
 * a tombstone left with no older version (its older versions were dropped) goes too.
 */
class OutputEntries {
  /** Versions of the current key still to write. */
  private group: LsmEntry[] = [];
  private at = 0;
  /** The first entry of the next key, read ahead from the filter. */
  private lookahead: LsmEntry | undefined;
  private started = false;
  private pulled = 0;
  entriesOut = 0;

  constructor(
    private readonly merged: Iterator<LsmEntry>,
    private readonly dropEntry: ((key: Buffer, csn: number) => boolean) | undefined,
    private readonly bottommost: boolean,
    private readonly yieldEvery: number,
  ) {}

  /** When the current slice of work (since the last yield) began. */
  private sliceStart = performance.now();

  /** The next entry to write, or undefined at the end. */
  async peek(): Promise<LsmEntry | undefined> {
    while (this.at >= this.group.length) {
      if (!(await this.nextGroup())) return undefined;
    }
    return this.group[this.at];
  }

  /** Entries up to the first key boundary after `bytes` encoded bytes (one output file). */
  async *upToKeyAfter(bytes: number): AsyncGenerator<LsmEntry> {
    let size = 0;
    for (;;) {
      const e = await this.peek();
      if (e === undefined || (size >= bytes && this.at === 0)) return;
      this.at++;
      this.entriesOut++;
      size += entrySize(e);
      yield e;
    }
  }

  /** Loads the next key's surviving versions; false at the end. */
  private async nextGroup(): Promise<boolean> {
    this.group = [];
    this.at = 0;
    if (!this.started) {
      this.started = true;
      this.lookahead = await this.pull();
    }
    while (this.group.length === 0 && this.lookahead !== undefined) {
      const key = this.lookahead.key;
      const versions: LsmEntry[] = [];
      while (this.lookahead !== undefined && this.lookahead.key.equals(key)) {
        if (this.dropEntry === undefined || !this.dropEntry(this.lookahead.key, this.lookahead.csn)) versions.push(this.lookahead);
        this.lookahead = await this.pull();
      }
      if (this.bottommost) while (versions.length > 0 && versions[versions.length - 1]!.value === null) versions.pop();
      this.group = versions;
    }
    return this.group.length > 0;
  }

  private async pull(): Promise<LsmEntry | undefined> {
    // yield to the event loop every yieldEvery entries, or sooner once a slice took 1 ms, so a
    // query waiting behind the compaction waits at most about that long per turn
    if (this.yieldEvery > 0 && (++this.pulled % this.yieldEvery === 0 || (this.pulled % 32 === 0 && performance.now() - this.sliceStart >= 1))) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStart = performance.now();
    }
    const r = this.merged.next();
    return r.done ? undefined : r.value;
  }
}
