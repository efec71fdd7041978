// Relation files, the page cache and page allocation: checksums catch corrupt and misplaced
// pages (XX001 naming the relation and block), the LRU cache never evicts pinned pages and
// writes dirty pages back, read-ahead, the free list, and — with the fault-injecting engine —
// a power loss keeps every page that was flushed and synced. A property test compares random
// pin/modify/release/flush/reopen sequences on a tiny cache with a plain model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../src/errors.js';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { PAGE_SIZE, PageType, pageType } from '../../src/storage/page.js';
import { allocatePage, fileSpace, freePage, initMetaPage } from '../../src/storage/page-allocator.js';
import { PageCache } from '../../src/storage/pagecache.js';
import { PageFile } from '../../src/storage/pagefile.js';

const DIR = '/data/base/5';

function setup(capacity = 8) {
  const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
  engine.mkdir(DIR, true);
  engine.syncDir('/data');
  engine.syncDir('/data/base');
  const cache = new PageCache(capacity);
  const file = PageFile.open(engine, `${DIR}/16384`, 'base/5/16384');
  engine.syncDir(DIR);
  return { engine, cache, file };
}

/** Marks a page with a recognizable byte pattern. */
function stamp(page: Buffer, n: number): void {
  page.writeUInt32BE(n, 100);
  page.writeUInt32BE(n ^ 0xabcdef, PAGE_SIZE - 8);
}

function stampOf(page: Buffer): number {
  return page.readUInt32BE(100);
}

describe('PageFile', () => {
  it('round-trips pages and reads pages past the end as new pages', () => {
    const { file } = setup();
    const page = Buffer.alloc(PAGE_SIZE);
    stamp(page, 42);
    file.write(3, page);
    const back = Buffer.alloc(PAGE_SIZE);
    file.read(3, back);
    expect(stampOf(back)).toBe(42);
    file.read(1, back); // the hole before page 3
    expect(back.every((b) => b === 0)).toBe(true);
    file.read(10, back); // past the end
    expect(back.every((b) => b === 0)).toBe(true);
  });

  it('reports a corrupt page as XX001 naming the relation and block', () => {
    const { engine, file } = setup();
    const page = Buffer.alloc(PAGE_SIZE);
    stamp(page, 7);
    file.write(2, page);
    const h = engine.open(`${DIR}/16384`, 'readwrite');
    engine.writeSync(h, Buffer.from([0xff]), 2 * PAGE_SIZE + 500);
    engine.close(h);
    expect(() => file.read(2, Buffer.alloc(PAGE_SIZE))).toThrow(
      expect.objectContaining({ code: 'XX001', message: 'invalid page in block 2 of relation base/5/16384' }),
    );
  });

  it('detects a page written at the wrong place', () => {
    const { engine, file } = setup();
    const page = Buffer.alloc(PAGE_SIZE);
    stamp(page, 9);
    file.write(1, page);
    const h = engine.open(`${DIR}/16384`, 'readwrite');
    const raw = Buffer.alloc(PAGE_SIZE);
    engine.readSync(h, raw, PAGE_SIZE);
    engine.writeSync(h, raw, 4 * PAGE_SIZE);
    engine.close(h);
    expect(() => file.read(4, Buffer.alloc(PAGE_SIZE))).toThrow(/invalid page in block 4/);
  });
});

