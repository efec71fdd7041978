// SSTable figures on the node:fs engine in a temporary directory: writing 1M entries (keys like
// a relation-prefixed row key, ~100-byte row-like values, 1 in 20 a tombstone), random point
// gets of present and absent keys (the bloom filter at work), a full forward scan, and bytes on
// disk per byte of entry data (the lz4 ratio). Prints figures; asserts nothing.
//   npm run build && node scripts/bench/sstable.mjs [--entries 1000000] [--gets 200000]
// TREELINE_DIST=<dir> runs against another build output than dist/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.mjs';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' }, gets: { type: 'string', default: '200000' } } });
const total = Number(values.entries);
const gets = Number(values.gets);

const distDir = process.env.TREELINE_DIST ?? join(ROOT, 'dist');
const dist = (path) => import(join(distDir, path));
let writer;
let reader;
let io;
try {
  writer = await dist('lsm/sstable-writer.js');
  reader = await dist('lsm/sstable-reader.js');
  io = await dist('io/index.js');
} catch (err) {
  console.error(`${distDir} is missing or stale (${err.message}): run \`npm run build\` first`);
  process.exit(1);
}

/** Key of row i: relation id (u32 BE) then the row number as an 8-byte big-endian integer. */
function keyOf(i) {
  const key = Buffer.allocUnsafe(12);
  key.writeUInt32BE(16384, 0);
  key.writeUInt32BE(0, 4);
  key.writeUInt32BE(i * 2, 8); // even numbers present, odd ones absent
  return key;
}

/** A row-like value: a few integer columns and a short text that varies with i. */
function valueOf(i) {
  return Buffer.from(`${i}|${(i * 7919) % 100000}|${i % 97}|customer-${i % 5000}|status-${['open', 'paid', 'shipped'][i % 3]}|comment for row ${i}, filler text`);
}

function* entries() {
  for (let i = 0; i < total; i++) yield { key: keyOf(i), csn: 1000 + i, value: i % 20 === 0 ? null : valueOf(i) };
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const rate = (n, s) => `${(n / s / 1000).toFixed(0)}k/s`;
let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

const dir = mkdtempSync(join(tmpdir(), 'sstable-bench-'));
const engine = new io.NodeFsEngine();
try {
  let start = process.hrtime.bigint();
  const summary = await writer.writeSstableFile(engine, dir, '000001.sst', entries());
  const writeS = seconds(start);
  const entryBytes = summary.payloadBytes + 8 * summary.entryCount; // keys, values and CSNs
  console.log(`SSTable on node:fs in ${dir}: ${total} entries, ${summary.blockCount} blocks`);
  console.log(`write (incl. fdatasync, rename, directory sync): ${writeS.toFixed(2)} s, ${rate(total, writeS)}, ${(summary.fileSize / 2 ** 20 / writeS).toFixed(1)} MiB/s of file`);
  console.log(
    `size: ${(summary.fileSize / 2 ** 20).toFixed(1)} MiB on disk for ${(entryBytes / 2 ** 20).toFixed(1)} MiB of entry data ` +
      `(keys + values + CSNs): ${(summary.fileSize / entryBytes).toFixed(3)} bytes on disk per byte`,
  );

  start = process.hrtime.bigint();
  const table = await reader.SstableReader.open(engine, summary.path, { cacheBlocks: 64 });
  console.log(`open: ${(seconds(start) * 1000).toFixed(1)} ms; index ${table.footer.indexLength} bytes, bloom filter ${table.filterBytes} bytes`);

  const cachedTable = await reader.SstableReader.open(engine, summary.path, { cacheBlocks: summary.blockCount });
  for (const warm = cachedTable.cursor(); warm.valid(); warm.next()); // every block decoded into the cache
  const cases = [
    ['present keys, 64-block cache', true, table],
    ['absent keys', false, table],
    ['present keys, every block cached', true, cachedTable],
  ];
  for (const [label, present, t] of cases) {
    t.blockReads = 0;
    let found = 0;
    start = process.hrtime.bigint();
    for (let n = 0; n < gets; n++) {
      const i = Math.floor(random() * total);
      const key = present ? keyOf(i) : Buffer.from(keyOf(i)).fill(0xff, 11, 12); // odd last byte: absent
      if (t.get(key, Number.MAX_SAFE_INTEGER).kind !== 'absent') found++;
    }
    const s = seconds(start);
    console.log(`random get, ${label}: ${rate(gets, s)} (${((s / gets) * 1e6).toFixed(2)} µs each; ${found} found; ${t.blockReads} block reads)`);
  }

  start = process.hrtime.bigint();
  let scanned = 0;
  const cursor = table.cursor();
  for (; cursor.valid(); cursor.next()) {
    cursor.key();
    cursor.value();
    scanned++;
  }
  const scanS = seconds(start);
  console.log(`full scan: ${scanned} entries in ${scanS.toFixed(2)} s, ${rate(scanned, scanS)}`);
  table.close();
  cachedTable.close();
  await engine.shutdown();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
