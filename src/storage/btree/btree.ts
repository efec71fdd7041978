// The B+tree of one relation file: byte-string keys (memcomparable; ordered as unsigned bytes,
// Buffer.compare's order, nothing else) mapped to byte-string values, in slotted 8 KiB pages
// behind the page cache. Every tree is a map (one value per key). Root, height, entry count and
// flags live in the meta page's owner area (tree-state.ts); node and overflow page layouts are
// drawn in layout.ts and overflow.ts. Invariant: every operation releases every page it pinned,
// also when it throws. Requires: one caller at a time (the executor is synchronous).
import { DbError, SqlState } from '../../errors.js';
import type { Cursor, CursorOptions } from '../cursor.js';
import { META_MAGIC, META_OFF_MAGIC, type PageFile } from '../pagefile.js';
import type { PageCache, PageGuard } from '../pagecache.js';
import { allocatePage, initMetaPage } from '../page-allocator.js';
import { PageType, pageType } from '../page.js';
import { bulkLoad, type BulkLoadOptions } from './bulk-load.js';
import { checkTree, type CheckOptions, type TreeStats } from './check.js';
import { cellSize, initNode, insertCell, leftSibling, MAX_KEY_SIZE, nodeCount, removeCell, rightSibling, slotOffset, u16 } from './layout.js';
import { needsRebalance, rebalanceUp } from './merge.js';
import { buildValueCell, freeValueChain, overflowRef, readValue } from './overflow.js';
import { printTree, type PrintOptions } from './print.js';
import { hasPrefix, leafSearch, pinLeafFor } from './search.js';
import { insertCellAt } from './split.js';
import { BTreeCursor } from './tree-cursor.js';
import { MAX_HEIGHT, readTreeMeta, TREE_VERSION, treeFormatVersion, TreeState } from './tree-state.js';

export interface BTreeOptions {
  /** Inserting an existing key fails with 23505 (else with XX000: callers keep keys distinct). */
  unique?: boolean;
}

export interface InsertOptions {
  /** Refuse (23505) when an existing key shares the first n bytes of the new key (all of it when shorter). */
  uniquePrefix?: number;
}

const INSERTED = 0;
const REPLACED = 1;
const EXISTS = 2;
const PREFIX_EXISTS = 3;
const NOT_FOUND = 4;
const MODE_INSERT = 0;
const MODE_PUT = 1;
const MODE_UPDATE = 2;

export class BTree {
  private constructor(private readonly t: TreeState) {}

  /** Creates an empty tree in a relation file that holds none yet. */
  static create(cache: PageCache, file: PageFile, options: BTreeOptions = {}): BTree {
    initMetaPage(cache, file);
    const meta = cache.pin(file, 0);
    try {
      if (readTreeMeta(meta.page) !== null) {
        throw new DbError(SqlState.ObjectNotInPrerequisiteState, `relation ${file.displayName} already holds a B+tree`);
      }
    } finally {
      meta.release();
    }
    const t = new TreeState(cache, file);
    t.unique = options.unique === true;
    const root = allocatePage(cache, file, PageType.BtreeLeaf);
    try {
      initNode(root.page, 0);
      t.root = root.pageNo;
    } finally {
      root.release();
    }
    t.writeMeta();
    return new BTree(t);
  }

  /** Opens the tree of a relation file (XX001 when the file holds none). */
  static open(cache: PageCache, file: PageFile): BTree {
    const meta = cache.pin(file, 0);
    const t = new TreeState(cache, file);
    try {
      const page = meta.page;
      const fields = pageType(page) === PageType.Meta && page.readUInt32BE(META_OFF_MAGIC) === META_MAGIC ? readTreeMeta(page) : null;
      if (fields === null) throw new DbError(SqlState.DataCorrupted, `relation ${file.displayName} holds no B+tree`);
      const version = treeFormatVersion(page);
      if (version !== TREE_VERSION) {
        throw new DbError(SqlState.DataCorrupted, `B+tree of relation ${file.displayName} has format ${version}, expected ${TREE_VERSION}`);
      }
      if (fields.root === 0 || fields.height < 1 || fields.height > MAX_HEIGHT) {
        throw new DbError(SqlState.DataCorrupted, `B+tree of relation ${file.displayName} has root ${fields.root} and height ${fields.height}`);
      }
      Object.assign(t, fields);
    } finally {
      meta.release();
    }
    return new BTree(t);
  }

  get unique(): boolean {
    return this.t.unique;
  }

  get height(): number {
    return this.t.height;
  }

  /** Bumped by every change (cursors re-seek after one). */
  get modifications(): number {
    return this.t.modifications;
  }

  /** Entries in the tree (maintained, not counted). */
  count(): number {
    return this.t.count;
  }

