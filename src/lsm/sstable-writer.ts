// Builds an SSTable file (format in sstable-format.ts) from entries in order, through the I/O
// engine's asynchronous calls: blocks are cut at ~16 KiB, lz4-framed, and written in ~1 MiB runs
// with one write in flight; finish() writes index, filter, meta and footer, then fdatasyncs.
// Requires: entries sorted by key ascending, then CSN descending, no (key, CSN) twice — checked,
// a disorder throws XX000; entry buffers unchanged while the writer runs.
// Invariant: writeSstableFile's file exists under its final name only complete and synced.
import path from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { FileHandle, IoEngine } from '../io/engine.js';
import { compareBytes } from '../storage/compare-bytes.js';
import { DEFAULT_BITS_PER_KEY, PartitionedBloomBuilder } from './bloom.js';
import {
  DEFAULT_BLOCK_SIZE,
  MAX_FIELD_LENGTH,
  encodeEntry,
  encodeFooter,
  encodeIndex,
  encodeMeta,
  entrySize,
  frameBlock,
  type BlockHandle,
  type SstEntry,
} from './sstable-format.js';
import { crc32c } from '@node-rs/crc32';

export interface SstWriterOptions {
  /** Uncompressed bytes at which a data block is cut (default 16 KiB). */
  blockSize?: number;
  /** Bloom filter bits per distinct key (default 10: ~1% false positives). */
  bitsPerKey?: number;
  /** A bloom partition closes at the first block boundary after this many keys (default 1024). */
  partitionKeys?: number;
  /** Bytes of finished blocks gathered into one write (default 1 MiB). */
  writeSize?: number;
}

/** What a finished file holds (for the MANIFEST and for statistics). */
export interface SstSummary {
  path: string;
  fileSize: number;
  entryCount: number;
  blockCount: number;
  minCsn: number;
  maxCsn: number;
  /** Smallest and largest key (empty buffers for an empty file). */
  smallest: Buffer;
  largest: Buffer;
  /** Bytes of keys and values given (the payload the file stores). */
  payloadBytes: number;
}

export class SstableWriter {
  private readonly blockSize: number;
  private readonly partitionKeys: number;
  private readonly writeSize: number;
  private readonly bloom: PartitionedBloomBuilder;
  private readonly handles: BlockHandle[] = [];
  private block: Buffer;
  private blockUsed = 0;
  private blockEntries = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private inflight: Promise<void> = Promise.resolve();
  private prevKey: Buffer | null = null;
  private prevCsn = 0;
  private smallest: Buffer | null = null;
  private bloomedKeyInPartition = -1;
  private entryCount = 0;
  private payloadBytes = 0;
  private minCsn = Number.MAX_SAFE_INTEGER;
  private maxCsn = 0;
  private done = false;

