// Authentication: SCRAM-SHA-256 with the pg and postgres drivers, cleartext password mode,
// wrong passwords (FATAL 28P01), and the refusal to listen on a non-loopback address
// without a password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import postgres from 'postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SCRAM-SHA-256', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ password: 's3cret pass' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets pg in with the right password', async () => {
    const c = await server.client({ password: 's3cret pass' });
    const r = await c.query('SELECT current_user AS u');
    expect(r.rows).toEqual([{ u: 'postgres' }]);
  });

  it('lets the postgres driver in with the right password', async () => {
    const sql = postgres({ host: '127.0.0.1', port: server.port, user: 'postgres', password: 's3cret pass', database: 'postgres', fetch_types: false, onnotice: () => {} });
    try {
      const rows = await sql`SELECT 1 + ${41}::int AS answer`;
      expect(rows[0]!.answer).toBe(42);
    } finally {
      await sql.end();
    }
  });

  it('refuses a wrong password with FATAL 28P01', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password: 'wrong', database: 'postgres' });
    await expect(c.connect()).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "postgres"' });
  });

  it('refuses an unknown user the same way, without saying it does not exist', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'mallory', password: 's3cret pass', database: 'postgres' });
    await expect(c.connect()).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "mallory"' });
  });
});

describe('cleartext password', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const server = await startTestServer({ password: 'pw', authMethod: 'password' });
    try {
      const c = await server.client({ password: 'pw' });
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const bad = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password: 'nope', database: 'postgres' });
      await expect(bad.connect()).rejects.toMatchObject({ code: '28P01' });
    } finally {
      await server.stop();
    }
  });
});

describe('listening address', () => {
  it('refuses to listen on a non-loopback address without a password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'treeline-test-'));
    try {
      await expect(startServer({ host: '0.0.0.0', port: 0, dataDir: dir, logLevel: 'error' })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a password/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
