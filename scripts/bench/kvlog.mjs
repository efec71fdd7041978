// KV log throughput on the node:fs engine in a temporary directory: commits of one record,
// commits of 100-record batches, and 32 concurrent one-record commits (group commit), each
// with fsync on (the real figure) and off (the cost of everything but the disk); then the
// time to open a large log and to compact it. Prints figures; asserts nothing.
//   npm run build && node scripts/bench/kvlog.mjs [--seconds 2]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const seconds = Number(values.seconds);

const dist = (path) => import(join(ROOT, 'dist', path));
let kv;
let io;
try {
  kv = await dist('storage/kv/index.js');
  io = await dist('io/index.js');
} catch (err) {
  console.error(`dist/ is missing or stale (${err.message}): run \`npm run build\` first`);
  process.exit(1);
}
const { KvBatch, KvLog } = kv;

/** The same engine with every fsync turned into a no-op: fsync off. */
function withoutSync(engine) {
  return new Proxy(engine, {
    get(target, name) {
      if (name === 'sync') return async () => {};
      if (name === 'syncSync' || name === 'syncDir') return () => {};
      if (name === 'submit') return (ops) => target.submit(ops.filter((op) => op.op !== 'sync'));
      const value = target[name];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const value = Buffer.alloc(100, 0x61);
const keyOf = (i) => Buffer.from(`relation/${String(i % 5000).padStart(6, '0')}`);

/** Runs `commit(i)` (one commit of `records` records) until the time is up; returns rates. */
async function measure(log, records, concurrency, commit) {
  let commits = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const worker = async () => {
    while (process.hrtime.bigint() < deadline) await commit(commits++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { commitsPerSecond: commits / elapsed, recordsPerSecond: (commits * records) / elapsed, fileSize: log.stats().fileSize };
}

const scenarios = [
  { name: '1-record commits', records: 1, concurrency: 1 },
  { name: '100-record batches', records: 100, concurrency: 1 },
  { name: '1-record commits, 32 concurrent', records: 1, concurrency: 32 },
];

const dir = mkdtempSync(join(tmpdir(), 'kvlog-bench-'));
try {
  console.log(`KV log on node:fs in ${dir}, ${seconds} s per figure, values of ${value.length} bytes`);
  for (const fsync of [true, false]) {
    for (const { name, records, concurrency } of scenarios) {
      const engine = new io.NodeFsEngine();
      const path = join(dir, `${fsync ? 'on' : 'off'}-${records}-${concurrency}.kv`);
      const log = KvLog.open(fsync ? engine : withoutSync(engine), path, { autoCompact: false });
      const result = await measure(log, records, concurrency, (i) => {
        if (records === 1) return log.put(keyOf(i), value);
        const batch = new KvBatch();
        for (let r = 0; r < records; r++) batch.put(keyOf(i * records + r), value);
        return log.write(batch);
      });
      await log.close();
      console.log(
        `fsync ${fsync ? 'on ' : 'off'}  ${name.padEnd(32)} ${result.commitsPerSecond.toFixed(0).padStart(8)} commits/s ` +
          `${result.recordsPerSecond.toFixed(0).padStart(9)} appends/s   (file ${(result.fileSize / 2 ** 20).toFixed(1)} MiB)`,
      );
    }
  }

  // Open and compaction of a log with many overwritten keys.
  const engine = new io.NodeFsEngine();
  const path = join(dir, 'large.kv');
  const log = KvLog.open(engine, path, { autoCompact: false });
  const total = 200_000;
  for (let i = 0; i < total; i += 1000) {
    const batch = new KvBatch();
    for (let r = i; r < i + 1000; r++) batch.put(Buffer.from(`key/${String(r % 20_000).padStart(8, '0')}`), value);
    await log.write(batch);
  }
  await log.close();
  let started = process.hrtime.bigint();
  const reopened = KvLog.open(engine, path, { autoCompact: false });
  const openMs = Number(process.hrtime.bigint() - started) / 1e6;
  const before = reopened.stats();
  started = process.hrtime.bigint();
  await reopened.compact();
  const compactMs = Number(process.hrtime.bigint() - started) / 1e6;
  const after = reopened.stats();
  await reopened.close();
  console.log(
    `open of ${total} records (${(before.fileSize / 2 ** 20).toFixed(1)} MiB, ${before.liveRecords} live): ${openMs.toFixed(0)} ms; ` +
      `compaction to ${(after.fileSize / 2 ** 20).toFixed(1)} MiB: ${compactMs.toFixed(0)} ms`,
  );
  await engine.shutdown();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