  private constructor(
    private readonly engine: IoEngine,
    private readonly file: FileHandle,
    options: SstWriterOptions,
  ) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.partitionKeys = options.partitionKeys ?? 1024;
    this.writeSize = options.writeSize ?? 1 << 20;
    this.bloom = new PartitionedBloomBuilder(options.bitsPerKey ?? DEFAULT_BITS_PER_KEY);
    this.block = Buffer.allocUnsafe(this.blockSize * 2);
  }

  /** Starts a file at `filePath`, created (or emptied) now. */
  static create(engine: IoEngine, filePath: string, options: SstWriterOptions = {}): SstableWriter {
    const file = engine.open(filePath, 'create');
    if (engine.size(file) !== 0) engine.truncateSync(file, 0);
    return new SstableWriter(engine, file, options);
  }

  /** Finished blocks are waiting: the caller should `await flush()` before adding many more. */
  get needsFlush(): boolean {
    return this.pendingBytes >= this.writeSize;
  }

  add(entry: SstEntry): void {
    if (this.done) throw new DbError(SqlState.InternalError, `SSTable "${this.file.path}" is already finished`);
    const { key, csn, value } = entry;
    if (!Number.isSafeInteger(csn) || csn < 0) throw new DbError(SqlState.InternalError, `SSTable entry with invalid CSN ${csn}`);
    if (key.length > MAX_FIELD_LENGTH || (value?.length ?? 0) > MAX_FIELD_LENGTH) throw new DbError(SqlState.ProgramLimitExceeded, 'SSTable entry exceeds 1 GiB');
    const order = this.prevKey === null ? 1 : compareBytes(key, this.prevKey);
    if (order < 0 || (order === 0 && csn >= this.prevCsn)) {
      throw new DbError(SqlState.InternalError, `SSTable entries out of order at entry ${this.entryCount} of "${this.file.path}" (keys ascending, then CSNs descending)`);
    }
    const partition = this.bloom.partitionCount;
    if (order !== 0 || this.bloomedKeyInPartition !== partition) {
      this.bloom.add(key);
      this.bloomedKeyInPartition = partition;
    }
    const size = entrySize(entry);
    if (this.blockUsed + size > this.block.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.block.length * 2, this.blockUsed + size));
      this.block.copy(grown, 0, 0, this.blockUsed);
      this.block = grown;
    }
    this.blockUsed = encodeEntry(this.block, this.blockUsed, entry);
    this.blockEntries++;
    this.smallest ??= Buffer.from(key);
    this.prevKey = key;
    this.prevCsn = csn;
    this.entryCount++;
    this.payloadBytes += key.length + (value?.length ?? 0);
    if (csn < this.minCsn) this.minCsn = csn;
    if (csn > this.maxCsn) this.maxCsn = csn;
    if (this.blockUsed >= this.blockSize) this.cutBlock();
  }

  /** Starts writing the finished blocks (after the previous write completed). */
  async flush(): Promise<void> {
    await this.inflight;
    if (this.pendingBytes === 0) return;
    const run = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const position = this.written;
    this.written += run.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.inflight = this.engine.write(this.file, run, position);
    this.inflight.catch(() => {}); // awaited by the next flush or finish
  }

  /** Writes the rest and the footer, fdatasyncs and closes the file. */
  async finish(): Promise<SstSummary> {
    if (this.blockEntries > 0) this.cutBlock();
    const last = this.handles.at(-1);
    if (last !== undefined && last.partition === this.bloom.partitionCount) this.bloom.finishPartition();
    this.done = true;
    await this.flush();
    await this.inflight;
    const index = encodeIndex(this.handles);
    const filter = this.bloom.encode();
    const largest = this.prevKey === null ? Buffer.alloc(0) : Buffer.from(this.prevKey);
    const meta = encodeMeta(this.smallest ?? Buffer.alloc(0), largest);
    const empty = this.entryCount === 0;
    const footer = encodeFooter({
      indexOffset: this.written,
      indexLength: index.length,
      filterLength: filter.length,
      metaLength: meta.length,
      indexCrc: crc32c(index),
      filterCrc: crc32c(filter),
      metaCrc: crc32c(meta),
      entryCount: this.entryCount,
      minCsn: empty ? 0 : this.minCsn,
      maxCsn: this.maxCsn,
      blockCount: this.handles.length,
    });
    const tail = Buffer.concat([index, filter, meta, footer]);
    await this.engine.submit([
      { op: 'write', file: this.file, buffer: tail, position: this.written },
      { op: 'sync', file: this.file, dataOnly: true },
    ]);
    this.engine.close(this.file);
    return {
      path: this.file.path,
      fileSize: this.written + tail.length,
      entryCount: this.entryCount,
      blockCount: this.handles.length,
      minCsn: empty ? 0 : this.minCsn,
      maxCsn: this.maxCsn,
      smallest: this.smallest ?? Buffer.alloc(0),
      largest,
      payloadBytes: this.payloadBytes,
    };
  }

  /** Gives up: waits for the write in flight (ignoring its failure) and closes the file. */
  async abort(): Promise<void> {
    this.done = true;
    await this.inflight.catch(() => {});
    try {
      this.engine.close(this.file);
    } catch {
      // already closed, or dead after a power loss
    }
  }

  private cutBlock(): void {
    const framed = frameBlock(this.block.subarray(0, this.blockUsed));
    const offset = this.written + this.pendingBytes;
    this.pending.push(framed);
    this.pendingBytes += framed.length;
    const partition = this.bloom.partitionCount;
    this.handles.push({
      lastKey: Buffer.from(this.prevKey!),
      offset,
      storedSize: framed.length,
      uncompressedSize: this.blockUsed,
      entryCount: this.blockEntries,
      partition,
    });
    this.blockUsed = 0;
    this.blockEntries = 0;
    if (this.bloom.pendingKeys >= this.partitionKeys) this.bloom.finishPartition();
  }
}

/** Writes a complete file from `entries` at `filePath` (not crash-safe by itself: see writeSstableFile). */
export async function writeSstable(
  engine: IoEngine,
  filePath: string,
  entries: Iterable<SstEntry> | AsyncIterable<SstEntry>,
  options: SstWriterOptions = {},
): Promise<SstSummary> {
  const writer = SstableWriter.create(engine, filePath, options);
  try {
    if (Symbol.asyncIterator in entries) {
      for await (const e of entries) {
        writer.add(e);
        if (writer.needsFlush) await writer.flush();
      }
    } else {
      for (const e of entries) {
        writer.add(e);
        if (writer.needsFlush) await writer.flush();
      }
    }
    return await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/**
 * Crash-safe: writes `<dir>/<name>.tmp`, fdatasyncs it, renames it to `<dir>/<name>` and syncs the
 * directory. After a crash the final name holds either nothing or the complete file; a stale
 * `.tmp` is removed by the next attempt (or by whoever cleans the directory at start).
 */
export async function writeSstableFile(
  engine: IoEngine,
  dir: string,
  name: string,
  entries: Iterable<SstEntry> | AsyncIterable<SstEntry>,
  options: SstWriterOptions = {},
): Promise<SstSummary> {
  const finalPath = path.join(dir, name);
  const tmpPath = `${finalPath}.tmp`;
  if (engine.exists(tmpPath)) engine.unlink(tmpPath);
  let summary: SstSummary;
  try {
    summary = await writeSstable(engine, tmpPath, entries, options);
  } catch (err) {
    if (engine.exists(tmpPath)) engine.unlink(tmpPath);
    throw err;
  }
  engine.rename(tmpPath, finalPath);
  engine.syncDir(dir);
  return { ...summary, path: finalPath };
}
