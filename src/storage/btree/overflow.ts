// Values too large for a leaf cell (key + value over MAX_CELL, about a quarter page): lz4-compressed
// when at least COMPRESS_THRESHOLD bytes and compression saves 1/16 or more; kept inline if the
// compressed value then fits, else written to a chain of Overflow pages that the leaf references.
// Invariant: a chain belongs to exactly one leaf cell and is freed when that cell's value is
// replaced or deleted.
//
//   overflow page (type Overflow)              overflow reference (13 bytes, in the leaf cell)
//   offset size  field                         offset size  field
//   0      24    common header; special =      0      4     first page of the chain
//                [16..20) next page, 0 = last  4      4     value length (uncompressed)
//   24     4     data bytes on this page       8      4     stored length (bytes in the chain)
//   28     ...   data                          12     1     codec: 0 raw, 1 lz4
import { compressSync, uncompressSync } from 'lz4-napi';
import { DbError, SqlState } from '../../errors.js';
import { OFF_SPECIAL, PAGE_SIZE, PageType } from '../page.js';
import type { PageGuard } from '../pagecache.js';
import { allocatePage, freePage } from '../page-allocator.js';
import {
  buildLeafCell,
  LEAF_CELL_HEADER,
  leafValueField,
  leafValueOffset,
  MAX_CELL,
  setU16,
  setU32,
  u32,
  VALUE_COMPRESSED,
  VALUE_LENGTH_MASK,
  VALUE_OVERFLOW,
} from './layout.js';
import type { TreeState } from './tree-state.js';

export const OVERFLOW_REF_SIZE = 13;
export const COMPRESS_THRESHOLD = 1024;
/** PostgreSQL's limit for one field value. */
export const MAX_VALUE_SIZE = 0x3fff_ffff;
export const OVF_OFF_NEXT = OFF_SPECIAL;
export const OVF_OFF_LENGTH = 24;
export const OVF_OFF_DATA = 28;
export const OVF_DATA = PAGE_SIZE - OVF_OFF_DATA;
const CODEC_LZ4 = 1;

export interface OverflowRef {
  first: number;
  length: number;
  stored: number;
  codec: number;
}

/**
 * Builds the leaf cell for (key, value) in t.cellBuf and returns its size; a large value is
 * compressed and/or written to a new overflow chain (whose pages are pushed to `allocated`).
 */
export function buildValueCell(t: TreeState, key: Buffer, value: Buffer, allocated?: number[]): number {
  const out = t.cellBuf;
  if (LEAF_CELL_HEADER + key.length + value.length <= MAX_CELL) return buildLeafCell(out, key, value, 0);
  if (value.length > MAX_VALUE_SIZE) {
    throw new DbError(SqlState.ProgramLimitExceeded, `value of ${value.length} bytes exceeds the maximum ${MAX_VALUE_SIZE} in relation ${t.name}`);
  }
  let stored = value;
  let codec = 0;
  if (value.length >= COMPRESS_THRESHOLD) {
    const packed = compressSync(value);
    if (packed.length <= value.length - (value.length >>> 4)) {
      if (LEAF_CELL_HEADER + key.length + packed.length <= MAX_CELL) return buildLeafCell(out, key, packed, VALUE_COMPRESSED);
      stored = packed;
      codec = CODEC_LZ4;
    }
  }
  const first = writeChain(t, stored, allocated);
  setU16(out, 0, key.length);
  setU16(out, 2, OVERFLOW_REF_SIZE | VALUE_OVERFLOW);
  key.copy(out, LEAF_CELL_HEADER);
  const r = LEAF_CELL_HEADER + key.length;
  setU32(out, r, first);
  setU32(out, r + 4, value.length);
  setU32(out, r + 8, stored.length);
  out[r + 12] = codec;
  return r + OVERFLOW_REF_SIZE;
}

/** Writes `data` to a new chain of overflow pages; returns the first page. */
function writeChain(t: TreeState, data: Buffer, allocated?: number[]): number {
  let first = 0;
  let prev: PageGuard | null = null;
  let pos = 0;
  try {
    do {
      const guard = allocatePage(t.cache, t.file, PageType.Overflow);
      allocated?.push(guard.pageNo);
      const n = Math.min(OVF_DATA, data.length - pos);
      setU32(guard.page, OVF_OFF_LENGTH, n);
      data.copy(guard.page, OVF_OFF_DATA, pos, pos + n);
      pos += n;
      if (prev === null) {
        first = guard.pageNo;
      } else {
        setU32(prev.page, OVF_OFF_NEXT, guard.pageNo);
        prev.release();
      }
      prev = guard;
    } while (pos < data.length);
    prev.release();
    prev = null;
    return first;
  } catch (err) {
    if (prev !== null) prev.release();
    if (first !== 0 && allocated === undefined) {
      try {
        freeChain(t, first, Math.ceil(data.length / OVF_DATA));
      } catch {
        // The original failure is the one to report; the pages stay allocated.
      }
    }
    throw err;
  }
}

