// pgbench side by side with PostgreSQL 15 in one run, fsync on for both (each server's default):
// times `pgbench -i`, then runs the builtin tpcb-like and select-only scripts at 1, 4 and 16
// clients in the prepared and simple protocols, alternating which server goes first. Prints TPS,
// latency, commits per WAL sync and Treeline / PostgreSQL ratios, checks pgbench's balance
// invariant after every run, and writes the raw figures (JSON) and a TPS chart (SVG) to --out.
//   npm run build && node scripts/bench/pgbench.mjs [--quick] [--duration 10] [--scale 10] [--clients 1,4,16] [--out bench-results]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { lineChartSvg } from './chart.mjs';
import { PG_BIN, ROOT, pgbenchRun, runPgbench, startPostgres, startTreeline } from './lib.mjs';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    scale: { type: 'string' },
    clients: { type: 'string', default: '1,4,16' },
    modes: { type: 'string', default: 'prepared,simple' },
    scripts: { type: 'string', default: 'tpcb-like,select-only' },
    out: { type: 'string', default: join(ROOT, 'bench-results') },
  },
});
const duration = Number(flags.duration ?? (flags.quick ? 2 : 10));
const scale = Number(flags.scale ?? (flags.quick ? 1 : 10));
const clientCounts = flags.clients.split(',').map(Number);
const modes = flags.modes.split(',');
const scripts = flags.scripts.split(',');
const WRITES = new Set(['tpcb-like', 'simple-update']);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function query(port, sql) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** { records, syncs } from pg_stat_wal (PostgreSQL 15; Treeline once it counts), or null. */
async function walStats(port) {
  for (const source of ['pg_stat_wal', 'treeline_wal_stats']) {
    try {
      const rows = await query(port, `SELECT wal_records, wal_sync FROM ${source}`);
      if (rows.length === 1 && rows[0].wal_sync !== null) return { records: Number(rows[0].wal_records), syncs: Number(rows[0].wal_sync) };
    } catch {
      // not there (yet): try the next name
    }
  }
  return null;
}

/** pgbench's invariant: sum(abalance) = sum(tbalance) = sum(bbalance) = sum(delta) of the history. */
async function balanceInvariant(port) {
  const [row] = await query(
    port,
    `SELECT (SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts) AS accounts, (SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers) AS tellers,
            (SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches) AS branches, (SELECT coalesce(sum(delta), 0) FROM pgbench_history) AS history`,
  );
  const sums = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  return { ...sums, holds: sums.accounts === sums.tellers && sums.tellers === sums.branches && sums.branches === sums.history };
}

