// The KV log: an append-only file of batches of puts and deletes (the catalog's store), read
// whole into memory at open. write(batch) is atomic and group-committed (one write + one
// fdatasync for the batches queued meanwhile); a batch becomes visible once it is durable.
// Invariant: memory = replay of the file's durable prefix; one task (a flush or a compaction)
// touches the file at a time; after a failed write or fsync every later write is refused.
// Requires: one KvLog per file, and no other writer of the file.
import { DbError, SqlState } from '../../errors.js';
import { IoError, type FileHandle, type IoEngine } from '../../io/engine.js';
import { createLogger, type Logger } from '../../log.js';
import { RewriteError, compactionPath, encodeSnapshotFile, replaceLogFile, replaceLogFileSync, shouldCompact } from './compaction.js';
import { FRAME_HEADER_SIZE, FrameKind, HEADER_SIZE, MAX_PAYLOAD, encodeFrame, payloadSize, type KvEntry } from './format.js';
import { KeyIndex } from './key-index.js';
import { recoverLog } from './recovery.js';

export interface KvLogOptions {
  /** Receives the torn-tail warning and background compaction failures (default: stderr). */
  logger?: Pick<Logger, 'warn' | 'error'>;
  /** Create an empty log when the file is missing (default true). */
  createIfMissing?: boolean;
  /** Compact after a commit when garbage reaches this fraction of the file (default 0.5). */
  compactGarbageRatio?: number;
  /** ... and the file has at least this many bytes (default 1 MiB). */
  compactMinBytes?: number;
  /** Compact automatically after commits (default true); compact() works either way. */
  autoCompact?: boolean;
}

export interface KvLogStats {
  /** Keys with a value. */
  liveRecords: number;
  /** Encoded bytes of the live entries: roughly the size of a compacted file. */
  liveBytes: number;
  /** Entries in the file that are overwritten, deleted, or deletes themselves. */
  garbageRecords: number;
  /** Bytes compaction would reclaim: everything but the header and the live entries. */
  garbageBytes: number;
  fileSize: number;
  /** Sequence number of the last durable batch. */
  lastSeq: number;
}

/** An atomic group of changes for KvLog.write, in order (a later change of a key wins). */
export class KvBatch {
  /** The changes in order; keys and values are copies, so callers may reuse their buffers. */
  readonly entries: KvEntry[] = [];

  put(key: Buffer, value: Buffer): this {
    this.entries.push({ key: Buffer.from(key), value: Buffer.from(value) });
    return this;
  }

  delete(key: Buffer): this {
    this.entries.push({ key: Buffer.from(key), value: undefined });
    return this;
  }

  /** Number of changes. */
  get size(): number {
    return this.entries.length;
  }
}

/** What KvLog.write accepts. In the plain shape the deletes apply before the puts. */
export type KvBatchInput =
  | KvBatch
  | {
      puts?: Iterable<readonly [Buffer, Buffer]>;
      deletes?: Iterable<Buffer>;
    };

