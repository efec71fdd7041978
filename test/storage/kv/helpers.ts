// Shared helpers for the KV log tests: byte-level file access through an engine, a logger
// that records warnings, a dump of a log's contents, and CrashingEngine, which pulls the plug
// (FaultInjectingEngine.powerLoss) just before the n-th state-changing I/O call.
import { IoError, type FileHandle, type IoEngine, type IoOp, type OpenMode } from '../../../src/io/engine.js';
import { FaultInjectingEngine } from '../../../src/io/index.js';
import type { KvLog } from '../../../src/storage/kv/index.js';

export const DIR = '/db';
export const PATH = '/db/catalog.kv';

export function newEngine(): FaultInjectingEngine {
  return new FaultInjectingEngine({ durableDirs: [DIR] });
}

export const b = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A logger that keeps what it is told. */
export function recordingLogger(): { warnings: string[]; errors: string[]; warn(m: string): void; error(m: string): void } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return { warnings, errors, warn: (m) => warnings.push(m), error: (m) => errors.push(m) };
}

/** The whole log as text (keys and values are utf8 in these tests). */
export function dump(log: KvLog): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of log.scanPrefix(Buffer.alloc(0))) out.set(k.toString('utf8'), v.toString('utf8'));
  return out;
}

export function readBytes(engine: IoEngine, path: string): Buffer {
  const file = engine.open(path, 'read');
  try {
    const out = Buffer.alloc(engine.size(file));
    engine.readSync(file, out, 0);
    return out;
  } finally {
    engine.close(file);
  }
}

/** Replaces the file's content by `bytes`, durably. */
export function writeBytes(engine: IoEngine, path: string, bytes: Buffer): void {
  const file = engine.open(path, 'create');
  try {
    engine.truncateSync(file, 0);
    engine.writeSync(file, bytes, 0);
    engine.syncSync(file);
  } finally {
    engine.close(file);
  }
  engine.syncDir(DIR);
}

/**
 * Delegates to a FaultInjectingEngine; just before the `crashAt`-th call that changes state
 * (write, sync, truncate, rename, unlink, syncDir; each op of a submitted batch counts alone)
 * it calls powerLoss(), and from then on every call fails with EIO, as on a dead machine.
 */
export class CrashingEngine implements IoEngine {
  readonly name = 'crashing';
  private calls = 0;
  crashed = false;

  constructor(
    readonly inner: FaultInjectingEngine,
    private readonly crashAt: number,
  ) {}

  /** State-changing calls seen so far. */
  get count(): number {
    return this.calls;
  }

  private step(operation: string, path: string, mutating: boolean): void {
    if (!this.crashed && mutating && ++this.calls === this.crashAt) {
      this.crashed = true;
      this.inner.powerLoss();
    }
    if (this.crashed) throw new IoError(operation, path, 'EIO', `could not ${operation} file "${path}": power lost`);
  }

  open(path: string, mode: OpenMode): FileHandle {
    this.step('open', path, false);
    return this.inner.open(path, mode);
  }
  close(file: FileHandle): void {
    this.step('close', file.path, false);
    this.inner.close(file);
  }
  size(file: FileHandle): number {
    this.step('stat', file.path, false);
    return this.inner.size(file);
  }
  truncateSync(file: FileHandle, length: number): void {
    this.step('truncate', file.path, true);
    this.inner.truncateSync(file, length);
  }
  readSync(file: FileHandle, buffer: Buffer, position: number): number {
    this.step('read', file.path, false);
    return this.inner.readSync(file, buffer, position);
  }
  writeSync(file: FileHandle, buffer: Buffer, position: number): void {
    this.step('write', file.path, true);
    this.inner.writeSync(file, buffer, position);
  }
  syncSync(file: FileHandle, dataOnly?: boolean): void {
    this.step('sync', file.path, true);
    this.inner.syncSync(file, dataOnly);
  }
  async read(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
    this.step('read', file.path, false);
    return this.inner.read(file, buffer, position);
  }
  async write(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
    this.step('write', file.path, true);
    return this.inner.write(file, buffer, position);
  }
  async sync(file: FileHandle, dataOnly?: boolean): Promise<void> {
    this.step('sync', file.path, true);
    return this.inner.sync(file, dataOnly);
  }
  async submit(ops: readonly IoOp[]): Promise<number[]> {
    const counts: number[] = [];
    for (const op of ops) {
      if (op.op === 'read') counts.push(await this.read(op.file, op.buffer, op.position));
      else if (op.op === 'write') await this.write(op.file, op.buffer, op.position);
      else await this.sync(op.file, op.dataOnly);
    }
    return counts;
  }
  exists(path: string): boolean {
    this.step('stat', path, false);
    return this.inner.exists(path);
  }
  mkdir(path: string, recursive?: boolean): void {
    this.step('mkdir', path, true);
    this.inner.mkdir(path, recursive);
  }
  readdir(path: string): string[] {
    this.step('readdir', path, false);
    return this.inner.readdir(path);
  }
  rename(from: string, to: string): void {
    this.step('rename', from, true);
    this.inner.rename(from, to);
  }
  unlink(path: string): void {
    this.step('unlink', path, true);
    this.inner.unlink(path);
  }
  syncDir(path: string): void {
    this.step('syncDir', path, true);
    this.inner.syncDir(path);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
