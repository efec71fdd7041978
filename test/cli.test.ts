// The `treeline` command as a user runs it: `treeline start` prints `listening on HOST:PORT`,
// serves clients, exits 0 on SIGTERM/SIGINT after closing connections; a port in use, an
// unusable data directory or a non-loopback address without a password exit 1 with a clear
// message. Runs the built CLI (dist/), which `npm test` builds first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) killGroup(c, 'SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'treeline-cli-'));
  dirs.push(d);
  return d;
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Signals the child's whole process group: npm does not pass signals on to the server it runs. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Runs a command in its own process group (so the group can be signalled as a whole). */
function treeline(args: string[], command = process.execPath, prefix = [join(root, 'bin', 'treeline.js')]): Run {
  const child = spawn(command, [...prefix, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForListening(run: Run): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(run.stdout());
    if (m) return Number(m[1]);
    if (run.child.exitCode !== null) throw new Error(`exited early: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server did not start');
}

async function portFreed(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const probe = createServer();
    const ok = await new Promise<boolean>((resolve) => probe.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true)));
    if (ok) {
      await new Promise((resolve) => probe.close(resolve));
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('treeline start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves clients and exits 0 on %s', async (signal) => {
    const run = treeline(['start', '--port', '0', '--data-dir', join(tempDir(), 'data'), '--log-level', 'warn']);
    const port = await waitForListening(run);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    await client.connect();
    expect((await client.query('SELECT 6 * 7 AS answer')).rows).toEqual([{ answer: 42 }]);
    const ended = new Promise<void>((resolve) => client.on('end', () => resolve()));
    run.child.kill(signal);
    expect(await run.exit).toBe(0);
    await ended;
  });

  it('runs through npm start with arguments', async () => {
    const run = treeline(['start', '--', '--port', '0', '--data-dir', join(tempDir(), 'data')], 'npm', []);
    const port = await waitForListening(run);
    expect(port).toBeGreaterThan(0);
    killGroup(run.child, 'SIGTERM');
    expect(await run.exit).not.toBeUndefined();
    // the server itself (npm's child) must be gone too: its port becomes free again
    expect(await portFreed(port, 10_000)).toBe(true);
  });

  it('fails clearly when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = treeline(['start', '--port', String(port), '--data-dir', join(tempDir(), 'data')]);
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain(`could not listen on 127.0.0.1:${port}: address already in use`);
    } finally {
      blocker.close();
    }
  });

  it('fails clearly when the data directory is unusable', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const run = treeline(['start', '--port', '0', '--data-dir', file]);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('is not a directory');
  });

  it('refuses a second server on the same data directory', async () => {
    const dir = join(tempDir(), 'data');
    const first = treeline(['start', '--port', '0', '--data-dir', dir]);
    await waitForListening(first);
    const second = treeline(['start', '--port', '0', '--data-dir', dir]);
    expect(await second.exit).toBe(1);
    expect(second.stderr()).toMatch(/is in use by another server/);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  });

  it('refuses a non-loopback address without a password', async () => {
    const run = treeline(['start', '--host', '0.0.0.0', '--port', '0', '--data-dir', join(tempDir(), 'data')]);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('refusing to listen on 0.0.0.0 without a password');
  });
});
