// Bad pages and failing I/O: a flipped byte in a tree page raises XX001 naming the relation and
// block (also in a node:fs temp file), a file without a tree is refused, an I/O error is 58030,
// and none of them leaves a page pinned.
import { mkdtempSync, openSync, readSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { NodeFsEngine } from '../../../src/io/index.js';
import { BTree } from '../../../src/storage/btree/index.js';
import { PAGE_SIZE } from '../../../src/storage/page.js';
import { PageCache } from '../../../src/storage/pagecache.js';
import { PageFile } from '../../../src/storage/pagefile.js';
import { Fixture, intKey, makeValue } from './helpers.js';

function errorOf(fn: () => unknown): DbError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

function fill(tree: BTree): void {
  for (let i = 0; i < 3000; i++) tree.insert(intKey(i), makeValue(i, 80, false));
}

describe('B+tree corruption and I/O errors', () => {
  it('a flipped byte in a leaf raises XX001 naming the relation and block', () => {
    const f = new Fixture(16);
    fill(f.tree);
    f.tree.close();
    f.cache.closeFile(f.file);
    // Flip one byte in the middle of page 5 through the engine.
    const h = f.engine.open(f.path, 'readwrite');
    const b = Buffer.alloc(1);
    f.engine.readSync(h, b, 5 * PAGE_SIZE + 4000);
    b[0]! ^= 0x40;
    f.engine.writeSync(h, b, 5 * PAGE_SIZE + 4000);
    f.engine.close(h);
    f.file = PageFile.open(f.engine, f.path, 'base/5/16384');
    const tree = BTree.open(f.cache, f.file);
    const err = errorOf(() => {
      for (let i = 0; i < 3000; i++) tree.get(intKey(i));
    });
    expect(err.code).toBe('XX001');
    expect(err.message).toBe('invalid page in block 5 of relation base/5/16384');
    expect(f.cache.pinnedCount()).toBe(0);
    expect(errorOf(() => tree.check()).code).toBe('XX001');
    const scan = errorOf(() => {
      const c = tree.cursor();
      try {
        while (c.valid()) c.next();
      } finally {
        c.close();
      }
    });
    expect(scan.code).toBe('XX001');
    expect(f.cache.pinnedCount()).toBe(0);
  });

  it('a flipped byte in a node:fs file is caught too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'treeline-btree-'));
    const engine = new NodeFsEngine();
    try {
      const path = join(dir, '16385');
      const cache = new PageCache(16);
      let file = PageFile.open(engine, path, 'base/5/16385');
      const tree = BTree.create(cache, file);
      fill(tree);
      tree.close();
      cache.closeFile(file);
      const fd = openSync(path, 'r+');
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, 2 * PAGE_SIZE + 100);
      b[0]! ^= 1;
      writeSync(fd, b, 0, 1, 2 * PAGE_SIZE + 100);
      closeSync(fd);
      file = PageFile.open(engine, path, 'base/5/16385');
      const reopened = BTree.open(cache, file);
      const err = errorOf(() => reopened.check());
      expect(err.code).toBe('XX001');
      expect(err.message).toMatch(/block 2 of relation base\/5\/16385/);
      expect(cache.pinnedCount()).toBe(0);
      cache.dropFile(file);
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to open a file that holds no tree, and to create one twice', () => {
    const f = new Fixture(16);
    expect(errorOf(() => BTree.create(f.cache, f.file)).code).toBe('55000');
    const other = PageFile.open(f.engine, '/data/base/5/99', 'base/5/99');
    expect(errorOf(() => BTree.open(f.cache, other)).message).toBe('relation base/5/99 holds no B+tree');
    expect(f.cache.pinnedCount()).toBe(0);
  });

  it('an I/O error on a page read is 58030 and leaks no pin; the tree works afterwards', () => {
    const f = new Fixture(16);
    fill(f.tree);
    f.reopen();
    for (let skip = 0; skip < 6; skip++) {
      f.engine.failNext({ op: 'read', skip });
      const err = errorOf(() => {
        for (let i = 0; i < 3000; i += 7) f.tree.get(intKey(i));
      });
      expect(err.code).toBe('58030');
      expect(f.cache.pinnedCount()).toBe(0);
    }
    // A failed write-back on eviction during an insert also leaves no pin behind.
    f.engine.failNext({ op: 'write' });
    const err = errorOf(() => {
      for (let i = 3000; i < 6000; i++) f.tree.insert(intKey(i), makeValue(i, 80, false));
    });
    expect(err.code).toBe('58030');
    expect(f.cache.pinnedCount()).toBe(0);
    expect(f.tree.get(intKey(1234))!.equals(makeValue(1234, 80, false))).toBe(true);
  });
});
