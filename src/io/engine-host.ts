// The main thread's side of a worker that does its file I/O through the main thread's engine
// (remote-engine.ts is the worker's side; thread-bridge.ts the wire). Every engine call a worker
// makes runs here, on the one engine the server uses, so io_uring, the node:fs fallback and the
// fault-injecting test engine all behave for the worker as for the main thread. A host may also
// answer calls of its own (`onCall`), e.g. a file number or the next chunk of entries.
// The worker's synchronous reads, writes and syncs run here asynchronously (the worker waits
// either way), so a read that goes to the disk never stalls the main thread. Writes may first
// wait for a gate (a rate limiter); a write still waiting when the host is disposed never starts.
// Invariant: a worker names files by number; a number maps to one handle of `engine`, opened by
// that worker and closed by it or by dispose() once no asynchronous operation on it runs.
import type { MessagePort } from 'node:worker_threads';
import { DbError, SqlState } from '../errors.js';
import type { FileHandle, IoEngine, IoOp, OpenMode } from './engine.js';
import { asBuffer, carryError, type BridgeReply, type BridgeRequest } from './thread-bridge.js';

/** A submitted operation as the worker sends it: files by number, reads by length. */
export type RemoteOp =
  | { op: 'read'; file: number; length: number; position: number }
  | { op: 'write'; file: number; buffer: Uint8Array; position: number }
  | { op: 'sync'; file: number; dataOnly?: boolean };

/** The worker's synchronous transfers, served by their asynchronous forms (same arguments). */
const TRANSFERS = new Map([
  ['readSync', 'read'],
  ['writeSync', 'write'],
  ['syncSync', 'sync'],
]);

export class EngineHost {
  private readonly files = new Map<number, FileHandle>();
  private nextFile = 1;
  private readonly calls = new Map<string, (...args: never[]) => unknown>();
  private inflight = 0;
  private idle: (() => void) | null = null;
  private disposed = false;

  /**
   * Serves `requests` (a port of the worker's channel) with `engine`; synchronous replies go to
   * `replies` and raise `flag`.
   */
  constructor(
    private readonly engine: IoEngine,
    private readonly requests: MessagePort,
    private readonly replies: MessagePort,
    private readonly flag: Int32Array,
    /** Awaited before each asynchronous write (or batch with writes) with its byte count. */
    private readonly beforeWrite?: (bytes: number) => Promise<void>,
  ) {
    requests.on('message', (m: BridgeRequest) => this.serve(m));
  }

  /** Answers the worker's calls named `op` (synchronous ones must not return a promise). */
  onCall(op: string, fn: (...args: never[]) => unknown): void {
    this.calls.set(op, fn);
  }

  /** Lets the process exit while the worker is idle (or keeps it alive while a job runs). */
  ref(on: boolean): void {
    if (on) this.requests.ref();
    else this.requests.unref();
  }

