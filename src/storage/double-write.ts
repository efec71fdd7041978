// The double-write file (`pg_doublewrite`): a checkpoint first writes every page it is about to
// write in place here and syncs it, so a crash that tears a page of a relation file in the
// middle of the checkpoint's in-place writes can be repaired at start by writing the copies
// again. A copy set that is itself incomplete (a crash before its sync) is ignored: the
// in-place writes had not begun, so the relation files still hold the previous checkpoint.
//
// Layout: a header, then one entry per page.
//
// | offset | size | field                                                           |
// |--------|------|-----------------------------------------------------------------|
// | 0      | 8    | magic "TLDWRITE"                                                |
// | 8      | 4    | page count N (u32)                                              |
// | 12     | 8    | checkpoint CSN (u64), for the log                               |
// | 20     | 4    | CRC-32C of every entry's name and page number, in order          |
// | 24     | 4    | reserved (0)                                                    |
// | 28     | 4    | CRC-32C of bytes 0..28                                          |
//
// Entry: name length (u16), the relation file's path below the data directory (UTF-8), page
// number (u32), then the 8 KiB page exactly as it goes to disk (its own checksum stamped).
import { crc32c } from '@node-rs/crc32';
import { join } from 'node:path';
import type { IoEngine } from '../io/engine.js';
import { readWholeFile } from '../io/whole-file.js';
import type { Logger } from '../log.js';
import { PAGE_SIZE, verifyPage } from './page.js';

const MAGIC = Buffer.from('TLDWRITE', 'latin1');
const HEADER_SIZE = 32;
export const DOUBLE_WRITE_FILE = 'pg_doublewrite';

/** One page of a checkpoint: the file's path below the data directory, and its image. */
export interface PageCopy {
  name: string;
  pageNo: number;
  image: Buffer;
}

/**
 * Writes and syncs the copies (before any of them is written in place). `imageOf(i, into)`
 * fills in the i-th page's image, checksum stamped, so the copies need not all be in memory.
 */
export function writeDoubleWrite(
  engine: IoEngine,
  dataDir: string,
  csn: number,
  pages: readonly { name: string; pageNo: number }[],
  imageOf: (index: number, into: Buffer) => void,
): void {
  const file = engine.open(join(dataDir, DOUBLE_WRITE_FILE), 'create');
  try {
    engine.truncateSync(file, 0);
    let position = HEADER_SIZE;
    let crc = 0;
    const chunk: Buffer[] = [];
    let chunkBytes = 0;
    const flushChunk = () => {
      if (chunkBytes === 0) return;
      engine.writeSync(file, Buffer.concat(chunk, chunkBytes), position);
      position += chunkBytes;
      chunk.length = 0;
      chunkBytes = 0;
    };
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i]!;
      const image = Buffer.allocUnsafe(PAGE_SIZE);
      imageOf(i, image);
      const name = Buffer.from(p.name);
      const head = Buffer.allocUnsafe(6 + name.length);
      head.writeUInt16LE(name.length, 0);
      name.copy(head, 2);
      head.writeUInt32LE(p.pageNo, 2 + name.length);
      crc = crc32c(head, crc);
      chunk.push(head, image);
      chunkBytes += head.length + PAGE_SIZE;
      if (chunkBytes >= 1 << 20) flushChunk();
    }
    flushChunk();
    const header = Buffer.alloc(HEADER_SIZE);
    MAGIC.copy(header, 0);
    header.writeUInt32LE(pages.length, 8);
    header.writeBigUInt64LE(BigInt(csn), 12);
    header.writeUInt32LE(crc >>> 0, 20);
    header.writeUInt32LE(crc32c(header.subarray(0, 28)), 28);
    engine.writeSync(file, header, 0);
    engine.syncSync(file, true);
  } finally {
    engine.close(file);
  }
}

/** Empties the file (the checkpoint is complete, or its copies were applied). */
export function clearDoubleWrite(engine: IoEngine, dataDir: string): void {
  const path = join(dataDir, DOUBLE_WRITE_FILE);
  if (!engine.exists(path)) return;
  const file = engine.open(path, 'readwrite');
  try {
    if (engine.size(file) === 0) return;
    engine.truncateSync(file, 0);
    engine.syncSync(file, true);
  } finally {
    engine.close(file);
  }
}

/** The copies of a complete double-write file, or null when it is empty, torn or unreadable. */
export function readDoubleWrite(engine: IoEngine, dataDir: string): { csn: number; pages: PageCopy[] } | null {
  const path = join(dataDir, DOUBLE_WRITE_FILE);
  if (!engine.exists(path)) return null;
  const buf = readWholeFile(engine, path);
  if (buf.length < HEADER_SIZE || !buf.subarray(0, 8).equals(MAGIC)) return null;
  if (crc32c(buf.subarray(0, 28)) !== buf.readUInt32LE(28)) return null;
  const count = buf.readUInt32LE(8);
  const pages: PageCopy[] = [];
  let p = HEADER_SIZE;
  let crc = 0;
  for (let i = 0; i < count; i++) {
    if (buf.length - p < 2) return null;
    const nameLength = buf.readUInt16LE(p);
    if (buf.length - p < 6 + nameLength + PAGE_SIZE) return null;
    crc = crc32c(buf.subarray(p, p + 6 + nameLength), crc);
    const name = buf.toString('utf8', p + 2, p + 2 + nameLength);
    const pageNo = buf.readUInt32LE(p + 2 + nameLength);
    p += 6 + nameLength;
    const image = Buffer.from(buf.subarray(p, p + PAGE_SIZE));
    p += PAGE_SIZE;
    if (!verifyPage(image, pageNo)) return null;
    pages.push({ name, pageNo, image });
  }
  if ((crc >>> 0) !== buf.readUInt32LE(20)) return null;
  return { csn: Number(buf.readBigUInt64LE(12)), pages };
}

/**
 * At start, before anything reads a relation file: writes a complete copy set in place again
 * (repairing pages a crash tore), syncs those files, then empties the double-write file.
 */
export function repairFromDoubleWrite(engine: IoEngine, dataDir: string, log: Logger): number {
  const copies = readDoubleWrite(engine, dataDir);
  if (copies) {
    const touched = new Map<string, ReturnType<IoEngine['open']>>();
    try {
      for (const page of copies.pages) {
        const path = join(dataDir, page.name);
        let file = touched.get(path);
        if (!file) {
          if (!engine.exists(path)) continue; // dropped since
          file = engine.open(path, 'readwrite');
          touched.set(path, file);
        }
        engine.writeSync(file, page.image, page.pageNo * PAGE_SIZE);
      }
      for (const file of touched.values()) engine.syncSync(file, true);
    } finally {
      for (const file of touched.values()) engine.close(file);
    }
    log.info(`rewrote ${copies.pages.length} page(s) of the interrupted checkpoint at CSN ${copies.csn} from the double-write file`);
  }
  clearDoubleWrite(engine, dataDir);
  return copies?.pages.length ?? 0;
}