describe('PageCache', () => {
  it('evicts the least recently used page and writes dirty pages back', () => {
    const { cache, file } = setup(8);
    initMetaPage(cache, file);
    const pages: number[] = [];
    for (let i = 0; i < 12; i++) {
      const g = allocatePage(cache, file, PageType.BtreeLeaf);
      stamp(g.page, 1000 + g.pageNo);
      pages.push(g.pageNo);
      g.release();
    }
    expect(cache.stats.evictions).toBeGreaterThan(0);
    expect(cache.stats.writes).toBeGreaterThan(0);
    for (const p of pages) {
      const g = cache.pin(file, p);
      expect(stampOf(g.page)).toBe(1000 + p);
      g.release();
    }
    expect(cache.pinnedCount()).toBe(0);
  });

  it('never evicts a pinned page and fails clearly when every frame is pinned', () => {
    const { cache, file } = setup(8);
    initMetaPage(cache, file);
    // seven pinned pages plus the meta page fill the cache
    const held = [];
    for (let i = 0; i < 7; i++) {
      const g = allocatePage(cache, file, PageType.BtreeLeaf);
      stamp(g.page, i);
      held.push(g);
    }
    expect(() => allocatePage(cache, file, PageType.BtreeLeaf)).toThrow(/no unpinned buffers available: all 8 pages of the page cache are pinned/);
    held.forEach((g, i) => expect(stampOf(g.page)).toBe(i));
    for (const g of held) g.release();
    const g = allocatePage(cache, file, PageType.BtreeLeaf);
    g.release();
    expect(cache.pinnedCount()).toBe(0);
  });

  it('counts hits and misses and reads ahead consecutive pages in one read', () => {
    const { engine, cache, file } = setup(64);
    initMetaPage(cache, file);
    for (let i = 0; i < 20; i++) allocatePage(cache, file, PageType.Overflow).release();
    cache.closeFile(file);
    const reopened = PageFile.open(engine, `${DIR}/16384`, 'base/5/16384');
    const fresh = new PageCache(64);
    const readsBefore = engine.count('read');
    fresh.pin(reopened, 1, 15).release();
    expect(fresh.stats.reads).toBe(16);
    expect(engine.count('read') - readsBefore).toBe(1);
    for (let p = 1; p <= 16; p++) fresh.pin(reopened, p).release();
    expect(fresh.stats.misses).toBe(1);
    expect(fresh.stats.hits).toBe(16);
  });

  it('reuses freed pages before extending the file', () => {
    const { cache, file } = setup(16);
    initMetaPage(cache, file);
    const a = allocatePage(cache, file, PageType.BtreeLeaf);
    const b = allocatePage(cache, file, PageType.BtreeLeaf);
    const [pa, pb] = [a.pageNo, b.pageNo];
    a.release();
    b.release();
    freePage(cache, file, pa);
    expect(fileSpace(cache, file)).toEqual({ pages: 3, freePages: 1 });
    const c = allocatePage(cache, file, PageType.BtreeInner);
    expect(c.pageNo).toBe(pa);
    expect(pageType(c.page)).toBe(PageType.BtreeInner);
    c.release();
    expect(fileSpace(cache, file)).toEqual({ pages: 3, freePages: 0 });
    expect(pb).toBe(2);
  });

  it('keeps flushed and synced pages through a power loss and loses unsynced ones', () => {
    const { engine, cache, file } = setup(16);
    initMetaPage(cache, file);
    const synced = allocatePage(cache, file, PageType.BtreeLeaf);
    stamp(synced.page, 111);
    synced.release();
    cache.flushFile(file);
    const later = cache.pin(file, synced.pageNo);
    stamp(later.page, 222);
    later.markDirty();
    later.release();
    cache.flushFile(file, false); // written, not synced
    engine.powerLoss();
    const reopened = PageFile.open(engine, `${DIR}/16384`, 'base/5/16384');
    const fresh = new PageCache(16);
    expect(initMetaPage(fresh, reopened)).toBe(false);
    const g = fresh.pin(reopened, synced.pageNo);
    expect(stampOf(g.page)).toBe(111);
    g.release();
  });

  it('behaves like a plain map of pages under random pins, writes, flushes and reopens', () => {
    type Op = { kind: 'write'; page: number; value: number } | { kind: 'read'; page: number } | { kind: 'flush' } | { kind: 'reopen' } | { kind: 'hold'; page: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), page: fc.integer({ min: 1, max: 30 }), value: fc.nat() }),
      fc.record({ kind: fc.constant('read' as const), page: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant('hold' as const), page: fc.integer({ min: 1, max: 30 }) }),
      fc.constant({ kind: 'flush' as const }),
      fc.constant({ kind: 'reopen' as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const engine = new FaultInjectingEngine({ durableDirs: ['/d'] });
        let cache = new PageCache(8);
        let file = PageFile.open(engine, '/d/rel', 'rel');
        const model = new Map<number, number>();
        const held: ReturnType<PageCache['pin']>[] = [];
        for (const o of ops) {
          if (o.kind === 'write') {
            const g = cache.pin(file, o.page);
            stamp(g.page, o.value);
            g.markDirty();
            g.release();
            model.set(o.page, o.value);
          } else if (o.kind === 'read') {
            const g = cache.pin(file, o.page);
            expect(stampOf(g.page)).toBe(model.get(o.page) ?? 0);
            g.release();
          } else if (o.kind === 'hold') {
            if (held.length < 4) held.push(cache.pin(file, o.page));
          } else if (o.kind === 'flush') {
            cache.flushAll();
          } else {
            for (const g of held.splice(0)) g.release();
            cache.closeFile(file);
            cache = new PageCache(8);
            file = PageFile.open(engine, '/d/rel', 'rel');
          }
        }
        for (const g of held) {
          expect(stampOf(g.page)).toBe(model.get(g.pageNo) ?? 0);
          g.release();
        }
        expect(cache.pinnedCount()).toBe(0);
        for (const [page, value] of model) {
          const g = cache.pin(file, page);
          expect(stampOf(g.page)).toBe(value);
          g.release();
        }
      }),
    );
  });

  it('refuses to release a page twice', () => {
    const { cache, file } = setup();
    initMetaPage(cache, file);
    const g = cache.pin(file, 0);
    g.release();
    expect(() => g.release()).toThrow(DbError);
  });
});
