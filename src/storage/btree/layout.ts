// Node layout: the slotted page shared by B+tree leaves and inner nodes, and their cell formats.
// A node's slot array grows up from byte 32, its cells grow down from the page end; slots are
// kept in key order, cells anywhere in the cell area (dead cells count as fragmented bytes
// until compaction). Invariant: 32 + 2·count <= cellStart <= 8192, and
// 8192 - cellStart - fragmented = the sum of the live cells' sizes.
//
//   node page (type BtreeLeaf or BtreeInner)
//   offset size  field
//   0      24    common page header (page.ts); special = [16..20) left sibling, [20..24) right
//                sibling (leaves only; 0 = none; zero in inner nodes)
//   24     2     slot count n
//   26     2     cell area start (lowest cell offset; 8192 when the node is empty)
//   28     2     fragmented bytes: dead cells inside the cell area
//   30     2     level: 0 for leaves, 1 above them, ...
//   32     2·n   slots: u16 offset of each cell, in key order
//   ...          free space
//   cellStart..8192  cells
//
//   leaf cell                              inner cell
//   0  2  key length k                     0  2  key length k (slot 0: 0 = minus infinity)
//   2  2  value field: bits 0..13 stored   2  4  child page number
//         length v; bit 14 lz4-compressed  6  k  separator key
//         inline; bit 15 overflow reference
//   4  k  key
//   4+k v value bytes, or the 13-byte overflow reference (overflow.ts)
//
// Inner node with cells (−∞,c0) (k1,c1) … (kn−1,cn−1): child ci holds the keys in [ki, ki+1).
// All integers are big-endian, like the common header.
import { initPage, OFF_SPECIAL, PAGE_SIZE, PageType } from '../page.js';

export const NODE_OFF_COUNT = 24;
export const NODE_OFF_CELL_START = 26;
export const NODE_OFF_FRAGMENTED = 28;
export const NODE_OFF_LEVEL = 30;
export const NODE_OFF_SLOTS = 32;
export const OFF_LEFT_SIBLING = OFF_SPECIAL;
export const OFF_RIGHT_SIBLING = OFF_SPECIAL + 4;

/** Bytes for slots and cells in one node. */
export const NODE_USABLE = PAGE_SIZE - NODE_OFF_SLOTS;
/** Largest cell (slot excluded): four of them always fit in a node, so a split always works. */
export const MAX_CELL = Math.floor(NODE_USABLE / 4) - 2;
export const LEAF_CELL_HEADER = 4;
export const INNER_CELL_HEADER = 6;
/** Largest key (PostgreSQL: 54000 "index row size ... exceeds maximum"). */
export const MAX_KEY_SIZE = 2000;

export const VALUE_LENGTH_MASK = 0x3fff;
export const VALUE_COMPRESSED = 0x4000;
export const VALUE_OVERFLOW = 0x8000;

export function u16(page: Buffer, off: number): number {
  return (page[off]! << 8) | page[off + 1]!;
}

export function setU16(page: Buffer, off: number, v: number): void {
  page[off] = v >>> 8;
  page[off + 1] = v & 0xff;
}

export function u32(page: Buffer, off: number): number {
  return ((page[off]! << 24) | (page[off + 1]! << 16) | (page[off + 2]! << 8) | page[off + 3]!) >>> 0;
}

export function setU32(page: Buffer, off: number, v: number): void {
  page[off] = v >>> 24;
  page[off + 1] = (v >>> 16) & 0xff;
  page[off + 2] = (v >>> 8) & 0xff;
  page[off + 3] = v & 0xff;
}

/** Starts an empty node (leaf when level is 0). */
export function initNode(page: Buffer, level: number): void {
  initPage(page, level === 0 ? PageType.BtreeLeaf : PageType.BtreeInner);
  setU16(page, NODE_OFF_CELL_START, PAGE_SIZE);
  setU16(page, NODE_OFF_LEVEL, level);
}

/** Empties a node's body, keeping its header (type, level, siblings). */
export function clearNode(page: Buffer): void {
  setU16(page, NODE_OFF_COUNT, 0);
  setU16(page, NODE_OFF_CELL_START, PAGE_SIZE);
  setU16(page, NODE_OFF_FRAGMENTED, 0);
}

export function isLeaf(page: Buffer): boolean {
  return page[12] === PageType.BtreeLeaf;
}

