// What the LSM mirror costs and does, with PostgreSQL 15 side by side in one run (fsync on for
// both): (1) commit throughput of single-row INSERTs with the mirror on and off; (2) bulk load
// rows/s (COPY FROM STDIN, INSERT … SELECT generate_series); (3) compaction write amplification
// under an update-heavy load with a small memtable; (4) bytes on disk per byte of row data
// (SSTables, B+tree file, PostgreSQL's table); (5) p50/p99 point-read latency, and the writer's
// commit latency, while that writer keeps flushes and compactions running: compaction
// rate-limited vs unlimited, the mirror off, and PostgreSQL under the same writer; reads and
// commits that overlap a compaction are also counted apart.
// Treeline runs in this process (startServer, a fresh data directory per configuration) so its
// mirror statistics can be read; every load is an external pgbench or psql process, awaited
// asynchronously so the server has the event loop. Prints figures and ratios, asserts nothing,
// and writes them (JSON) to <out>/mirror-<timestamp>.json.
//   npm run build && node scripts/bench/mirror.mjs [--quick] [--phases commit,bulk,wa,reads]
//     [--duration 10] [--clients 1,4] [--commit-scripts insert,tpcb-like] [--rows 200000]
//     [--table-rows 100000] [--batch 50] [--wa-seconds 15] [--wa-memtable 4]
//     [--read-memtable 2] [--warmup 4] [--window 12] [--read-rate 500] [--write-rate 300]
//     [--read-configs limited,unlimited,off,postgres] [--compaction-rate 64]
// Each option can also be given as an environment variable: MIRROR_BENCH_<OPTION> (e.g.
// MIRROR_BENCH_DURATION=30). TREELINE_DIST=<dir> runs against another build output than dist/.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ROOT, startPostgres } from './lib.mjs';
import { percentiles, pgbench, pgbenchInit, psqlTimed, readLatencyLog } from './mirror-load.mjs';

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
  'read-configs': 'limited,unlimited,off,postgres',
  'compaction-rate': '64',
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
  readConfigs: list('read-configs'),
  compactionRateMiB: number('compaction-rate'),
};
for (const phase of settings.phases) {
  if (!['commit', 'bulk', 'wa', 'reads'].includes(phase)) throw new Error(`unknown phase "${phase}" (commit, bulk, wa, reads)`);
}

