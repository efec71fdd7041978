// External load for scripts/bench/mirror.mjs: pgbench and psql run as child processes that
// this process awaits asynchronously, so a Treeline server started in this process keeps its
// event loop (never spawnSync against it). Also parses pgbench's summary and its
// per-transaction latency logs (-l), and computes percentiles.
// Requires: PG_BIN holds pgbench and psql of PostgreSQL 15; servers listen on 127.0.0.1 and
// trust user postgres.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PG_BIN, pgbenchFigures } from './lib.mjs';

/** Runs `command` to its end; resolves { status, stdout, stderr, seconds } (stdin from `stdinFile` or none). */
export function runProcess(command, args, { stdinFile } = {}) {
  return new Promise((resolve, reject) => {
    const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
    const started = performance.now();
    const child = spawn(command, args, { stdio: [stdin, 'pipe', 'pipe'] });
    if (typeof stdin === 'number') closeSync(stdin); // the child has its own copy
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

const connection = (port) => ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'];

/** Runs pgbench asynchronously (the in-process server keeps the event loop); returns pgbenchFigures. */
export async function pgbench(port, args) {
  return pgbenchFigures(await runProcess(join(PG_BIN, 'pgbench'), [...connection(port), ...args, 'postgres']), args);
}

/** Runs `pgbench -i` with `args` (asynchronously); throws with its output when it fails. */
export async function pgbenchInit(port, args) {
  const { status, stdout, stderr } = await runProcess(join(PG_BIN, 'pgbench'), [...connection(port), '-i', ...args, 'postgres']);
  if (status !== 0) throw new Error(`pgbench -i ${args.join(' ')} exited with status ${status}:\n${stderr}${stdout}`);
}

/**
 * Runs SQL through psql with `\timing` on; resolves the statement's time in seconds as psql
 * measured it (the last "Time:" line), or the process's wall time when psql printed none.
 * Throws with psql's output on an error (ON_ERROR_STOP).
 */
export async function psqlTimed(port, sql, { stdinFile } = {}) {
  const args = [...connection(port), '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', '\\timing on', '-c', sql];
  const { status, stdout, stderr, seconds } = await runProcess(join(PG_BIN, 'psql'), args, { stdinFile });
  if (status !== 0) throw new Error(`psql -c "${sql}" exited with status ${status}:\n${stderr}${stdout}`);
  const times = [...stdout.matchAll(/Time: ([\d.]+) ms/g)];
  return times.length > 0 ? Number(times.at(-1)[1]) / 1000 : seconds;
}

/**
 * Reads the per-transaction logs pgbench wrote with `-l --log-prefix=prefix` (one file per
 * thread, `prefix.<pid>[.<thread>]`). Each line: client, transaction, time µs, script, end
 * time (epoch s, µs)[, schedule lag µs under -R]. Returns parallel arrays: `latencyUs` from the
 * scheduled start (pgbench's own figure under -R: no coordinated omission), `serviceUs` without
 * the schedule lag, and `endUs`, when each transaction ended (µs since the epoch).
 */
export function readLatencyLog(prefix) {
  const dir = dirname(prefix);
  const stem = `${basename(prefix)}.`;
  const latencyUs = [];
  const serviceUs = [];
  const endUs = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(stem)) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length < 6 || fields[2] === 'skipped' || fields[2] === 'failed') continue;
      const time = Number(fields[2]);
      const lag = fields.length >= 7 ? Number(fields[6]) : 0;
      latencyUs.push(time);
      serviceUs.push(time - lag);
      endUs.push(Number(fields[4]) * 1e6 + Number(fields[5]));
    }
  }
  return { latencyUs, serviceUs, endUs };
}

/** { p50, p99, p999, max, count } of `values` (nearest-rank) times `scale`, to 3 decimals; nulls when empty. */
export function percentiles(values, scale = 1) {
  if (values.length === 0) return { p50: null, p99: null, p999: null, max: null, count: 0 };
  const sorted = Float64Array.from(values).sort();
  const round = (x) => Math.round(x * scale * 1000) / 1000;
  const rank = (p) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
  return { p50: rank(50), p99: rank(99), p999: rank(99.9), max: round(sorted[sorted.length - 1]), count: sorted.length };
}
