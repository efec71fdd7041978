// Table rewrites over real sockets (ALTER TABLE ... TYPE, ADD PRIMARY KEY, ADD COLUMN with a
// default, TRUNCATE): what the recorded cases cannot show — the new files survive a restart and
// the old ones are deleted, a rollback leaves the old files in place and deletes the new ones,
// and a writer that commits to the table while it is rewritten makes one side fail with 40001.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../src/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

async function connect(port: number): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function fileOf(c: pg.Client, relation: string): Promise<number> {
  const r = await c.query('SELECT relfilenode FROM pg_class WHERE relname = $1', [relation]);
  return Number(r.rows[0].relfilenode);
}

describe('a rewritten table', () => {
  it('keeps its new definition and rows across a restart; its old files are gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-rewrite-'));
    const base = join(dataDir, 'base', '5');
    try {
      let server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      let c = await connect(server.port);
      await c.query('CREATE TABLE m (id int, amount text, note text)');
      await c.query('CREATE INDEX m_amount ON m (amount)');
      await c.query("INSERT INTO m SELECT g, (g * 10)::text, 'n' || g FROM generate_series(1, 500) g");
      const oldTable = await fileOf(c, 'm');
      const oldIndex = await fileOf(c, 'm_amount');
      await c.query('ALTER TABLE m ALTER COLUMN amount TYPE bigint USING amount::bigint, ADD COLUMN flag bool NOT NULL DEFAULT true');
      await c.query('ALTER TABLE m ADD PRIMARY KEY (id)');
      const newTable = await fileOf(c, 'm');
      const newIndex = await fileOf(c, 'm_amount');
      expect(newTable).not.toBe(oldTable);
      expect(newIndex).not.toBe(oldIndex);
      expect(existsSync(join(base, String(oldTable)))).toBe(false);
      expect(existsSync(join(base, String(oldIndex)))).toBe(false);
      expect(existsSync(join(base, String(newTable)))).toBe(true);
      await c.query('CREATE TABLE emptied (k int PRIMARY KEY)');
      await c.query('INSERT INTO emptied SELECT generate_series(1, 10)');
      await c.query('TRUNCATE emptied');
      await c.end();
      await server.close();

      server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      c = await connect(server.port);
      const types = await c.query("SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'm'::regclass AND attnum > 0 ORDER BY attnum");
      expect(types.rows).toEqual([
        { attname: 'id', t: 'integer' },
        { attname: 'amount', t: 'bigint' },
        { attname: 'note', t: 'text' },
        { attname: 'flag', t: 'boolean' },
      ]);
      expect((await c.query('SELECT count(*)::int AS n, sum(amount)::int AS s, bool_and(flag) AS f FROM m')).rows).toEqual([{ n: 500, s: 1252500, f: true }]);
      // the primary key and the rebuilt index both answer
      expect((await c.query('SELECT note FROM m WHERE id = 250')).rows).toEqual([{ note: 'n250' }]);
      expect((await c.query('SELECT id FROM m WHERE amount = 4990')).rows).toEqual([{ id: 499 }]);
      await expect(c.query("INSERT INTO m VALUES (7, 1, 'dup')")).rejects.toMatchObject({ code: '23505' });
      expect((await c.query('SELECT count(*)::int AS n FROM emptied')).rows).toEqual([{ n: 0 }]);
      await c.query('INSERT INTO emptied VALUES (1)');
      await c.end();
      await server.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is untouched by a rolled-back rewrite, whose new files are deleted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-rewrite-'));
    const base = join(dataDir, 'base', '5');
    try {
      let server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      let c = await connect(server.port);
      await c.query('CREATE TABLE r (k int UNIQUE, v text)');
      await c.query("INSERT INTO r VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      const before = await fileOf(c, 'r');
      await c.query('BEGIN');
      await c.query("ALTER TABLE r ALTER COLUMN k TYPE text USING 'k' || k, ADD PRIMARY KEY (v)");
      await c.query("INSERT INTO r VALUES ('k9', 'z')");
      const during = await fileOf(c, 'r');
      expect(during).not.toBe(before);
      expect((await c.query('SELECT k FROM r ORDER BY v')).rows.map((x) => x.k)).toEqual(['k1', 'k2', 'k3', 'k9']);
      await c.query('ROLLBACK');
      expect(existsSync(join(base, String(during)))).toBe(false);
      expect(await fileOf(c, 'r')).toBe(before);
      // a failed rewrite (a duplicate key) rolls back the same way
      await c.query("INSERT INTO r VALUES (4, 'a')");
      await expect(c.query('ALTER TABLE r ADD PRIMARY KEY (v)')).rejects.toMatchObject({ code: '23505', message: 'could not create unique index "r_pkey"' });
      await c.end();
      await server.close();

      server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      c = await connect(server.port);
      expect((await c.query('SELECT k, v FROM r ORDER BY k')).rows).toEqual([
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
        { k: 3, v: 'c' },
        { k: 4, v: 'a' },
      ]);
      await expect(c.query("INSERT INTO r VALUES (1, 'x')")).rejects.toMatchObject({ code: '23505' });
      await c.end();
      await server.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a rewrite with a concurrent writer', () => {
  let server: TestServer;
  let a: pg.Client;
  let b: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    a = await server.client();
    b = await server.client();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('fails the writer that commits after the rewrite', async () => {
    await a.query('CREATE TABLE w1 (id int, v int)');
    await a.query('INSERT INTO w1 VALUES (1, 1)');
    await b.query('BEGIN');
    await b.query('INSERT INTO w1 VALUES (2, 2)');
    await a.query('ALTER TABLE w1 ALTER COLUMN v TYPE bigint');
    await expect(b.query('COMMIT')).rejects.toMatchObject({ code: '40001' });
    expect((await a.query('SELECT id, v, pg_typeof(v)::text AS t FROM w1 ORDER BY id')).rows).toEqual([{ id: 1, v: '1', t: 'bigint' }]);
  });

  it('fails the rewrite when a writer commits first', async () => {
    await a.query('CREATE TABLE w2 (id int, v int)');
    await a.query('INSERT INTO w2 VALUES (1, 1)');
    await a.query('BEGIN');
    await a.query('ALTER TABLE w2 ADD PRIMARY KEY (id)');
    await b.query('INSERT INTO w2 VALUES (2, 2)');
    await expect(a.query('COMMIT')).rejects.toMatchObject({ code: '40001' });
    expect((await a.query('SELECT id FROM w2 ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    // no primary key came of it
    await a.query('INSERT INTO w2 VALUES (1, 3)');
    expect((await a.query("SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'w2'::regclass")).rows).toEqual([{ n: 0 }]);
  });

  it('fails a TRUNCATE when a writer commits first, and a writer that commits after it', async () => {
    await a.query('CREATE TABLE w3 (id int)');
    await a.query('INSERT INTO w3 VALUES (1)');
    await a.query('BEGIN');
    await a.query('TRUNCATE w3');
    await b.query('INSERT INTO w3 VALUES (2)');
    await expect(a.query('COMMIT')).rejects.toMatchObject({ code: '40001' });
    expect((await a.query('SELECT id FROM w3 ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await b.query('BEGIN');
    await b.query('INSERT INTO w3 VALUES (3)');
    await a.query('TRUNCATE w3');
    await expect(b.query('COMMIT')).rejects.toMatchObject({ code: '40001' });
    expect((await a.query('SELECT count(*)::int AS n FROM w3')).rows).toEqual([{ n: 0 }]);
  });

  it('fails a new CHECK constraint when a writer commits a row it has not seen', async () => {
    await a.query('CREATE TABLE w4 (v int)');
    await a.query('INSERT INTO w4 VALUES (1)');
    await a.query('BEGIN');
    await a.query('ALTER TABLE w4 ADD CHECK (v > 0)');
    await b.query('INSERT INTO w4 VALUES (-1)');
    await expect(a.query('COMMIT')).rejects.toMatchObject({ code: '40001' });
    expect((await a.query("SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'w4'::regclass")).rows).toEqual([{ n: 0 }]);
  });
});
