// Entries in chunks, to hand a stream of entries (a memtable being flushed, a relation being
// taken into the mirror) from the main thread to the SSTable worker. A chunk is laid out like
// an SSTable data block's contents (sstable-format.ts: per entry key length u32, CSN u64,
// value length u32 or 0xffffffff for a tombstone, key, value) with its entry count beside it.
// The producer stops a chunk at about `maxBytes` or after `maxMillis` of work, whichever comes
// first, so the main thread spends little time per chunk.
// Invariant: chunks concatenated hold exactly the source's entries, in order.
import { performance } from 'node:perf_hooks';
import { blockKey, blockValue, corruptSstable, decodeBlock, encodeEntry, entrySize, type SstEntry } from './sstable-format.js';

export interface EntryChunk {
  data: Uint8Array;
  count: number;
}

export class EntryChunker {
  /** An entry taken from the source that did not fit in the last chunk. */
  private carried: SstEntry | undefined;
  private done = false;

  constructor(
    private readonly source: Iterator<SstEntry>,
    private readonly maxBytes = 256 * 1024,
    private readonly maxMillis = 1,
  ) {}

  /** The next chunk, or null after the last entry. */
  next(): EntryChunk | null {
    if (this.done && this.carried === undefined) return null;
    const first = this.carried ?? this.pull();
    this.carried = undefined;
    if (first === undefined) return null;
    const out = Buffer.allocUnsafe(Math.max(this.maxBytes, entrySize(first)));
    let at = encodeEntry(out, 0, first);
    let count = 1;
    const start = performance.now();
    for (;;) {
      if (count % 64 === 0 && performance.now() - start >= this.maxMillis) break;
      const e = this.pull();
      if (e === undefined) break;
      if (at + entrySize(e) > out.length) {
        this.carried = e;
        break;
      }
      at = encodeEntry(out, at, e);
      count++;
    }
    return { data: out.subarray(0, at), count };
  }

  /** Stops early: the source is closed (its finally blocks run). */
  close(): void {
    this.done = true;
    this.carried = undefined;
    this.source.return?.(undefined);
  }

  private pull(): SstEntry | undefined {
    if (this.done) return undefined;
    const r = this.source.next();
    if (r.done) {
      this.done = true;
      return undefined;
    }
    return r.value;
  }
}

/** The entries of a chunk; their keys and values are views of the chunk's bytes. */
export function* chunkEntries(chunk: EntryChunk): Generator<SstEntry> {
  const data = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
  const block = decodeBlock(data, chunk.count, (reason) => corruptSstable('(entry chunk)', reason));
  for (let i = 0; i < block.count; i++) yield { key: blockKey(block, i), csn: block.csn[i]!, value: blockValue(block, i) };
}
