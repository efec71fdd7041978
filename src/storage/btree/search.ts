// Search: binary search inside a node, straight on the page bytes (Buffer.compare on ranges, no
// copies, no closures), and the descent from the root to a leaf, which records its path in the
// tree state for the insert and delete code. A descent holds one pin at a time.
// Requires: the node is a valid slotted page (layout.ts); keys compare as unsigned bytes.
import type { PageGuard } from '../pagecache.js';
import { INNER_CELL_HEADER, LEAF_CELL_HEADER, NODE_OFF_COUNT, NODE_OFF_SLOTS, u16, u32 } from './layout.js';
import type { TreeState } from './tree-state.js';

/** Bytes compared in JavaScript before handing the rest of a long key to Buffer.compare. */
const INLINE_COMPARE = 16;

/**
 * Compares `key` with the key page[start, start + len) as unsigned bytes (memcmp order): negative
 * when key sorts first. Short prefixes are compared in JavaScript (cheaper than a native call);
 * the rest of a long shared prefix goes to Buffer.compare on ranges (memcmp, no copies).
 */
export function compareKeyAt(key: Buffer, page: Buffer, start: number, len: number): number {
  const klen = key.length;
  const n = klen < len ? klen : len;
  const m = n < INLINE_COMPARE ? n : INLINE_COMPARE;
  for (let i = 0; i < m; i++) {
    const d = key[i]! - page[start + i]!;
    if (d !== 0) return d;
  }
  if (n > INLINE_COMPARE) return key.compare(page, start + INLINE_COMPARE, start + len, INLINE_COMPARE, klen);
  return klen - len;
}

/**
 * Binary search of a leaf: the slot holding `key` when present, else ~(slot where it would go),
 * a negative number.
 */
export function leafSearch(page: Buffer, key: Buffer): number {
  let lo = 0;
  let hi = u16(page, NODE_OFF_COUNT) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const off = u16(page, NODE_OFF_SLOTS + 2 * mid);
    const start = off + LEAF_CELL_HEADER;
    const c = compareKeyAt(key, page, start, u16(page, off));
    if (c > 0) lo = mid + 1;
    else if (c < 0) hi = mid - 1;
    else return mid;
  }
  return ~lo;
}

/** The slot of the child of an inner node whose key range holds `key`: the last separator <= key. */
export function innerSearch(page: Buffer, key: Buffer): number {
  let lo = 1;
  let hi = u16(page, NODE_OFF_COUNT) - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const off = u16(page, NODE_OFF_SLOTS + 2 * mid);
    const start = off + INNER_CELL_HEADER;
    if (compareKeyAt(key, page, start, u16(page, off)) >= 0) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The child page in inner slot i. */
function childAt(page: Buffer, i: number): number {
  return u32(page, u16(page, NODE_OFF_SLOTS + 2 * i) + 2);
}

/**
 * Descends from the root to the leaf whose key range holds `key`, recording the path
 * (pathPages/pathSlots/pathLast) in the tree state. Returns the leaf's page number (unpinned).
 */
export function descend(t: TreeState, key: Buffer): number {
  let pageNo = t.root;
  const last = t.height - 1;
  for (let d = 0; d < last; d++) {
    const guard = t.pinNode(pageNo, last - d);
    try {
      const page = guard.page;
      const slot = innerSearch(page, key);
      t.pathPages[d] = pageNo;
      t.pathSlots[d] = slot;
      t.pathLast[d] = slot === u16(page, NODE_OFF_COUNT) - 1 ? 1 : 0;
      pageNo = childAt(page, slot);
    } finally {
      guard.release();
    }
  }
  t.pathPages[last] = pageNo;
  return pageNo;
}

/** Descends along the first (or last) child at every level: the leftmost (or rightmost) leaf. */
export function descendEdge(t: TreeState, rightmost: boolean): number {
  let pageNo = t.root;
  const last = t.height - 1;
  for (let d = 0; d < last; d++) {
    const guard = t.pinNode(pageNo, last - d);
    try {
      const page = guard.page;
      const slot = rightmost ? u16(page, NODE_OFF_COUNT) - 1 : 0;
      t.pathPages[d] = pageNo;
      t.pathSlots[d] = slot;
      t.pathLast[d] = rightmost ? 1 : 0;
      pageNo = childAt(page, slot);
    } finally {
      guard.release();
    }
  }
  t.pathPages[last] = pageNo;
  return pageNo;
}

/** Descends to the leaf for `key` and returns it pinned. */
export function pinLeafFor(t: TreeState, key: Buffer): PageGuard {
  return t.pinNode(descend(t, key), 0);
}

/** True when the key at `off` (of `len` bytes) in `page` starts with prefix[0, plen). */
export function hasPrefix(page: Buffer, off: number, len: number, prefix: Buffer, plen: number): boolean {
  return len >= plen && prefix.compare(page, off, off + plen, 0, plen) === 0;
}
