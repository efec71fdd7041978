// The I/O engine inside a worker thread: every call runs on the main thread's engine through an
// EngineHost (engine-host.ts; wire in thread-bridge.ts). Synchronous calls block this worker
// until the host answered; asynchronous ones resolve when its reply arrives. Bytes are copied
// across: a read fills the caller's buffer from the reply, a write sends a copy.
// Requires: one RemoteEngine per worker (it owns the bridge's ports); shutdown() only stops it —
// the host's engine is the main thread's.
import { DbError, SqlState } from '../errors.js';
import type { FileHandle, IoEngine, IoOp, OpenMode } from './engine.js';
import type { RemoteOp } from './engine-host.js';
import { asBuffer, reviveError, SyncCaller, type BridgePorts, type BridgeReply } from './thread-bridge.js';

class RemoteHandle implements FileHandle {
  constructor(
    readonly path: string,
    readonly id: number,
  ) {}
}

export class RemoteEngine implements IoEngine {
  readonly name: string;
  private readonly caller: SyncCaller;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly ports: BridgePorts) {
    this.name = `${ports.engineName} (from a worker thread)`;
    this.caller = new SyncCaller(ports);
    ports.requests.on('message', (reply: BridgeReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) p.reject(reviveError(reply.error));
      else p.resolve(reply.result);
    });
    ports.requests.unref();
  }

  private callSync(op: string, ...args: unknown[]): unknown {
    return this.caller.call(op, ...args);
  }

  private callAsync(op: string, ...args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    // the port keeps this thread alive while a reply is awaited
    if (this.pending.size === 0) this.ports.requests.ref();
    const reply = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.ports.requests.postMessage({ id, sync: false, op, args });
    return reply.finally(() => {
      if (this.pending.size === 0) this.ports.requests.unref();
    });
  }

  private id(file: FileHandle): number {
    if (!(file instanceof RemoteHandle)) throw new DbError(SqlState.InternalError, `file "${file.path}" is not a handle of this engine`);
    return file.id;
  }

  open(path: string, mode: OpenMode): FileHandle {
    return new RemoteHandle(path, this.callSync('open', path, mode) as number);
  }
  close(file: FileHandle): void {
    this.callSync('close', this.id(file));
  }
  size(file: FileHandle): number {
    return this.callSync('size', this.id(file)) as number;
  }
  truncateSync(file: FileHandle, length: number): void {
    this.callSync('truncateSync', this.id(file), length);
  }
  readSync(file: FileHandle, buffer: Buffer, position: number): number {
    const data = this.callSync('readSync', this.id(file), buffer.length, position) as Uint8Array;
    buffer.set(data);
    return data.length;
  }
  writeSync(file: FileHandle, buffer: Buffer, position: number): void {
    this.callSync('writeSync', this.id(file), buffer, position);
  }
  syncSync(file: FileHandle, dataOnly?: boolean): void {
    this.callSync('syncSync', this.id(file), dataOnly);
  }

  async read(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
    const data = (await this.callAsync('read', this.id(file), buffer.length, position)) as Uint8Array;
    buffer.set(data);
    return data.length;
  }
  async write(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
    await this.callAsync('write', this.id(file), buffer, position);
  }
  async sync(file: FileHandle, dataOnly?: boolean): Promise<void> {
    await this.callAsync('sync', this.id(file), dataOnly);
  }
  async submit(ops: readonly IoOp[]): Promise<number[]> {
    const remote: RemoteOp[] = ops.map((o) =>
      o.op === 'read'
        ? { op: 'read', file: this.id(o.file), length: o.buffer.length, position: o.position }
        : o.op === 'write'
          ? { op: 'write', file: this.id(o.file), buffer: o.buffer, position: o.position }
          : { op: 'sync', file: this.id(o.file), dataOnly: o.dataOnly },
    );
    const { counts, reads } = (await this.callAsync('submit', remote)) as { counts: number[]; reads: Uint8Array[] };
    let r = 0;
    for (const o of ops) if (o.op === 'read') asBuffer(reads[r++]!).copy(o.buffer);
    return counts;
  }

  exists(path: string): boolean {
    return this.callSync('exists', path) as boolean;
  }
  mkdir(path: string, recursive?: boolean): void {
    this.callSync('mkdir', path, recursive);
  }
  readdir(path: string): string[] {
    return this.callSync('readdir', path) as string[];
  }
  rename(from: string, to: string): void {
    this.callSync('rename', from, to);
  }
  unlink(path: string): void {
    this.callSync('unlink', path);
  }
  syncDir(path: string): void {
    this.callSync('syncDir', path);
  }

  /** A call of the host's own (EngineHost.onCall), synchronous. */
  call(op: string, ...args: unknown[]): unknown {
    return this.callSync(op, ...args);
  }

  async shutdown(): Promise<void> {
    for (const p of this.pending.values()) p.reject(new DbError(SqlState.InternalError, 'the I/O engine of this worker was shut down'));
    this.pending.clear();
    this.ports.requests.close();
    this.ports.replies.close();
  }
}
