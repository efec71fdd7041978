// The `postgres` driver (porsager): tagged-template queries use the extended protocol with
// binary-capable parameters; array-type discovery queries pg_type, which comes with the SQL
// issue, so these tests connect with fetch_types: false.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  server = await startTestServer();
  sql = postgres({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres', fetch_types: false, onnotice: () => {} });
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
});
