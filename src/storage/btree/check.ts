// check(): verifies every invariant of a tree and its file, for tests and repair tools. Node
// structure (slots and cells inside the page, no overlaps, dead bytes accounted), key order inside
// nodes, separators and fences (every key of a subtree within the range its parent gives it),
// levels (all leaves at one depth), the doubly linked leaf chain in key order, the maintained
// entry count, overflow chains, and page accounting: every page of the file is the meta page, a
// free page or reachable from the root exactly once (so no page leaks).
import { uncompressSync } from 'lz4-napi';
import { DbError, SqlState } from '../../errors.js';
import { fileSpace } from '../page-allocator.js';
import { OFF_SPECIAL, PAGE_SIZE, PageType } from '../page.js';
import { META_OFF_FREE_HEAD } from '../pagefile.js';
import {
  cellSize,
  INNER_CELL_HEADER,
  innerChild,
  innerKeyAt,
  LEAF_CELL_HEADER,
  leafKeyAt,
  leafValueField,
  leafValueOffset,
  leftSibling,
  NODE_OFF_CELL_START,
  NODE_OFF_FRAGMENTED,
  NODE_OFF_SLOTS,
  NODE_USABLE,
  nodeCount,
  rightSibling,
  slotOffset,
  u16,
  u32,
  usedBytes,
  VALUE_COMPRESSED,
  VALUE_LENGTH_MASK,
} from './layout.js';
import { chainPages, overflowRef, readChain } from './overflow.js';
import { readTreeMeta, type TreeState } from './tree-state.js';

export interface TreeStats {
  height: number;
  entries: number;
  leaves: number;
  innerNodes: number;
  overflowPages: number;
  /** Values stored lz4-compressed (inline or in overflow pages). */
  compressedValues: number;
  freePages: number;
  /** Pages of the file, the meta page included. */
  pages: number;
  /** Average fraction of a leaf in use. */
  leafFill: number;
  /** Pages neither reachable nor free (only counted with allowLeaks). */
  leakedPages: number;
}

export interface CheckOptions {
  /**
   * Count unreachable pages instead of failing on them: a change that failed on an I/O error can
   * leave a page it was about to free (or had just allocated) out of both the tree and the free list.
   */
  allowLeaks?: boolean;
}

