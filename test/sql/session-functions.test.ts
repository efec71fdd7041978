// Functions and commands whose answers depend on the session or the server, checked over a
// real connection: version(), current_user, current_database(), pg_backend_pid() (equal to
// BackendKeyData's pid), now() fixed within a transaction, SHOW ALL, and unsupported
// statements refused with 0A000 naming them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let c: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  c = await server.client({ application_name: 'session-test' });
});
afterAll(async () => {
  await server.stop();
});

describe('session functions', () => {
  it('reports the version, user, database and backend pid', async () => {
    const r = await c.query('SELECT version() AS v, current_user AS u, session_user AS s, current_database() AS d, current_catalog AS cat, pg_backend_pid() AS pid, current_schema() AS schema');
    const row = r.rows[0];
    expect(row.v).toMatch(/^PostgreSQL 15\.\d+ \(Treeline [\d.]+\) on /);
    expect(row).toMatchObject({ u: 'postgres', s: 'postgres', d: 'postgres', cat: 'postgres', schema: 'public' });
    expect(row.pid).toBe((c as unknown as { processID: number }).processID);
  });

  it('keeps now() fixed inside a transaction while clock_timestamp() moves', async () => {
    await c.query('BEGIN');
    const a = (await c.query('SELECT now() AS n, clock_timestamp() AS c')).rows[0];
    await c.query('SELECT pg_sleep(0.02)');
    const b = (await c.query('SELECT now() AS n, clock_timestamp() AS c')).rows[0];
    await c.query('COMMIT');
    expect((b.n as Date).getTime()).toBe((a.n as Date).getTime());
    expect((b.c as Date).getTime()).toBeGreaterThan((a.c as Date).getTime());
    const later = (await c.query('SELECT now() AS n')).rows[0];
    expect((later.n as Date).getTime()).toBeGreaterThan((a.n as Date).getTime());
  });

  it('shows the page cache size as shared_buffers', async () => {
    expect((await c.query('SHOW shared_buffers')).rows[0].shared_buffers).toBe('128MB');
    const small = await startTestServer({ cacheSizeMiB: 16 });
    try {
      const s = await small.client();
      expect((await s.query('SHOW shared_buffers')).rows[0].shared_buffers).toBe('16MB');
    } finally {
      await small.stop();
    }
  });

  it('lists every visible setting in SHOW ALL, sorted, with descriptions', async () => {
    const r = await c.query('SHOW ALL');
    expect(r.fields.map((f) => f.name)).toEqual(['name', 'setting', 'description']);
    const names = r.rows.map((row) => row.name as string);
    expect(names.length).toBeGreaterThan(300);
    expect([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names);
    expect(r.rows.find((row) => row.name === 'application_name')).toMatchObject({ setting: 'session-test' });
    expect(names).not.toContain('is_superuser');
  });

  it.each([
    ['CREATE TABLE t (a int) PARTITION BY RANGE (a)', 'partitioned tables are not supported yet'],
    ['CREATE UNLOGGED TABLE t (a int)', 'unlogged tables are not supported yet'],
    ['LISTEN foo', 'LISTEN is not supported yet'],
    ['CREATE FUNCTION f() RETURNS int AS $$SELECT 1$$ LANGUAGE sql', 'CREATE FUNCTION is not supported yet'],
    ['EXPLAIN (FORMAT JSON) SELECT 1', 'EXPLAIN (FORMAT JSON) is not supported yet'],
    ['SAVEPOINT s', 'SAVEPOINT can only be used in transaction blocks'],
  ])('refuses %s clearly', async (sql, message) => {
    await expect(c.query(sql)).rejects.toMatchObject({ message });
  });
});
