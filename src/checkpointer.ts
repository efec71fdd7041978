// Checkpoints of the cluster: what one does and when one runs. A checkpoint moves the WAL to a
// new segment, writes every changed B+tree page (double-write first) and syncs it, records the
// CSN and the new redo segment in the control file, lets the mirror move its own redo point
// (lsm/mirror.ts checkpointed), and deletes the WAL segments that neither the checkpoint nor the
// mirror needs. Checkpoints run periodically (skipped while nothing was committed, as in
// PostgreSQL), when the WAL has grown by `walBytes` since the last one, on CHECKPOINT and at
// shutdown.
// Requires: run() only in the cluster's commit queue (or before commits start), so its CSN is
// the newest commit's and no commit is half applied.
import type { IoEngine } from './io/engine.js';
import type { Logger } from './log.js';
import { writeControlFile } from './lsm/control-file.js';
import type { Mirror } from './lsm/mirror.js';
import type { WriteAheadLog } from './lsm/wal.js';
import { writeCheckpointPages } from './storage/checkpoint.js';
import { clearDoubleWrite } from './storage/double-write.js';
import type { PageCache } from './storage/pagecache.js';

export interface CheckpointerParts {
  engine: IoEngine;
  dataDir: string;
  cache: PageCache;
  log: Logger;
  wal: () => WriteAheadLog;
  /** The newest commit's CSN. */
  csn: () => number;
  mirror: () => Mirror | null;
  /** Runs work in the commit queue. */
  inQueue: <T>(work: () => Promise<T>) => Promise<T>;
  /** False while the WAL has failed: nothing more is deleted. */
  healthy: () => boolean;
}

export class Checkpointer {
  /** The WAL segment recovery starts from for the B+trees (the last checkpoint's). */
  redoSegment: number;
  /** Checkpoints completed in this run (statistics, tests). */
  count = 0;
  private lastCsn = -1;
  /** WAL bytes written when the last checkpoint started. */
  private walBytesAtLast = 0;
  private requested = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly parts: CheckpointerParts,
    /** The control file's redo segment at open. */
    redoSegment: number,
    /** WAL bytes since the last checkpoint that start one. */
    private readonly walBytes = 256 * 1024 * 1024,
  ) {
    this.redoSegment = redoSegment;
  }

  /** Starts the periodic checkpoints (none for 0 seconds). */
  startTimer(intervalSeconds: number): void {
    if (intervalSeconds <= 0) return;
    this.timer = setInterval(() => {
      if (this.parts.csn() !== this.lastCsn) this.request();
    }, intervalSeconds * 1000);
    this.timer.unref();
  }

  stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A checkpoint after the commits queued so far (CHECKPOINT, CREATE DATABASE, shutdown). */
  checkpoint(): Promise<void> {
    return this.parts.inQueue(() => this.run());
  }

  /** After a commit: a checkpoint in the background once the WAL has grown enough. */
  walWritten(): void {
    if (this.parts.wal().stats.bytes - this.walBytesAtLast > this.walBytes) this.request();
  }

  /** A checkpoint in the background (periodic, or the WAL grew): failures are logged. */
  private request(): void {
    if (this.requested) return;
    this.requested = true;
    this.checkpoint()
      .catch((err) => this.parts.log.error('checkpoint failed', err))
      .finally(() => (this.requested = false));
  }

  /** One checkpoint now (see Requires). */
  async run(): Promise<void> {
    const { engine, dataDir, cache, log } = this.parts;
    const wal = this.parts.wal();
    await wal.idle();
    const redoSegment = await wal.rotate();
    const csn = this.parts.csn();
    this.walBytesAtLast = wal.stats.bytes;
    const files = writeCheckpointPages(engine, dataDir, cache, csn);
    for (const file of files) if (!file.closed) file.sync();
    writeControlFile(engine, dataDir, { checkpointCsn: csn, redoSegment });
    clearDoubleWrite(engine, dataDir);
    this.redoSegment = redoSegment;
    this.lastCsn = csn;
    try {
      await this.parts.mirror()?.checkpointed(csn, redoSegment);
    } catch (err) {
      log.warn(`mirror: could not move its WAL redo point: ${(err as Error).message}`);
    }
    this.releaseWal();
    this.count++;
    log.debug(`checkpoint at CSN ${csn}: ${files.length} file(s) written, WAL from segment ${redoSegment}`);
  }

  /**
   * Deletes the WAL segments nobody needs: those before both the last checkpoint's redo segment
   * and the mirror's (whose commits are not all flushed to SSTables yet).
   */
  releaseWal(): void {
    if (!this.parts.healthy()) return;
    const keepFrom = Math.min(this.redoSegment, this.parts.mirror()?.redoSegment ?? Infinity);
    try {
      this.parts.wal().removeSegmentsBefore(keepFrom);
    } catch (err) {
      this.parts.log.warn(`could not remove old WAL segments: ${(err as Error).message}`);
    }
  }
}