  /** Stops serving; closes the files the worker left open once their operations finished. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.requests.removeAllListeners('message');
    this.requests.close();
    this.replies.close();
    while (this.inflight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    for (const file of this.files.values()) {
      try {
        this.engine.close(file);
      } catch {
        // already closed, or the engine lost power (tests)
      }
    }
    this.files.clear();
  }

  private serve(m: BridgeRequest): void {
    if (this.disposed) return;
    if (m.sync) {
      const transfer = TRANSFERS.get(m.op);
      if (transfer !== undefined) {
        // the worker waits either way: the transfer runs asynchronously, so a read that goes to
        // the disk never stalls this thread
        this.runAsync(transfer, m.args).then(
          (result) => this.answer({ id: m.id, result }),
          (err: unknown) => this.answer({ id: m.id, error: carryError(err) }),
        );
        return;
      }
      let reply: BridgeReply;
      try {
        reply = { id: m.id, result: this.runSync(m.op, m.args) };
      } catch (err) {
        reply = { id: m.id, error: carryError(err) };
      }
      this.answer(reply);
      return;
    }
    this.runAsync(m.op, m.args)
      .then(
        (result) => ({ id: m.id, result }),
        (err: unknown) => ({ id: m.id, error: carryError(err) }),
      )
      .then((reply: BridgeReply) => {
        if (!this.disposed) this.requests.postMessage(reply);
      });
  }

  /** Replies to the worker's synchronous call and wakes it. */
  private answer(reply: BridgeReply): void {
    if (this.disposed) return;
    this.replies.postMessage(reply);
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  /** Runs an engine operation, counted as in flight (dispose waits for it); writes pass the gate first. */
  private async started<T>(writeBytes: number, op: () => Promise<T>): Promise<T> {
    if (writeBytes > 0 && this.beforeWrite !== undefined) await this.beforeWrite(writeBytes);
    if (this.disposed) throw new DbError(SqlState.InternalError, 'thread bridge: the host was disposed');
    this.inflight++;
    try {
      return await op();
    } finally {
      if (--this.inflight === 0) this.idle?.();
    }
  }

  private file(id: unknown): FileHandle {
    const f = this.files.get(id as number);
    if (f === undefined) throw new DbError(SqlState.InternalError, `thread bridge: file ${String(id)} is not open`);
    return f;
  }

  private runSync(op: string, args: unknown[]): unknown {
    const e = this.engine;
    switch (op) {
      case 'open': {
        const id = this.nextFile++;
        this.files.set(id, e.open(args[0] as string, args[1] as OpenMode));
        return id;
      }
      case 'close':
        e.close(this.file(args[0]));
        this.files.delete(args[0] as number);
        return undefined;
      case 'size':
        return e.size(this.file(args[0]));
      case 'truncateSync':
        return e.truncateSync(this.file(args[0]), args[1] as number);
      case 'exists':
        return e.exists(args[0] as string);
      case 'mkdir':
        return e.mkdir(args[0] as string, args[1] as boolean | undefined);
      case 'readdir':
        return e.readdir(args[0] as string);
      case 'rename':
        return e.rename(args[0] as string, args[1] as string);
      case 'unlink':
        return e.unlink(args[0] as string);
      case 'syncDir':
        return e.syncDir(args[0] as string);
    }
    const fn = this.calls.get(op);
    if (fn === undefined) throw new DbError(SqlState.InternalError, `thread bridge: unknown call "${op}"`);
    return (fn as (...a: unknown[]) => unknown)(...args);
  }

  private async runAsync(op: string, args: unknown[]): Promise<unknown> {
    const e = this.engine;
    switch (op) {
      case 'read': {
        const data = Buffer.allocUnsafe(args[1] as number);
        const n = await this.started(0, () => e.read(this.file(args[0]), data, args[2] as number));
        return data.subarray(0, n);
      }
      case 'write': {
        const data = asBuffer(args[1] as Uint8Array);
        return this.started(data.length, () => e.write(this.file(args[0]), data, args[2] as number));
      }
      case 'sync':
        return this.started(0, () => e.sync(this.file(args[0]), args[1] as boolean | undefined));
      case 'submit': {
        const remote = args[0] as RemoteOp[];
        const ops: IoOp[] = remote.map((o) =>
          o.op === 'read'
            ? { op: 'read', file: this.file(o.file), buffer: Buffer.allocUnsafe(o.length), position: o.position }
            : o.op === 'write'
              ? { op: 'write', file: this.file(o.file), buffer: asBuffer(o.buffer), position: o.position }
              : { op: 'sync', file: this.file(o.file), dataOnly: o.dataOnly },
        );
        const bytes = ops.reduce((n, o) => n + (o.op === 'write' ? o.buffer.length : 0), 0);
        const counts = await this.started(bytes, () => e.submit(ops));
        const reads = ops.flatMap((o) => (o.op === 'read' ? [o.buffer] : []));
        return { counts, reads: reads.map((b, i) => b.subarray(0, counts[i])) };
      }
    }
    const fn = this.calls.get(op);
    if (fn === undefined) throw new DbError(SqlState.InternalError, `thread bridge: unknown call "${op}"`);
    return (fn as (...a: unknown[]) => unknown)(...args);
  }
}