  /** The value of `key` (a copy), or undefined. */
  get(key: Buffer): Buffer | undefined {
    this.t.assertOpen();
    const leaf = pinLeafFor(this.t, key);
    try {
      const r = leafSearch(leaf.page, key);
      return r < 0 ? undefined : readValue(this.t, leaf.page, slotOffset(leaf.page, r));
    } finally {
      leaf.release();
    }
  }

  has(key: Buffer): boolean {
    this.t.assertOpen();
    const leaf = pinLeafFor(this.t, key);
    try {
      return leafSearch(leaf.page, key) >= 0;
    } finally {
      leaf.release();
    }
  }

  /**
   * Adds a new entry. Throws DbError 23505 when the key exists in a unique tree or, with
   * `uniquePrefix`, when an existing key shares that prefix; XX000 for an existing key in a
   * non-unique tree (callers keep its keys distinct, e.g. by appending the primary key).
   */
  insert(key: Buffer, value: Buffer, options?: InsertOptions): void {
    const prefix = options?.uniquePrefix ?? 0;
    const r = this.write(key, value, MODE_INSERT, prefix);
    if (r === INSERTED) return;
    if (r === PREFIX_EXISTS || this.t.unique || prefix > 0) {
      throw new DbError(SqlState.UniqueViolation, 'duplicate key value violates unique constraint', {
        detail: `A key ${r === PREFIX_EXISTS ? `with the same first ${Math.min(prefix, key.length)} bytes` : 'equal to the new one'} already exists in relation ${this.t.name}.`,
      });
    }
    throw new DbError(SqlState.InternalError, `duplicate key in non-unique B+tree of relation ${this.t.name}`);
  }

  /** Like insert, but returns false instead of throwing when the key (or prefix) exists. */
  tryInsert(key: Buffer, value: Buffer, options?: InsertOptions): boolean {
    return this.write(key, value, MODE_INSERT, options?.uniquePrefix ?? 0) === INSERTED;
  }

  /** Inserts or replaces; returns true when an entry was replaced. */
  put(key: Buffer, value: Buffer): boolean {
    return this.write(key, value, MODE_PUT, 0) === REPLACED;
  }

  /** Replaces the value of an existing key; returns false (and changes nothing) when it is absent. */
  update(key: Buffer, value: Buffer): boolean {
    return this.write(key, value, MODE_UPDATE, 0) === REPLACED;
  }

  /** Removes a key; returns whether it was there. */
  delete(target: Buffer): boolean {
    const t = this.t;
    t.beforeModify();
    const key = t.cursors.size > 0 ? Buffer.from(target) : target;
    const leaf = pinLeafFor(t, key);
    const leafNo = leaf.pageNo;
    let ref;
    let rebalance: boolean;
    // the entry of a leaf this delete empties, to put back if the leaf cannot leave the tree
    let lastCell: Buffer | null = null;
    try {
      const r = leafSearch(leaf.page, key);
      if (r < 0) return false;
      const off = slotOffset(leaf.page, r);
      ref = overflowRef(leaf.page, off);
      if (t.height > 1 && nodeCount(leaf.page) === 1) lastCell = Buffer.from(leaf.page.subarray(off, off + cellSize(leaf.page, off, true)));
      removeCell(leaf.page, r);
      leaf.markDirty();
      t.count--;
      rebalance = t.height > 1 && needsRebalance(leaf.page);
    } finally {
      leaf.release();
    }
    if (rebalance) {
      let leafDone = false;
      try {
        rebalanceUp(t, t.height - 1, () => (leafDone = true));
      } catch (err) {
        if (lastCell && !leafDone) this.restoreLastCell(leafNo, lastCell, err);
        // the entry count changed either way (removed, or removed and put back): record it
        try {
          t.writeMeta();
        } catch {
          t.broken ??= `a delete could not record its entry count: ${err instanceof Error ? err.message : String(err)}`;
        }
        throw err;
      }
    }
    freeValueChain(t, ref);
    t.writeMeta();
    return true;
  }

  /**
   * A delete emptied a leaf and then failed to take it out of the tree (an I/O error before
   * anything changed): its entry goes back, so no node stays empty and the key stays present.
   * If even that fails, the tree is marked inconsistent.
   */
  private restoreLastCell(leafNo: number, cell: Buffer, cause: unknown): void {
    const t = this.t;
    try {
      const leaf = t.pinNode(leafNo, 0);
      try {
        insertCell(leaf.page, 0, cell, 0, cell.length, t.scratch);
        leaf.markDirty();
        t.count++;
      } finally {
        leaf.release();
      }
    } catch {
      t.broken = `a delete failed halfway: ${cause instanceof Error ? cause.message : String(cause)}`;
    }
  }

  /** A cursor over the entries within the bounds, ascending (or descending with `reverse`). */
  cursor(options: CursorOptions = {}): Cursor {
    return new BTreeCursor(this.t, options);
  }

  /** Fills an empty tree from entries sorted by key without duplicates; returns the count. */
  bulkLoad(sortedEntries: Iterable<readonly [Buffer, Buffer]>, options: BulkLoadOptions = {}): number {
    this.t.beforeModify();
    return bulkLoad(this.t, sortedEntries, options);
  }

