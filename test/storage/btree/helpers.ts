// Shared fixtures of the B+tree tests: a fault-injecting (in-memory) engine with one relation file
// behind a small page cache (so eviction happens), reopening, a plain sorted-map model to compare
// against, and deterministic value makers (compressible or not) of any size.
import { FaultInjectingEngine } from '../../../src/io/index.js';
import { BTree, type BTreeOptions } from '../../../src/storage/btree/index.js';
import { PageCache } from '../../../src/storage/pagecache.js';
import { PageFile } from '../../../src/storage/pagefile.js';

export const DIR = '/data/base/5';

export class Fixture {
  readonly engine = new FaultInjectingEngine({ durableDirs: [DIR] });
  readonly cache: PageCache;
  file: PageFile;
  tree: BTree;

  constructor(capacity = 16, options: BTreeOptions = {}, readonly path = `${DIR}/16384`) {
    this.cache = new PageCache(capacity);
    this.file = PageFile.open(this.engine, path, 'base/5/16384');
    this.tree = BTree.create(this.cache, this.file, options);
  }

  /** Closes the tree and its file, reopens both from the engine. */
  reopen(): BTree {
    this.tree.close();
    this.cache.closeFile(this.file);
    this.file = PageFile.open(this.engine, this.path, 'base/5/16384');
    this.tree = BTree.open(this.cache, this.file);
    return this.tree;
  }
}

/** Sorted map of hex(key) → value, the model the tree is checked against. */
export class Model {
  readonly map = new Map<string, Buffer>();

  get(key: Buffer): Buffer | undefined {
    return this.map.get(key.toString('hex'));
  }

  set(key: Buffer, value: Buffer): void {
    this.map.set(key.toString('hex'), value);
  }

  delete(key: Buffer): boolean {
    return this.map.delete(key.toString('hex'));
  }

  /** Entries sorted by key bytes. */
  sorted(): [Buffer, Buffer][] {
    return [...this.map.entries()].map(([k, v]) => [Buffer.from(k, 'hex'), v] as [Buffer, Buffer]).sort((a, b) => Buffer.compare(a[0], b[0]));
  }
}

/** A deterministic value: repetitive (lz4 shrinks it) or pseudo-random (it does not). */
export function makeValue(seed: number, length: number, compressible: boolean): Buffer {
  const out = Buffer.alloc(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    if (compressible) {
      out[i] = 97 + ((seed + (i >> 5)) % 7);
    } else {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
  }
  return out;
}

/** Every entry of the tree in one direction, as copies. */
export function scanAll(tree: BTree, reverse = false): [Buffer, Buffer][] {
  const out: [Buffer, Buffer][] = [];
  const c = tree.cursor({ reverse });
  try {
    for (; c.valid(); c.next()) out.push([Buffer.from(c.key()), Buffer.from(c.value())]);
  } finally {
    c.close();
  }
  return out;
}

/** A 4-byte big-endian key: i-th key in order. */
export function intKey(i: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(i);
  return b;
}