/** The overflow reference of the leaf cell at `off`, or null when its value is inline. */
export function overflowRef(page: Buffer, off: number): OverflowRef | null {
  if ((leafValueField(page, off) & VALUE_OVERFLOW) === 0) return null;
  const r = leafValueOffset(page, off);
  return { first: u32(page, r), length: u32(page, r + 4), stored: u32(page, r + 8), codec: page[r + 12]! };
}

/** Pages a chain of `stored` bytes occupies. */
export function chainPages(stored: number): number {
  return Math.max(1, Math.ceil(stored / OVF_DATA));
}

/** The value of the leaf cell at `off`, as a new buffer (inline values copied). */
export function readValue(t: TreeState, page: Buffer, off: number): Buffer {
  const field = leafValueField(page, off);
  const start = leafValueOffset(page, off);
  const len = field & VALUE_LENGTH_MASK;
  if ((field & (VALUE_COMPRESSED | VALUE_OVERFLOW)) === 0) {
    const out = Buffer.allocUnsafe(len);
    page.copy(out, 0, start, start + len);
    return out;
  }
  if ((field & VALUE_COMPRESSED) !== 0) return decompress(t, page.subarray(start, start + len), -1);
  return readChain(t, overflowRef(page, off)!);
}

/** lz4 decompression; a failure means a damaged value (XX001). */
function decompress(t: TreeState, data: Buffer, pageNo: number): Buffer {
  try {
    return uncompressSync(data);
  } catch (err) {
    const where = pageNo < 0 ? 'an inline value' : `the overflow value starting at block ${pageNo}`;
    throw new DbError(SqlState.DataCorrupted, `could not decompress ${where} in relation ${t.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads (and decompresses) a value from its overflow chain. */
export function readChain(t: TreeState, ref: OverflowRef): Buffer {
  const data = Buffer.allocUnsafe(ref.stored);
  let pageNo = ref.first;
  let pos = 0;
  const pages = chainPages(ref.stored);
  for (let i = 0; i < pages; i++) {
    if (pageNo === 0) throw t.corrupt(ref.first, `overflow chain ends after ${pos} of ${ref.stored} bytes`);
    const guard = t.cache.pin(t.file, pageNo, Math.min(pages - i - 1, 8));
    try {
      const page = guard.page;
      const n = u32(page, OVF_OFF_LENGTH);
      if (page[12] !== PageType.Overflow || n > OVF_DATA || pos + n > ref.stored) {
        throw t.corrupt(pageNo, `bad overflow page (type ${page[12]}, ${n} bytes) in the chain starting at ${ref.first}`);
      }
      page.copy(data, pos, OVF_OFF_DATA, OVF_OFF_DATA + n);
      pos += n;
      pageNo = u32(page, OVF_OFF_NEXT);
    } finally {
      guard.release();
    }
  }
  if (pos !== ref.stored || pageNo !== 0) throw t.corrupt(ref.first, `overflow chain holds ${pos} bytes, expected ${ref.stored}`);
  if (ref.codec !== CODEC_LZ4) return data;
  const value = decompress(t, data, ref.first);
  if (value.length !== ref.length) throw t.corrupt(ref.first, `overflow value decompresses to ${value.length} bytes, expected ${ref.length}`);
  return value;
}

/** Gives the `pages` pages of a chain back to the free list. */
export function freeChain(t: TreeState, first: number, pages: number): void {
  let pageNo = first;
  for (let i = 0; i < pages && pageNo !== 0; i++) {
    const guard = t.cache.pin(t.file, pageNo);
    let next: number;
    try {
      if (guard.page[12] !== PageType.Overflow) throw t.corrupt(pageNo, `expected an overflow page, found type ${guard.page[12]}`);
      next = u32(guard.page, OVF_OFF_NEXT);
    } finally {
      guard.release();
    }
    freePage(t.cache, t.file, pageNo);
    pageNo = next;
  }
}

/** Frees the overflow chain a reference (read with overflowRef before the cell went) points to. */
export function freeValueChain(t: TreeState, ref: OverflowRef | null): void {
  if (ref !== null) freeChain(t, ref.first, chainPages(ref.stored));
}
