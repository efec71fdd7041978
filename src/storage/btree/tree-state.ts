// The state one open B+tree shares between its modules: the cache and file, the root, height and
// entry count mirrored from the meta page's owner area, per-tree scratch buffers (no module-level
// buffers), the descent path of the last operation, and the open cursors to detach before a change.
// Invariant: root/height/count equal the owner area after every completed operation.
//
//   owner area of the meta page (pagefile.ts: 128 bytes at META_OFF_OWNER)
//   offset size  field
//   0      4     magic "TLBT"
//   4      2     format version (1)
//   6      2     flags: bit 0 unique
//   8      4     root page
//   12     4     height: levels, 1 when the root is a leaf
//   16     8     entry count (u64)
//   24     104   reserved, zero
import { DbError, SqlState } from '../../errors.js';
import { PAGE_SIZE, PageType } from '../page.js';
import type { PageCache, PageGuard } from '../pagecache.js';
import { META_OFF_OWNER, type PageFile } from '../pagefile.js';
import { NODE_USABLE, nodeLevel } from './layout.js';

export const TREE_MAGIC = 0x544c4254; // "TLBT"
export const TREE_VERSION = 1;
const OWNER_MAGIC = META_OFF_OWNER;
const OWNER_VERSION = META_OFF_OWNER + 4;
const OWNER_FLAGS = META_OFF_OWNER + 6;
const OWNER_ROOT = META_OFF_OWNER + 8;
const OWNER_HEIGHT = META_OFF_OWNER + 12;
const OWNER_COUNT = META_OFF_OWNER + 16;
const FLAG_UNIQUE = 1;

/** Deeper than any tree of 2^32 pages can grow (every inner node has at least 2 children but
 * transiently 1; the bound is generous). */
export const MAX_HEIGHT = 48;

/** Something holding a pinned leaf that must let go (and remember its place) before a change. */
export interface Detachable {
  detach(): void;
}

export interface TreeMeta {
  unique: boolean;
  root: number;
  height: number;
  count: number;
}

/** Reads the owner area; null when the file holds no B+tree. */
export function readTreeMeta(meta: Buffer): TreeMeta | null {
  if (meta.readUInt32BE(OWNER_MAGIC) !== TREE_MAGIC) return null;
  return {
    unique: (meta.readUInt16BE(OWNER_FLAGS) & FLAG_UNIQUE) !== 0,
    root: meta.readUInt32BE(OWNER_ROOT),
    height: meta.readUInt32BE(OWNER_HEIGHT),
    count: meta.readUInt32BE(OWNER_COUNT) * 0x1_0000_0000 + meta.readUInt32BE(OWNER_COUNT + 4),
  };
}

export function treeFormatVersion(meta: Buffer): number {
  return meta.readUInt16BE(OWNER_VERSION);
}

export class TreeState {
  root = 0;
  height = 1;
  count = 0;
  unique = false;
  closed = false;
  /** Set when a change failed halfway and left the pages inconsistent: every later use fails. */
  broken: string | null = null;
  /** Bumped by every change; cursors and tests may watch it. */
  modifications = 0;
  /** Page-sized scratch for compaction and splits. */
  readonly scratch = Buffer.alloc(PAGE_SIZE);
  /** Where a new cell is built before it goes into a node. */
  readonly cellBuf = Buffer.alloc(PAGE_SIZE);
  /** Cell sizes (slot included) of a node being split. */
  readonly sizes = new Int32Array(NODE_USABLE / 2 + 2);
  /** The last descent: node page at each depth (0 = root) ... */
  readonly pathPages = new Uint32Array(MAX_HEIGHT);
  /** ... the child slot taken at each inner depth ... */
  readonly pathSlots = new Int32Array(MAX_HEIGHT);
  /** ... and whether that slot was the node's last one. */
  readonly pathLast = new Uint8Array(MAX_HEIGHT);
  readonly cursors = new Set<Detachable>();
  /** Result of the last split: the separator to insert in the parent, and the new right node. */
  splitKey: Buffer = Buffer.alloc(0);
  splitRight = 0;

  constructor(
    readonly cache: PageCache,
    readonly file: PageFile,
  ) {}

  get name(): string {
    return this.file.displayName;
  }

  /** Pins a page that must be a B+tree node of the given level (XX001 otherwise). */
  pinNode(pageNo: number, level: number, readAhead = 0): PageGuard {
    const guard = this.cache.pin(this.file, pageNo, readAhead);
    const page = guard.page;
    const type = page[12];
    if ((type !== PageType.BtreeLeaf && type !== PageType.BtreeInner) || nodeLevel(page) !== level || (type === PageType.BtreeLeaf) !== (level === 0)) {
      guard.release();
      throw this.corrupt(pageNo, `expected a B+tree node of level ${level}, found page type ${type} level ${nodeLevel(page)}`);
    }
    return guard;
  }

  corrupt(pageNo: number, what: string): DbError {
    return new DbError(SqlState.DataCorrupted, `corrupted B+tree page in block ${pageNo} of relation ${this.name}: ${what}`);
  }

  assertOpen(): void {
    if (this.closed) throw new DbError(SqlState.ObjectNotInPrerequisiteState, `B+tree of relation ${this.name} is closed`);
    if (this.broken !== null) {
      throw new DbError(SqlState.DataCorrupted, `B+tree of relation ${this.name} is inconsistent and must be rebuilt: ${this.broken}`);
    }
  }

  /** Called before any change: open cursors let go of their leaves and remember their keys. */
  beforeModify(): void {
    this.assertOpen();
    this.modifications++;
    if (this.cursors.size > 0) for (const c of this.cursors) c.detach();
  }

  /** Writes root, height, count and flags to the meta page's owner area. */
  writeMeta(): void {
    const guard = this.cache.pin(this.file, 0);
    try {
      const meta = guard.page;
      meta.writeUInt32BE(TREE_MAGIC, OWNER_MAGIC);
      meta.writeUInt16BE(TREE_VERSION, OWNER_VERSION);
      meta.writeUInt16BE(this.unique ? FLAG_UNIQUE : 0, OWNER_FLAGS);
      meta.writeUInt32BE(this.root, OWNER_ROOT);
      meta.writeUInt32BE(this.height, OWNER_HEIGHT);
      meta.writeUInt32BE(Math.floor(this.count / 0x1_0000_0000), OWNER_COUNT);
      meta.writeUInt32BE(this.count >>> 0, OWNER_COUNT + 4);
      guard.markDirty();
    } finally {
      guard.release();
    }
  }
}