const distDir = process.env.TREELINE_DIST ?? join(ROOT, 'dist');
let startServer;
let TREELINE_VERSION;
let pickCompaction;
let ENTRY_OVERHEAD;
try {
  ({ startServer, TREELINE_VERSION } = await import(join(distDir, 'index.js')));
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
const PAD_SQL = `md5(g::text) || md5((-g)::text) || lpad(g::text, 16, '0')`;

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

/** One pgbench run on one target, with its WAL syncs and mirror flushes when it runs in this process. */
async function commitRun(target, name, clients) {
  const how = name === 'insert' ? ['-f', INSERT_SCRIPT] : ['-b', name];
  const args = ['-n', '-M', 'prepared', ...how, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(settings.duration)];
  const wal = target.server?.cluster.walStats;
  const before = { syncs: wal?.syncs, mirror: target.mirror && statsOf(target.mirror) };
  const result = await pgbench(target.port, args);
  const run = { tps: result.tps, latencyMs: result.latencyMs, processed: result.processed };
  if (wal) run.commitsPerSync = result.processed / Math.max(1, wal.syncs - before.syncs);
  if (target.mirror) run.flushes = target.mirror.stats.flushes - before.mirror.flushes;
  console.log(`  ${target.label.padEnd(20)} ${name.padEnd(9)} -c ${clients}: ${fixed(result.tps).padStart(6)} tps, ${fixed(result.latencyMs, 2)} ms`);
  return run;
}

/** The three targets side by side, rotating which goes first from one configuration to the next. */
async function commitPhase(postgres) {
  console.log(`\n1. commit throughput (pgbench -M prepared -T ${settings.duration}, fsync on)`);
  const targets = [{ key: 'postgres', label: 'PostgreSQL 15', port: postgres.port }];
  const started = [];
  try {
    for (const [key, label, mirror] of [['mirrorOn', 'Treeline mirror on', true], ['mirrorOff', 'Treeline mirror off', false]]) {
      const treeline = await startTreeline(label, { mirror });
      started.push(treeline);
      targets.push({ ...treeline, key });
    }
    for (const t of targets) await sql(t.port, 'DROP TABLE IF EXISTS mirror_commit', 'CREATE TABLE mirror_commit (a int, b int, c text)');
    const runs = [];
    let turn = 0;
    for (const name of settings.commitScripts) {
      if (name === 'tpcb-like') for (const t of targets) await pgbenchInit(t.port, ['-q', '-I', 'dtGvp', '-s', '1']);
      for (const clients of settings.clients) {
        const run = { script: name, clients };
        const first = turn++ % targets.length;
        for (const t of [...targets.slice(first), ...targets.slice(0, first)]) run[t.key] = await commitRun(t, name, clients);
        runs.push(run);
      }
    }
    return runs;
  } finally {
    for (const t of started) await t.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 2 and 4. Bulk load rows/s; bytes on disk per byte of row data of the COPY table.

/** The COPY text of rows 1..n (id, n, pad: the text PAD_SQL makes) in the work directory; { path, bytes }. */
function copyFile(n) {
  const md5 = (text) => createHash('md5').update(text).digest('hex');
  const parts = [];
  for (let g = 1; g <= n; g++) parts.push(`${g}\t${g % 1000}\t${md5(String(g))}${md5(String(-g))}${String(g).padStart(16, '0')}\n`);
  const text = parts.join('');
  const path = join(work, 'rows.copy');
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

/**
 * COPY FROM STDIN into mirror_copy, then `afterCopy()` (sizes of that table alone), then
 * INSERT … SELECT generate_series into mirror_generated; both tables created empty first.
 */
async function bulkLoad(port, file, afterCopy) {
  const create = (table) => sql(port, `DROP TABLE IF EXISTS ${table}`, `CREATE TABLE ${table} (id int PRIMARY KEY, n int, pad text)`);
  await create('mirror_copy');
  const copySeconds = await psqlTimed(port, 'COPY mirror_copy FROM STDIN', { stdinFile: file.path });
  const sizes = await afterCopy();
  await create('mirror_generated');
  const insertSeconds = await psqlTimed(port, `INSERT INTO mirror_generated SELECT g, g % 1000, ${PAD_SQL} FROM generate_series(1, ${settings.rows}) g`);
  const [{ copied, generated }] = await sql(port, 'SELECT (SELECT count(*) FROM mirror_copy) AS copied, (SELECT count(*) FROM mirror_generated) AS generated');
  if (Number(copied) !== settings.rows || Number(generated) !== settings.rows) throw new Error(`loaded ${copied} and ${generated} rows, expected ${settings.rows}`);
  return { copySeconds, copyRowsPerS: settings.rows / copySeconds, insertSeconds, insertRowsPerS: settings.rows / insertSeconds, sizes };
}

const relationBytes = async (port, table) => Number((await sql(port, `SELECT pg_total_relation_size('${table}') AS size`))[0].size);

async function bulkPhase(postgres) {
  console.log(`\n2. bulk load: ${settings.rows} rows of (int primary key, int, 80-byte text) into an empty table, fsync on`);
  const file = copyFile(settings.rows);
  const pgLoad = await bulkLoad(postgres.port, file, async () => ({ tableBytes: await relationBytes(postgres.port, 'mirror_copy') }));
  console.log(`  PostgreSQL 15       COPY ${fixed(pgLoad.copyRowsPerS)} rows/s, INSERT … SELECT ${fixed(pgLoad.insertRowsPerS)} rows/s`);
  const treeline = await startTreeline('Treeline mirror on', { mirror: true });
  let tlLoad;
  try {
    const { mirror } = treeline;
    const before = statsOf(mirror);
    tlLoad = await bulkLoad(treeline.port, file, async () => {
      const committedBytes = mirror.stats.committedBytes - before.committedBytes;
      await sql(treeline.port, 'CHECKPOINT'); // the B+tree's pages reach its file at checkpoints
      const settled = await settle(mirror);
      return { committedBytes, settled, ...levelsOf(mirror), btreeBytes: await relationBytes(treeline.port, 'mirror_copy') };
    });
  } finally {
    await treeline.stop();
  }
  console.log(`  Treeline mirror on  COPY ${fixed(tlLoad.copyRowsPerS)} rows/s, INSERT … SELECT ${fixed(tlLoad.insertRowsPerS)} rows/s`);
  const plain = await startTreeline('Treeline mirror off', { mirror: false });
  let offLoad;
  try {
    offLoad = await bulkLoad(plain.port, file, async () => ({}));
  } finally {
    await plain.stop();
  }
  console.log(`  Treeline mirror off COPY ${fixed(offLoad.copyRowsPerS)} rows/s, INSERT … SELECT ${fixed(offLoad.insertRowsPerS)} rows/s`);
  const figures = (load) => ({ copyRowsPerS: load.copyRowsPerS, insertRowsPerS: load.insertRowsPerS, copySeconds: load.copySeconds, insertSeconds: load.insertSeconds });
  const bulk = { rows: settings.rows, postgres: figures(pgLoad), treeline: figures(tlLoad), treelineMirrorOff: figures(offLoad) };
  // 4. the COPY table: one mirror entry per row (the primary key lives in the table's B+tree)
  const t = tlLoad.sizes;
  const keyValueBytes = t.committedBytes - ENTRY_OVERHEAD * settings.rows;
  const disk = {
    rows: settings.rows,
    copyTextBytes: file.bytes,
    committedBytes: t.committedBytes,
    keyValueBytes,
    sstBytes: t.sstBytes,
    sstBytesInDirectory: t.sstBytesInDirectory,
    levels: t.levels,
    settled: t.settled,
    btreeBytes: t.btreeBytes,
    postgresBytes: pgLoad.sizes.tableBytes,
    sstPerCommittedByte: t.sstBytes / t.committedBytes,
    sstPerKeyValueByte: t.sstBytes / keyValueBytes,
    sstPerTextByte: t.sstBytes / file.bytes,
    btreePerTextByte: t.btreeBytes / file.bytes,
    postgresPerTextByte: pgLoad.sizes.tableBytes / file.bytes,
  };
  console.log(
    `\n4. bytes on disk (the COPY table): ${mib(file.bytes)} of COPY text, ${mib(t.committedBytes)} committed to the mirror (${mib(keyValueBytes)} of keys + values)\n` +
      `  SSTables ${mib(t.sstBytes)} (${levelSummary(t.levels)}; ${t.settled ? 'settled' : 'compaction did NOT settle'}), B+tree ${mib(t.btreeBytes)}, PostgreSQL 15 ${mib(pgLoad.sizes.tableBytes)}`,
  );
  return { bulk, disk };
}

// ---------------------------------------------------------------------------------------------
// 3. Write amplification of flushes and compactions under an update-heavy load.

const updateArgs = () => ['-f', UPDATE_SCRIPT, '-D', `rows=${settings.tableRows}`, '-D', `batch=${settings.batch}`];

async function waPhase() {
  console.log(
    `\n3. write amplification: ${settings.tableRows} rows, then UPDATEs of ${settings.batch} consecutive rows from a random id, -c 2 for ${settings.waSeconds} s, memtable ${settings.waMemtableMiB} MiB`,
  );
  const treeline = await startTreeline('Treeline mirror on', { mirror: true, memtableSizeMiB: settings.waMemtableMiB });
  try {
    const { mirror } = treeline;
    await createRows(treeline.port, settings.tableRows);
    const load = await pgbench(treeline.port, ['-n', '-M', 'prepared', ...updateArgs(), '-c', '2', '-j', '2', '-T', String(settings.waSeconds)]);
    const settled = await settle(mirror);
    const s = statsOf(mirror);
    const written = s.flushedBytes + s.compactionBytesWritten + s.ingestedBytes;
    const entries = settings.tableRows + load.processed * settings.batch;
    const keyValueBytes = s.committedBytes - ENTRY_OVERHEAD * entries;
    const { levels, sstBytes } = levelsOf(mirror);
    const result = {
      updateTps: load.tps,
      rowsUpdated: load.processed * settings.batch,
      stats: s,
      settled,
      writeAmplification: written / s.committedBytes,
      writeAmplificationOfKeyValueBytes: written / keyValueBytes,
      compactionPerFlushByte: s.compactionBytesWritten / s.flushedBytes,
      levels,
      sstBytes,
    };
    console.log(
      `  ${fixed(load.tps)} tps (${fixed(load.tps * settings.batch)} rows/s); ${s.flushes} flushes (${mib(s.flushedBytes)}), ${s.compactions} compactions (read ${mib(s.compactionBytesRead)}, wrote ${mib(s.compactionBytesWritten)}), ` +
        `committed ${mib(s.committedBytes)}; files ${levelSummary(levels)}${settled ? '' : ' (compaction did NOT settle)'}`,
    );
    return result;
  } finally {
    await treeline.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Point-read latency while a fixed-rate writer keeps flushes and compactions running.

/**
 * Records when the mirror has a compaction running or about to run (the policy picks a task
 * from the current files: a running compaction's inputs stay listed until it ends), polling
 * every `everyMs`. stop() returns the spans as [start, end] in ms since the epoch.
 */
function trackCompactions(mirror, everyMs = 5) {
  const spans = [];
  let since = null;
  const now = () => performance.timeOrigin + performance.now();
  const poll = () => {
    const busy = pickCompaction(mirror.version.levels.flat()) !== null;
    if (busy && since === null) since = now();
    else if (!busy && since !== null) {
      spans.push([since, now()]);
      since = null;
    }
  };
  poll();
  const timer = setInterval(poll, everyMs);
  return {
    stop() {
      clearInterval(timer);
      if (since !== null) spans.push([since, now()]);
      return spans;
    },
  };
}

/** Latency percentiles (ms) of the reads whose span (scheduled start to end) overlaps a compaction span, and of the others. */
function splitByCompaction({ latencyUs, endUs }, spans) {
  const during = [];
  const outside = [];
  for (let i = 0; i < latencyUs.length; i++) {
    const end = endUs[i] / 1000;
    const start = end - latencyUs[i] / 1000;
    (spans.some(([from, to]) => start <= to && end >= from) ? during : outside).push(latencyUs[i]);
  }
  return { during: percentiles(during, 1e-3), outside: percentiles(outside, 1e-3) };
}

/** The transactions of a latency log that ended between two times (µs since the epoch). */
function endedWithin(log, fromUs, toUs) {
  const keep = log.endUs.map((end) => end >= fromUs && end <= toUs);
  const pick = (values) => values.filter((_, i) => keep[i]);
  return { latencyUs: pick(log.latencyUs), serviceUs: pick(log.serviceUs), endUs: pick(log.endUs) };
}

/** The event-loop delay histogram's timer period; it records whole periods, so lateness is a period less. */
const LOOP_RESOLUTION_MS = 2;
const lateness = (ns) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

async function readRun(target) {
  const { port, mirror } = target;
  await createRows(port, settings.tableRows);
  if (mirror) await settle(mirror);
  if (target.server) await sql(port, 'CHECKPOINT');
  else await sql(port, 'VACUUM ANALYZE mirror_rows', 'CHECKPOINT');
  const writerPrefix = join(work, `writes-${target.key}`);
  const writerArgs = ['-n', '-M', 'prepared', ...updateArgs(), '-c', '2', '-j', '2', '-R', String(settings.writeRate), '-T', String(Math.ceil(settings.warmup + settings.window + 1)), '-l', `--log-prefix=${writerPrefix}`];
  const writer = pgbench(port, writerArgs);
  writer.catch(() => {}); // awaited below; a reader failure must not leave it unhandled
  await sleep(settings.warmup * 1000);
  const before = mirror && statsOf(mirror);
  const loop = target.server ? monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS }) : null;
  loop?.enable();
  const busyBefore = target.server ? performance.eventLoopUtilization() : null;
  const compacting = mirror && trackCompactions(mirror);
  const windowStartUs = (performance.timeOrigin + performance.now()) * 1000;
  const prefix = join(work, `reads-${target.key}`);
  const readerArgs = ['-n', '-M', 'prepared', '-f', SELECT_SCRIPT, '-D', `rows=${settings.tableRows}`, '-c', '1', '-j', '1', '-R', String(settings.readRate)];
  const reader = await pgbench(port, [...readerArgs, '-T', String(settings.window), '-l', `--log-prefix=${prefix}`]);
  const windowEndUs = (performance.timeOrigin + performance.now()) * 1000;
  loop?.disable();
  const busy = busyBefore && performance.eventLoopUtilization(busyBefore);
  const spans = compacting?.stop();
  const after = mirror && statsOf(mirror);
  const write = await writer;
  const log = readLatencyLog(prefix);
  const { latencyUs, serviceUs } = log;
  const commits = endedWithin(readLatencyLog(writerPrefix), windowStartUs, windowEndUs);
  const run = {
    label: target.label,
    readTps: reader.tps,
    writerTps: write.tps,
    latencyMs: percentiles(latencyUs, 1e-3),
    serviceMs: percentiles(serviceUs, 1e-3),
    commitMs: percentiles(commits.latencyUs, 1e-3),
  };
  if (mirror) {
    run.compactionsInWindow = after.compactions - before.compactions;
    run.flushesInWindow = after.flushes - before.flushes;
    run.compactionBytesWrittenInWindow = after.compactionBytesWritten - before.compactionBytesWritten;
    run.levelsAtEnd = levelsOf(mirror).levels;
    run.compactingSeconds = spans.reduce((n, [from, to]) => n + (to - from), 0) / 1000;
    // bytes written by compactions that ended in the window, over the time spent compacting
    run.compactionWriteMiBps = run.compactingSeconds > 0 ? run.compactionBytesWrittenInWindow / MiB / run.compactingSeconds : null;
    run.byCompaction = splitByCompaction(log, spans);
    run.commitsByCompaction = splitByCompaction(commits, spans);
  }
  if (loop) run.eventLoopDelayMs = { p50: lateness(loop.percentile(50)), p99: lateness(loop.percentile(99)), max: lateness(loop.max) };
  if (busy) run.eventLoopUtilization = busy.utilization;
  const l = run.latencyMs;
  console.log(
    `  ${target.label.padEnd(30)} reads p50 ${fixed(l.p50, 2)} ms, p99 ${fixed(l.p99, 2)} ms, max ${fixed(l.max, 1)} ms (${l.count} reads); writer ${fixed(write.tps)} tps, commit p99 ${fixed(run.commitMs.p99, 2)} ms` +
      (mirror
        ? `; ${run.compactionsInWindow} compactions (${fixed(run.compactingSeconds, 1)} s compacting, ~${fixed(run.compactionWriteMiBps, 1)} MiB/s written), ${run.flushesInWindow} flushes in the window; ` +
          `p99 of reads during compaction ${fixed(run.byCompaction.during.p99, 2)} ms (${run.byCompaction.during.count}), outside ${fixed(run.byCompaction.outside.p99, 2)} ms; ` +
          `p99 of commits during compaction ${fixed(run.commitsByCompaction.during.p99, 2)} ms (${run.commitsByCompaction.during.count}), outside ${fixed(run.commitsByCompaction.outside.p99, 2)} ms; event loop ${fixed(run.eventLoopUtilization * 100)}% busy, delay max ${fixed(run.eventLoopDelayMs.max, 1)} ms`
        : ''),
  );
  if (mirror && run.compactionsInWindow === 0) {
    console.log('  WARNING: no compaction completed in the window; raise --window or --write-rate, or lower --read-memtable');
  }
  return run;
}

async function readsPhase(postgres) {
  console.log(
    `\n5. point reads (-R ${settings.readRate}/s, 1 client) of ${settings.tableRows} rows while a writer UPDATEs ${settings.batch} rows per commit at -R ${settings.writeRate}/s (-c 2); ` +
      `memtable ${settings.readMemtableMiB} MiB, ${settings.warmup} s warm-up, ${settings.window} s window`,
  );
  const configs = {
    limited: { label: `Treeline compaction ${settings.compactionRateMiB} MiB/s`, options: { mirror: true, compactionRateMiB: settings.compactionRateMiB } },
    unlimited: { label: 'Treeline compaction unlimited', options: { mirror: true, compactionRateMiB: 0 } },
    off: { label: 'Treeline mirror off', options: { mirror: false } },
    postgres: { label: 'PostgreSQL 15' },
  };
  const runs = [];
  for (const key of settings.readConfigs) {
    const config = configs[key];
    if (!config) throw new Error(`unknown --read-configs entry "${key}" (${Object.keys(configs).join(', ')})`);
    if (!config.options) {
      runs.push({ key, ...(await readRun({ key, label: config.label, port: postgres.port })) });
      continue;
    }
    const treeline = await startTreeline(config.label, { memtableSizeMiB: settings.readMemtableMiB, ...config.options });
    try {
      runs.push({ key, compactionRateMiB: config.options.compactionRateMiB, ...(await readRun({ ...treeline, key, label: config.label })) });
    } finally {
      await treeline.stop();
    }
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// The summary and the JSON.

function printSummary(results) {
  const { commit, bulk, disk, wa, reads } = results;
  if (commit) {
    console.log('\n| commit throughput | clients | Treeline mirror on tps | Treeline mirror off tps | PostgreSQL 15 tps | on / off | on / PostgreSQL | off / PostgreSQL | Treeline commits per fdatasync (on / off) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of commit) {
      console.log(
        `| ${r.script} | ${r.clients} | ${fixed(r.mirrorOn.tps)} | ${fixed(r.mirrorOff.tps)} | ${fixed(r.postgres.tps)} | ${ratio(r.mirrorOn.tps, r.mirrorOff.tps)} | ${ratio(r.mirrorOn.tps, r.postgres.tps)} | ${ratio(r.mirrorOff.tps, r.postgres.tps)} | ${fixed(r.mirrorOn.commitsPerSync, 2)} / ${fixed(r.mirrorOff.commitsPerSync, 2)} |`,
      );
    }
  }
  if (bulk) {
    console.log(`\n| bulk load, ${bulk.rows} rows | Treeline mirror on rows/s | Treeline mirror off rows/s | PostgreSQL 15 rows/s | on / PostgreSQL | on / off |`);
    console.log('|---|---|---|---|---|---|');
    for (const [label, key] of [['COPY FROM STDIN', 'copyRowsPerS'], ['INSERT … SELECT generate_series', 'insertRowsPerS']]) {
      const [on, off, p] = [bulk.treeline[key], bulk.treelineMirrorOff[key], bulk.postgres[key]];
      console.log(`| ${label} | ${fixed(on)} | ${fixed(off)} | ${fixed(p)} | ${ratio(on, p)} | ${ratio(on, off)} |`);
    }
  }
  if (wa) {
    const s = wa.stats;
    console.log('\n| write amplification (update-heavy, memtable ' + `${settings.waMemtableMiB} MiB) | value |`);
    console.log('|---|---|');
    console.log(`| (flushed + compaction written + ingested) / committed bytes | ${fixed(wa.writeAmplification, 2)} |`);
    console.log(`| same, per byte of keys + values (committed minus ${ENTRY_OVERHEAD} B bookkeeping per entry) | ${fixed(wa.writeAmplificationOfKeyValueBytes, 2)} |`);
    console.log(`| compaction written / flushed bytes | ${fixed(wa.compactionPerFlushByte, 2)} |`);
    console.log(`| flushes, compactions | ${s.flushes}, ${s.compactions} |`);
    console.log(`| files per level at the end | ${levelSummary(wa.levels)} |`);
  }
  if (disk) {
    console.log(`\n| bytes on disk, ${disk.rows}-row COPY table | bytes | per byte of COPY text | per byte committed to the mirror | per byte of keys + values | vs PostgreSQL 15 |`);
    console.log('|---|---|---|---|---|---|');
    console.log(`| Treeline SSTables (flushed, compaction settled) | ${disk.sstBytes} | ${fixed(disk.sstPerTextByte, 3)} | ${fixed(disk.sstPerCommittedByte, 3)} | ${fixed(disk.sstPerKeyValueByte, 3)} | ${ratio(disk.sstBytes, disk.postgresBytes)} |`);
    console.log(`| Treeline B+tree file (after CHECKPOINT) | ${disk.btreeBytes} | ${fixed(disk.btreePerTextByte, 3)} | | | ${ratio(disk.btreeBytes, disk.postgresBytes)} |`);
    console.log(`| Treeline B+tree + SSTables | ${disk.btreeBytes + disk.sstBytes} | ${fixed((disk.btreeBytes + disk.sstBytes) / disk.copyTextBytes, 3)} | | | ${ratio(disk.btreeBytes + disk.sstBytes, disk.postgresBytes)} |`);
    console.log(`| PostgreSQL 15 pg_total_relation_size | ${disk.postgresBytes} | ${fixed(disk.postgresPerTextByte, 3)} | | | 1.00 |`);
  }
  if (reads) {
    console.log(
      '\n| point reads under the writer | p50 ms | p99 ms | p99.9 ms | max ms | p99 / PostgreSQL p99 | service p99 ms | p50 / p99 ms during compaction (reads) | p99 ms outside compaction | compactions (flushes, s compacting, MiB/s written) in window | event loop busy, delay p99 / max ms | writer tps |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    const pgP99 = reads.find((r) => r.key === 'postgres')?.latencyMs.p99;
    const pgCommitP99 = reads.find((r) => r.key === 'postgres')?.commitMs.p99;
    const commitRows = [];
    for (const r of reads) {
      const c = r.commitMs;
      const split = r.commitsByCompaction ? `${fixed(r.commitsByCompaction.during.p99, 3)} (${r.commitsByCompaction.during.count}) / ${fixed(r.commitsByCompaction.outside.p99, 3)}` : '—';
      commitRows.push(`| ${r.label} | ${fixed(c.p50, 3)} | ${fixed(c.p99, 3)} | ${fixed(c.max, 1)} | ${ratio(c.p99, pgCommitP99)} | ${split} | ${c.count} |`);
      const l = r.latencyMs;
      const d = r.byCompaction?.during;
      const during = d ? `${fixed(d.p50, 3)} / ${fixed(d.p99, 3)} (${d.count})` : '—';
      const outside = r.byCompaction ? fixed(r.byCompaction.outside.p99, 3) : '—';
      const window = r.compactionsInWindow === undefined ? '—' : `${r.compactionsInWindow} (${r.flushesInWindow}, ${fixed(r.compactingSeconds, 1)} s, ${fixed(r.compactionWriteMiBps, 1)})`;
      const loop = r.eventLoopDelayMs ? `${fixed(r.eventLoopUtilization * 100)}%, ${fixed(r.eventLoopDelayMs.p99, 1)} / ${fixed(r.eventLoopDelayMs.max, 1)}` : '—';
      console.log(
        `| ${r.label} | ${fixed(l.p50, 3)} | ${fixed(l.p99, 3)} | ${fixed(l.p999, 3)} | ${fixed(l.max, 1)} | ${ratio(l.p99, pgP99)} | ${fixed(r.serviceMs.p99, 3)} | ${during} | ${outside} | ${window} | ${loop} | ${fixed(r.writerTps)} |`,
      );
    }
    console.log(
      'latency from each read\'s scheduled start (pgbench -R: it includes waiting behind slower reads); service: from its actual start. ' +
        '"during compaction": reads whose span overlaps one; event loop: share of time busy, and timer lateness (Treeline in this process).',
    );
    console.log(`\n| the writer's commits (${settings.batch}-row UPDATE, -R ${settings.writeRate}/s) in the window | p50 ms | p99 ms | max ms | p99 / PostgreSQL p99 | p99 ms during (commits) / outside compaction | commits |`);
    console.log('|---|---|---|---|---|---|---|');
    for (const row of commitRows) console.log(row);
  }
}

async function main() {
  const started = performance.now();
  const postgres = await startPostgres();
  running.add({ label: 'PostgreSQL 15', stop: () => postgres.stop() });
  const versions = { treeline: TREELINE_VERSION, postgres: (await sql(postgres.port, 'SELECT version()'))[0].version };
  const results = {};
  try {
    for (const phase of settings.phases) {
      if (phase === 'commit') results.commit = await commitPhase(postgres);
      else if (phase === 'bulk') Object.assign(results, await bulkPhase(postgres));
      else if (phase === 'wa') results.wa = await waPhase();
      else if (phase === 'reads') results.reads = await readsPhase(postgres);
    }
  } finally {
    await stopAll();
  }
  printSummary(results);
  const seconds = (performance.now() - started) / 1000;
  const dir = resolve(flags.out);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `mirror-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version };
  writeFileSync(path, `${JSON.stringify({ date: new Date().toISOString(), seconds, machine, versions, settings, fsync: 'on (both servers)', ...results }, null, 2)}\n`);
  console.log(`\n${fixed(seconds)} s in all; wrote ${path}`);
}

await main();