export function checkTree(t: TreeState, options: CheckOptions = {}): TreeStats {
  const space = fileSpace(t.cache, t.file);
  const fail = (what: string): never => {
    throw new DbError(SqlState.DataCorrupted, `B+tree check of relation ${t.name} failed: ${what}`);
  };
  const seen = new Uint8Array(space.pages);
  const claim = (pageNo: number, what: string): void => {
    if (pageNo <= 0 || pageNo >= space.pages) fail(`${what} points to page ${pageNo}, outside the file's ${space.pages} pages`);
    if (seen[pageNo]) fail(`page ${pageNo} (${what}) is referenced twice`);
    seen[pageNo] = 1;
  };
  const stats: TreeStats = { height: t.height, entries: 0, leaves: 0, innerNodes: 0, overflowPages: 0, compressedValues: 0, freePages: 0, pages: space.pages, leafFill: 0, leakedPages: 0 };
  seen[0] = 1;

  // Meta page and free list.
  const metaGuard = t.cache.pin(t.file, 0);
  const meta = Buffer.from(metaGuard.page);
  metaGuard.release();
  const fields = readTreeMeta(meta);
  if (fields === null) fail('the meta page holds no B+tree');
  if (fields!.root !== t.root || fields!.height !== t.height || fields!.count !== t.count) {
    fail(`meta page says root ${fields!.root} height ${fields!.height} count ${fields!.count}, tree has ${t.root}/${t.height}/${t.count}`);
  }
  for (let p = meta.readUInt32BE(META_OFF_FREE_HEAD); p !== 0; ) {
    claim(p, 'the free list');
    const g = t.cache.pin(t.file, p);
    const type = g.page[12];
    const next = u32(g.page, OFF_SPECIAL);
    g.release();
    if (type !== PageType.Free) fail(`free-list page ${p} has type ${type}`);
    stats.freePages++;
    p = next;
  }
  if (stats.freePages !== space.freePages) fail(`free list holds ${stats.freePages} pages, meta page says ${space.freePages}`);

  // The tree, depth first; `leaves` collects (page, left, right) in key order.
  const leaves: number[] = [];
  let usedSum = 0;
  const visit = (pageNo: number, depth: number, low: Buffer | null, high: Buffer | null): void => {
    claim(pageNo, depth === 0 ? 'the root' : `a node at depth ${depth}`);
    const level = t.height - 1 - depth;
    const g = t.pinNode(pageNo, level);
    const page = Buffer.from(g.page);
    g.release();
    const where = `node ${pageNo} (level ${level})`;
    const n = nodeCount(page);
    checkSlotted(page, level === 0, (what) => fail(`${where}: ${what}`));
    if (n === 0 && depth > 0) fail(`${where} is empty`);
    if (level === 0) {
      stats.leaves++;
      stats.entries += n;
      usedSum += usedBytes(page);
      leaves.push(pageNo, leftSibling(page), rightSibling(page));
      for (let i = 0; i < n; i++) {
        const key = leafKeyAt(page, i);
        if (i > 0 && leafKeyAt(page, i - 1).compare(key) >= 0) fail(`${where}: keys ${i - 1} and ${i} are out of order`);
        if (low !== null && key.compare(low) < 0) fail(`${where}: key ${i} is below its lower fence`);
        if (high !== null && key.compare(high) >= 0) fail(`${where}: key ${i} is not below its upper fence`);
        checkValue(page, slotOffset(page, i), `${where} entry ${i}`);
      }
      return;
    }
    stats.innerNodes++;
    if (n > 0 && innerKeyAt(page, 0).length !== 0) fail(`${where}: slot 0 has a key`);
    for (let i = 1; i < n; i++) {
      const sep = innerKeyAt(page, i);
      if (sep.length === 0) fail(`${where}: separator ${i} is empty`);
      if (i > 1 && innerKeyAt(page, i - 1).compare(sep) >= 0) fail(`${where}: separators ${i - 1} and ${i} are out of order`);
      if (low !== null && sep.compare(low) <= 0) fail(`${where}: separator ${i} is not above its lower fence`);
      if (high !== null && sep.compare(high) >= 0) fail(`${where}: separator ${i} is not below its upper fence`);
    }
    for (let i = 0; i < n; i++) {
      const childLow = i === 0 ? low : Buffer.from(innerKeyAt(page, i));
      const childHigh = i === n - 1 ? high : Buffer.from(innerKeyAt(page, i + 1));
      visit(innerChild(page, i), depth + 1, childLow, childHigh);
    }
  };
  const checkValue = (page: Buffer, off: number, where: string): void => {
    const field = leafValueField(page, off);
    if ((field & VALUE_COMPRESSED) !== 0) {
      stats.compressedValues++;
      const start = leafValueOffset(page, off);
      try {
        uncompressSync(page.subarray(start, start + (field & VALUE_LENGTH_MASK)));
      } catch {
        fail(`${where}: compressed value does not decompress`);
      }
    }
    const ref = overflowRef(page, off);
    if (ref === null) return;
    if (ref.codec !== 0) stats.compressedValues++;
    let p = ref.first;
    for (let i = 0; i < chainPages(ref.stored); i++) {
      claim(p, `the overflow chain of ${where}`);
      const g = t.cache.pin(t.file, p);
      const next = u32(g.page, OFF_SPECIAL);
      g.release();
      stats.overflowPages++;
      p = next;
    }
    if (p !== 0) fail(`${where}: overflow chain is longer than its ${ref.stored} bytes`);
    if (readChain(t, ref).length !== ref.length) fail(`${where}: overflow value has the wrong length`);
  };
  visit(t.root, 0, null, null);

  for (let i = 0; i < leaves.length; i += 3) {
    const expectLeft = i === 0 ? 0 : leaves[i - 3]!;
    const expectRight = i + 3 < leaves.length ? leaves[i + 3]! : 0;
    if (leaves[i + 1] !== expectLeft || leaves[i + 2] !== expectRight) {
      fail(`leaf ${leaves[i]} links to ${leaves[i + 1]} / ${leaves[i + 2]}, expected ${expectLeft} / ${expectRight}`);
    }
  }
  if (stats.entries !== t.count) fail(`leaves hold ${stats.entries} entries, the count says ${t.count}`);
  for (let p = 1; p < space.pages; p++) {
    if (seen[p]) continue;
    if (!options.allowLeaks) fail(`page ${p} is neither in the tree nor free (leaked)`);
    stats.leakedPages++;
  }
  stats.leafFill = stats.leaves === 0 ? 0 : usedSum / stats.leaves / NODE_USABLE;
  return stats;
}

/** Checks a node's slot array and cell area; reports the first problem through `fail`. */
export function checkSlotted(page: Buffer, leaf: boolean, fail: (what: string) => void): void {
  const n = nodeCount(page);
  const cellStart = u16(page, NODE_OFF_CELL_START);
  if (cellStart > PAGE_SIZE || cellStart < NODE_OFF_SLOTS + 2 * n) return fail(`cell area start ${cellStart} overlaps ${n} slots`);
  const cells: number[] = [];
  let live = 0;
  for (let i = 0; i < n; i++) {
    const off = slotOffset(page, i);
    if (off < cellStart || off + (leaf ? LEAF_CELL_HEADER : INNER_CELL_HEADER) > PAGE_SIZE) return fail(`slot ${i} points outside the cell area`);
    const size = cellSize(page, off, leaf);
    if (off + size > PAGE_SIZE) return fail(`cell ${i} runs past the page end`);
    cells.push(off, size);
    live += size;
  }
  const order = [...Array(n).keys()].sort((a, b) => cells[2 * a]! - cells[2 * b]!);
  for (let j = 1; j < n; j++) {
    const prev = order[j - 1]!;
    if (cells[2 * prev]! + cells[2 * prev + 1]! > cells[2 * order[j]!]!) return fail(`cells ${prev} and ${order[j]} overlap`);
  }
  const fragmented = u16(page, NODE_OFF_FRAGMENTED);
  if (PAGE_SIZE - cellStart - live !== fragmented) return fail(`${PAGE_SIZE - cellStart - live} dead bytes, header says ${fragmented}`);
  if (live + 2 * n > NODE_USABLE) return fail('more bytes in use than a node holds');
}