export function nodeCount(page: Buffer): number {
  return u16(page, NODE_OFF_COUNT);
}

export function nodeLevel(page: Buffer): number {
  return u16(page, NODE_OFF_LEVEL);
}

export function slotOffset(page: Buffer, i: number): number {
  return u16(page, NODE_OFF_SLOTS + 2 * i);
}

export function leftSibling(page: Buffer): number {
  return u32(page, OFF_LEFT_SIBLING);
}

export function rightSibling(page: Buffer): number {
  return u32(page, OFF_RIGHT_SIBLING);
}

export function setLeftSibling(page: Buffer, pageNo: number): void {
  setU32(page, OFF_LEFT_SIBLING, pageNo);
}

export function setRightSibling(page: Buffer, pageNo: number): void {
  setU32(page, OFF_RIGHT_SIBLING, pageNo);
}

/** Size of the cell at `off` (slot excluded). */
export function cellSize(page: Buffer, off: number, leaf: boolean): number {
  return leaf ? LEAF_CELL_HEADER + u16(page, off) + (u16(page, off + 2) & VALUE_LENGTH_MASK) : INNER_CELL_HEADER + u16(page, off);
}

/** Contiguous free bytes between the slot array and the cell area. */
export function contiguousFree(page: Buffer): number {
  return u16(page, NODE_OFF_CELL_START) - NODE_OFF_SLOTS - 2 * nodeCount(page);
}

/** Free bytes after a compaction. */
export function totalFree(page: Buffer): number {
  return contiguousFree(page) + u16(page, NODE_OFF_FRAGMENTED);
}

/** Bytes used by slots and live cells. */
export function usedBytes(page: Buffer): number {
  return NODE_USABLE - totalFree(page);
}

// ---- leaf cells ----

export function leafKeyOffset(off: number): number {
  return off + LEAF_CELL_HEADER;
}

export function leafKeyLength(page: Buffer, off: number): number {
  return u16(page, off);
}

/** The value field: stored length and the compressed/overflow flags. */
export function leafValueField(page: Buffer, off: number): number {
  return u16(page, off + 2);
}

export function leafValueOffset(page: Buffer, off: number): number {
  return off + LEAF_CELL_HEADER + u16(page, off);
}

/** The key of leaf slot i, as a view of the page. */
export function leafKeyAt(page: Buffer, i: number): Buffer {
  const off = slotOffset(page, i);
  return page.subarray(off + LEAF_CELL_HEADER, off + LEAF_CELL_HEADER + u16(page, off));
}

/** Writes a leaf cell into `out` at 0; returns its size. */
export function buildLeafCell(out: Buffer, key: Buffer, value: Buffer, valueFlags: number): number {
  setU16(out, 0, key.length);
  setU16(out, 2, value.length | valueFlags);
  key.copy(out, LEAF_CELL_HEADER);
  value.copy(out, LEAF_CELL_HEADER + key.length);
  return LEAF_CELL_HEADER + key.length + value.length;
}

// ---- inner cells ----

export function innerKeyLength(page: Buffer, off: number): number {
  return u16(page, off);
}

export function innerChild(page: Buffer, i: number): number {
  return u32(page, slotOffset(page, i) + 2);
}

export function setInnerChild(page: Buffer, i: number, child: number): void {
  setU32(page, slotOffset(page, i) + 2, child);
}

/** The separator of inner slot i, as a view of the page (empty for slot 0). */
export function innerKeyAt(page: Buffer, i: number): Buffer {
  const off = slotOffset(page, i);
  return page.subarray(off + INNER_CELL_HEADER, off + INNER_CELL_HEADER + u16(page, off));
}

/** Writes an inner cell into `out` at 0; returns its size. */
export function buildInnerCell(out: Buffer, key: Buffer | null, child: number): number {
  const k = key === null ? 0 : key.length;
  setU16(out, 0, k);
  setU32(out, 2, child);
  if (key !== null) key.copy(out, INNER_CELL_HEADER);
  return INNER_CELL_HEADER + k;
}

// ---- slot operations ----

