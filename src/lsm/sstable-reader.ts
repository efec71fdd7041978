// An open SSTable: footer, block index, bloom filter and key range held in memory (read once and
// checked at open); data blocks read on demand with engine.readSync (DESIGN §8: a synchronous
// read on a miss), checked, decoded and kept in a small LRU cache. Point lookups (get) see the
// newest version at or below a snapshot CSN; cursors are in sstable-cursor.ts.
// Invariant: nothing is returned from bytes whose checksum failed: damage is a DbError XX001.
// Requires: close() once, after the cursors of the file are closed.
import { DbError, SqlState } from '../errors.js';
import type { CursorOptions } from '../storage/cursor.js';
import type { FileHandle, IoEngine } from '../io/engine.js';
import { compareBytes } from '../storage/compare-bytes.js';
import { PartitionedBloom } from './bloom.js';
import { SstableCursor, partitionPoint } from './sstable-cursor.js';
import {
  FOOTER_SIZE,
  blockKey,
  blockValue,
  checkSection,
  corruptSstable,
  decodeBlock,
  decodeFooter,
  decodeIndex,
  decodeMeta,
  unframeBlock,
  type BlockHandle,
  type DecodedBlock,
  type Footer,
} from './sstable-format.js';

/** What a point lookup finds for one key at one snapshot. */
export type SstLookup = { kind: 'absent' } | { kind: 'tombstone'; csn: number } | { kind: 'value'; csn: number; value: Buffer };

const ABSENT: SstLookup = { kind: 'absent' };

export interface SstReaderOptions {
  /** Decoded data blocks kept (default 8). */
  cacheBlocks?: number;
  /**
   * On a miss, read the following blocks too, up to this many bytes in all, and keep them
   * (undecoded) for the next misses: for reading a file front to back (compaction) through an
   * engine where each call costs a round trip. Default 0: one block per read.
   */
  readAheadBytes?: number;
}

export class SstableReader {
  private readonly cache = new Map<number, DecodedBlock>();
  private readonly cacheBlocks: number;
  private readonly readAheadBytes: number;
  /** Blocks read ahead, still as stored: block number → bytes. */
  private readonly readAhead = new Map<number, Buffer>();
  private closed = false;
  /** Data blocks read from the file (cache misses), for tests and statistics. */
  blockReads = 0;

  private constructor(
    private readonly engine: IoEngine,
    private readonly file: FileHandle,
    readonly footer: Footer,
    readonly blocks: readonly BlockHandle[],
    private readonly bloom: PartitionedBloom,
    readonly smallest: Buffer,
    readonly largest: Buffer,
    readonly fileSize: number,
    options: SstReaderOptions,
  ) {
    this.cacheBlocks = Math.max(1, options.cacheBlocks ?? 8);
    this.readAheadBytes = options.readAheadBytes ?? 0;
  }

  /** Opens `filePath`, reading and checking footer, index, filter and meta. */
  static async open(engine: IoEngine, filePath: string, options: SstReaderOptions = {}): Promise<SstableReader> {
    const file = engine.open(filePath, 'read');
    try {
      const corrupt = (reason: string) => corruptSstable(file.path, reason);
      const fileSize = engine.size(file);
      const tail = Buffer.alloc(Math.min(FOOTER_SIZE, fileSize));
      await readFully(engine, file, tail, fileSize - tail.length);
      const footer = decodeFooter(tail, fileSize, corrupt);
      const sections = Buffer.alloc(footer.indexLength + footer.filterLength + footer.metaLength);
      if ((await engine.read(file, sections, footer.indexOffset)) !== sections.length) throw corrupt('sections run past the end of the file');
      const index = sections.subarray(0, footer.indexLength);
      const filter = sections.subarray(footer.indexLength, footer.indexLength + footer.filterLength);
      const meta = sections.subarray(footer.indexLength + footer.filterLength);
      checkSection('index', index, footer.indexCrc, corrupt);
      checkSection('filter', filter, footer.filterCrc, corrupt);
      checkSection('meta', meta, footer.metaCrc, corrupt);
      const blocks = decodeIndex(index, footer.indexOffset, corrupt);
      const bloom = PartitionedBloom.decode(filter, corrupt);
      const { smallest, largest } = decodeMeta(meta, corrupt);
      const entries = blocks.reduce((n, b) => n + b.entryCount, 0);
      if (blocks.length !== footer.blockCount || entries !== footer.entryCount) throw corrupt('index disagrees with the footer');
      if (blocks.some((b) => b.partition >= bloom.partitionCount)) throw corrupt('index names a missing bloom partition');
      if (blocks.length > 0 && !blocks.at(-1)!.lastKey.equals(largest)) throw corrupt('largest key disagrees with the index');
      return new SstableReader(engine, file, footer, blocks, bloom, smallest, largest, fileSize, options);
    } catch (err) {
      engine.close(file);
      throw err;
    }
  }

