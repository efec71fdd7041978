// PostgreSQL 15's pgbench against Treeline on pgbench's own tables: `pgbench -i` at scale 1 (the
// default steps, server-side generation, foreign keys), then every builtin script (tpcb-like,
// simple-update, select-only) in the simple, extended and prepared protocols. After each run the
// balance invariant must hold: what the run added to accounts, tellers, branches and the history
// agrees (sum(abalance) = sum(tbalance) = sum(bbalance) = sum(delta) for tpcb-like).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const tool = (name: string) => (existsSync(join(PG_BIN, name)) ? join(PG_BIN, name) : name);

let server: TestServer;
let client: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  client = await server.client();
});
afterAll(async () => {
  await server.stop();
});

/** Runs pgbench against the test server's database postgres; rejects on a non-zero exit. */
async function pgbench(...args: string[]): Promise<string> {
  const { stdout } = await run(tool('pgbench'), ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', ...args, 'postgres'], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  return stdout;
}

interface Sums {
  accounts: number;
  tellers: number;
  branches: number;
  history: number;
  historyRows: number;
}

async function sums(): Promise<Sums> {
  const { rows } = await client.query(`SELECT
      (SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts) AS accounts, (SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers) AS tellers,
      (SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches) AS branches, (SELECT coalesce(sum(delta), 0) FROM pgbench_history) AS history,
      (SELECT count(*) FROM pgbench_history) AS "historyRows"`);
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)])) as unknown as Sums;
}

const difference = (after: Sums, before: Sums): Sums => ({
  accounts: after.accounts - before.accounts,
  tellers: after.tellers - before.tellers,
  branches: after.branches - before.branches,
  history: after.history - before.history,
  historyRows: after.historyRows - before.historyRows,
});

async function expectFreshTables() {
  const { rows } = await client.query(`SELECT (SELECT count(*) FROM pgbench_branches) AS b, (SELECT count(*) FROM pgbench_tellers) AS t,
      (SELECT count(*) FROM pgbench_accounts) AS a, (SELECT count(*) FROM pgbench_history) AS h`);
  expect(rows[0]).toEqual({ b: '1', t: '10', a: '100000', h: '0' });
  expect(await sums()).toEqual({ accounts: 0, tellers: 0, branches: 0, history: 0, historyRows: 0 });
}

async function constraints(): Promise<string[]> {
  const { rows } = await client.query(
    "SELECT conname || ' ' || contype::text AS c FROM pg_constraint WHERE conrelid::regclass::text LIKE 'pgbench%' ORDER BY conname",
  );
  return rows.map((r) => r.c);
}

const PRIMARY_KEYS = ['pgbench_accounts_pkey p', 'pgbench_branches_pkey p', 'pgbench_tellers_pkey p'];
const FOREIGN_KEYS = ['pgbench_accounts_bid_fkey f', 'pgbench_history_aid_fkey f', 'pgbench_history_bid_fkey f', 'pgbench_history_tid_fkey f', 'pgbench_tellers_bid_fkey f'];

describe('pgbench -i', () => {
  // the default steps (dtgvp) send `begin; truncate table pgbench_accounts, …;` and then
  // `copy pgbench_accounts from stdin with (freeze on)`: allowed for a table truncated in the transaction
  it('loads scale 1 with the default steps (client-side COPY … FREEZE after TRUNCATE)', async () => {
    await pgbench('-i', '-q', '-s', '1');
    await expectFreshTables();
  });

  it('loads scale 1 with server-side generation (-I dtGvp)', async () => {
    await pgbench('-i', '-q', '-I', 'dtGvp', '-s', '1');
    await expectFreshTables();
    expect(await constraints()).toEqual(PRIMARY_KEYS);
  });

  it.each([
    ['--foreign-keys', ['-I', 'dtGvp', '--foreign-keys']],
    ['-I dtGvpf', ['-I', 'dtGvpf']],
  ])('adds foreign keys with %s, and tpcb-like runs under them', async (_name, args) => {
    await pgbench('-i', '-q', ...args, '-s', '1');
    await expectFreshTables();
    expect(await constraints()).toEqual([...PRIMARY_KEYS, ...FOREIGN_KEYS].sort());
    const stdout = await pgbench('-n', '-b', 'tpcb-like', '-t', '50');
    expect(stdout).toMatch(/number of failed transactions: 0 /);
    const after = await sums();
    expect([after.tellers, after.branches, after.history]).toEqual([after.accounts, after.accounts, after.accounts]);
  });
});

describe('builtin scripts, one client', () => {
  beforeAll(async () => {
    await pgbench('-i', '-q', '-I', 'dtGvp', '-s', '1');
  });

  const runs = ['tpcb-like', 'simple-update', 'select-only'].flatMap((script) => ['simple', 'extended', 'prepared'].map((mode) => [script, mode]));
  it.each(runs)('%s with -M %s keeps the balance invariant', async (script, mode) => {
    const before = await sums();
    const stdout = await pgbench('-n', '-b', script, '-M', mode, '-c', '1', '-t', '200');
    expect(stdout).toMatch(/number of transactions actually processed: 200\/200/);
    expect(stdout).toMatch(/number of failed transactions: 0 /);
    const changed = difference(await sums(), before);
    // tpcb-like moves the same delta into an account, a teller, a branch and the history;
    // simple-update only into an account and the history; select-only changes nothing
    const writes = script !== 'select-only';
    const delta = changed.history;
    expect(changed).toEqual({
      accounts: delta,
      tellers: script === 'tpcb-like' ? delta : 0,
      branches: script === 'tpcb-like' ? delta : 0,
      history: writes ? delta : 0,
      historyRows: writes ? 200 : 0,
    });
  });

  it("runs tpcb-like after pgbench's own vacuum and history truncation (no -n)", async () => {
    const before = await sums();
    const stdout = await pgbench('-b', 'tpcb-like', '-M', 'prepared', '-t', '100');
    expect(stdout).toMatch(/number of failed transactions: 0 /);
    const after = await sums();
    expect(after.historyRows).toBe(100);
    const changed = difference(after, before);
    expect([changed.accounts, changed.tellers, changed.branches]).toEqual([after.history, after.history, after.history]);
  });
});

describe('builtin scripts, concurrent clients', () => {
  // row locks (DESIGN.md §6, invariant 4): two clients that update the same teller or branch
  // must not both read the old balance, or sum(tbalance) and sum(bbalance) drift from sum(delta)
  it('tpcb-like with -c 4 -j 2 keeps the balance invariant', async () => {
    await pgbench('-i', '-q', '-I', 'dtGvp', '-s', '1');
    for (const mode of ['simple', 'prepared']) {
      const before = await sums();
      const stdout = await pgbench('-n', '-b', 'tpcb-like', '-M', mode, '-c', '4', '-j', '2', '-t', '200');
      expect(stdout).toMatch(/number of transactions actually processed: 800\/800/);
      expect(stdout).toMatch(/number of failed transactions: 0 /);
      const changed = difference(await sums(), before);
      expect(changed).toEqual({ accounts: changed.history, tellers: changed.history, branches: changed.history, history: changed.history, historyRows: 800 });
    }
  });
});