/** Rewrites the cells contiguously at the page end (through `scratch`), dropping dead bytes. */
export function compactNode(page: Buffer, scratch: Buffer): void {
  const n = nodeCount(page);
  const leaf = isLeaf(page);
  page.copy(scratch, 0, 0, PAGE_SIZE);
  let start = PAGE_SIZE;
  for (let i = 0; i < n; i++) {
    const off = slotOffset(scratch, i);
    const size = cellSize(scratch, off, leaf);
    start -= size;
    scratch.copy(page, start, off, off + size);
    setU16(page, NODE_OFF_SLOTS + 2 * i, start);
  }
  setU16(page, NODE_OFF_CELL_START, start);
  setU16(page, NODE_OFF_FRAGMENTED, 0);
}

/**
 * Inserts the cell src[start, start+len) at slot i. Requires: totalFree(page) >= len + 2
 * (compacts through `scratch` when the contiguous space is short).
 */
export function insertCell(page: Buffer, i: number, src: Buffer, start: number, len: number, scratch: Buffer): void {
  if (contiguousFree(page) < len + 2) {
    if (totalFree(page) < len + 2) throw new Error(`node overflow: ${len}-byte cell does not fit`);
    compactNode(page, scratch);
  }
  const n = nodeCount(page);
  const cellStart = u16(page, NODE_OFF_CELL_START) - len;
  src.copy(page, cellStart, start, start + len);
  const slotPos = NODE_OFF_SLOTS + 2 * i;
  if (i < n) page.copyWithin(slotPos + 2, slotPos, NODE_OFF_SLOTS + 2 * n);
  setU16(page, slotPos, cellStart);
  setU16(page, NODE_OFF_CELL_START, cellStart);
  setU16(page, NODE_OFF_COUNT, n + 1);
}

/** Appends a cell after the last slot. Requires: contiguousFree(page) >= len + 2. */
export function appendCell(page: Buffer, src: Buffer, start: number, len: number): void {
  const n = nodeCount(page);
  const cellStart = u16(page, NODE_OFF_CELL_START) - len;
  if (cellStart < NODE_OFF_SLOTS + 2 * (n + 1)) throw new Error(`node overflow: ${len}-byte cell does not fit`);
  src.copy(page, cellStart, start, start + len);
  setU16(page, NODE_OFF_SLOTS + 2 * n, cellStart);
  setU16(page, NODE_OFF_CELL_START, cellStart);
  setU16(page, NODE_OFF_COUNT, n + 1);
}

/** Removes slot i; its cell becomes dead space (reclaimed at once when it starts the cell area). */
export function removeCell(page: Buffer, i: number): void {
  const n = nodeCount(page);
  const off = slotOffset(page, i);
  const size = cellSize(page, off, isLeaf(page));
  const slotPos = NODE_OFF_SLOTS + 2 * i;
  page.copyWithin(slotPos, slotPos + 2, NODE_OFF_SLOTS + 2 * n);
  setU16(page, NODE_OFF_COUNT, n - 1);
  if (n === 1) {
    clearNode(page);
  } else if (off === u16(page, NODE_OFF_CELL_START)) {
    setU16(page, NODE_OFF_CELL_START, off + size);
  } else {
    setU16(page, NODE_OFF_FRAGMENTED, u16(page, NODE_OFF_FRAGMENTED) + size);
  }
}

/** Appends an inner cell (key null: minus infinity) written straight into the page. */
export function appendInnerCell(page: Buffer, key: Buffer | null, child: number): void {
  const n = nodeCount(page);
  const k = key === null ? 0 : key.length;
  const cellStart = u16(page, NODE_OFF_CELL_START) - INNER_CELL_HEADER - k;
  if (cellStart < NODE_OFF_SLOTS + 2 * (n + 1)) throw new Error(`node overflow: inner cell of ${k}-byte key does not fit`);
  setU16(page, cellStart, k);
  setU32(page, cellStart + 2, child);
  if (key !== null) key.copy(page, cellStart + INNER_CELL_HEADER);
  setU16(page, NODE_OFF_SLOTS + 2 * n, cellStart);
  setU16(page, NODE_OFF_CELL_START, cellStart);
  setU16(page, NODE_OFF_COUNT, n + 1);
}

/** The shortest prefix of `b` that is greater than `a` (requires a < b): a separator with a < sep <= b. */
export function separatorBetween(a: Buffer, b: Buffer): Buffer {
  const lim = Math.min(a.length, b.length);
  let i = 0;
  while (i < lim && a[i] === b[i]) i++;
  return Buffer.from(b.subarray(0, i + 1));
}
