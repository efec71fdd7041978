// The fault-injecting I/O engine for tests: an in-memory filesystem (memory-fs.ts) that follows
// engine.ts's durability contract to the letter, fails chosen operations (failNext), tears
// writes, counts calls, and simulates a power loss that keeps only what was synced.
// Invariant: every success path behaves exactly like NodeFsEngine (same results, sizes, errno
// codes — the shared suite in test/io checks it); handles opened before a power loss are dead
// (EBADF). Asynchronous calls run one microtask later, so they are really "in flight".
import path from 'node:path';
import { IoError, type FileHandle, type IoEngine, type IoOp, type OpenMode } from './engine.js';
import { checkOffset, checkOpKind } from './checks.js';
import { FaultPlan, OpCounter, type CountedOp, type FaultOp, type FaultRule } from './fault-rules.js';
import {
  MAX_MEMORY_FILE_SIZE,
  MemoryFs,
  readFileNode,
  syncFileNode,
  truncateFileNode,
  writeFileNode,
  type FileNode,
} from './memory-fs.js';

export type { CountedOp, FaultOp, FaultRule } from './fault-rules.js';

const OPEN_MODES: readonly OpenMode[] = ['read', 'readwrite', 'create'];

class MemoryFileHandle implements FileHandle {
  closed = false;
  /** Asynchronous operations in flight. */
  pending = 0;

  constructor(
    readonly engine: FaultInjectingEngine,
    readonly path: string,
    readonly node: FileNode,
    readonly writable: boolean,
    /** The engine's power-loss generation when opened. */
    readonly generation: number,
  ) {}
}

export interface FaultInjectingOptions {
  /**
   * Directories that exist, durably, from the start (like a data directory's parents). The tree
   * is otherwise empty, and relative paths resolve against process.cwd() as in node:fs, so tests
   * should use absolute paths under one of these.
   */
  durableDirs?: readonly string[];
}

export class FaultInjectingEngine implements IoEngine {
  readonly name = 'fault-injecting';
  private readonly tree = new MemoryFs();
  private readonly faults = new FaultPlan();
  private readonly counter = new OpCounter();
  private readonly openFiles = new Set<MemoryFileHandle>();
  private generation = 0;

  constructor(options: FaultInjectingOptions = {}) {
    for (const dir of options.durableDirs ?? []) this.tree.makeDurableDirs(path.resolve(dir));
  }

  // ---- test controls ------------------------------------------------------------------------

