// Rebalancing after deletes, walking up the recorded descent path. Each step pins everything it
// changes before changing anything, so a failure leaves a consistent (if underfull) tree; at
// worst a page that was to be freed stays allocated. The policy keeps space bounded without
// ping-pong between split and merge:
//   - an empty non-root node is unlinked (leaves also from the sibling chain) and freed;
//   - a node using less than UNDERFULL bytes merges with its left (else right) sibling under the
//     same parent when the merged node would use at most MERGE_LIMIT bytes (3/4 page), so the
//     next few inserts cannot split it again; otherwise it stays as it is (no redistribution);
//   - the parent that lost a child is checked the same way; a root with one child is replaced
//     by that child (the tree shrinks in height). Freed pages go back through freePage.
import { freePage } from '../page-allocator.js';
import type { PageGuard } from '../pagecache.js';
import {
  appendCell,
  appendInnerCell,
  buildInnerCell,
  cellSize,
  compactNode,
  innerChild,
  innerKeyAt,
  insertCell,
  isLeaf,
  leftSibling,
  NODE_OFF_FRAGMENTED,
  NODE_USABLE,
  nodeCount,
  removeCell,
  rightSibling,
  setLeftSibling,
  setRightSibling,
  slotOffset,
  u16,
  usedBytes,
} from './layout.js';
import type { TreeState } from './tree-state.js';

/** A non-root node using fewer bytes than this tries to merge with a sibling. */
export const UNDERFULL = NODE_USABLE / 4;
/** Two siblings merge only when the result uses at most this many bytes. */
export const MERGE_LIMIT = (NODE_USABLE * 3) / 4;

/** True when a non-root node in this state should be rebalanced. */
export function needsRebalance(page: Buffer): boolean {
  return nodeCount(page) === 0 || usedBytes(page) < UNDERFULL;
}

/**
 * Rebalances the node at `depth` of the recorded path and its ancestors, then shrinks the root.
 * `firstDone` is called once the node at `depth` itself has been dealt with (a failure before
 * that has changed nothing).
 */
export function rebalanceUp(t: TreeState, depth: number, firstDone?: () => void): void {
  for (let d = depth; d > 0; d--) {
    const more = rebalanceNode(t, d);
    if (d === depth) firstDone?.();
    if (!more) break;
  }
  collapseRoot(t);
}

/** Replaces a root with a single child by that child, as often as possible. */
export function collapseRoot(t: TreeState): void {
  while (t.height > 1) {
    const guard = t.pinNode(t.root, t.height - 1);
    let child: number;
    try {
      if (nodeCount(guard.page) !== 1) return;
      child = innerChild(guard.page, 0);
    } finally {
      guard.release();
    }
    const old = t.root;
    t.root = child;
    t.height--;
    freePage(t.cache, t.file, old);
  }
}

/** Rebalances the node at path depth d (> 0). Returns true when its parent lost a child. */
function rebalanceNode(t: TreeState, d: number): boolean {
  const level = t.height - 1 - d;
  const nodeNo = t.pathPages[d]!;
  const slot = t.pathSlots[d - 1]!;
  const node = t.pinNode(nodeNo, level);
  let parent: PageGuard | null = null;
  let freed = 0;
  try {
    if (!needsRebalance(node.page)) return false;
    parent = t.pinNode(t.pathPages[d - 1]!, level + 1);
    if (nodeCount(node.page) === 0) {
      if (level === 0) unlinkLeaf(t, node.page);
      removeChildSlot(t, parent, slot);
      freed = nodeNo;
      return true;
    }
    const used = usedBytes(node.page);
    const leaf = level === 0;
    if (slot > 0) {
      const left = t.pinNode(innerChild(parent.page, slot - 1), level);
      try {
        const extra = leaf ? 0 : innerKeyAt(parent.page, slot).length;
        if (usedBytes(left.page) + used + extra <= MERGE_LIMIT) {
          mergeInto(t, left, node, parent.page, slot);
          removeChildSlot(t, parent, slot);
          freed = nodeNo;
          return true;
        }
      } finally {
        left.release();
      }
    }
    if (slot + 1 < nodeCount(parent.page)) {
      const right = t.pinNode(innerChild(parent.page, slot + 1), level);
      try {
        const extra = leaf ? 0 : innerKeyAt(parent.page, slot + 1).length;
        if (used + usedBytes(right.page) + extra <= MERGE_LIMIT) {
          mergeInto(t, node, right, parent.page, slot + 1);
          removeChildSlot(t, parent, slot + 1);
          freed = right.pageNo;
          return true;
        }
      } finally {
        right.release();
      }
    }
    return false;
  } finally {
    parent?.release();
    node.release();
    if (freed !== 0) freePage(t.cache, t.file, freed);
  }
}

/** Takes an empty leaf out of the sibling chain (both neighbours pinned before either changes). */
function unlinkLeaf(t: TreeState, page: Buffer): void {
  const prev = leftSibling(page);
  const next = rightSibling(page);
  const prevGuard = prev !== 0 ? t.pinNode(prev, 0) : null;
  try {
    const nextGuard = next !== 0 ? t.pinNode(next, 0) : null;
    if (prevGuard !== null) {
      setRightSibling(prevGuard.page, next);
      prevGuard.markDirty();
    }
    if (nextGuard !== null) {
      setLeftSibling(nextGuard.page, prev);
      nextGuard.markDirty();
      nextGuard.release();
    }
  } finally {
    prevGuard?.release();
  }
}

/**
 * Moves every entry of `right` into `left` (adjacent children of the parent, right at slot
 * `rightSlot`). Inner nodes take the parent's separator down as the key of right's first child.
 */
function mergeInto(t: TreeState, left: PageGuard, right: PageGuard, parent: Buffer, rightSlot: number): void {
  const lp = left.page;
  const rp = right.page;
  const leaf = isLeaf(lp);
  const next = leaf ? rightSibling(rp) : 0;
  const nextGuard = next !== 0 ? t.pinNode(next, 0) : null;
  try {
    if (u16(lp, NODE_OFF_FRAGMENTED) > 0) compactNode(lp, t.scratch);
    const n = nodeCount(rp);
    let i = 0;
    if (!leaf) {
      appendInnerCell(lp, innerKeyAt(parent, rightSlot), innerChild(rp, 0));
      i = 1;
    }
    for (; i < n; i++) {
      const off = slotOffset(rp, i);
      appendCell(lp, rp, off, cellSize(rp, off, leaf));
    }
    if (leaf) setRightSibling(lp, next);
    if (nextGuard !== null) {
      setLeftSibling(nextGuard.page, left.pageNo);
      nextGuard.markDirty();
    }
    left.markDirty();
  } finally {
    nextGuard?.release();
  }
}

/** Removes child slot i of an inner node; when slot 0 goes, the next child becomes minus infinity. */
function removeChildSlot(t: TreeState, parent: PageGuard, i: number): void {
  const page = parent.page;
  removeCell(page, i);
  if (i === 0 && nodeCount(page) > 0) {
    const child = innerChild(page, 0);
    removeCell(page, 0);
    const len = buildInnerCell(t.cellBuf, null, child);
    insertCell(page, 0, t.cellBuf, 0, len, t.scratch);
  }
  parent.markDirty();
}
