// A relation file: fixed 8 KiB pages under base/<database-oid>/, read and written whole
// through the I/O engine, checksummed on the way out and verified on the way in. A page past
// the end of the file reads as a new (all-zero) page: pages are allocated in memory first and
// reach the disk when the page cache writes them back.
// Page 0 is the meta page:
//
//   offset size  field
//   0      24    common page header (page.ts), type Meta
//   24     4     magic "TLPF"
//   28     2     format version (1)
//   30     2     reserved
//   32     4     page count: pages in use or free, the meta page included
//   36     4     free list head: first free page, 0 when none (free pages chain through
//                their header's special field)
//   40     4     free page count
//   44     4     reserved
//   48     128   owner area: the B+tree's root page, height and counters (btree/)
import { DbError, SqlState } from '../errors.js';
import type { FileHandle, IoEngine } from '../io/engine.js';
import { IoError } from '../io/engine.js';
import { PAGE_SIZE, setPageChecksum, verifyPage } from './page.js';

export const META_MAGIC = 0x544c5046; // "TLPF"
export const META_VERSION = 1;
export const META_OFF_MAGIC = 24;
export const META_OFF_VERSION = 28;
export const META_OFF_PAGE_COUNT = 32;
export const META_OFF_FREE_HEAD = 36;
export const META_OFF_FREE_COUNT = 40;
export const META_OFF_OWNER = 48;
export const META_OWNER_SIZE = 128;

let nextFileId = 1;

/** Turns an engine failure into the error a client sees (58030, as PostgreSQL's I/O errors). */
export function ioFailure(err: unknown, what: string): DbError {
  if (err instanceof DbError) return err;
  const detail = err instanceof IoError ? err.code : err instanceof Error ? err.message : String(err);
  return new DbError(SqlState.IoError, `could not ${what}: ${detail}`);
}

/**
 * A page that failed its checksum (XX001). It names the relation file, so that a caller can
 * have the relation rebuilt from the LSM mirror and try again.
 */
export class CorruptPageError extends DbError {
  /** The relation file, when the file is one (base/<database>/<relfilenode>). */
  readonly relation: { dbOid: number; relfilenode: number } | null;

  constructor(
    readonly displayName: string,
    readonly pageNo: number,
  ) {
    super(SqlState.DataCorrupted, `invalid page in block ${pageNo} of relation ${displayName}`);
    const m = /^base\/(\d+)\/(\d+)$/.exec(displayName);
    this.relation = m ? { dbOid: Number(m[1]), relfilenode: Number(m[2]) } : null;
  }
}

export class PageFile {
  /** Unique in this process: the page cache keys pages by (id, page number). */
  readonly id = nextFileId++;
  private handle: FileHandle | null;

  private constructor(
    readonly engine: IoEngine,
    handle: FileHandle,
    readonly path: string,
    /** How errors name the file, e.g. `base/5/16384`. */
    readonly displayName: string,
  ) {
    this.handle = handle;
  }

  /** Opens a relation file, creating it (empty) if missing. */
  static open(engine: IoEngine, path: string, displayName = path): PageFile {
    try {
      return new PageFile(engine, engine.open(path, 'create'), path, displayName);
    } catch (err) {
      throw ioFailure(err, `open file "${displayName}"`);
    }
  }

  private get file(): FileHandle {
    if (!this.handle) throw new DbError(SqlState.InternalError, `file "${this.displayName}" is closed`);
    return this.handle;
  }

  /** Pages physically in the file (pages allocated since may exist only in the cache). */
  get physicalPages(): number {
    return Math.floor(this.engine.size(this.file) / PAGE_SIZE);
  }

  /** Reads a page into `into`, verifying its checksum (XX001 when it does not verify). */
  read(pageNo: number, into: Buffer): void {
    let n: number;
    try {
      n = this.engine.readSync(this.file, into.subarray(0, PAGE_SIZE), pageNo * PAGE_SIZE);
    } catch (err) {
      throw ioFailure(err, `read block ${pageNo} in file "${this.displayName}"`);
    }
    if (n < PAGE_SIZE) into.fill(0, n, PAGE_SIZE);
    if (!verifyPage(into, pageNo)) throw new CorruptPageError(this.displayName, pageNo);
  }

  /** Reads `count` consecutive pages into `into` with one read (read-ahead), verifying each. */
  readRun(firstPage: number, count: number, into: Buffer): void {
    let n: number;
    try {
      n = this.engine.readSync(this.file, into.subarray(0, count * PAGE_SIZE), firstPage * PAGE_SIZE);
    } catch (err) {
      throw ioFailure(err, `read blocks ${firstPage}..${firstPage + count - 1} in file "${this.displayName}"`);
    }
    if (n < count * PAGE_SIZE) into.fill(0, n, count * PAGE_SIZE);
    for (let i = 0; i < count; i++) {
      if (!verifyPage(into.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), firstPage + i)) throw new CorruptPageError(this.displayName, firstPage + i);
    }
  }

  /** Stamps the checksum and writes the page. */
  write(pageNo: number, page: Buffer): void {
    setPageChecksum(page, pageNo);
    try {
      this.engine.writeSync(this.file, page.subarray(0, PAGE_SIZE), pageNo * PAGE_SIZE);
    } catch (err) {
      throw ioFailure(err, `write block ${pageNo} in file "${this.displayName}"`);
    }
  }

  /** Makes written pages durable. */
  sync(): void {
    try {
      this.engine.syncSync(this.file, true);
    } catch (err) {
      throw ioFailure(err, `fsync file "${this.displayName}"`);
    }
  }

  /** Drops pages at and after `pageCount` from the disk file. */
  truncate(pageCount: number): void {
    try {
      this.engine.truncateSync(this.file, pageCount * PAGE_SIZE);
    } catch (err) {
      throw ioFailure(err, `truncate file "${this.displayName}"`);
    }
  }

  close(): void {
    if (!this.handle) return;
    const h = this.handle;
    this.handle = null;
    this.engine.close(h);
  }

  get closed(): boolean {
    return this.handle === null;
  }
}
