// Insertion of a cell into a node, splitting full nodes up the recorded descent path and growing a
// new root when the old root splits. Split points are chosen by bytes (cells vary in size): the
// halves are balanced, except when appending at the right edge of the tree (sequential keys),
// where the left node keeps RIGHTMOST_FILL of a page. A leaf split pushes up the shortest prefix
// of the right node's first key that still sorts above the left node's last key.
// Requires: the descent path in the tree state is that of the node being inserted into.
import { DbError, SqlState } from '../../errors.js';
import { PAGE_SIZE, PageType } from '../page.js';
import type { PageGuard } from '../pagecache.js';
import { allocatePage, freePage } from '../page-allocator.js';
import {
  appendCell,
  appendInnerCell,
  buildInnerCell,
  cellSize,
  clearNode,
  INNER_CELL_HEADER,
  innerKeyLength,
  initNode,
  insertCell,
  isLeaf,
  removeCell,
  leafKeyAt,
  NODE_USABLE,
  nodeCount,
  nodeLevel,
  rightSibling,
  separatorBetween,
  setLeftSibling,
  setRightSibling,
  slotOffset,
  totalFree,
  u32,
} from './layout.js';
import { MAX_HEIGHT, type TreeState } from './tree-state.js';

/** Fill of the left node when a split appends at the right edge of the tree. */
export const RIGHTMOST_FILL = 0.9;

/**
 * Inserts the cell held in t.cellBuf[0, len) at `slot` of the node pinned by `guard` (or, with
 * `replace`, puts it in place of the cell at `slot`), the node sitting at depth `depth` of the
 * recorded path; splits as needed. Always releases `guard`. A failure before the node changes
 * leaves the tree as it was; a failure while a split climbs the path (after the node split) leaves
 * it inconsistent, and the tree refuses further use (TreeState.broken) until rebuilt.
 */
export function insertCellAt(t: TreeState, guard: PageGuard, slot: number, len: number, depth: number, replace = false): void {
  try {
    const page = guard.page;
    const room = totalFree(page) + (replace ? cellSize(page, slotOffset(page, slot), isLeaf(page)) + 2 : 0);
    if (room >= len + 2) {
      if (replace) removeCell(page, slot);
      insertCell(page, slot, t.cellBuf, 0, len, t.scratch);
      guard.markDirty();
      return;
    }
    splitNode(t, guard, slot, len, depth, replace);
  } finally {
    guard.release();
  }
  try {
    for (let d = depth - 1; d >= 0; d--) {
      const parent = t.pinNode(t.pathPages[d]!, t.height - 1 - d);
      try {
        const cellLen = buildInnerCell(t.cellBuf, t.splitKey, t.splitRight);
        const at = t.pathSlots[d]! + 1;
        if (totalFree(parent.page) >= cellLen + 2) {
          insertCell(parent.page, at, t.cellBuf, 0, cellLen, t.scratch);
          parent.markDirty();
          return;
        }
        splitNode(t, parent, at, cellLen, d, false);
      } finally {
        parent.release();
      }
    }
    growRoot(t, t.splitKey, t.splitRight);
  } catch (err) {
    t.broken = `a split failed halfway: ${err instanceof Error ? err.message : String(err)}`;
    throw err;
  }
}

/** A new root above the old one, holding (−∞ → old root, sep → right). */
export function growRoot(t: TreeState, sep: Buffer, right: number): void {
  if (t.height >= MAX_HEIGHT) throw new DbError(SqlState.ProgramLimitExceeded, `B+tree of relation ${t.name} is too deep`);
  const guard = allocatePage(t.cache, t.file, PageType.BtreeInner);
  try {
    initNode(guard.page, t.height);
    appendInnerCell(guard.page, null, t.root);
    appendInnerCell(guard.page, sep, right);
    t.root = guard.pageNo;
    t.height++;
  } finally {
    guard.release();
  }
}

/** True when every ancestor above `depth` on the path took its last child. */
function onRightEdge(t: TreeState, depth: number): boolean {
  for (let d = 0; d < depth; d++) if (t.pathLast[d] === 0) return false;
  return true;
}

