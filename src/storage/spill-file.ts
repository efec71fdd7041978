// The spill file (`pg_spill`): where the page cache puts dirty pages it must evict between two
// checkpoints. Relation files change only at checkpoints (and while a relation file is new), so
// on disk they always hold a checkpoint's consistent image that recovery can replay the WAL
// onto; a page changed since lives in the cache or here. Never synced: after a crash it is
// garbage, and it is emptied at every start.
// Invariant: `slots` maps (file id, page) to the slot holding that page's newest evicted image
// for every page evicted dirty and not yet written back by a checkpoint or a file flush.
import type { FileHandle, IoEngine } from '../io/engine.js';
import { ioFailure } from './pagefile.js';
import { PAGE_SIZE } from './page.js';

export class SpillFile {
  private readonly slots = new Map<number, number>();
  private readonly free: number[] = [];
  private nextSlot = 0;
  /** Pages written here (statistics). */
  writes = 0;

  constructor(
    private readonly engine: IoEngine,
    private readonly handle: FileHandle,
  ) {}

  /** An empty spill file at `path` (an old one is truncated). */
  static create(engine: IoEngine, path: string): SpillFile {
    try {
      const handle = engine.open(path, 'create');
      engine.truncateSync(handle, 0);
      return new SpillFile(engine, handle);
    } catch (err) {
      throw ioFailure(err, `create spill file "${path}"`);
    }
  }

  get size(): number {
    return this.slots.size;
  }

  has(key: number): boolean {
    return this.slots.has(key);
  }

  /** Stores a page image under `key` (replacing an older one). */
  write(key: number, page: Buffer): void {
    let slot = this.slots.get(key);
    if (slot === undefined) slot = this.free.pop() ?? this.nextSlot++;
    try {
      this.engine.writeSync(this.handle, page.subarray(0, PAGE_SIZE), slot * PAGE_SIZE);
    } catch (err) {
      throw ioFailure(err, 'write to the spill file');
    }
    this.slots.set(key, slot);
    this.writes++;
  }

  /** Reads the page stored under `key` into `into`; false when there is none. */
  read(key: number, into: Buffer): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    try {
      const n = this.engine.readSync(this.handle, into.subarray(0, PAGE_SIZE), slot * PAGE_SIZE);
      if (n < PAGE_SIZE) throw new Error(`short read of spill slot ${slot}`);
    } catch (err) {
      throw ioFailure(err, 'read from the spill file');
    }
    return true;
  }

  /** Forgets a page (written back, or its file dropped). */
  remove(key: number): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.slots.delete(key);
    this.free.push(slot);
    if (this.slots.size === 0) {
      this.free.length = 0;
      this.nextSlot = 0;
    }
  }

  /** Keys of the spilled pages. */
  keys(): number[] {
    return [...this.slots.keys()];
  }

  close(): void {
    this.engine.close(this.handle);
  }
}
