// What the LSM mirror costs and does, with PostgreSQL 15 side by side in one run (fsync on for
// both): (1) commit throughput of single-row INSERTs with the mirror on and off; (2) bulk load
// rows/s (COPY FROM STDIN, INSERT … SELECT generate_series); (3) compaction write amplification
// under an update-heavy load with a small memtable; (4) bytes on disk per byte of row data
// (SSTables, B+tree file, PostgreSQL's table); (5) p50/p99 point-read latency while a writer keeps
// flushes and compactions running, compaction rate-limited vs unlimited, and on PostgreSQL.
// Treeline runs in this process (startServer, a fresh data directory per configuration) so its
// mirror statistics can be read; every load is an external pgbench or psql process, awaited
// asynchronously so the server has the event loop. Prints figures and ratios, asserts nothing,
// and writes them (JSON) to <out>/mirror-<timestamp>.json.
//   npm run build && node scripts/bench/mirror.mjs [--quick] [--phases commit,bulk,wa,reads]
//     [--duration 10] [--clients 1,4] [--commit-scripts insert,tpcb-like] [--rows 200000]
//     [--table-rows 100000] [--batch 50] [--wa-seconds 15] [--wa-memtable 4]
//     [--read-memtable 2] [--warmup 4] [--window 12] [--read-rate 500] [--write-rate 300]
// Each option can also be given as an environment variable: MIRROR_BENCH_<OPTION> (e.g.
// MIRROR_BENCH_DURATION=30). TREELINE_DIST=<dir> runs against another build output than dist/.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ROOT, startPostgres } from './lib.mjs';
import { percentiles, pgbench, psqlTimed, readLatencyLog } from './mirror-load.mjs';

const DEFAULTS = {
  phases: 'commit,bulk,wa,reads',
  duration: '10',
  clients: '1,4',
  'commit-scripts': 'insert',
  rows: '200000',
  'table-rows': '100000',
  batch: '50',
  'wa-seconds': '15',
  'wa-memtable': '4',
  'read-memtable': '2',
  warmup: '4',
  window: '12',
  'read-rate': '500',
  'write-rate': '300',
};
const QUICK = { duration: '2', rows: '20000', 'table-rows': '20000', 'wa-seconds': '5', warmup: '2', window: '5', 'read-memtable': '1' };
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench-results') },
    ...Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' }])),
  },
});
/** An option: the flag, else MIRROR_BENCH_<NAME>, else the quick or normal default. */
const option = (name) => flags[name] ?? process.env[`MIRROR_BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? (flags.quick ? QUICK[name] : undefined) ?? DEFAULTS[name];
const list = (name) => option(name).split(',').filter(Boolean);
const number = (name) => {
  const n = Number(option(name));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got "${option(name)}"`);
  return n;
};
const settings = {
  phases: list('phases'),
  duration: number('duration'),
  clients: list('clients').map(Number),
  commitScripts: list('commit-scripts'),
  rows: number('rows'),
  tableRows: number('table-rows'),
  batch: number('batch'),
  waSeconds: number('wa-seconds'),
  waMemtableMiB: number('wa-memtable'),
  readMemtableMiB: number('read-memtable'),
  warmup: number('warmup'),
  window: number('window'),
  readRate: number('read-rate'),
  writeRate: number('write-rate'),
};

const distDir = process.env.TREELINE_DIST ?? join(ROOT, 'dist');
let startServer;
let pickCompaction;
let ENTRY_OVERHEAD;
try {
  ({ startServer } = await import(join(distDir, 'index.js')));
  ({ pickCompaction } = await import(join(distDir, 'lsm', 'compaction-policy.js')));
  ({ ENTRY_OVERHEAD } = await import(join(distDir, 'lsm', 'memtable.js')));
} catch (err) {
  console.error(`${distDir} is missing or stale (${err.message}): run \`npm run build\` first`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'mirror-bench-'));
const MiB = 1024 * 1024;
const fixed = (n, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const ratio = (a, b, digits = 2) => (a && b ? (a / b).toFixed(digits) : 'n/a');
const mib = (bytes) => `${fixed(bytes / MiB, 1)} MiB`;

/** Writes a pgbench script into the work directory; returns its path. */
function script(name, text) {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const INSERT_SCRIPT = script(
  'insert.sql',
  `\\set a random(1, 1000000000)\nINSERT INTO mirror_commit (a, b, c) VALUES (:a, :client_id, md5(:a::text) || md5((:a + 1)::text) || '0123456789abcdef');\n`,
);
/** Overwrites `batch` consecutive rows of mirror_rows from a random id (one commit). */
const UPDATE_SCRIPT = script(
  'update.sql',
  `\\set first random(1, :rows - :batch + 1)\n\\set last :first + :batch - 1\nUPDATE mirror_rows SET n = n + 1 WHERE id BETWEEN :first AND :last;\n`,
);
const SELECT_SCRIPT = script('select.sql', `\\set id random(1, :rows)\nSELECT n, pad FROM mirror_rows WHERE id = :id;\n`);
/** The ~80-byte text column of row g, as SQL (the COPY file holds the same text). */
const PAD_SQL = `md5(g::text) || md5((g + 1)::text) || lpad(g::text, 16, '0')`;

/** Runs SQL statements on 127.0.0.1:port in one connection; returns the last result's rows. */
async function sql(port, ...statements) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    let rows = [];
    for (const s of statements) rows = (await client.query(s)).rows;
    return rows;
  } finally {
    await client.end();
  }
}

