// Where SSTables are built: in a worker thread (sstable-worker.ts) when its script is there, so
// flushes and compactions cost the main thread only their I/O calls and, for a flush, copying
// the entries into chunks (about 1 ms of work per chunk); otherwise in this thread (the same
// code, run here). The mirror keeps one SstableThread for flushes and intakes and one for
// compactions, so a long compaction never holds up a flush.
// Invariant: a job's promise settles exactly once — with the worker's result, its error, or an
// error when the worker dies or the thread is closed; a stream's source is closed either way.
// Requires: close() once, after the caller stopped giving jobs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { DbError, SqlState } from '../errors.js';
import { EngineHost } from '../io/engine-host.js';
import type { IoEngine } from '../io/engine.js';
import { asBuffer, reviveError, type CarriedError } from '../io/thread-bridge.js';
import type { Logger } from '../log.js';
import type { CompactionTask } from './compaction-policy.js';
import { runCompaction, type CompactionResult, type ReaderSource } from './compaction.js';
import { deadEntryTest } from './dropped-relations.js';
import { EntryChunker } from './entry-chunks.js';
import type { ManifestVersion, SstableMeta } from './manifest-format.js';
import { throttleWrites, type RateLimiter } from './rate-limiter.js';
import type { SstEntry } from './sstable-format.js';
import type { SstableJob } from './sstable-worker.js';
import { writeSstableFile, type SstSummary, type SstWriterOptions } from './sstable-writer.js';

export interface SstableThreadOptions {
  log: Logger;
  /** Written bytes wait for this limiter (compaction). */
  rateLimiter?: RateLimiter;
  /** A fresh file number (for compaction outputs). */
  allocateFileNumber?: () => number;
  /** Build in this thread even when the worker script is there (tests, tools). */
  inline?: boolean;
  writerOptions?: SstWriterOptions;
}

export interface CompactJobOptions {
  /** Readers of the input files, used when the job runs in this thread. */
  readers: ReaderSource;
  snapshots: readonly number[];
  targetFileBytes?: number;
  /** The version whose dropped relations' entries are discarded. */
  version: Pick<ManifestVersion, 'dropped'>;
}

/** A job without its id (Omit taken over each kind of job). */
type WithoutId<J> = J extends unknown ? Omit<J, 'jobId'> : never;
type JobBody = WithoutId<SstableJob>;

