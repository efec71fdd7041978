// The write-ahead log: segment files under `wal/`, named by their 16-hex-digit number, holding
// the redo records of committed transactions (format in wal-format.ts). append() resolves once
// the record is durable: records that arrive while a flush is running wait and then share the
// next one — one write and one fdatasync for the whole group (group commit), submitted through
// the I/O engine as one linked batch. With `fsync: false` nothing is synced (benchmarks only:
// a crash or power loss can lose acknowledged commits).
// Invariants: records reach the file in append order; a record's promise resolves only after
// every record before it is durable; after a failed write or sync every later append is refused.
import { dirname, join } from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { FileHandle, IoEngine } from '../io/engine.js';
import type { Logger } from '../log.js';
import { encodeFrame, encodeSegmentHeader, frameSize, SEGMENT_HEADER_SIZE, type CommitRecord } from './wal-format.js';

export interface WalOptions {
  /** fdatasync each group (default true); false is unsafe and for benchmarks only. */
  fsync?: boolean;
  /** A segment is closed and a new one started past this size (default 16 MiB). */
  segmentSize?: number;
  log: Logger;
}

export interface WalStats {
  /** Records appended and durable. */
  records: number;
  /** Group writes (one write(2) each). */
  writes: number;
  /** fdatasyncs of segment files. */
  syncs: number;
  bytes: number;
}

/** Most bytes written by one group. */
const MAX_GROUP_BYTES = 8 * 1024 * 1024;

export const segmentName = (segment: number) => `${segment.toString(16).padStart(16, '0')}.wal`;

interface Pending {
  record: CommitRecord;
  bytes: number;
  resolve(): void;
  reject(err: Error): void;
}

export class WriteAheadLog {
  readonly stats: WalStats = { records: 0, writes: 0, syncs: 0, bytes: 0 };
  private readonly queue: Pending[] = [];
  private file: FileHandle;
  private fileSize = SEGMENT_HEADER_SIZE;
  private running: Promise<void> | null = null;
  private failure: DbError | null = null;
  private readonly fsync: boolean;
  private readonly segmentSize: number;

  private constructor(
    private readonly engine: IoEngine,
    private readonly dir: string,
    private segmentNo: number,
    file: FileHandle,
    private readonly options: WalOptions,
  ) {
    this.file = file;
    this.fsync = options.fsync !== false;
    this.segmentSize = options.segmentSize ?? 16 * 1024 * 1024;
  }

  /** Starts a log that appends to a new segment numbered `segment` (after those recovery read). */
  static create(engine: IoEngine, dir: string, segment: number, options: WalOptions): WriteAheadLog {
    if (!engine.exists(dir)) {
      engine.mkdir(dir, true);
      engine.syncDir(dirname(dir));
    }
    const file = createSegment(engine, dir, segment);
    return new WriteAheadLog(engine, dir, segment, file, options);
  }

  /** The segment being written. */
  get segment(): number {
    return this.segmentNo;
  }

  /** Appends a commit record; resolves once it is durable (or written, with fsync off). */
  append(record: CommitRecord): Promise<void> {
    if (this.failure) return Promise.reject(this.refusal());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, bytes: frameSize(record), resolve, reject });
      this.running ??= this.run();
    });
  }

  /**
   * Closes the current segment after the records appended so far and starts the next one;
   * returns the new segment's number. Records appended later go to the new segment.
   */
  async rotate(): Promise<number> {
    await this.idle();
    if (this.failure) throw this.refusal();
    this.engine.close(this.file);
    this.segmentNo++;
    this.file = createSegment(this.engine, this.dir, this.segmentNo);
    this.fileSize = SEGMENT_HEADER_SIZE;
    return this.segmentNo;
  }

  /** Deletes the segment files numbered below `segment` (a checkpoint made them unneeded). */
  removeSegmentsBefore(segment: number): void {
    let removed = false;
    for (const name of this.engine.readdir(this.dir)) {
      const n = parseSegmentName(name);
      if (n !== null && n < segment) {
        this.engine.unlink(join(this.dir, name));
        removed = true;
      }
    }
    if (removed) this.engine.syncDir(this.dir);
  }

  /** Resolves when every record appended so far is durable (or has failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.idle();
    this.engine.close(this.file);
  }

  private refusal(): DbError {
    return new DbError(SqlState.IoError, 'the write-ahead log refuses writes after an I/O failure', {
      detail: this.failure?.message,
      hint: 'Restart the server: recovery replays what reached the disk.',
    });
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        if (this.fileSize >= this.segmentSize) {
          this.engine.close(this.file);
          this.segmentNo++;
          this.file = createSegment(this.engine, this.dir, this.segmentNo);
          this.fileSize = SEGMENT_HEADER_SIZE;
        }
        const group: Pending[] = [];
        let bytes = 0;
        while (this.queue.length > 0 && (group.length === 0 || bytes + this.queue[0]!.bytes <= MAX_GROUP_BYTES)) {
          const p = this.queue.shift()!;
          bytes += p.bytes;
          group.push(p);
        }
        await this.flush(group, bytes);
        if (this.failure) {
          for (const p of this.queue.splice(0)) p.reject(this.refusal());
          return;
        }
      }
    } catch (err) {
      this.failure ??= new DbError(SqlState.IoError, `could not write to the write-ahead log: ${(err as Error).message}`);
      for (const p of this.queue.splice(0)) p.reject(this.refusal());
    } finally {
      this.running = null;
    }
  }

  /** One write and one fdatasync for a group of records; then they resolve, in order. */
  private async flush(group: readonly Pending[], bytes: number): Promise<void> {
    const buffer = Buffer.allocUnsafe(bytes);
    let offset = 0;
    for (const p of group) offset = encodeFrame(buffer, offset, p.record);
    try {
      const write = { op: 'write' as const, file: this.file, buffer, position: this.fileSize };
      await this.engine.submit(this.fsync ? [write, { op: 'sync', file: this.file, dataOnly: true }] : [write]);
    } catch (err) {
      this.failure = new DbError(SqlState.IoError, `could not write to WAL segment ${segmentName(this.segmentNo)}: ${(err as Error).message}`);
      this.options.log.error('write-ahead log failure: the server must be restarted to recover', err);
      for (const p of group) p.reject(this.refusal());
      return;
    }
    this.fileSize += bytes;
    this.stats.records += group.length;
    this.stats.writes++;
    if (this.fsync) this.stats.syncs++;
    this.stats.bytes += bytes;
    for (const p of group) p.resolve();
  }
}

/** The segment number of a file name, or null for other files. */
export function parseSegmentName(name: string): number | null {
  const m = /^([0-9a-f]{16})\.wal$/.exec(name);
  return m ? parseInt(m[1]!, 16) : null;
}

/** A new, empty segment file: header written and synced, its directory entry synced. */
function createSegment(engine: IoEngine, dir: string, segment: number): FileHandle {
  const path = join(dir, segmentName(segment));
  const file = engine.open(path, 'create');
  try {
    engine.truncateSync(file, 0);
    engine.writeSync(file, encodeSegmentHeader(segment), 0);
    engine.syncSync(file, true);
    engine.syncDir(dir);
  } catch (err) {
    engine.close(file);
    throw err;
  }
  return file;
}
