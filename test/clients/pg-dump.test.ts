// PostgreSQL 15's pg_dump and pg_restore against Treeline, end to end: the schema in
// pg-dump/schema.sql (schemas, serial and identity columns, defaults, constraints, indexes of
// every shape, a view, sequences, an enum, comments, generated columns, awkward data) is
// dumped in plain format, which must equal what pg_dump printed for the same schema on
// PostgreSQL (pg-dump/expected.sql, recorded with the reference server), and restored with
// psql into a fresh database; so is a dump with INSERT statements (pg_dump reads the rows
// through a cursor then); a custom-format dump is restored with pg_restore into another.
// Each restored database must answer as the source does: rows, psql's \d, sequence values,
// comments, and a pg_dump of its own. Skipped where the PostgreSQL 15 client tools are absent.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const haveTools = ['pg_dump', 'pg_restore', 'psql'].every((tool) => existsSync(join(PG_BIN, tool)));

const schema = readFileSync(new URL('pg-dump/schema.sql', import.meta.url), 'utf8');
const expectedDump = readFileSync(new URL('pg-dump/expected.sql', import.meta.url), 'utf8');

/**
 * What a restored database must answer exactly as the source does. The last two statements
 * advance sequences and add a row, on both sides alike, so the tests run in order and each
 * dumps the source as the one before left it.
 */
const CHECKS = [
  '\\d app.customers',
  '\\d app.orders',
  '\\d public.items',
  '\\d public.nokey',
  '\\d app.big_orders',
  '\\d app.ticket_seq',
  '\\dT app.*',
  'SELECT * FROM app.customers ORDER BY id;',
  'SELECT * FROM app.orders ORDER BY id;',
  'SELECT * FROM public.items ORDER BY code, region;',
  'SELECT * FROM public.nokey ORDER BY a;',
  'SELECT * FROM app.big_orders ORDER BY id;',
  'SELECT last_value, is_called FROM app.ticket_seq;',
  'SELECT last_value, is_called FROM app.customers_id_seq;',
  'SELECT last_value, is_called FROM app.orders_id_seq;',
  'SELECT last_value, is_called FROM public.items_n_seq;',
  "SELECT obj_description('app.customers'::regclass, 'pg_class'), col_description('app.customers'::regclass, 2), obj_description('app'::regnamespace, 'pg_namespace');",
  "SELECT nextval('app.ticket_seq'), nextval('app.customers_id_seq');",
  "INSERT INTO app.orders (customer_id, price) VALUES (1, 2) RETURNING id, total;",
].join('\n');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let server: TestServer;
let dir: string;

/** Runs a PostgreSQL client tool against the test server, `input` on its standard input. */
function tool(name: string, args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(PG_BIN, name), ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', ...args], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '10', PGOPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const psql = (database: string, script: string) => tool('psql', ['-d', database, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], script);

/** A dump with the parts that differ from run to run or server to server made constant. */
function normalized(dump: string): string {
  return dump.replace(/^\\(un)?restrict .*$/gm, '\\$1restrict KEY').replace(/^-- Dumped from database version .*$/m, '-- Dumped from database version VERSION');
}

async function createDatabase(name: string): Promise<void> {
  const r = await psql('postgres', `CREATE DATABASE ${name};`);
  expect(r.stderr).toBe('');
}

beforeAll(async () => {
  if (!haveTools) return;
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'treeline-pg-dump-'));
  await createDatabase('dump_src');
  const r = await psql('dump_src', schema);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});
afterAll(async () => {
  if (!haveTools) return;
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveTools)('pg_dump and pg_restore', () => {
  it('dumps in plain format what PostgreSQL dumps', async () => {
    const r = await tool('pg_dump', ['-d', 'dump_src']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(normalized(r.stdout)).toBe(expectedDump);
  });

  it('restores a plain dump with psql into a fresh database that answers the same', async () => {
    const dump = await tool('pg_dump', ['-d', 'dump_src']);
    await createDatabase('dump_plain');
    const restore = await psql('dump_plain', dump.stdout);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const again = await tool('pg_dump', ['-d', 'dump_plain']);
    expect(normalized(again.stdout)).toBe(normalized(dump.stdout));
    const [want, got] = await Promise.all([psql('dump_src', CHECKS), psql('dump_plain', CHECKS)]);
    expect(want.stderr).toBe('');
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.stdout);
  });

  it('dumps rows as INSERT statements (read through a cursor) that psql restores', async () => {
    const dump = await tool('pg_dump', ['--column-inserts', '-d', 'dump_src']);
    expect(dump.stderr).toBe('');
    expect(dump.stdout).toContain("INSERT INTO app.customers (id, email, name, mood, score, created) VALUES (2, 'b@x', 'tab\there \\ back', 'sad', NULL,");
    await createDatabase('dump_inserts');
    const restore = await psql('dump_inserts', dump.stdout);
    expect(restore.stderr).toBe('');
    const [want, got] = await Promise.all([psql('dump_src', CHECKS), psql('dump_inserts', CHECKS)]);
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.stdout);
  });

  it('restores a custom-format dump with pg_restore', async () => {
    const file = join(dir, 'dump.custom');
    const dump = await tool('pg_dump', ['-Fc', '-f', file, '-d', 'dump_src']);
    expect(dump.stderr).toBe('');
    expect(dump.code).toBe(0);
    await createDatabase('dump_custom');
    const restore = await tool('pg_restore', ['-d', 'dump_custom', file]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const [plain, again] = await Promise.all([tool('pg_dump', ['-d', 'dump_src']), tool('pg_dump', ['-d', 'dump_custom'])]);
    expect(normalized(again.stdout)).toBe(normalized(plain.stdout));
    const [want, got] = await Promise.all([psql('dump_src', CHECKS), psql('dump_custom', CHECKS)]);
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.stdout);
  });
});