/** Starts Treeline in this process on a fresh data directory; fsync on. */
async function startTreeline(label, options) {
  const dir = mkdtempSync(join(work, 'treeline-'));
  const server = await startServer({ port: 0, dataDir: join(dir, 'data'), logLevel: 'warn', fsync: true, ...options });
  const entry = {
    label,
    port: server.port,
    server,
    mirror: server.cluster.mirror,
    async stop() {
      running.delete(entry);
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(entry);
  return entry;
}

/** Servers to stop on the way out (also on SIGINT / SIGTERM). */
const running = new Set();
async function stopAll() {
  for (const entry of [...running].reverse()) {
    running.delete(entry);
    await entry.stop().catch((err) => console.error(`could not stop ${entry.label}: ${err.message}`));
  }
  rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  });
}

/** A copy of the mirror's counters. */
const statsOf = (mirror) => ({ ...mirror.stats });

/**
 * Flushes every memtable, then waits until the compaction policy has nothing left to do (three
 * quiet polls in a row); false when that takes longer than `timeoutMs`.
 */
async function settle(mirror, timeoutMs = 120_000) {
  await mirror.flushAll();
  const deadline = performance.now() + timeoutMs;
  let quiet = 0;
  let seen = mirror.stats.compactions;
  while (quiet < 3) {
    if (performance.now() > deadline) return false;
    await sleep(100);
    const pending = pickCompaction(mirror.version.levels.flat()) !== null;
    if (pending || mirror.stats.compactions !== seen) quiet = 0;
    else quiet++;
    seen = mirror.stats.compactions;
  }
  return true;
}

/** Files and bytes per level, and bytes of *.sst files in the directory (a cross-check). */
function levelsOf(mirror) {
  const levels = mirror.version.levels.map((files) => ({ files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) }));
  while (levels.length > 1 && levels.at(-1).files === 0) levels.pop();
  const onDisk = readdirSync(mirror.dir)
    .filter((name) => name.endsWith('.sst'))
    .reduce((n, name) => n + statSync(join(mirror.dir, name)).size, 0);
  return { levels, sstBytes: levels.reduce((n, l) => n + l.bytes, 0), sstBytesInDirectory: onDisk };
}
const levelSummary = (levels) => levels.map((l, i) => `L${i}: ${l.files}`).join(', ');

/** Creates mirror_rows with `rows` rows (id int primary key, n int, pad text ~80 bytes). */
async function createRows(port, rows) {
  await sql(port, 'DROP TABLE IF EXISTS mirror_rows', 'CREATE TABLE mirror_rows (id int PRIMARY KEY, n int, pad text)');
  await sql(port, `INSERT INTO mirror_rows SELECT g, g % 1000, ${PAD_SQL} FROM generate_series(1, ${rows}) g`);
}

// ---------------------------------------------------------------------------------------------
// 1. Commit throughput: single-row INSERT (and optionally tpcb-like) at each client count.

async function commitRuns(target) {
  const runs = [];
  await sql(target.port, 'DROP TABLE IF EXISTS mirror_commit', 'CREATE TABLE mirror_commit (a int, b int, c text)');
  for (const name of settings.commitScripts) {
    if (name === 'tpcb-like') await pgbench(target.port, ['-i', '-q', '-I', 'dtGvp', '-s', '1']);
    for (const clients of settings.clients) {
      const how = name === 'insert' ? ['-f', INSERT_SCRIPT] : ['-b', name];
      const args = ['-n', '-M', 'prepared', ...how, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(settings.duration)];
      const wal = target.server?.cluster.walStats;
      const before = { syncs: wal?.syncs, mirror: target.mirror && statsOf(target.mirror) };
      const result = await pgbench(target.port, args);
      const run = { script: name, clients, tps: result.tps, latencyMs: result.latencyMs, processed: result.processed };
      if (wal) run.commitsPerSync = result.processed / Math.max(1, wal.syncs - before.syncs);
      if (target.mirror) run.flushes = target.mirror.stats.flushes - before.mirror.flushes;
      runs.push(run);
      console.log(`  ${target.label.padEnd(22)} ${name.padEnd(9)} -c ${clients}: ${fixed(result.tps).padStart(6)} tps, ${fixed(result.latencyMs, 2)} ms`);
    }
  }
  return runs;
}

async function commitPhase(postgres) {
  console.log(`\n1. commit throughput (pgbench -M prepared -T ${settings.duration}, fsync on)`);
  const results = { postgres: await commitRuns({ label: 'PostgreSQL 15', port: postgres.port }) };
  for (const [key, label, mirror] of [['mirrorOn', 'Treeline mirror on', true], ['mirrorOff', 'Treeline mirror off', false]]) {
    const treeline = await startTreeline(label, { mirror });
    try {
      results[key] = await commitRuns(treeline);
    } finally {
      await treeline.stop();
    }
  }
  return results.postgres.map((p, i) => ({ script: p.script, clients: p.clients, postgres: p, mirrorOn: results.mirrorOn[i], mirrorOff: results.mirrorOff[i] }));
}

