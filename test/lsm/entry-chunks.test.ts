// Entry chunks (the main thread's hand-over to the SSTable worker) against their source: the
// chunks, decoded and concatenated, are the source's entries in order, whatever the chunk size
// (entries larger than a chunk get a chunk of their own); a chunk stops near its byte budget;
// closing early closes the source.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryChunker, chunkEntries } from '../../src/lsm/entry-chunks.js';
import { entrySize, type SstEntry } from '../../src/lsm/sstable-format.js';

const entryArb: fc.Arbitrary<SstEntry> = fc.record({
  key: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
  csn: fc.oneof(fc.nat({ max: 100 }), fc.constant(2 ** 40 + 7)),
  value: fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: 500, max: 5000 }).map((n) => Buffer.alloc(n, n & 0xff)) },
  ),
});

const show = (e: SstEntry) => `${e.key.toString('hex')}@${e.csn}=${e.value === null ? 'X' : e.value.toString('hex')}`;

describe('entry chunks', () => {
  it('hand over exactly the source entries, in order, within the byte budget', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 150 }), fc.constantFrom(1, 64, 700, 4096, 256 * 1024), (entries, maxBytes) => {
        const chunker = new EntryChunker(entries[Symbol.iterator](), maxBytes, Infinity);
        const out: SstEntry[] = [];
        for (let chunk = chunker.next(); chunk !== null; chunk = chunker.next()) {
          expect(chunk.count).toBeGreaterThan(0);
          const got = [...chunkEntries(chunk)];
          expect(got).toHaveLength(chunk.count);
          if (got.length > 1) expect(chunk.data.length).toBeLessThanOrEqual(maxBytes);
          out.push(...got);
          // cut only when the next entry would not fit (or at the end)
          const next = entries[out.length];
          if (next !== undefined) expect(chunk.data.length + entrySize(next)).toBeGreaterThan(maxBytes);
        }
        expect(chunker.next()).toBeNull();
        expect(out.map(show)).toEqual(entries.map(show));
      }),
      { numRuns: 200 },
    );
  });

  it('cuts chunks after the time budget too', () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ key: Buffer.from(`k${i}`), csn: i, value: Buffer.from('v') }));
    // a budget of 0 ms is spent at the first clock check (every 64 entries)
    const chunker = new EntryChunker(entries[Symbol.iterator](), 1 << 20, 0);
    const counts: number[] = [];
    for (let chunk = chunker.next(); chunk !== null; chunk = chunker.next()) counts.push(chunk.count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(entries.length);
    expect(Math.max(...counts)).toBe(64);
  });

  it('closes its source when closed early', () => {
    let closed = false;
    function* source(): Generator<SstEntry> {
      try {
        for (let i = 0; ; i++) yield { key: Buffer.from([i & 0xff]), csn: i, value: null };
      } finally {
        closed = true;
      }
    }
    const chunker = new EntryChunker(source(), 100, Infinity);
    expect(chunker.next()?.count).toBeGreaterThan(0);
    expect(closed).toBe(false);
    chunker.close();
    expect(closed).toBe(true);
    expect(chunker.next()).toBeNull();
  });
});
