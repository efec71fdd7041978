// B+tree throughput on the node:fs engine in a temp dir, from the built dist/: random 16-byte
// keys with 100-byte values — inserts/s and point lookups/s with a page cache larger than the data
// and one much smaller, range-scan rows/s (both directions), bulk load rows/s. Prints figures;
// asserts nothing.   npm run build && node scripts/bench/btree.mjs [--rows 1000000] [--small-cache 1024]
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'big-cache': { type: 'string', default: '65536' },
    'small-cache': { type: 'string', default: '1024' },
  },
});
const ROWS = Number(args.rows);
const BIG = Number(args['big-cache']);
const SMALL = Number(args['small-cache']);
const dist = join(ROOT, 'dist');
if (!existsSync(join(dist, 'storage', 'btree', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { NodeFsEngine } = await load('io/index.js');
const { PageCache } = await load('storage/pagecache.js');
const { PageFile } = await load('storage/pagefile.js');
const { BTree } = await load('storage/btree/index.js');

const KEY = 16;
const VALUE = 100;
const keyBytes = randomBytes(ROWS * KEY);
const keys = new Array(ROWS);
for (let i = 0; i < ROWS; i++) keys[i] = keyBytes.subarray(i * KEY, (i + 1) * KEY);
const valueBytes = randomBytes(4096 * VALUE);
const valueOf = (i) => valueBytes.subarray((i % 4096) * VALUE, (i % 4096 + 1) * VALUE);
/** A random permutation of 0..n-1 (lookups in an order unrelated to insertion). */
function permutation(n) {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

const dir = mkdtempSync(join(tmpdir(), 'treeline-btree-bench-'));
const engine = new NodeFsEngine();
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(11);
const mib = (pages) => `${((pages * 8192) / 1048576).toFixed(0)} MiB`;
function time(label, rows, fn) {
  const t0 = performance.now();
  fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(52)} ${fmt(rows / s)} rows/s   (${s.toFixed(2)} s)`);
}
function open(cache, name, create) {
  const file = PageFile.open(engine, join(dir, name), name);
  return { file, tree: create ? BTree.create(cache, file) : BTree.open(cache, file) };
}
function lookups(tree, order, label) {
  let found = 0;
  time(label, order.length, () => {
    for (let i = 0; i < order.length; i++) if (tree.get(keys[order[i]]) !== undefined) found++;
  });
  if (found !== order.length) console.log(`  (only ${found} of ${order.length} keys found!)`);
}
function scan(tree, reverse) {
  let n = 0;
  time(`range scan, all rows, ${reverse ? 'backward' : 'forward'}`, ROWS, () => {
    const c = tree.cursor({ reverse });
    for (; c.valid(); c.next()) if (c.value().length === VALUE) n++;
    c.close();
  });
  return n;
}
function boundedScans(tree) {
  // 1/32 of the key space per scan ([0x40.., 0x48..)), 16 of them at different places.
  let rows = 0;
  const t0 = performance.now();
  for (let s = 0; s < 16; s++) {
    const lo = Buffer.alloc(KEY, s * 16);
    const hi = Buffer.alloc(KEY, s * 16 + 8);
    const c = tree.cursor({ lower: { key: lo, inclusive: true }, upper: { key: hi, inclusive: false } });
    for (; c.valid(); c.next()) rows++;
    c.close();
  }
  const sec = (performance.now() - t0) / 1000;
  console.log(`${'range scan, 16 bounded ranges of 1/32 of the keys'.padEnd(52)} ${fmt(rows / sec)} rows/s   (${sec.toFixed(2)} s)`);
}

try {
  console.log(`B+tree benchmark: ${ROWS.toLocaleString('en-US')} random ${KEY}-byte keys, ${VALUE}-byte values, node:fs engine`);
  console.log(`cache large: ${BIG} pages (${mib(BIG)}), small: ${SMALL} pages (${mib(SMALL)})\n`);

  // 1. Cache larger than the data.
  const big = new PageCache(BIG);
  let { file, tree } = open(big, 'random', true);
  time('insert, random order, large cache', ROWS, () => {
    for (let i = 0; i < ROWS; i++) tree.insert(keys[i], valueOf(i));
  });
  const stats = tree.check();
  time('flush (write back + fsync)', ROWS, () => tree.close());
  const size = statSync(join(dir, 'random')).size;
  console.log(`  tree: height ${stats.height}, ${stats.leaves} leaves, leaf fill ${(stats.leafFill * 100).toFixed(0)}%, file ${mib(size / 8192)}`);
  tree = BTree.open(big, file);
  lookups(tree, permutation(ROWS), 'point lookup, random order, large cache (all hits)');
  scan(tree, false);
  scan(tree, true);
  boundedScans(tree);
  tree.close();
  big.closeFile(file);

  // 2. Cache much smaller than the data.
  const small = new PageCache(SMALL);
  ({ file, tree } = open(small, 'random', false));
  const some = permutation(ROWS).subarray(0, Math.min(ROWS, 200000));
  small.stats.hits = small.stats.misses = 0;
  lookups(tree, some, 'point lookup, random order, small cache');
  console.log(`  cache hit rate ${((100 * small.stats.hits) / (small.stats.hits + small.stats.misses)).toFixed(1)}%`);
  scan(tree, false);
  boundedScans(tree);
  tree.close();
  small.closeFile(file);
  ({ file, tree } = open(small, 'random-small', true));
  const n2 = Math.min(ROWS, 300000);
  time(`insert ${n2.toLocaleString('en-US')}, random order, small cache`, n2, () => {
    for (let i = 0; i < n2; i++) tree.insert(keys[i], valueOf(i));
  });
  time('flush (write back + fsync)', n2, () => tree.close());
  small.closeFile(file);

  // 3. Bulk load (sorted input, large cache).
  const order = Array.from(permutation(ROWS)).sort((a, b) => Buffer.compare(keys[a], keys[b]));
  const bulk = new PageCache(BIG);
  ({ file, tree } = open(bulk, 'bulk', true));
  time('bulk load, sorted input, fill 90%', ROWS, () => {
    tree.bulkLoad(
      (function* () {
        for (const i of order) yield [keys[i], valueOf(i)];
      })(),
    );
  });
  time('flush (write back + fsync)', ROWS, () => tree.close());
  const bulkStats = BTree.open(bulk, file).check();
  console.log(`  tree: height ${bulkStats.height}, ${bulkStats.leaves} leaves, leaf fill ${(bulkStats.leafFill * 100).toFixed(0)}%`);
  bulk.closeFile(file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