  /** Arms a rule: the next matching call(s) fail with an IoError (see FaultRule). */
  failNext(rule: FaultRule): void {
    this.faults.arm(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Armed rules that have not delivered all their failures yet. */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  /** Calls of `op` so far (failed ones included), in total or on one path / paths matching a RegExp. */
  count(op: CountedOp, onPath?: string | RegExp): number {
    return this.counter.count(op, onPath);
  }

  resetCounts(): void {
    this.counter.reset();
  }

  /** Simulated power loss: un-synced bytes and directory entries vanish, open handles die. */
  powerLoss(): void {
    this.generation++;
    this.openFiles.clear();
    this.tree.powerLoss();
  }

  /** Alias of powerLoss(). */
  crash(): void {
    this.powerLoss();
  }

  // ---- files ----------------------------------------------------------------------------------

  open(filePath: string, mode: OpenMode): FileHandle {
    const resolved = path.resolve(filePath);
    this.counter.record('open', resolved);
    if (!OPEN_MODES.includes(mode)) throw new IoError('open', resolved, 'EINVAL', `unknown open mode "${String(mode)}"`);
    this.inject('open', resolved);
    const node = this.tree.openFile(resolved, mode === 'create');
    const handle = new MemoryFileHandle(this, resolved, node, mode !== 'read', this.generation);
    this.openFiles.add(handle);
    return handle;
  }

  close(file: FileHandle): void {
    this.counter.record('close', file.path);
    const handle = this.handleOf(file, 'close');
    if (handle.pending > 0) {
      throw new IoError('close', handle.path, 'EBUSY', `could not close file "${handle.path}": ${handle.pending} operation(s) in flight`);
    }
    handle.closed = true;
    this.openFiles.delete(handle);
  }

  size(file: FileHandle): number {
    this.counter.record('size', file.path);
    return this.handleOf(file, 'stat').node.length;
  }

  truncateSync(file: FileHandle, length: number): void {
    this.counter.record('truncate', file.path);
    const handle = this.handleOf(file, 'truncate');
    checkOffset('truncate', handle.path, length);
    if (!handle.writable) throw new IoError('truncate', handle.path, 'EINVAL');
    if (length > MAX_MEMORY_FILE_SIZE) throw new IoError('truncate', handle.path, 'EFBIG');
    this.inject('truncate', handle.path);
    truncateFileNode(handle.node, length);
  }

  readSync(file: FileHandle, buffer: Buffer, position: number): number {
    this.counter.record('read', file.path);
    const handle = this.handleOf(file, 'read');
    checkOffset('read', handle.path, position);
    this.inject('read', handle.path);
    return readFileNode(handle.node, buffer, position);
  }

  writeSync(file: FileHandle, buffer: Buffer, position: number): void {
    this.counter.record('write', file.path);
    const handle = this.handleOf(file, 'write');
    checkOffset('write', handle.path, position);
    if (!handle.writable) throw new IoError('write', handle.path, 'EBADF');
    if (position + buffer.length > MAX_MEMORY_FILE_SIZE) throw new IoError('write', handle.path, 'EFBIG');
    const fault = this.faults.check('write', handle.path);
    if (fault !== undefined) {
      const torn = Math.min(fault.tornBytes, buffer.length);
      if (torn > 0) writeFileNode(handle.node, buffer.subarray(0, torn), position);
      throw injected('write', handle.path, fault.code);
    }
    writeFileNode(handle.node, buffer, position);
  }

  syncSync(file: FileHandle, _dataOnly = false): void {
    this.counter.record('sync', file.path);
    const handle = this.handleOf(file, 'sync');
    this.inject('sync', handle.path);
    syncFileNode(handle.node);
  }

  read(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
    return this.inFlight(file, () => this.readSync(file, buffer, position));
  }

  write(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
    return this.inFlight(file, () => this.writeSync(file, buffer, position));
  }

  sync(file: FileHandle, dataOnly = false): Promise<void> {
    return this.inFlight(file, () => this.syncSync(file, dataOnly));
  }

  async submit(ops: readonly IoOp[]): Promise<number[]> {
    this.counter.record('submit', ...ops.map((op) => op.file?.path ?? ''));
    const counts: number[] = [];
    for (const op of ops) {
      checkOpKind(op);
      if (op.op === 'read') counts.push(await this.read(op.file, op.buffer, op.position));
      else if (op.op === 'write') await this.write(op.file, op.buffer, op.position);
      else await this.sync(op.file, op.dataOnly);
    }
    return counts;
  }

  // ---- namespace ------------------------------------------------------------------------------

  exists(filePath: string): boolean {
    const resolved = path.resolve(filePath);
    this.counter.record('exists', resolved);
    return this.tree.lookup(resolved) !== undefined;
  }

  mkdir(dirPath: string, recursive = false): void {
    const resolved = path.resolve(dirPath);
    this.counter.record('mkdir', resolved);
    this.inject('mkdir', resolved);
    this.tree.mkdir(resolved, recursive);
  }

  readdir(dirPath: string): string[] {
    const resolved = path.resolve(dirPath);
    this.counter.record('readdir', resolved);
    this.inject('readdir', resolved);
    return this.tree.readdir(resolved);
  }

  rename(from: string, to: string): void {
    const source = path.resolve(from);
    const target = path.resolve(to);
    this.counter.record('rename', source, target);
    const fault = this.faults.check('rename', source, target);
    if (fault !== undefined) {
      throw new IoError('rename', source, fault.code, `could not rename file "${source}" to "${target}": ${fault.code} (injected)`);
    }
    this.tree.rename(source, target);
  }

  unlink(filePath: string): void {
    const resolved = path.resolve(filePath);
    this.counter.record('unlink', resolved);
    this.inject('unlink', resolved);
    this.tree.unlink(resolved);
  }

  syncDir(dirPath: string): void {
    const resolved = path.resolve(dirPath);
    this.counter.record('syncDir', resolved);
    this.inject('syncDir', resolved);
    this.tree.syncDir(resolved);
  }

  async shutdown(): Promise<void> {
    const [stillOpen] = this.openFiles;
    if (stillOpen !== undefined) {
      throw new IoError('shutdown', stillOpen.path, 'EBUSY', `cannot shut down the I/O engine: "${stillOpen.path}" is still open`);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Throws the injected failure if an armed rule fires for this call. */
  private inject(op: FaultOp, filePath: string): void {
    const fault = this.faults.check(op, filePath);
    if (fault !== undefined) throw injected(op, filePath, fault.code);
  }

  /** Runs `run` one microtask later, counting the call as in flight on its handle meanwhile. */
  private async inFlight<T>(file: FileHandle, run: () => T): Promise<T> {
    const handle = file instanceof MemoryFileHandle && file.engine === this ? file : undefined;
    if (handle !== undefined) handle.pending++;
    try {
      await Promise.resolve();
      return run();
    } finally {
      if (handle !== undefined) handle.pending--;
    }
  }

  private handleOf(file: FileHandle, operation: string): MemoryFileHandle {
    const filePath = file?.path ?? '';
    let problem: string | undefined;
    if (!(file instanceof MemoryFileHandle) || file.engine !== this) problem = 'handle of another engine';
    else if (file.generation !== this.generation) problem = 'handle invalidated by a power loss';
    else if (file.closed) problem = 'handle is closed';
    if (problem !== undefined) {
      throw new IoError(operation, filePath, 'EBADF', `could not ${operation} file "${filePath}": ${problem}`);
    }
    return file as MemoryFileHandle;
  }
}

function injected(operation: string, filePath: string, code: string): IoError {
  return new IoError(operation, filePath, code, `could not ${operation} file "${filePath}": ${code} (injected)`);
}