/** The worker's script: beside this module, or (running from the TypeScript sources, as tests do) in the build. */
function workerScript(): URL | null {
  for (const candidate of [new URL('./sstable-worker.js', import.meta.url), new URL('../../dist/lsm/sstable-worker.js', import.meta.url)]) {
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  return null;
}

export class SstableThread {
  private worker: Worker | null = null;
  private host: EngineHost | null = null;
  private readonly jobs = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly streams = new Map<number, EntryChunker>();
  private nextId = 1;
  private closed = false;
  private readonly script: URL | null;
  /** Jobs run in the worker and in this thread. */
  readonly jobCounts = { worker: 0, inline: 0 };

  constructor(
    private readonly engine: IoEngine,
    private readonly options: SstableThreadOptions,
  ) {
    this.script = options.inline ? null : workerScript();
  }

  /** Writes `<dir>/<name>` from `entries` (crash-safe, as writeSstableFile). */
  async writeFile(dir: string, name: string, entries: Iterable<SstEntry>): Promise<SstSummary> {
    if (this.script === null) {
      this.jobCounts.inline++;
      return writeSstableFile(this.writeEngine(), dir, name, entries, this.options.writerOptions);
    }
    const stream = this.nextId++;
    const chunker = new EntryChunker(entries[Symbol.iterator]());
    this.streams.set(stream, chunker);
    try {
      return summaryOf((await this.run({ kind: 'write', dir, name, stream, writerOptions: this.options.writerOptions })) as SstSummary);
    } finally {
      this.streams.delete(stream);
      chunker.close();
    }
  }

  /** Runs a compaction task (compaction.ts); a trivial move is only an edit and runs here. */
  async compact(dir: string, task: CompactionTask, options: CompactJobOptions): Promise<CompactionResult> {
    if (this.script === null || task.trivialMove) {
      this.jobCounts.inline++;
      return runCompaction(this.engine, dir, task, {
        readers: options.readers,
        allocateFileNumber: this.allocate,
        snapshots: options.snapshots,
        targetFileBytes: options.targetFileBytes,
        rateLimiter: this.options.rateLimiter,
        dropEntry: deadEntryTest(options.version),
        writerOptions: this.options.writerOptions,
        yieldEvery: 512,
      });
    }
    const result = (await this.run({
      kind: 'compact',
      dir,
      task,
      snapshots: [...options.snapshots],
      targetFileBytes: options.targetFileBytes,
      dropped: [...options.version.dropped.values()],
      writerOptions: this.options.writerOptions,
    })) as CompactionResult;
    return { ...result, edit: { ...result.edit, added: result.edit.added?.map(metaOf) }, outputs: result.outputs.map(summaryOf) };
  }

  /** Stops the worker; jobs still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stopWorker(new DbError(SqlState.InternalError, 'the SSTable thread was closed'));
  }

  private readonly allocate = (): number => {
    if (this.options.allocateFileNumber === undefined) throw new DbError(SqlState.InternalError, 'SSTable thread: no file numbers to give');
    return this.options.allocateFileNumber();
  };

  private writeEngine(): IoEngine {
    return this.options.rateLimiter === undefined ? this.engine : throttleWrites(this.engine, this.options.rateLimiter);
  }

  private run(body: JobBody): Promise<unknown> {
    if (this.closed) return Promise.reject(new DbError(SqlState.InternalError, 'the SSTable thread was closed'));
    const worker = this.worker ?? this.startWorker();
    const jobId = this.nextId++;
    this.jobCounts.worker++;
    return new Promise((resolve, reject) => {
      if (this.jobs.size === 0) this.keepAlive(true);
      const settle = () => {
        this.jobs.delete(jobId);
        if (this.jobs.size === 0) this.keepAlive(false);
      };
      this.jobs.set(jobId, {
        resolve: (v) => (settle(), resolve(v)),
        reject: (e) => (settle(), reject(e)),
      });
      worker.postMessage({ ...body, jobId } as SstableJob);
    });
  }

  private keepAlive(on: boolean): void {
    if (on) this.worker?.ref();
    else this.worker?.unref();
    this.host?.ref(on);
  }

  private startWorker(): Worker {
    const channel = new MessageChannel();
    const replies = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const limiter = this.options.rateLimiter;
    const host = new EngineHost(this.engine, channel.port2, replies.port2, flag, limiter && ((bytes) => limiter.acquire(bytes)));
    host.onCall('allocate', this.allocate);
    host.onCall('pull', (stream: number) => {
      const chunker = this.streams.get(stream);
      if (chunker === undefined) throw new DbError(SqlState.InternalError, `SSTable thread: no entry stream ${stream}`);
      return chunker.next();
    });
    const bridge = { requests: channel.port1, replies: replies.port1, flag, engineName: this.engine.name };
    const worker = new Worker(this.script!, { workerData: { bridge }, transferList: [channel.port1, replies.port1], execArgv: [] });
    worker.on('message', (m: { jobId: number; result?: unknown; error?: CarriedError }) => {
      const job = this.jobs.get(m.jobId);
      if (job === undefined) return;
      if (m.error !== undefined) job.reject(reviveError(m.error));
      else job.resolve(m.result);
    });
    worker.on('error', (err) => {
      this.options.log.error('SSTable worker thread failed', err);
      void this.stopWorker(err);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) void this.stopWorker(new DbError(SqlState.InternalError, `SSTable worker thread exited (code ${code})`));
    });
    worker.unref();
    host.ref(false);
    this.worker = worker;
    this.host = host;
    return worker;
  }

  private async stopWorker(reason: Error): Promise<void> {
    const worker = this.worker;
    const host = this.host;
    this.worker = null;
    this.host = null;
    for (const job of [...this.jobs.values()]) job.reject(reason);
    if (worker !== null) await worker.terminate();
    if (host !== null) await host.dispose();
  }
}

function summaryOf(s: SstSummary): SstSummary {
  return { ...s, smallest: asBuffer(s.smallest), largest: asBuffer(s.largest) };
}

function metaOf(m: SstableMeta): SstableMeta {
  return { ...m, smallest: asBuffer(m.smallest), largest: asBuffer(m.largest) };
}
