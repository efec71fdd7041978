// Expression and partial indexes over real connections: the planner reads through them when a
// condition matches an indexed expression or implies a predicate (EXPLAIN (COSTS OFF)), and what
// it reads equals a scan of an unindexed copy of the table after random writes; unique
// violations name the expressions as PostgreSQL does; COPY maintains them; and the definitions
// survive a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  for (const t of ['ix', 'plain']) {
    await c.query(`CREATE TABLE ${t} (id int PRIMARY KEY, a int, b text, c int, active bool)`);
  }
  await c.query('CREATE INDEX ix_lower ON ix (lower(b))');
  await c.query('CREATE INDEX ix_sum ON ix ((a + c))');
  await c.query('CREATE INDEX ix_a_pos ON ix (a) WHERE c > 0');
  await c.query('CREATE UNIQUE INDEX ix_active ON ix (a, lower(b)) WHERE active');
});
afterAll(async () => {
  await server.stop();
});

async function plan(sql: string): Promise<string[]> {
  const r = await c.query(`EXPLAIN (COSTS OFF) ${sql}`);
  return r.rows.map((row) => row['QUERY PLAN'] as string);
}

const rows = async (sql: string) => (await c.query({ text: sql, rowMode: 'array' })).rows;

describe('the planner', () => {
  it('reads an expression index for =, ranges and IN lists on the indexed expression', async () => {
    expect(await plan(`SELECT * FROM ix WHERE lower(b) = 'b5'`)).toEqual(['Index Scan using ix_lower on ix', "  Index Cond: (lower(b) = 'b5'::text)"]);
    expect(await plan(`SELECT * FROM ix WHERE lower(b) >= 'b5' AND lower(b) < 'b7'`)).toEqual([
      'Index Scan using ix_lower on ix',
      "  Index Cond: ((lower(b) >= 'b5'::text) AND (lower(b) < 'b7'::text))",
    ]);
    expect(await plan('SELECT * FROM ix WHERE 3 < a + c')).toEqual(['Index Scan using ix_sum on ix', '  Index Cond: ((a + c) > 3)']);
    expect(await plan(`SELECT * FROM ix WHERE lower(b) IN ('b1', 'b2')`)).toEqual(['Index Scan using ix_lower on ix', "  Index Cond: (lower(b) = ANY ('{b1,b2}'::text[]))"]);
    // another expression is not the indexed one
    expect(await plan(`SELECT * FROM ix WHERE upper(b) = 'B5'`)).toEqual(['Seq Scan on ix', "  Filter: (upper(b) = 'B5'::text)"]);
    expect(await plan('SELECT * FROM ix WHERE c + a = 3')).toEqual(['Seq Scan on ix', '  Filter: ((c + a) = 3)']);
  });

  it('reads a partial index only when the conditions imply its predicate', async () => {
    expect(await plan('SELECT * FROM ix WHERE a = 5')).toEqual(['Seq Scan on ix', '  Filter: (a = 5)']);
    expect(await plan('SELECT * FROM ix WHERE a = 5 AND c > 0')).toEqual(['Index Scan using ix_a_pos on ix', '  Index Cond: (a = 5)']);
    expect(await plan('SELECT * FROM ix WHERE a = 5 AND c >= 3')).toEqual(['Index Scan using ix_a_pos on ix', '  Index Cond: (a = 5)', '  Filter: (c >= 3)']);
    expect(await plan('SELECT * FROM ix WHERE a = 5 AND c = 1')).toEqual(['Index Scan using ix_a_pos on ix', '  Index Cond: (a = 5)', '  Filter: (c = 1)']);
    expect(await plan('SELECT * FROM ix WHERE a = 5 AND c >= 0')).toEqual(['Seq Scan on ix', '  Filter: ((a = 5) AND (c >= 0))']);
    expect(await plan('SELECT * FROM ix WHERE a = 5 AND c > 0.5')).toEqual(['Seq Scan on ix', "  Filter: ((a = 5) AND ((c)::numeric > 0.5))"]);
    expect(await plan(`SELECT * FROM ix WHERE a = 5 AND lower(b) = 'b5' AND active`)).toEqual([
      'Index Scan using ix_active on ix',
      "  Index Cond: ((a = 5) AND (lower(b) = 'b5'::text))",
    ]);
    expect(await plan('DELETE FROM ix WHERE a = 5 AND c > 0')).toEqual(['Delete on ix', '  ->  Index Scan using ix_a_pos on ix', '        Index Cond: (a = 5)']);
  });

  it('returns what a scan of the table returns, after random writes', async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const write = async (sql: string) => {
      for (const t of ['ix', 'plain']) await c.query(sql.replaceAll('$T', t));
    };
    for (let i = 1; i <= 400; i++) {
      const b = rand(10) === 0 ? 'NULL' : `'${rand(2) ? 'B' : 'b'}${rand(12)}'`;
      // the unique partial index refuses some rows; the plain table takes only those ix takes
      try {
        await c.query(`INSERT INTO ix VALUES (${i}, ${rand(20)}, ${b}, ${rand(9) - 4}, ${rand(3) === 0})`);
      } catch (err) {
        expect((err as { code: string }).code).toBe('23505');
        continue;
      }
      await c.query(`INSERT INTO plain SELECT * FROM ix WHERE id = ${i}`);
    }
    for (let i = 0; i < 60; i++) {
      const id = rand(400) + 1;
      if (i % 3 === 0) await write(`DELETE FROM $T WHERE id = ${id}`);
      else await write(`UPDATE $T SET c = ${rand(9) - 4}, b = lower(b) WHERE id = ${id}`);
    }
    const queries = [
      `SELECT * FROM $T WHERE lower(b) = 'b5'`,
      `SELECT * FROM $T WHERE lower(b) > 'b3' AND lower(b) <= 'b8'`,
      `SELECT * FROM $T WHERE lower(b) IN ('b1', 'b11')`,
      'SELECT * FROM $T WHERE a + c = 7',
      'SELECT * FROM $T WHERE a + c < 0',
      'SELECT * FROM $T WHERE a = 5 AND c > 0',
      'SELECT * FROM $T WHERE a >= 15 AND c > 2',
      'SELECT * FROM $T WHERE a < 3 AND c = 4',
      `SELECT * FROM $T WHERE a = 4 AND lower(b) = 'b4' AND active`,
    ];
    for (const q of queries) {
      const got = await rows(`${q.replaceAll('$T', 'ix')} ORDER BY id`);
      expect(got, q).toEqual(await rows(`${q.replaceAll('$T', 'plain')} ORDER BY id`));
      expect((await plan(q.replaceAll('$T', 'ix')))[0], q).toMatch(/^Index Scan using ix_/);
    }
  });
});

