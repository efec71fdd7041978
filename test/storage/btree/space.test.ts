// Space: overflow chains and compression (inline when lz4 makes a value fit, chained otherwise,
// raw when it does not help), overflow pages freed on replace and delete, empty trees shrinking
// back to one leaf with every other page free, free pages reused, and full leaves for
// sequential inserts (rightmost splits).
import { describe, expect, it } from 'vitest';
import { fileSpace } from '../../../src/storage/page-allocator.js';
import { Fixture, intKey, makeValue } from './helpers.js';

describe('B+tree space', () => {
  it('stores large values compressed inline, compressed in overflow pages, or raw', () => {
    const f = new Fixture(16);
    f.tree.insert(Buffer.from('inline-lz4'), makeValue(1, 6000, true));
    let stats = f.tree.check();
    expect(stats.compressedValues).toBe(1);
    expect(stats.overflowPages).toBe(0);
    f.tree.insert(Buffer.from('raw'), makeValue(2, 20000, false));
    stats = f.tree.check();
    expect(stats.compressedValues).toBe(1);
    expect(stats.overflowPages).toBe(3);
    const big = Buffer.concat([makeValue(3, 30000, false), makeValue(4, 200000, true)]);
    f.tree.insert(Buffer.from('chained-lz4'), big);
    stats = f.tree.check();
    expect(stats.compressedValues).toBe(2);
    expect(stats.overflowPages).toBeLessThan(3 + Math.ceil(big.length / 8164) / 2);
    expect(f.tree.get(Buffer.from('chained-lz4'))!.equals(big)).toBe(true);
    expect(f.tree.get(Buffer.from('raw'))!.equals(makeValue(2, 20000, false))).toBe(true);
    expect(f.tree.get(Buffer.from('inline-lz4'))!.equals(makeValue(1, 6000, true))).toBe(true);
    expect(f.tree.print({ values: true })).toMatch(/"chained-lz4"=<230000 bytes in overflow \d+, lz4 \d+> "inline-lz4"=<lz4 \d+> "raw"=<20000 bytes in overflow \d+>/);
    expect(f.cache.pinnedCount()).toBe(0);
  });

  it('frees overflow pages on replace and delete, and reuses free pages', () => {
    const f = new Fixture(16);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i++) f.tree.put(intKey(i), makeValue(round * 100 + i, 30000, false));
    }
    const grown = fileSpace(f.cache, f.file).pages;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i++) expect(f.tree.update(intKey(i), makeValue(i, 30000, false))).toBe(true);
    }
    expect(fileSpace(f.cache, f.file).pages).toBe(grown);
    let stats = f.tree.check();
    expect(stats.overflowPages).toBe(20 * 4);
    for (let i = 0; i < 20; i++) f.tree.update(intKey(i), Buffer.from('small'));
    stats = f.tree.check();
    expect(stats.overflowPages).toBe(0);
    expect(stats.freePages).toBe(stats.pages - 2);
    for (let i = 0; i < 20; i++) f.tree.put(intKey(i), makeValue(i, 30000, false));
    expect(fileSpace(f.cache, f.file).pages).toBe(grown);
    for (let i = 0; i < 20; i++) expect(f.tree.delete(intKey(i))).toBe(true);
    stats = f.tree.check();
    expect(stats.overflowPages).toBe(0);
    expect(stats.freePages).toBe(stats.pages - 2);
  });

  it('shrinks to a single empty leaf when everything is deleted', () => {
    const f = new Fixture(16);
    const order = [...Array(20000).keys()].map((i) => (i * 7919) % 20000);
    for (const i of order) f.tree.insert(intKey(i), makeValue(i, 20, false));
    expect(f.tree.height).toBeGreaterThanOrEqual(2);
    for (const i of order.reverse()) expect(f.tree.delete(intKey(i))).toBe(true);
    const stats = f.tree.check();
    expect(stats).toMatchObject({ height: 1, entries: 0, leaves: 1, innerNodes: 0 });
    expect(stats.freePages).toBe(stats.pages - 2);
    expect(f.cache.pinnedCount()).toBe(0);
  });

  it('keeps leaves at least a quarter full on average under random deletes', () => {
    const f = new Fixture(32);
    for (let i = 0; i < 30000; i++) f.tree.insert(intKey((i * 7919) % 30000), makeValue(i, 40, false));
    for (let i = 0; i < 30000; i++) if (i % 10 !== 0) f.tree.delete(intKey((i * 104729) % 30000));
    const stats = f.tree.check();
    expect(stats.entries).toBe(3000);
    expect(stats.leafFill).toBeGreaterThan(0.25);
  });

  it('fills leaves almost completely on sequential inserts', () => {
    const f = new Fixture(16);
    for (let i = 0; i < 20000; i++) f.tree.insert(intKey(i), makeValue(i, 60, false));
    expect(f.tree.check().leafFill).toBeGreaterThan(0.85);
    const g = new Fixture(16);
    for (let i = 0; i < 20000; i++) g.tree.insert(intKey((i * 7919) % 20000), makeValue(i, 60, false));
    const random = g.tree.check().leafFill;
    expect(random).toBeGreaterThan(0.6);
    expect(random).toBeLessThan(0.85);
  });
});
