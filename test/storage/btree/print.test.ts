// print() and describePage(): the BusTub-style drawing of a small tree, and every page type of a
// tree file described in words (what scripts/btree-dump.mjs prints).
import { describe, expect, it } from 'vitest';
import { describePage, formatKey } from '../../../src/storage/btree/index.js';
import { Fixture, makeValue } from './helpers.js';

describe('B+tree print', () => {
  it('draws the tree node by node', () => {
    const f = new Fixture(16);
    for (let i = 0; i < 12; i++) f.tree.insert(Buffer.from(`key-${String(i).padStart(2, '0')}`), Buffer.alloc(1500, i));
    // Separators are the shortest prefixes that divide the leaves ("key-1", not "key-10").
    expect(f.tree.print({ maxKeys: 3 })).toBe(
      [
        'B+tree base/5/16384: height 2, 12 entries, root 3',
        'inner 3 (level 1, 3 children, 35 bytes): [1] "key-05" [2] "key-1" [4]',
        '  leaf 1 (prev 0, next 2, 5 entries, 7560 bytes): "key-00" "key-01" "key-02" …(+2)',
        '  leaf 2 (prev 1, next 4, 5 entries, 7560 bytes): "key-05" "key-06" "key-07" …(+2)',
        '  leaf 4 (prev 2, next 0, 2 entries, 3024 bytes): "key-10" "key-11"',
      ].join('\n'),
    );
  });

  it('describes every page type', () => {
    const f = new Fixture(16);
    f.tree.insert(Buffer.from([0, 1, 255]), makeValue(1, 20000, false));
    f.tree.insert(Buffer.from('w'), makeValue(1, 9000, false));
    f.tree.insert(Buffer.from('x'), Buffer.from('y'));
    f.tree.delete(Buffer.from('x'));
    f.tree.put(Buffer.from([0, 1, 255]), Buffer.from('small'));
    f.tree.insert(Buffer.from('z'), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]).subarray(0, 3));
    f.tree.flush();
    const lines: string[] = [];
    for (let p = 0; p < 7; p++) {
      const g = f.cache.pin(f.file, p);
      lines.push(describePage(g.page, p, { values: true }));
      g.release();
    }
    expect(lines).toEqual([
      'page 0: meta: 7 pages, free list 4 (3 free); B+tree root 1, height 1, 3 entries',
      'page 1: leaf 1 (prev 0, next 0, 3 entries, 44 bytes): 0x0001ff=<5> "w"=<9000 bytes in overflow 5> "z"=<3>',
      'page 2: free, next free 0',
      'page 3: free, next free 2',
      'page 4: free, next free 3',
      'page 5: overflow, 8164 bytes, next 6',
      'page 6: overflow, 836 bytes, next 0',
    ]);
    expect(formatKey(Buffer.alloc(40, 0x41), 8)).toBe('"AAAAAAAA"…(40)');
    expect(formatKey(Buffer.from('a"b'))).toBe('0x612262');
  });
});