describe('unique expression and partial indexes', () => {
  it('name the expressions in the violation, as PostgreSQL does', async () => {
    await c.query('CREATE TABLE ux (id int, b text, c int)');
    await c.query('CREATE UNIQUE INDEX ux_lower ON ux (lower(b))');
    await c.query('CREATE UNIQUE INDEX ux_multi ON ux ((c + 1), (b || c::text), c) WHERE c > 10');
    await c.query(`INSERT INTO ux VALUES (1, 'X', 1), (2, 'y', 11)`);
    await expect(c.query(`INSERT INTO ux VALUES (3, 'x', 2)`)).rejects.toMatchObject({
      code: '23505',
      message: 'duplicate key value violates unique constraint "ux_lower"',
      detail: 'Key (lower(b))=(x) already exists.',
    });
    await c.query('DROP INDEX ux_lower');
    await expect(c.query(`INSERT INTO ux VALUES (3, 'y', 11)`)).rejects.toMatchObject({
      detail: 'Key ((c + 1), (b || c::text), c)=(12, y11, 11) already exists.',
    });
    await c.query(`INSERT INTO ux VALUES (3, 'Y', 2)`);
    await expect(c.query('CREATE UNIQUE INDEX ux_upper ON ux (upper(b))')).rejects.toMatchObject({
      code: '23505',
      message: 'could not create unique index "ux_upper"',
      detail: 'Key (upper(b))=(Y) is duplicated.',
    });
  });

  it('are kept by COPY FROM STDIN', async () => {
    await c.query('CREATE TABLE cx (id int, b text, ok bool)');
    await c.query('CREATE UNIQUE INDEX cx_b ON cx (lower(b)) WHERE ok');
    const stream = c.query(copyFrom('COPY cx FROM STDIN'));
    await pipeline(Readable.from([Buffer.from('1\tA\tt\n2\ta\tf\n3\tB\tt\n')]), stream);
    expect(await rows(`SELECT id FROM cx WHERE lower(b) = 'a' AND ok`)).toEqual([[1]]);
    const dup = c.query(copyFrom('COPY cx FROM STDIN'));
    await expect(pipeline(Readable.from([Buffer.from('4\tb\tt\n')]), dup)).rejects.toMatchObject({ code: '23505', detail: 'Key (lower(b))=(b) already exists.' });
    expect(await rows('SELECT count(*)::int FROM cx')).toEqual([[3]]);
  });
});

describe('a restart', () => {
  it('keeps the expressions and predicates of indexes, and their entries', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-exprindex-'));
    const connect = async (port: number) => {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      client.on('error', () => {});
      await client.connect();
      return client;
    };
    try {
      let s = await startServer({ port: 0, dataDir, logLevel: 'error' });
      let k = await connect(s.port);
      await k.query('CREATE TABLE r (id int PRIMARY KEY, email text, score int)');
      await k.query('CREATE UNIQUE INDEX r_email ON r (lower(email)) WHERE score >= 0');
      await k.query('CREATE INDEX r_half ON r ((score / 2))');
      await k.query(`INSERT INTO r SELECT g, 'User' || g || '@x', g - 5 FROM generate_series(1, 50) g`);
      await k.end();
      await s.close();

      s = await startServer({ port: 0, dataDir, logLevel: 'error' });
      k = await connect(s.port);
      const defs = await k.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'r' ORDER BY indexname`);
      expect(defs.rows.map((r) => r.indexdef)).toEqual([
        'CREATE UNIQUE INDEX r_email ON public.r USING btree (lower(email)) WHERE (score >= 0)',
        'CREATE INDEX r_half ON public.r USING btree (((score / 2)))',
        'CREATE UNIQUE INDEX r_pkey ON public.r USING btree (id)',
      ]);
      const explain = await k.query(`EXPLAIN (COSTS OFF) SELECT id FROM r WHERE score / 2 = 10`);
      expect(explain.rows.map((r) => r['QUERY PLAN'])).toEqual(['Index Scan using r_half on r', '  Index Cond: ((score / 2) = 10)']);
      expect((await k.query('SELECT id FROM r WHERE score / 2 = 10 ORDER BY id')).rows).toEqual([{ id: 25 }, { id: 26 }]);
      await expect(k.query(`INSERT INTO r VALUES (100, 'USER30@X', 1)`)).rejects.toMatchObject({ code: '23505', detail: 'Key (lower(email))=(user30@x) already exists.' });
      // a row the predicate leaves out may repeat the value
      await k.query(`INSERT INTO r VALUES (100, 'USER3@X', 1)`);
      await k.end();
      await s.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
