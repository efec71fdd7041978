// The 8 KiB page and its common header, shared by every page type. The checksum covers the
// whole page except itself and is seeded with the page number, so a page written to the wrong
// place fails verification too. A page of all zeroes is a valid new page (never written).
//
//   offset size  field
//   0      4     checksum   CRC-32C of bytes 4..8191, seeded with the page number
//   4      8     lsn        page LSN: the WAL position of the last change (durability issue)
//   12     1     type       PageType
//   13     1     flags      owner-defined
//   14     2     reserved   zero
//   16     8     special    owner-defined (e.g. next-page pointers)
//   24     ...   body       laid out by the page type's module
import { crc32c } from '@node-rs/crc32';

export const PAGE_SIZE = 8192;
export const PAGE_HEADER_SIZE = 24;

export const PageType = {
  /** Never written (all zero). */
  New: 0,
  /** Page 0 of every file: allocation state and the owner's root pointers (pagefile.ts). */
  Meta: 1,
  /** On the free list, waiting for reuse. */
  Free: 2,
  BtreeLeaf: 3,
  BtreeInner: 4,
  /** Holds part of a value too large for a B+tree page. */
  Overflow: 5,
} as const;
export type PageTypeCode = (typeof PageType)[keyof typeof PageType];

const OFF_CHECKSUM = 0;
const OFF_LSN = 4;
const OFF_TYPE = 12;
const OFF_FLAGS = 13;
export const OFF_SPECIAL = 16;

export function pageChecksum(page: Buffer, pageNo: number): number {
  return crc32c(page.subarray(4, PAGE_SIZE), pageNo >>> 0);
}

/** Stamps the checksum; call right before the page goes to disk. */
export function setPageChecksum(page: Buffer, pageNo: number): void {
  page.writeUInt32BE(pageChecksum(page, pageNo), OFF_CHECKSUM);
}

function isAllZero(page: Buffer): boolean {
  for (let i = 0; i < PAGE_SIZE; i += 8) {
    if (page.readBigUInt64LE(i) !== 0n) return false;
  }
  return true;
}

/** True when the page's checksum verifies (or the page was never written). */
export function verifyPage(page: Buffer, pageNo: number): boolean {
  const stored = page.readUInt32BE(OFF_CHECKSUM);
  if (stored === pageChecksum(page, pageNo)) return true;
  return stored === 0 && isAllZero(page);
}

export function pageType(page: Buffer): number {
  return page[OFF_TYPE]!;
}

/** Starts a fresh page of a type: zeroes it and writes the header. */
export function initPage(page: Buffer, type: PageTypeCode, flags = 0): void {
  page.fill(0, 0, PAGE_SIZE);
  page[OFF_TYPE] = type;
  page[OFF_FLAGS] = flags;
}

export function pageFlags(page: Buffer): number {
  return page[OFF_FLAGS]!;
}

export function setPageFlags(page: Buffer, flags: number): void {
  page[OFF_FLAGS] = flags;
}

export function pageLsn(page: Buffer): bigint {
  return page.readBigUInt64BE(OFF_LSN);
}

export function setPageLsn(page: Buffer, lsn: bigint): void {
  page.writeBigUInt64BE(lsn, OFF_LSN);
}
