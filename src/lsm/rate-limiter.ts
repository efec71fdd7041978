// A token-bucket byte rate limiter for background writes (compaction, flushes), and an IoEngine
// wrapper that makes every asynchronous write of one user wait for its bytes first.
// The bucket refills at bytesPerSecond up to burstBytes; a grant takes its bytes at once and, when
// that leaves the bucket in debt, resolves only once the refill has paid the debt (so a request
// larger than the burst is allowed, and waited for in proportion). Grants are served in call order.
// Invariant: over any span, bytes granted ≤ burstBytes + bytesPerSecond × elapsed time (at the
// rates in force). Sleeps use unref'd timers (never keep the process alive) and last at most
// MAX_SLEEP_MS, so a new rate applies to a waiting request within that time.
import type { FileHandle, IoEngine, IoOp, OpenMode } from '../io/engine.js';

/** Longest single sleep: a rate changed meanwhile is seen after at most this long. */
export const MAX_SLEEP_MS = 100;

export interface RateLimiterOptions {
  /** Refill rate; 0 or Infinity: unlimited. */
  bytesPerSecond: number;
  /** Bucket size (default: 100 ms worth of bytesPerSecond, at least 1). */
  burstBytes?: number;
  /** Clock in milliseconds (default performance.now). */
  now?: () => number;
  /** Waits `ms` milliseconds (default: an unref'd setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

const unrefSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

function checkRate(bytesPerSecond: number): number {
  if (Number.isNaN(bytesPerSecond) || bytesPerSecond < 0) throw new RangeError(`rate limiter: bytesPerSecond must be ≥ 0, got ${bytesPerSecond}`);
  return bytesPerSecond;
}

export class RateLimiter {
  private rate: number;
  private readonly burstOption: number | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Bytes in the bucket; negative while a grant's debt is being paid. */
  private tokens: number;
  private refilledAt: number;
  /** Settles when the previous request has been granted (requests are served in order). */
  private queue: Promise<void> = Promise.resolve();
  /** Total bytes granted. */
  bytesGranted = 0;
  /** Total milliseconds requests spent between acquire() and their grant (summed over requests). */
  waitedMs = 0;

  constructor(options: RateLimiterOptions) {
    this.rate = checkRate(options.bytesPerSecond);
    if (options.burstBytes !== undefined && !(options.burstBytes > 0)) throw new RangeError(`rate limiter: burstBytes must be > 0, got ${options.burstBytes}`);
    this.burstOption = options.burstBytes;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? unrefSleep;
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  /** Changes the rate; bytes refilled so far count at the old rate. */
  set bytesPerSecond(value: number) {
    checkRate(value);
    this.refill();
    this.rate = value;
    this.tokens = Math.min(this.tokens, this.burst);
  }

  get unlimited(): boolean {
    return this.rate === 0 || this.rate === Infinity;
  }

  get burstBytes(): number {
    return this.burst;
  }

  private get burst(): number {
    if (this.burstOption !== undefined) return this.burstOption;
    return this.unlimited ? Infinity : Math.max(1, this.rate / 10);
  }

  /** Resolves when `bytes` may be written. */
  acquire(bytes: number): Promise<void> {
    if (!Number.isFinite(bytes) || bytes < 0) return Promise.reject(new RangeError(`rate limiter: cannot acquire ${bytes} bytes`));
    const calledAt = this.now();
    const granted = this.queue.then(() => this.take(bytes, calledAt));
    this.queue = granted.catch(() => {});
    return granted;
  }

  private async take(bytes: number, calledAt: number): Promise<void> {
    this.refill();
    this.tokens -= bytes;
    while (this.tokens < 0 && !this.unlimited) {
      await this.sleep(Math.min(MAX_SLEEP_MS, Math.max(1, (-this.tokens / this.rate) * 1000)));
      this.refill();
    }
    if (this.unlimited) this.tokens = this.burst;
    this.bytesGranted += bytes;
    this.waitedMs += Math.max(0, this.now() - calledAt);
  }

  private refill(): void {
    const at = this.now();
    const elapsed = Math.max(0, at - this.refilledAt);
    this.refilledAt = at;
    if (this.unlimited) this.tokens = this.burst;
    else this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
  }
}

/**
 * `engine` with its asynchronous writes (write, and the writes of a submitted batch) throttled by
 * `limiter`: each waits for its bytes before it starts. Synchronous calls pass straight through.
 */
export function throttleWrites(engine: IoEngine, limiter: RateLimiter): IoEngine {
  return new ThrottledEngine(engine, limiter);
}

class ThrottledEngine implements IoEngine {
  constructor(
    private readonly inner: IoEngine,
    private readonly limiter: RateLimiter,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  async write(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
    await this.limiter.acquire(buffer.length);
    return this.inner.write(file, buffer, position);
  }

  async submit(ops: readonly IoOp[]): Promise<number[]> {
    const bytes = ops.reduce((n, op) => n + (op.op === 'write' ? op.buffer.length : 0), 0);
    if (bytes > 0) await this.limiter.acquire(bytes);
    return this.inner.submit(ops);
  }

  open(path: string, mode: OpenMode): FileHandle {
    return this.inner.open(path, mode);
  }
  close(file: FileHandle): void {
    this.inner.close(file);
  }
  size(file: FileHandle): number {
    return this.inner.size(file);
  }
  truncateSync(file: FileHandle, length: number): void {
    this.inner.truncateSync(file, length);
  }
  readSync(file: FileHandle, buffer: Buffer, position: number): number {
    return this.inner.readSync(file, buffer, position);
  }
  writeSync(file: FileHandle, buffer: Buffer, position: number): void {
    this.inner.writeSync(file, buffer, position);
  }
  syncSync(file: FileHandle, dataOnly?: boolean): void {
    this.inner.syncSync(file, dataOnly);
  }
  read(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
    return this.inner.read(file, buffer, position);
  }
  sync(file: FileHandle, dataOnly?: boolean): Promise<void> {
    return this.inner.sync(file, dataOnly);
  }
  exists(path: string): boolean {
    return this.inner.exists(path);
  }
  mkdir(path: string, recursive?: boolean): void {
    this.inner.mkdir(path, recursive);
  }
  readdir(path: string): string[] {
    return this.inner.readdir(path);
  }
  rename(from: string, to: string): void {
    this.inner.rename(from, to);
  }
  unlink(path: string): void {
    this.inner.unlink(path);
  }
  syncDir(path: string): void {
    this.inner.syncDir(path);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
