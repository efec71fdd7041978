// Page allocation within a relation file, through the page cache: the meta page (page 0,
// layout in pagefile.ts) counts the file's pages and heads a free list of pages given back;
// allocation reuses a free page before extending the file. A new file gets its meta page on
// first use (initMetaPage).
// Invariant: a page is either the meta page, on the free list (type Free), or owned by the
// file's user (B+tree pages); free pages chain through their header's special field.
import { DbError, SqlState } from '../errors.js';
import { initPage, OFF_SPECIAL, PageType, pageType, type PageTypeCode } from './page.js';
import type { PageCache, PageGuard } from './pagecache.js';
import {
  META_MAGIC,
  META_OFF_FREE_COUNT,
  META_OFF_FREE_HEAD,
  META_OFF_MAGIC,
  META_OFF_PAGE_COUNT,
  META_OFF_VERSION,
  META_VERSION,
  type PageFile,
} from './pagefile.js';

/** Creates the meta page of an empty file, or checks the existing one. Returns true if created. */
export function initMetaPage(cache: PageCache, file: PageFile): boolean {
  // a meta page may exist only in the cache (a new file not written back yet)
  if (file.physicalPages === 0 && !cache.has(file, 0)) {
    const meta = cache.pinNew(file, 0);
    try {
      initPage(meta.page, PageType.Meta);
      meta.page.writeUInt32BE(META_MAGIC, META_OFF_MAGIC);
      meta.page.writeUInt16BE(META_VERSION, META_OFF_VERSION);
      meta.page.writeUInt32BE(1, META_OFF_PAGE_COUNT);
    } finally {
      meta.release();
    }
    return true;
  }
  const meta = cache.pin(file, 0);
  try {
    const ok = pageType(meta.page) === PageType.Meta && meta.page.readUInt32BE(META_OFF_MAGIC) === META_MAGIC;
    if (!ok) throw new DbError(SqlState.DataCorrupted, `invalid meta page in relation ${file.displayName}`);
    const version = meta.page.readUInt16BE(META_OFF_VERSION);
    if (version !== META_VERSION) {
      throw new DbError(SqlState.DataCorrupted, `relation ${file.displayName} has page format ${version}, expected ${META_VERSION}`);
    }
  } finally {
    meta.release();
  }
  return false;
}

/** A fresh page of the given type, pinned and dirty: a reused free page or a new one. */
export function allocatePage(cache: PageCache, file: PageFile, type: PageTypeCode): PageGuard {
  const meta = cache.pin(file, 0);
  try {
    const freeHead = meta.page.readUInt32BE(META_OFF_FREE_HEAD);
    let guard: PageGuard;
    // pin the page first: if that fails (a failed eviction write-back), the meta page is unchanged
    if (freeHead !== 0) {
      guard = cache.pin(file, freeHead);
      if (pageType(guard.page) !== PageType.Free) {
        guard.release();
        throw new DbError(SqlState.DataCorrupted, `free list of relation ${file.displayName} points to page ${freeHead}, which is not free`);
      }
      meta.page.writeUInt32BE(guard.page.readUInt32BE(OFF_SPECIAL), META_OFF_FREE_HEAD);
      meta.page.writeUInt32BE(meta.page.readUInt32BE(META_OFF_FREE_COUNT) - 1, META_OFF_FREE_COUNT);
      guard.markDirty();
    } else {
      const pageNo = meta.page.readUInt32BE(META_OFF_PAGE_COUNT);
      guard = cache.pinNew(file, pageNo);
      meta.page.writeUInt32BE(pageNo + 1, META_OFF_PAGE_COUNT);
    }
    initPage(guard.page, type);
    meta.markDirty();
    return guard;
  } finally {
    meta.release();
  }
}

/** Gives a page back to the file's free list. Requires: nothing references the page any more. */
export function freePage(cache: PageCache, file: PageFile, pageNo: number): void {
  if (pageNo === 0) throw new DbError(SqlState.InternalError, 'cannot free the meta page');
  const meta = cache.pin(file, 0);
  try {
    const guard = cache.pinNew(file, pageNo); // its old content does not matter
    try {
      initPage(guard.page, PageType.Free);
      guard.page.writeUInt32BE(meta.page.readUInt32BE(META_OFF_FREE_HEAD), OFF_SPECIAL);
      guard.markDirty();
    } finally {
      guard.release();
    }
    meta.page.writeUInt32BE(pageNo, META_OFF_FREE_HEAD);
    meta.page.writeUInt32BE(meta.page.readUInt32BE(META_OFF_FREE_COUNT) + 1, META_OFF_FREE_COUNT);
    meta.markDirty();
  } finally {
    meta.release();
  }
}

/** Page count and free pages of a file, from its meta page. */
export function fileSpace(cache: PageCache, file: PageFile): { pages: number; freePages: number } {
  const meta = cache.pin(file, 0);
  try {
    return { pages: meta.page.readUInt32BE(META_OFF_PAGE_COUNT), freePages: meta.page.readUInt32BE(META_OFF_FREE_COUNT) };
  } finally {
    meta.release();
  }
}
