// Helpers for the benchmarks: start Treeline (the built CLI) and a throwaway PostgreSQL 15
// side by side on free loopback ports, run pgbench against either, and stop both by PID.
// When run as root, PostgreSQL runs as the unprivileged `postgres` OS user (it refuses root).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts Treeline from dist/ on a free port; resolves { port, stop }. */
export async function startTreeline(extraArgs = []) {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'treeline-bench-'));
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'start', '--port', '0', '--data-dir', join(dir, 'data'), '--log-level', 'warn', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`treeline exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root. */
function pgExec(binary, args) {
  const cmd = join(PG_BIN, binary);
  if (process.getuid?.() === 0) return execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
  return execFileSync(cmd, args, { stdio: 'pipe' });
}

/** Starts a throwaway PostgreSQL 15 cluster on a free port; resolves { port, stop }. */
export async function startPostgres(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-bench-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = join(dir, 'data');
  pgExec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  for (const [k, v] of Object.entries(settings)) options.push('-c', `${k}=${v}`);
  pgExec('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options.map((o) => (o.includes(' ') ? `'${o}'` : o)).join(' '), 'start']);
  return {
    port,
    async stop() {
      pgExec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs pgbench against 127.0.0.1:port, database postgres, user postgres; returns { status, stdout, stderr }. */
export function runPgbench(port, args) {
  const run = spawnSync(join(PG_BIN, 'pgbench'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', ...args, 'postgres'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The figures of a finished pgbench run: { tps, processed, failed, latencyMs, stddevMs,
 * connectMs, lagMs }. Throws (with pgbench's output) when it exited non-zero or printed no TPS.
 */
export function pgbenchFigures({ status, stdout, stderr }, args) {
  const figure = (re) => {
    const m = re.exec(stdout);
    return m ? Number(m[1]) : null;
  };
  const tps = figure(/tps = ([\d.]+) \(without initial connection time\)/);
  if (status !== 0 || tps === null) throw new Error(`pgbench ${args.join(' ')} exited with status ${status}:\n${stderr}${stdout}`);
  return {
    tps,
    processed: figure(/number of transactions actually processed: (\d+)/),
    failed: figure(/number of failed transactions: (\d+)/),
    latencyMs: figure(/latency average = ([\d.]+) ms/),
    stddevMs: figure(/latency stddev = ([\d.]+) ms/),
    connectMs: figure(/initial connection time = ([\d.]+) ms/),
    lagMs: figure(/rate limit schedule lag: avg ([\d.]+)/),
  };
}

/** Runs pgbench and returns its figures (pgbenchFigures). */
export function pgbenchRun(port, args) {
  return pgbenchFigures(runPgbench(port, args), args);
}

export function pgbench(port, args) {
  return pgbenchRun(port, args).tps;
}
