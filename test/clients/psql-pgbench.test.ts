// PostgreSQL's own clients against Treeline: psql runs `select 1` and a multi-statement -c
// and reports errors; pgbench connects and runs a custom script for 100 transactions.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const tool = (name: string) => (existsSync(join(PG_BIN, name)) ? join(PG_BIN, name) : name);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

function psql(...args: string[]) {
  return run(tool('psql'), ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-d', 'postgres', '-X', ...args], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
}

describe('psql', () => {
  it('runs select 1', async () => {
    const { stdout } = await psql('-c', 'select 1');
    expect(stdout).toBe(' ?column? \n----------\n        1\n(1 row)\n\n');
  });

  it('runs a multi-statement -c and prints each result', async () => {
    const { stdout } = await psql('-At', '-c', "select 1 as a; select 'two' as b; show DateStyle");
    expect(stdout).toBe('1\ntwo\nISO, MDY\n');
  });

  it('prints errors as PostgreSQL does and exits non-zero', async () => {
    await expect(psql('-c', 'select 1/0')).rejects.toMatchObject({ code: 1, stderr: 'ERROR:  division by zero\n' });
  });
});

describe('pgbench', () => {
  it('runs a custom script for 100 transactions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'treeline-pgbench-'));
    try {
      const script = join(dir, 'script.sql');
      writeFileSync(script, '\\set n random(1, 1000)\nSELECT :n + 1;\nSELECT abs(:n - 2000), upper(\'x\');\n');
      for (const mode of ['simple', 'extended', 'prepared']) {
        const { stdout } = await run(tool('pgbench'), ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-n', '-M', mode, '-f', script, '-t', '100', 'postgres']);
        expect(stdout).toMatch(/number of transactions actually processed: 100\/100/);
        expect(stdout).toMatch(/number of failed transactions: 0/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