/** Times `pgbench -i` with the given arguments; { ok, seconds, steps | error }. */
function timeInit(port, args) {
  const start = process.hrtime.bigint();
  const { status, stderr } = runPgbench(port, ['-i', '-q', ...args]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (status !== 0) return { ok: false, seconds, error: stderr.split('\n').filter((l) => /error|detail/i.test(l)).join('\n') };
  return { ok: true, seconds, steps: /done in [\d.]+ s \((.*)\)/.exec(stderr)?.[1] ?? '' };
}

/**
 * One pgbench run on one server, with WAL syncs counted around it and the invariant after it;
 * `entry.invariant` (the sums before the run) tells a run that broke it from one that inherited it.
 */
async function measure(entry, script, args) {
  const { server } = entry;
  const before = await walStats(server.port);
  let result;
  try {
    result = pgbenchRun(server.port, args);
  } catch (err) {
    result = { error: err.message.split('\n').slice(0, 6).join('\n') };
  }
  await sleep(300); // PostgreSQL backends report their WAL counts as they exit
  const after = await walStats(server.port);
  result.walSyncs = before && after ? after.syncs - before.syncs : null;
  result.walRecords = before && after ? after.records - before.records : null;
  result.commitsPerSync = WRITES.has(script) && result.processed && result.walSyncs > 0 ? result.processed / result.walSyncs : null;
  const sums = await balanceInvariant(server.port);
  const delta = (k) => sums[k] - entry.invariant[k];
  sums.holdsInRun = delta('accounts') === delta('tellers') && delta('tellers') === delta('branches') && delta('branches') === delta('history');
  entry.invariant = sums;
  result.invariant = sums;
  return result;
}

const fixed = (n, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : 'n/a');
const verdict = (inv) =>
  inv.holds ? 'holds' : `${inv.holdsInRun === false ? 'BROKEN' : 'broken earlier'} (accounts ${inv.accounts}, tellers ${inv.tellers}, branches ${inv.branches}, history ${inv.history})`;

function printRun(run) {
  const { pg: p, tl: t } = run;
  const tps = (r) => (r.error ? 'FAILED' : fixed(r.tps));
  console.log(
    `${run.script.padEnd(12)} ${run.mode.padEnd(8)} -c ${String(run.clients).padStart(2)}   PostgreSQL ${tps(p).padStart(7)} tps ${fixed(p.latencyMs, 2).padStart(7)} ms` +
      `   Treeline ${tps(t).padStart(7)} tps ${fixed(t.latencyMs, 2).padStart(7)} ms   ratio ${ratio(t.tps, p.tps)}   invariant: Treeline ${verdict(t.invariant)}, PostgreSQL ${verdict(p.invariant)}`,
  );
  for (const [name, r] of [['PostgreSQL', p], ['Treeline', t]]) {
    if (r.error) console.log(`  ${name}: ${r.error.replace(/\n/g, '\n    ')}`);
    else if (r.failed) console.log(`  ${name}: ${r.failed} failed transactions`);
  }
}

function printSummary(init, runs) {
  console.log('\n| pgbench -i | PostgreSQL 15 s | Treeline s | Treeline / PostgreSQL (time) |');
  console.log('|---|---|---|---|');
  for (const i of init) console.log(`| ${i.args.join(' ')} | ${i.pg.ok ? fixed(i.pg.seconds, 2) : 'failed'} | ${i.tl.ok ? fixed(i.tl.seconds, 2) : 'failed'} | ${i.pg.ok && i.tl.ok ? ratio(i.tl.seconds, i.pg.seconds) : 'n/a'} |`);
  console.log('\n| script | protocol | clients | PostgreSQL 15 tps | Treeline tps | Treeline / PostgreSQL | PostgreSQL latency ms | Treeline latency ms | PostgreSQL commits/fdatasync | Treeline commits/fdatasync | invariant (Treeline) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of runs) {
    const perSync = (x) => (WRITES.has(r.script) ? fixed(x.commitsPerSync, 2) : '—');
    console.log(
      `| ${r.script} | ${r.mode} | ${r.clients} | ${fixed(r.pg.tps)} | ${fixed(r.tl.tps)} | ${ratio(r.tl.tps, r.pg.tps)} | ${fixed(r.pg.latencyMs, 2)} | ${fixed(r.tl.latencyMs, 2)} | ${perSync(r.pg)} | ${perSync(r.tl)} | ${r.tl.invariant.holds ? 'holds' : r.tl.invariant.holdsInRun ? 'broken earlier' : 'BROKEN'} |`,
    );
  }
}

function writeResults(init, runs, versions) {
  const dir = resolve(flags.out);
  mkdirSync(dir, { recursive: true });
  const settings = { scale, duration, clients: clientCounts, modes, scripts, fsync: 'on (both servers)', quick: flags.quick };
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version };
  const json = join(dir, 'pgbench.json');
  writeFileSync(json, `${JSON.stringify({ date: new Date().toISOString(), machine, versions, settings, init, runs }, null, 2)}\n`);
  const panels = [];
  for (const script of scripts) {
    for (const mode of modes) {
      const run = (clients, key) => runs.find((r) => r.script === script && r.mode === mode && r.clients === clients)?.[key];
      const series = (name, key) => ({
        name,
        values: clientCounts.map((c) => run(c, key)?.tps ?? null),
        hollow: clientCounts.map((c) => run(c, key)?.invariant.holdsInRun === false),
      });
      panels.push({
        title: `${script}, -M ${mode}`,
        x: clientCounts,
        series: [series('PostgreSQL 15', 'pg'), series('Treeline', 'tl')],
      });
    }
  }
  const svg = join(dir, 'pgbench-tps.svg');
  const title = 'pgbench: transactions per second by number of clients';
  const subtitle = `builtin scripts, scale ${scale}, -T ${duration} s each, -j ≤ 2, fsync on for both, ${machine.cpus} CPUs, ${new Date().toISOString().slice(0, 10)}`;
  const broken = panels.some((p) => p.series.some((s) => s.hollow.includes(true)));
  const note = broken ? 'hollow marker: the balance invariant broke during that run (its TPS counts lost updates)' : '';
  writeFileSync(svg, lineChartSvg({ title, subtitle, note, xLabel: 'clients (pgbench -c)', yLabel: 'transactions per second', columns: modes.length, panels }));
  console.log(`\nwrote ${json}\nwrote ${svg}`);
}

const postgres = await startPostgres();
let treeline;
try {
  treeline = await startTreeline();
  const both = [{ key: 'pg', server: postgres }, { key: 'tl', server: treeline }];
  const versions = { pgbench: execFileSync(join(PG_BIN, 'pgbench'), ['--version']).toString().trim() };
  for (const { key, server } of both) versions[key] = (await query(server.port, 'SELECT version()'))[0].version;

  // pgbench's default steps (dtgvp) load accounts with COPY … FREEZE; if Treeline refuses, time both
  // servers again with server-side generation (dtGvp) so the two figures stay comparable
  const init = [];
  for (const args of [['-s', String(scale)], ['-I', 'dtGvp', '-s', String(scale)]]) {
    const step = { args: ['-i', ...args] };
    for (const { key, server } of both) step[key] = timeInit(server.port, args);
    init.push(step);
    console.log(`pgbench ${step.args.join(' ')}:  PostgreSQL ${fixed(step.pg.seconds, 2)} s   Treeline ${step.tl.ok ? `${fixed(step.tl.seconds, 2)} s` : `FAILED\n  ${step.tl.error}`}`);
    if (!step.pg.ok) throw new Error(`pgbench -i failed on PostgreSQL:\n${step.pg.error}`);
    if (step.tl.ok) break;
  }
  if (!init.at(-1).tl.ok) throw new Error('pgbench -i failed on Treeline with both init step lists');
  for (const entry of both) entry.invariant = await balanceInvariant(entry.server.port);
  console.log(`balance invariant after init: Treeline ${verdict(both[1].invariant)}, PostgreSQL ${verdict(both[0].invariant)}`);

  // -n: no vacuum or history truncation between runs, so the invariant covers every run so far
  const runs = [];
  let turn = 0;
  for (const script of scripts) {
    for (const mode of modes) {
      for (const clients of clientCounts) {
        const args = ['-n', '-b', script, '-M', mode, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(duration), '-P', String(duration)];
        const run = { script, mode, clients };
        for (const entry of turn++ % 2 === 0 ? both : [...both].reverse()) run[entry.key] = await measure(entry, script, args);
        runs.push(run);
        printRun(run);
      }
    }
  }
  printSummary(init, runs);
  writeResults(init, runs, versions);
} finally {
  await treeline?.stop();
  await postgres.stop();
}
