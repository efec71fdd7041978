// Crash recovery under load (DESIGN.md §7): 20 times, the built server is killed with SIGKILL at
// a random moment while 8 connections run bank transfers; each restart must find every
// acknowledged transfer, the total balance unchanged and no transfer partly applied.
// Runs the built CLI (dist/), which `npm test` builds first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBank, createBank, transferUntilFailure } from './bank.js';
import { connect } from './connect.js';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'treeline-crash-'));
let child: ChildProcess | null = null;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the server on the data directory; resolves with its port once it listens. */
async function start(): Promise<{ port: number; exited: Promise<void> }> {
  const proc = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
    if (m) return { port: Number(m[1]), exited };
    if (proc.exitCode !== null) throw new Error(`server exited: ${err}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`server did not start: ${err}`);
}

describe('kill -9 under a bank-transfer load', () => {
  it('keeps every acknowledged transfer and the total balance across 20 crashes', async () => {
    const acked = new Set<string>();
    let server = await start();
    const setup = await connect(server.port);
    await createBank(setup);
    await setup.end();
    let recorded = 0;
    for (let round = 0; round < 20; round++) {
      const load = transferUntilFailure(server.port, 8, acked, `r${round}`);
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 500));
      child!.kill('SIGKILL');
      await server.exited;
      await load;
      server = await start();
      const check = await connect(server.port);
      const now = await checkBank(check, acked);
      expect(now).toBeGreaterThanOrEqual(recorded);
      recorded = now;
      await check.end();
    }
    // the load really ran: transfers were acknowledged in the rounds
    expect(acked.size).toBeGreaterThan(100);
    child!.kill('SIGTERM');
    await server.exited;
  }, 240_000);
});