/**
 * Splits the node of `guard` while inserting the cell t.cellBuf[0, len) at `slot` (or replacing
 * the cell there): the node keeps the left part, a new right sibling gets the rest. Sets
 * t.splitKey / t.splitRight for the parent.
 */
function splitNode(t: TreeState, guard: PageGuard, slot: number, len: number, depth: number, replace: boolean): void {
  const left = guard.page;
  const leaf = isLeaf(left);
  const scratch = t.scratch;
  const cell = t.cellBuf;
  const sizes = t.sizes;
  left.copy(scratch, 0, 0, PAGE_SIZE);
  const n = nodeCount(scratch);
  // The cells after the change, in order: j < slot old cell j, j = slot the new cell, then the
  // old cells from slot + 1 (replacing) or from slot (inserting). `shift` maps j to the old slot.
  const m = replace ? n : n + 1;
  const shift = replace ? 0 : 1;
  let total = 0;
  for (let j = 0; j < m; j++) {
    const size = j === slot ? len : cellSize(scratch, slotOffset(scratch, j < slot ? j : j - shift), leaf);
    sizes[j] = size + 2;
    total += size + 2;
  }
  const appending = !replace && slot === n && (leaf ? rightSibling(left) === 0 : onRightEdge(t, depth));
  const target = appending ? NODE_USABLE * RIGHTMOST_FILL : total / 2;
  // Choose s: cells [0, s) stay left; for inner nodes cell s moves up and its child starts the right.
  let best = -1;
  let bestDistance = Infinity;
  let leftSize = 0;
  for (let s = 1; s < m; s++) {
    leftSize += sizes[s - 1]!;
    const rightSize = leaf ? total - leftSize : total - leftSize - sizes[s]! + INNER_CELL_HEADER + 2;
    if (leftSize > NODE_USABLE) break;
    if (rightSize > NODE_USABLE) continue;
    const distance = Math.abs(leftSize - target);
    if (distance < bestDistance) {
      best = s;
      bestDistance = distance;
    }
  }
  if (best < 0) throw new DbError(SqlState.InternalError, `no split point for a node of ${m} cells in relation ${t.name}`);
  const s = best;
  const level = nodeLevel(left);
  const right = allocatePage(t.cache, t.file, leaf ? PageType.BtreeLeaf : PageType.BtreeInner);
  // Everything that can fail (allocation, pinning the next leaf) happens before `left` changes.
  const next = leaf ? rightSibling(left) : 0;
  let nextGuard: PageGuard | null = null;
  if (next !== 0) {
    try {
      nextGuard = t.pinNode(next, 0);
    } catch (err) {
      right.release();
      freePage(t.cache, t.file, right.pageNo);
      throw err;
    }
  }
  try {
    initNode(right.page, level);
    let pushed: Buffer | null = null;
    if (!leaf) {
      // The separator of cell s goes up; its child becomes the right node's minus-infinity child.
      const src = s === slot ? cell : scratch;
      const off = s === slot ? 0 : slotOffset(scratch, s < slot ? s : s - shift);
      pushed = Buffer.from(src.subarray(off + INNER_CELL_HEADER, off + INNER_CELL_HEADER + innerKeyLength(src, off)));
      appendInnerCell(right.page, null, u32(src, off + 2));
    }
    clearNode(left);
    for (let j = 0; j < m; j++) {
      if (!leaf && j === s) continue;
      const src = j === slot ? cell : scratch;
      const off = j === slot ? 0 : slotOffset(scratch, j < slot ? j : j - shift);
      appendCell(j < s ? left : right.page, src, off, sizes[j]! - 2);
    }
    if (leaf) {
      setLeftSibling(right.page, guard.pageNo);
      setRightSibling(right.page, next);
      setRightSibling(left, right.pageNo);
      if (nextGuard !== null) {
        setLeftSibling(nextGuard.page, right.pageNo);
        nextGuard.markDirty();
      }
      pushed = separatorBetween(leafKeyAt(left, nodeCount(left) - 1), leafKeyAt(right.page, 0));
    }
    guard.markDirty();
    t.splitKey = pushed!;
    t.splitRight = right.pageNo;
  } finally {
    if (nextGuard !== null) nextGuard.release();
    right.release();
  }
}