  get path(): string {
    return this.file.path;
  }

  get entryCount(): number {
    return this.footer.entryCount;
  }

  get minCsn(): number {
    return this.footer.minCsn;
  }

  get maxCsn(): number {
    return this.footer.maxCsn;
  }

  /** Bytes of the bloom filter partitions. */
  get filterBytes(): number {
    return this.bloom.byteSize;
  }

  /** The first block whose last key is ≥ `key` (> when strict); blocks.length if none. */
  blockFor(key: Buffer, strict = false): number {
    const blocks = this.blocks;
    return partitionPoint(blocks.length, (i) => {
      const c = compareBytes(blocks[i]!.lastKey, key);
      return strict ? c > 0 : c >= 0;
    });
  }

  /** False when no version of `key` is in the file; true when one may be (bloom filter). */
  mayContain(key: Buffer): boolean {
    const b = this.blockFor(key);
    return b < this.blocks.length && this.bloom.mayContain(this.blocks[b]!.partition, key);
  }

  /** The newest version of `key` with CSN ≤ snapshotCsn. */
  get(key: Buffer, snapshotCsn: number): SstLookup {
    let b = this.blockFor(key);
    if (b >= this.blocks.length || !this.bloom.mayContain(this.blocks[b]!.partition, key)) return ABSENT;
    for (; b < this.blocks.length; b++) {
      const block = this.readBlock(b);
      const i = partitionPoint(block.count, (j) => {
        const c = compareBytes(blockKey(block, j), key);
        return c > 0 || (c === 0 && block.csn[j]! <= snapshotCsn);
      });
      if (i === block.count) continue; // every version here is newer than the snapshot; more may follow
      if (!blockKey(block, i).equals(key)) return ABSENT;
      const value = blockValue(block, i);
      return value === null ? { kind: 'tombstone', csn: block.csn[i]! } : { kind: 'value', csn: block.csn[i]!, value };
    }
    return ABSENT;
  }

  /** A cursor over all versions, ordered by key then CSN descending (reverse: the exact opposite). */
  cursor(options: CursorOptions = {}): SstableCursor {
    return new SstableCursor(this, options);
  }

  /** Data block `i`, from the cache or read, checked and decoded. */
  readBlock(i: number): DecodedBlock {
    if (this.closed) throw new DbError(SqlState.InternalError, `SSTable "${this.file.path}" is closed`);
    const cached = this.cache.get(i);
    if (cached !== undefined) {
      this.cache.delete(i);
      this.cache.set(i, cached);
      return cached;
    }
    const handle = this.blocks[i]!;
    const corrupt = (reason: string) => corruptSstable(this.file.path, `data block ${i} at offset ${handle.offset}: ${reason}`);
    const stored = this.storedBlock(i, corrupt);
    const block = decodeBlock(unframeBlock(stored, handle.uncompressedSize, corrupt), handle.entryCount, corrupt);
    if (!blockKey(block, block.count - 1).equals(handle.lastKey)) throw corrupt('last key disagrees with the index');
    this.cache.set(i, block);
    if (this.cache.size > this.cacheBlocks) this.cache.delete(this.cache.keys().next().value!);
    return block;
  }

  /** Block `i` as stored: read ahead before, or read now (with the blocks after it when reading ahead). */
  private storedBlock(i: number, corrupt: (reason: string) => Error): Buffer {
    const ahead = this.readAhead.get(i);
    if (ahead !== undefined) {
      this.readAhead.delete(i);
      return ahead;
    }
    this.readAhead.clear();
    const first = this.blocks[i]!;
    let last = i;
    while (last + 1 < this.blocks.length && this.blocks[last + 1]!.offset + this.blocks[last + 1]!.storedSize - first.offset <= this.readAheadBytes) last++;
    const end = this.blocks[last]!.offset + this.blocks[last]!.storedSize;
    const run = Buffer.allocUnsafe(end - first.offset);
    if (this.engine.readSync(this.file, run, first.offset) !== run.length) throw corrupt('block runs past the end of the file');
    this.blockReads++;
    for (let b = i + 1; b <= last; b++) {
      const h = this.blocks[b]!;
      this.readAhead.set(b, run.subarray(h.offset - first.offset, h.offset - first.offset + h.storedSize));
    }
    return run.subarray(0, first.storedSize);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.readAhead.clear();
    this.engine.close(this.file);
  }
}

async function readFully(engine: IoEngine, file: FileHandle, buffer: Buffer, position: number): Promise<void> {
  if ((await engine.read(file, buffer, position)) !== buffer.length) throw corruptSstable(file.path, 'short read of the footer');
}