/** The changes of a batch as entries the log owns (copies of the caller's buffers). */
function toEntries(batch: KvBatchInput): KvEntry[] {
  if (batch instanceof KvBatch) return batch.entries.slice();
  const copy = new KvBatch();
  for (const key of batch.deletes ?? []) copy.delete(key);
  for (const [key, value] of batch.puts ?? []) copy.put(key, value);
  return copy.entries;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

type Task = ({ kind: 'batch'; entries: KvEntry[]; bytes: number } & Waiter) | { kind: 'compact'; waiters: Waiter[] };

/** Batches flushed together by one write + fdatasync are capped at this many bytes. */
const MAX_GROUP_BYTES = 16 << 20;

function reasonOf(err: unknown): string {
  if (err instanceof RewriteError) return reasonOf(err.failure);
  if (err instanceof IoError) return err.code;
  return err instanceof Error ? err.message : String(err);
}

export class KvLog {
  private readonly queue: Task[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly policy: { garbageRatio: number; minBytes: number };
  private readonly autoCompact: boolean;
  private running = false;
  private closing = false;
  /** True once `file` is closed (by close(), or after a compaction failed past its rename). */
  private fileClosed = false;
  /** Set by a failed write, fsync or post-rename step: every later write is refused. */
  private failure: DbError | undefined;
  private closePromise: Promise<void> | undefined;
  private fileSize: number;
  /** Entries in the file (live or not), for the garbage count. */
  private fileEntries: number;
  private lastSeq: number;

  private constructor(
    private readonly engine: IoEngine,
    readonly path: string,
    private file: FileHandle,
    private readonly index: KeyIndex,
    replayed: { fileSize: number; fileEntries: number; lastSeq: number },
    options: KvLogOptions,
  ) {
    ({ fileSize: this.fileSize, fileEntries: this.fileEntries, lastSeq: this.lastSeq } = replayed);
    this.logger = options.logger ?? createLogger('warn');
    this.policy = { garbageRatio: options.compactGarbageRatio ?? 0.5, minBytes: options.compactMinBytes ?? 1 << 20 };
    this.autoCompact = options.autoCompact ?? true;
  }

  /**
   * Opens (or creates) the log at `path` and replays it into memory. A torn tail is cut off,
   * durably, with a warning; corruption throws DbError XX001 naming the file and offset.
   */
  static open(engine: IoEngine, path: string, options: KvLogOptions = {}): KvLog {
    const logger = options.logger ?? createLogger('warn');
    const ioError = (what: string, err: unknown) =>
      err instanceof DbError ? err : new DbError(SqlState.IoError, `could not ${what} KV log file "${path}": ${reasonOf(err)}`);
    try {
      const temp = compactionPath(path);
      if (engine.exists(temp)) engine.unlink(temp); // an unfinished compaction or creation
      if (!engine.exists(path)) {
        if (options.createIfMissing === false) throw new DbError('58P01', `KV log file "${path}" does not exist`);
        replaceLogFileSync(engine, path, encodeSnapshotFile([], 0));
      }
    } catch (err) {
      throw ioError('create', err);
    }
    let file: FileHandle;
    try {
      file = engine.open(path, 'readwrite');
    } catch (err) {
      throw ioError('open', err);
    }
    try {
      const contents = readWhole(engine, file);
      const index = new KeyIndex();
      let fileEntries = 0;
      const recovered = recoverLog(contents, path, (frame) => {
        for (const { key, value } of frame.entries) index.apply(key, value, true);
        fileEntries += frame.entries.length;
      });
      if (recovered.tornTail !== undefined) {
        logger.warn(
          `KV log file "${path}": ${recovered.tornTail} at offset ${recovered.validLength}; ` +
            `truncating ${contents.length - recovered.validLength} bytes of an interrupted write`,
        );
        engine.truncateSync(file, recovered.validLength);
        engine.syncSync(file);
      }
      return new KvLog(engine, path, file, index, { fileSize: recovered.validLength, fileEntries, lastSeq: recovered.lastSeq }, options);
    } catch (err) {
      engine.close(file);
      throw ioError('recover', err);
    }
  }

  /** The value of `key`, or undefined. The buffer is the log's own: do not modify it. */
  get(key: Buffer): Buffer | undefined {
    return this.index.get(key);
  }

  /** Live entries whose key starts with `prefix`, in Buffer.compare order; buffers are read-only. */
  scanPrefix(prefix: Buffer): Iterable<[Buffer, Buffer]> {
    return this.index.scanPrefix(prefix);
  }

  /**
   * Appends a batch atomically. Resolves once it is durable; its changes become visible at
   * that moment, all together, after every batch written before it. Rejects with DbError
   * 58030 when a write or fsync fails: the batch's fate is then unknown (it may be on disk)
   * and the log refuses every later write; reopening recovers whatever reached the disk.
   */
  write(batch: KvBatchInput): Promise<void> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    const entries = toEntries(batch);
    if (entries.length === 0) return Promise.resolve();
    const bytes = payloadSize(entries);
    if (bytes > MAX_PAYLOAD) {
      return Promise.reject(new DbError(SqlState.ProgramLimitExceeded, `KV log batch of ${bytes} bytes exceeds the limit of ${MAX_PAYLOAD}`));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'batch', entries, bytes: FRAME_HEADER_SIZE + bytes, resolve, reject });
      this.kick();
    });
  }

  /** A batch of one put. */
  put(key: Buffer, value: Buffer): Promise<void> {
    return this.write(new KvBatch().put(key, value));
  }

  /** A batch of one delete. */
  delete(key: Buffer): Promise<void> {
    return this.write(new KvBatch().delete(key));
  }

  /** Rewrites the file with the live entries only, after the writes queued before this call. */
  compact(): Promise<void> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return new Promise<void>((resolve, reject) => {
      const last = this.queue.at(-1);
      if (last?.kind === 'compact') last.waiters.push({ resolve, reject });
      else this.queue.push({ kind: 'compact', waiters: [{ resolve, reject }] });
      this.kick();
    });
  }

  stats(): KvLogStats {
    const liveBytes = this.index.liveBytes;
    return {
      liveRecords: this.index.size,
      liveBytes,
      garbageRecords: this.fileEntries - this.index.size,
      garbageBytes: Math.max(0, this.fileSize - HEADER_SIZE - liveBytes),
      fileSize: this.fileSize,
      lastSeq: this.lastSeq,
    };
  }

  /** The error that stopped writes, if one did. */
  get failedWith(): DbError | undefined {
    return this.failure;
  }

  /** Waits for queued writes and compactions, then closes the file. Reads keep working. */
  close(): Promise<void> {
    this.closePromise ??= (async () => {
      this.closing = true;
      if (this.running) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if (!this.fileClosed) this.engine.close(this.file);
      this.fileClosed = true;
    })();
    return this.closePromise;
  }

  private refusal(): DbError | undefined {
    if (this.closing) return new DbError(SqlState.ObjectNotInPrerequisiteState, `KV log file "${this.path}" is closed`);
    if (this.failure === undefined) return undefined;
    return new DbError(SqlState.IoError, `KV log file "${this.path}" refuses writes after an I/O failure`, {
      detail: this.failure.message,
      hint: 'Restart the server: the log is recovered from what reached the disk.',
    });
  }

  private kick(): void {
    if (!this.running) void this.run();
  }

  /** Runs queued tasks one at a time: consecutive batches as one flush, compactions alone. */
  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        if (this.failure !== undefined) {
          const refusal = this.refusal()!;
          for (const task of this.queue.splice(0)) {
            for (const waiter of task.kind === 'batch' ? [task] : task.waiters) waiter.reject(refusal);
          }
          break;
        }
        const head = this.queue[0];
        if (head.kind === 'compact') {
          this.queue.shift();
          await this.runCompaction(head.waiters);
          continue;
        }
        const group: Array<Task & { kind: 'batch' }> = [];
        let bytes = 0;
        while (this.queue[0]?.kind === 'batch' && (group.length === 0 || bytes + this.queue[0].bytes <= MAX_GROUP_BYTES)) {
          const task = this.queue.shift() as Task & { kind: 'batch' };
          bytes += task.bytes;
          group.push(task);
        }
        await this.flush(group, bytes);
        if (this.autoCompact && this.failure === undefined && this.queue[0]?.kind !== 'compact' && shouldCompact(this.stats(), this.policy)) {
          this.queue.unshift({ kind: 'compact', waiters: [] });
        }
      }
    } finally {
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** One write + one fdatasync for the whole group; then the batches apply, in order. */
  private async flush(group: ReadonlyArray<{ entries: KvEntry[] } & Waiter>, bytes: number): Promise<void> {
    try {
      const buffer = Buffer.allocUnsafe(bytes);
      let offset = 0;
      group.forEach((task, i) => {
        offset = encodeFrame(buffer, offset, FrameKind.Batch, this.lastSeq + 1 + i, i, task.entries);
      });
      if (offset !== bytes) throw new Error(`KV log group encoded ${offset} bytes, expected ${bytes}`);
      await this.engine.submit([
        { op: 'write', file: this.file, buffer, position: this.fileSize },
        { op: 'sync', file: this.file, dataOnly: true },
      ]);
    } catch (err) {
      this.failure = new DbError(SqlState.IoError, `could not write to KV log file "${this.path}": ${reasonOf(err)}`, {
        detail: 'The outcome of the failed batches is unknown until the log is reopened.',
      });
      for (const task of group) task.reject(this.failure);
      return;
    }
    this.fileSize += bytes;
    this.lastSeq += group.length;
    for (const task of group) this.applyEntries(task.entries);
    for (const task of group) task.resolve();
  }

  private applyEntries(entries: readonly KvEntry[]): void {
    for (const { key, value } of entries) this.index.apply(key, value);
    this.fileEntries += entries.length;
  }

  /** The mechanism of compaction.ts, then the switch to the new file. */
  private async runCompaction(waiters: readonly Waiter[]): Promise<void> {
    try {
      const contents = encodeSnapshotFile(this.index.all(), this.lastSeq);
      const file = await replaceLogFile(this.engine, this.path, contents);
      this.closeQuietly(this.file);
      this.file = file;
      this.fileSize = contents.length;
      this.fileEntries = this.index.size;
      for (const waiter of waiters) waiter.resolve();
    } catch (err) {
      const afterRename = err instanceof RewriteError && err.afterRename;
      const error = new DbError(SqlState.IoError, `could not compact KV log file "${this.path}": ${reasonOf(err)}`);
      if (afterRename) {
        // The directory may or may not name the new file durably: appending to either is unsafe.
        this.closeQuietly(this.file);
        this.fileClosed = true;
        this.failure = error;
      }
      if (waiters.length === 0) this.logger.error(`background compaction failed${afterRename ? '; the log refuses writes' : ''}`, error);
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  private closeQuietly(file: FileHandle): void {
    try {
      this.engine.close(file);
    } catch {
      // Nothing more can be done with a handle that does not close.
    }
  }
}

/** Reads a whole file through the synchronous engine calls. */
function readWhole(engine: IoEngine, file: FileHandle): Buffer {
  const size = engine.size(file);
  const buffer = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const n = engine.readSync(file, buffer.subarray(done), done);
    if (n === 0) break;
    done += n;
  }
  return done === size ? buffer : buffer.subarray(0, done);
}
