// The page cache: one LRU buffer pool of 8 KiB frames shared by every relation file. Code gets
// a page as a pinned PageGuard and releases it (in `finally`, or with `using`); a pinned page is
// never evicted. Misses read synchronously (optionally reading ahead consecutive pages);
// dirty pages are written back when evicted and by flushFile/flushAll. With a spill file
// (durable mode, DESIGN.md §7 "no-force"), an evicted dirty page goes to the spill file instead
// of its relation file, so relation files change only at checkpoints (checkpointPages /
// pageImage / writtenBack) and when a new file is flushed whole.
//
// Invariants: a frame is in the LRU list iff it holds a page and is unpinned; the list runs
// from most (head) to least (tail) recently released; `table` maps (file, page) to the frame
// holding it, for every frame that holds a page.
import { DbError, SqlState } from '../errors.js';
import { PAGE_SIZE } from './page.js';
import type { PageFile } from './pagefile.js';
import type { SpillFile } from './spill-file.js';

export interface PageCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  /** Pages written back (evictions of dirty pages and flushes). */
  writes: number;
  /** Pages read from files (misses and read-ahead). */
  reads: number;
}

const NONE = -1;

function pageKey(file: PageFile, pageNo: number): number {
  return file.id * 0x1_0000_0000 + pageNo;
}

/** A pinned page. `page` is valid until release(). */
export class PageGuard {
  private released = false;

  constructor(
    private readonly cache: PageCache,
    private readonly frame: number,
    readonly file: PageFile,
    readonly pageNo: number,
    readonly page: Buffer,
  ) {}

  /** The page was changed and must be written back. */
  markDirty(): void {
    if (this.released) throw new DbError(SqlState.InternalError, 'page guard used after release');
    this.cache.markDirty(this.frame);
  }

  release(): void {
    if (this.released) throw new DbError(SqlState.InternalError, `page ${this.pageNo} released twice`);
    this.released = true;
    this.cache.unpin(this.frame);
  }

  [Symbol.dispose](): void {
    if (!this.released) this.release();
  }
}

export class PageCache {
  readonly capacity: number;
  readonly stats: PageCacheStats = { hits: 0, misses: 0, evictions: 0, writes: 0, reads: 0 };
  private readonly pool: Buffer;
  /** One Buffer view per frame, made once. */
  private readonly views: Buffer[];
  private readonly frameKey: Float64Array;
  private readonly frameFile: (PageFile | null)[];
  private readonly framePage: Int32Array;
  private readonly pins: Int32Array;
  private readonly dirty: Uint8Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NONE;
  /** Set by loadPages when the page came from the spill file (so its frame is dirty). */
  private pendingDirty = false;
  private tail = NONE;
  private readonly unused: number[] = [];
  private readonly table = new Map<number, number>();
  /** Where evicted dirty pages go between checkpoints (null: straight to their files). */
  private spill: SpillFile | null = null;
  /** Files with pages in the spill file, by id. */
  private readonly spilledFiles = new Map<number, PageFile>();

