// A checkpoint's page writes: every page whose newest image is not yet in its relation file
// (dirty in the page cache, or in the spill file) goes first to the double-write file (synced),
// then in place. Synchronous from start to end, so no change can slip in between the copies and
// the in-place writes. Requires: the WAL is durable up to every change these pages hold, and
// the caller syncs the returned files before it records the checkpoint (cluster.ts).
import type { IoEngine } from '../io/engine.js';
import { writeDoubleWrite } from './double-write.js';
import { PAGE_SIZE, setPageChecksum } from './page.js';
import type { PageCache } from './pagecache.js';
import type { PageFile } from './pagefile.js';

/** Writes the changed pages (double-write first); returns the files written, to be synced. */
export function writeCheckpointPages(engine: IoEngine, dataDir: string, cache: PageCache, csn: number): PageFile[] {
  const pages = cache.checkpointPages();
  if (pages.length === 0) return [];
  const listed = pages.map((p) => ({ name: p.file.displayName, pageNo: p.pageNo }));
  writeDoubleWrite(engine, dataDir, csn, listed, (i, into) => {
    const p = pages[i]!;
    cache.pageImage(p.file, p.pageNo, into);
    setPageChecksum(into, p.pageNo);
  });
  const image = Buffer.allocUnsafe(PAGE_SIZE);
  const files = new Set<PageFile>();
  for (const p of pages) {
    cache.pageImage(p.file, p.pageNo, image);
    p.file.write(p.pageNo, image);
    cache.writtenBack(p.file, p.pageNo);
    files.add(p.file);
  }
  cache.checkpointDone();
  return [...files];
}
