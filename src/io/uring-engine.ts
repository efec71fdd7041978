// The io_uring I/O engine (`--io uring`, and `--io auto` where the kernel allows it): files,
// synchronous and namespace calls as in FdEngine (node:fs); asynchronous read/write/sync and
// batches go through one ring of the native addon, a batch as one linked chain (uring-chain.ts).
// Invariant: every handle of a batch counts as busy (FdHandle.pending) until the whole batch has
// settled, so none of its fds can be closed (and reused) while the kernel may still use it.
// Requires: shutdown() after the last use, to release the ring (an idle ring never keeps the
// process alive, and one never shut down is released when the engine is garbage-collected).
import { IoError, type FileHandle, type IoOp } from './engine.js';
import { checkOffset, checkOpKind } from './checks.js';
import { FdEngine, type FdHandle } from './fd-engine.js';
import { openRing, type NativeRing } from './native-binding.js';
import { runChain, type ChainOp } from './uring-chain.js';

/** Submission queue size when none is given: room for 256 operations in flight. */
export const DEFAULT_RING_ENTRIES = 256;
/** io_uring's own limit (IORING_MAX_ENTRIES). */
export const MAX_RING_ENTRIES = 32768;

export interface UringEngineOptions {
  /** Submission queue size (rounded up to a power of two by the kernel); default 256. */
  ringEntries?: number;
}

/** The ring size asked for; IoError EINVAL outside 1..MAX_RING_ENTRIES. */
export function ringEntriesOf(options: UringEngineOptions): number {
  const entries = options.ringEntries ?? DEFAULT_RING_ENTRIES;
  if (!Number.isInteger(entries) || entries < 1 || entries > MAX_RING_ENTRIES) {
    throw new IoError('create I/O engine', '', 'EINVAL', `invalid io_uring ring size ${entries} (expected 1 to ${MAX_RING_ENTRIES})`);
  }
  return entries;
}

export class UringEngine extends FdEngine {
  readonly name = 'io_uring';
  private readonly ring: NativeRing;

  /** Throws an IoError when io_uring cannot be set up here (see native-binding.ts). */
  constructor(options: UringEngineOptions = {}) {
    super();
    this.ring = openRing(ringEntriesOf(options));
  }

  /** Operations the ring runs at once; more wait in the addon's queue. */
  get capacity(): number {
    return this.ring.capacity;
  }

  async read(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
    const [count] = await this.submit([{ op: 'read', file, buffer, position }]);
    return count;
  }

  async write(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
    await this.submit([{ op: 'write', file, buffer, position }]);
  }

  async sync(file: FileHandle, dataOnly = false): Promise<void> {
    await this.submit([{ op: 'sync', file, dataOnly }]);
  }

  /**
   * Checks the operations in order and runs the valid prefix as one chain; an invalid operation
   * (foreign or closed handle, bad position) then rejects the batch like a failure at that point.
   */
  async submit(ops: readonly IoOp[]): Promise<number[]> {
    const chain: ChainOp[] = [];
    const handles: FdHandle[] = [];
    let invalid: unknown;
    for (const op of ops) {
      try {
        checkOpKind(op);
        const handle = this.handleOf(op.file, op.op);
        const fd = this.fdOf(handle, op.op);
        if (op.op === 'sync') chain.push({ kind: 'sync', fd, path: handle.path, dataOnly: op.dataOnly ?? false });
        else {
          checkOffset(op.op, handle.path, op.position);
          chain.push({ kind: op.op, fd, path: handle.path, buffer: op.buffer, position: op.position });
        }
        handles.push(handle);
      } catch (error) {
        invalid = error;
        break;
      }
    }
    for (const handle of handles) handle.pending++;
    let counts: number[];
    try {
      counts = chain.length === 0 ? [] : await runChain(this.ring, chain);
    } finally {
      for (const handle of handles) handle.pending--;
    }
    if (invalid !== undefined) throw invalid;
    return counts;
  }

  /** Refuses while files are open; otherwise waits for the ring to drain and closes it. */
  override async shutdown(): Promise<void> {
    await super.shutdown();
    await this.ring.close();
  }
}