  /** A cache of `capacity` pages (at least 8). */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 8) throw new Error(`page cache needs at least 8 pages, got ${capacity}`);
    this.capacity = capacity;
    this.pool = Buffer.alloc(capacity * PAGE_SIZE);
    this.views = Array.from({ length: capacity }, (_, f) => this.pool.subarray(f * PAGE_SIZE, (f + 1) * PAGE_SIZE));
    this.frameKey = new Float64Array(capacity).fill(NONE);
    this.frameFile = new Array<PageFile | null>(capacity).fill(null);
    this.framePage = new Int32Array(capacity);
    this.pins = new Int32Array(capacity);
    this.dirty = new Uint8Array(capacity);
    this.prev = new Int32Array(capacity).fill(NONE);
    this.next = new Int32Array(capacity).fill(NONE);
    for (let f = capacity - 1; f >= 0; f--) this.unused.push(f);
  }

  /** A cache of `mib` MiB (`--cache-size`). */
  static ofMiB(mib: number): PageCache {
    return new PageCache(Math.max(8, Math.floor((mib * 1024 * 1024) / PAGE_SIZE)));
  }

  /** From now on, evicted dirty pages go to `spill` until a checkpoint writes them back. */
  useSpillFile(spill: SpillFile): void {
    this.spill = spill;
  }

  private frameBuffer(frame: number): Buffer {
    return this.views[frame]!;
  }

  /** Whether a page is in the cache (pinned or not). */
  has(file: PageFile, pageNo: number): boolean {
    return this.table.has(pageKey(file, pageNo));
  }

  /** Pins a page, reading it on a miss; `readAhead` more consecutive pages are read with it. */
  pin(file: PageFile, pageNo: number, readAhead = 0): PageGuard {
    const key = pageKey(file, pageNo);
    let frame = this.table.get(key);
    if (frame !== undefined) {
      this.stats.hits++;
      if (this.pins[frame] === 0) this.unlink(frame);
    } else {
      this.stats.misses++;
      frame = this.acquireFrame();
      try {
        this.pendingDirty = false;
        this.loadPages(file, pageNo, frame, readAhead);
      } catch (err) {
        this.unused.push(frame);
        throw err;
      }
      this.assign(frame, file, pageNo, key);
      if (this.pendingDirty) this.dirty[frame] = 1;
    }
    this.pins[frame]!++;
    return new PageGuard(this, frame, file, pageNo, this.frameBuffer(frame));
  }

  /**
   * Pins a page that is new (just allocated): its old disk content, if any, is not read. The
   * caller initializes it; the page is marked dirty.
   */
  pinNew(file: PageFile, pageNo: number): PageGuard {
    const key = pageKey(file, pageNo);
    let frame = this.table.get(key);
    if (frame !== undefined) {
      if (this.pins[frame] === 0) this.unlink(frame);
    } else {
      frame = this.acquireFrame();
      this.assign(frame, file, pageNo, key);
      this.spill?.remove(key);
    }
    this.frameBuffer(frame).fill(0);
    this.pins[frame]!++;
    this.dirty[frame] = 1;
    return new PageGuard(this, frame, file, pageNo, this.frameBuffer(frame));
  }

  private loadPages(file: PageFile, pageNo: number, frame: number, readAhead: number): void {
    const spill = this.spill;
    if (spill !== null && spill.has(pageKey(file, pageNo))) {
      // the newest image was evicted to the spill file: it becomes the frame's (dirty) content
      const key = pageKey(file, pageNo);
      spill.read(key, this.frameBuffer(frame));
      spill.remove(key);
      this.stats.reads++;
      this.pendingDirty = true;
      return;
    }
    let count = 1;
    if (readAhead > 0) {
      const limit = Math.min(readAhead, file.physicalPages - pageNo - 1, this.capacity / 4);
      while (count <= limit && !this.table.has(pageKey(file, pageNo + count)) && !spill?.has(pageKey(file, pageNo + count))) count++;
    }
    if (count === 1) {
      file.read(pageNo, this.frameBuffer(frame));
      this.stats.reads++;
      return;
    }
    const scratch = Buffer.allocUnsafe(count * PAGE_SIZE);
    file.readRun(pageNo, count, scratch);
    this.stats.reads += count;
    scratch.copy(this.frameBuffer(frame), 0, 0, PAGE_SIZE);
    for (let i = 1; i < count; i++) {
      const f = this.tryAcquireFrame();
      if (f === NONE) break;
      scratch.copy(this.frameBuffer(f), 0, i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
      this.assign(f, file, pageNo + i, pageKey(file, pageNo + i));
      this.pushHead(f);
    }
  }

  private assign(frame: number, file: PageFile, pageNo: number, key: number): void {
    this.frameKey[frame] = key;
    this.frameFile[frame] = file;
    this.framePage[frame] = pageNo;
    this.dirty[frame] = 0;
    this.table.set(key, frame);
  }

  /** A frame for a new page: unused, or the least recently used unpinned one (written back if dirty). */
  private acquireFrame(): number {
    const frame = this.tryAcquireFrame();
    if (frame === NONE) {
      throw new DbError(SqlState.InternalError, `no unpinned buffers available: all ${this.capacity} pages of the page cache are pinned`);
    }
    return frame;
  }

  private tryAcquireFrame(): number {
    const unused = this.unused.pop();
    if (unused !== undefined) return unused;
    const victim = this.tail;
    if (victim === NONE) return NONE;
    if (this.dirty[victim]) this.writeBack(victim);
    this.unlink(victim);
    this.table.delete(this.frameKey[victim]!);
    this.frameKey[victim] = NONE;
    this.frameFile[victim] = null;
    this.stats.evictions++;
    return victim;
  }

  /** Writes an evicted dirty frame out: to the spill file when there is one, else in place. */
  private writeBack(frame: number): void {
    const file = this.frameFile[frame]!;
    if (this.spill !== null) {
      this.spill.write(this.frameKey[frame]!, this.frameBuffer(frame));
      this.spilledFiles.set(file.id, file);
      this.dirty[frame] = 0;
      return;
    }
    this.writeInPlace(frame);
  }

  private writeInPlace(frame: number): void {
    this.frameFile[frame]!.write(this.framePage[frame]!, this.frameBuffer(frame));
    this.dirty[frame] = 0;
    this.stats.writes++;
  }

  markDirty(frame: number): void {
    this.dirty[frame] = 1;
  }

  unpin(frame: number): void {
    if (this.pins[frame]! <= 0) throw new DbError(SqlState.InternalError, 'unpin of a page that is not pinned');
    if (--this.pins[frame]! === 0) this.pushHead(frame);
  }

  // ---- LRU list ----

  private pushHead(frame: number): void {
    this.prev[frame] = NONE;
    this.next[frame] = this.head;
    if (this.head !== NONE) this.prev[this.head] = frame;
    this.head = frame;
    if (this.tail === NONE) this.tail = frame;
  }

  private unlink(frame: number): void {
    const p = this.prev[frame]!;
    const n = this.next[frame]!;
    if (p !== NONE) this.next[p] = n;
    else this.head = n;
    if (n !== NONE) this.prev[n] = p;
    else this.tail = p;
    this.prev[frame] = NONE;
    this.next[frame] = NONE;
  }

  // ---- files ----

  private framesOf(file: PageFile): number[] {
    const out: number[] = [];
    for (let f = 0; f < this.capacity; f++) if (this.frameFile[f] === file) out.push(f);
    return out;
  }

  /** Spilled pages of a file (not in the cache), by page number. */
  private spilledPagesOf(file: PageFile, fromPage = 0): number[] {
    if (this.spill === null || !this.spilledFiles.has(file.id)) return [];
    const out: number[] = [];
    for (const key of this.spill.keys()) {
      if (Math.floor(key / 0x1_0000_0000) === file.id && key % 0x1_0000_0000 >= fromPage) out.push(key % 0x1_0000_0000);
    }
    return out;
  }

  /**
   * Writes every changed page of a file in place (dirty frames and spilled pages, in page
   * order) and syncs it. In durable mode only for files no checkpoint covers yet (new files),
   * and for checkpoints.
   */
  flushFile(file: PageFile, sync = true): void {
    const frames = this.framesOf(file).filter((f) => this.dirty[f]);
    frames.sort((a, b) => this.framePage[a]! - this.framePage[b]!);
    for (const f of frames) this.writeInPlace(f);
    const spilled = this.spilledPagesOf(file);
    if (spilled.length > 0) {
      const image = Buffer.allocUnsafe(PAGE_SIZE);
      for (const pageNo of spilled.sort((a, b) => a - b)) {
        this.spill!.read(pageKey(file, pageNo), image);
        file.write(pageNo, image);
        this.spill!.remove(pageKey(file, pageNo));
      }
    }
    this.spilledFiles.delete(file.id);
    if (sync) file.sync();
  }

  /** Writes back every dirty page of every file, and syncs those files. */
  flushAll(): void {
    const files = new Set<PageFile>(this.spilledFiles.values());
    for (let f = 0; f < this.capacity; f++) if (this.dirty[f]) files.add(this.frameFile[f]!);
    for (const file of files) this.flushFile(file);
  }

  /** Every page whose newest image is not in its file (dirty frames and spilled pages), in file and page order. */
  checkpointPages(): { file: PageFile; pageNo: number }[] {
    const out: { file: PageFile; pageNo: number }[] = [];
    for (let f = 0; f < this.capacity; f++) if (this.dirty[f]) out.push({ file: this.frameFile[f]!, pageNo: this.framePage[f]! });
    for (const file of this.spilledFiles.values()) for (const pageNo of this.spilledPagesOf(file)) out.push({ file, pageNo });
    return out.sort((a, b) => a.file.id - b.file.id || a.pageNo - b.pageNo);
  }

  /** Copies the newest image of a page listed by checkpointPages into `into`. */
  pageImage(file: PageFile, pageNo: number, into: Buffer): void {
    const frame = this.table.get(pageKey(file, pageNo));
    if (frame !== undefined) this.frameBuffer(frame).copy(into, 0, 0, PAGE_SIZE);
    else if (!this.spill?.read(pageKey(file, pageNo), into)) throw new DbError(SqlState.InternalError, `page ${pageNo} of ${file.displayName} has no image to write`);
  }

  /** A page listed by checkpointPages was written to its file: it is clean now. */
  writtenBack(file: PageFile, pageNo: number): void {
    const key = pageKey(file, pageNo);
    const frame = this.table.get(key);
    if (frame !== undefined) this.dirty[frame] = 0;
    this.spill?.remove(key);
    this.stats.writes++;
  }

  /** After a checkpoint: no file has spilled pages any more. */
  checkpointDone(): void {
    if (this.spill?.size === 0) this.spilledFiles.clear();
  }

  /** Forgets a file's pages without writing them (the file is being dropped or truncated). */
  dropFile(file: PageFile, fromPage = 0): void {
    for (const pageNo of this.spilledPagesOf(file, fromPage)) this.spill!.remove(pageKey(file, pageNo));
    for (const f of this.framesOf(file)) {
      if (this.framePage[f]! < fromPage) continue;
      if (this.pins[f]! > 0) throw new DbError(SqlState.InternalError, `page ${this.framePage[f]} of ${file.displayName} is still pinned`);
      this.unlink(f);
      this.table.delete(this.frameKey[f]!);
      this.frameKey[f] = NONE;
      this.frameFile[f] = null;
      this.dirty[f] = 0;
      this.unused.push(f);
    }
  }

  /** Flushes and forgets a file's pages, then closes the file. */
  closeFile(file: PageFile): void {
    this.flushFile(file);
    this.dropFile(file);
    file.close();
  }

  /** Pages currently pinned (for tests and leak checks). */
  pinnedCount(): number {
    let n = 0;
    for (let f = 0; f < this.capacity; f++) if (this.pins[f]! > 0) n++;
    return n;
  }

  /** Dirty pages currently in the cache. */
  dirtyCount(): number {
    let n = 0;
    for (let f = 0; f < this.capacity; f++) if (this.dirty[f]) n++;
    return n;
  }
}