  /** Verifies every invariant (throws XX001 naming the first violation); returns statistics. */
  check(options: CheckOptions = {}): TreeStats {
    this.t.assertOpen();
    return checkTree(this.t, options);
  }

  /** The tree drawn level by level, BusTub style (for debugging). */
  print(options: PrintOptions = {}): string {
    this.t.assertOpen();
    return printTree(this.t, options);
  }

  /** Writes the tree's dirty pages back and syncs the file. */
  flush(): void {
    this.t.assertOpen();
    this.t.writeMeta();
    this.t.cache.flushFile(this.t.file);
  }

  /**
   * Closes open cursors and flushes (a broken tree is not flushed); the file stays open, the
   * caller closes it.
   */
  close(): void {
    if (this.t.closed) return;
    for (const c of [...this.t.cursors]) (c as BTreeCursor).close();
    if (this.t.broken === null) this.flush();
    this.t.closed = true;
  }

  /**
   * Closes open cursors and the tree without writing anything (its file is dropped or replaced);
   * with `reason`, a cursor still in use throws it rather than looking exhausted.
   */
  abandon(reason?: DbError): void {
    if (this.t.closed) return;
    for (const c of [...this.t.cursors]) (c as BTreeCursor).close(reason);
    this.t.closed = true;
  }

  private write(key: Buffer, value: Buffer, mode: number, prefixLen: number): number {
    const t = this.t;
    t.beforeModify();
    if (key.length > MAX_KEY_SIZE) {
      throw new DbError(SqlState.ProgramLimitExceeded, `index row size ${key.length} exceeds btree maximum ${MAX_KEY_SIZE} for index "${t.name}"`, {
        hint: 'Values larger than a quarter of a page cannot be indexed.',
      });
    }
    if (t.cursors.size > 0) {
      key = Buffer.from(key);
      value = Buffer.from(value);
    }
    const depth = t.height - 1;
    const leaf = pinLeafFor(t, key);
    let owned = true;
    let oldRef = null;
    let shrunk = false;
    let result: number;
    try {
      const page = leaf.page;
      const r = leafSearch(page, key);
      if (r >= 0) {
        if (mode === MODE_INSERT) return EXISTS;
        const off = slotOffset(page, r);
        const oldLen = cellSize(page, off, true);
        oldRef = overflowRef(page, off);
        const len = buildValueCell(t, key, value);
        shrunk = len < oldLen;
        owned = false;
        insertCellAt(t, leaf, r, len, depth, true);
        result = REPLACED;
      } else {
        if (mode === MODE_UPDATE) return NOT_FOUND;
        if (prefixLen > 0 && this.prefixTaken(leaf, ~r, key, Math.min(prefixLen, key.length))) return PREFIX_EXISTS;
        const len = buildValueCell(t, key, value);
        owned = false;
        insertCellAt(t, leaf, ~r, len, depth);
        t.count++;
        result = INSERTED;
      }
    } finally {
      if (owned) leaf.release();
    }
    freeValueChain(t, oldRef);
    // A smaller value never splits, so the recorded path still leads to the leaf.
    if (shrunk && t.height > 1) {
      const g = t.pinNode(t.pathPages[depth]!, 0);
      const rebalance = needsRebalance(g.page);
      g.release();
      if (rebalance) rebalanceUp(t, depth);
    }
    t.writeMeta();
    return result;
  }

  /** True when the key before or after insertion slot `slot` (across leaves) starts with key[0, plen). */
  private prefixTaken(leaf: PageGuard, slot: number, key: Buffer, plen: number): boolean {
    const page = leaf.page;
    if (slot > 0) {
      if (this.slotHasPrefix(page, slot - 1, key, plen)) return true;
    } else if (this.edgeHasPrefix(leftSibling(page), false, key, plen)) {
      return true;
    }
    if (slot < nodeCount(page)) return this.slotHasPrefix(page, slot, key, plen);
    return this.edgeHasPrefix(rightSibling(page), true, key, plen);
  }

  private slotHasPrefix(page: Buffer, slot: number, key: Buffer, plen: number): boolean {
    const off = slotOffset(page, slot);
    return hasPrefix(page, off + 4, u16(page, off), key, plen);
  }

  /** Checks the first entry (going right) or last entry (going left) of the nearest non-empty leaf. */
  private edgeHasPrefix(pageNo: number, right: boolean, key: Buffer, plen: number): boolean {
    while (pageNo !== 0) {
      const g = this.t.pinNode(pageNo, 0);
      try {
        const n = nodeCount(g.page);
        if (n > 0) return this.slotHasPrefix(g.page, right ? 0 : n - 1, key, plen);
        pageNo = right ? rightSibling(g.page) : leftSibling(g.page);
      } finally {
        g.release();
      }
    }
    return false;
  }
}
