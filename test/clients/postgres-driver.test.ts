// The `postgres` driver (porsager): tagged-template queries use the extended protocol with
// binary-capable parameters; at connect it discovers array types from pg_type (fetch_types).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  server = await startTestServer();
  sql = postgres({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres', onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await server.stop();
});

describe('postgres driver', () => {
  it('runs tagged-template queries with parameters', async () => {
    const rows = await sql`SELECT ${5}::int * ${8}::int AS product, ${'text'} AS t, ${true}::bool AS b`;
    expect(rows).toEqual([{ product: 40, t: 'text', b: true }]);
  });

  it('runs unsafe simple queries with several statements', async () => {
    const result = await sql.unsafe('SELECT 1 AS a; SELECT 2 AS b');
    expect(result).toHaveLength(2);
  });

  it('surfaces errors with their SQLSTATE', async () => {
    await expect(sql`SELECT 1 / ${0}::int`).rejects.toMatchObject({ code: '22012' });
  });

  it('runs a transaction block', async () => {
    const value = await sql.begin(async (tx) => {
      const [row] = await tx`SELECT 'inside' AS where_`;
      return row!.where_;
    });
    expect(value).toBe('inside');
  });

  it('decodes arrays with the types it discovered, and writes rows with its helpers', async () => {
    await sql`CREATE TABLE pd_items (id serial PRIMARY KEY, name text NOT NULL, tags text[], scores int[])`;
    await sql`INSERT INTO pd_items ${sql([{ name: 'a', tags: ['x', 'y'], scores: [1, 2] }, { name: 'b', tags: [], scores: null }], 'name', 'tags', 'scores')}`;
    const rows = await sql`SELECT name, tags, scores FROM pd_items ORDER BY id`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { name: 'a', tags: ['x', 'y'], scores: [1, 2] },
      { name: 'b', tags: [], scores: null },
    ]);
    const [n] = await sql`UPDATE pd_items SET ${sql({ name: 'c' }, 'name')} WHERE id = ${1} RETURNING name`;
    expect(n!.name).toBe('c');
  });
});
