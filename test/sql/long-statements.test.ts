// Long statements share the server: a query that scans, sorts, joins or aggregates millions
// of rows pauses now and then so other connections are served meanwhile, and
// statement_timeout or a cancel request stops it; an endless WITH RECURSIVE under LIMIT
// stops at the limit. Statements over hundreds of thousands of rows or values are not
// limited by the JavaScript stack.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

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

describe('long statements', () => {
  it('let other connections run meanwhile', async () => {
    let longDone = false;
    const long = a.query('SELECT count(*) AS n FROM generate_series(1, 400) x, generate_series(1, 5000) y WHERE x + y > 10').then((r) => {
      longDone = true;
      return r;
    });
    // while the long query runs, short ones on another connection are answered
    let served = 0;
    while (!longDone && served < 1000) {
      await b.query('SELECT 1');
      served++;
    }
    const r = await long;
    expect(Number(r.rows[0].n)).toBe(400 * 5000 - 45);
    expect(served).toBeGreaterThan(1);
  });

  it('stop at statement_timeout', async () => {
    await a.query("SET statement_timeout = '150ms'");
    try {
      await expect(a.query('SELECT count(*) FROM generate_series(1, 100000000)')).rejects.toMatchObject({ code: '57014' });
      await expect(a.query('SELECT count(*) FROM generate_series(1, 2000) x, generate_series(1, 100000) y')).rejects.toMatchObject({ code: '57014' });
      await expect(a.query('SELECT x FROM generate_series(1, 10000000) x ORDER BY x DESC LIMIT 1')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await a.query('RESET statement_timeout');
    }
    expect((await a.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('stop an endless WITH RECURSIVE at its LIMIT', async () => {
    const r = await a.query('WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t) SELECT n FROM t LIMIT 5');
    expect(r.rows.map((x) => x.n)).toEqual([1, 2, 3, 4, 5]);
    const r2 = await a.query('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT sum(n) AS s FROM (SELECT n FROM t LIMIT 100) l');
    expect(r2.rows).toEqual([{ s: '5050' }]);
  });

  it('insert hundreds of thousands of rows from a SELECT, and aggregate big arrays', async () => {
    await a.query('CREATE TABLE many (id int PRIMARY KEY, v text)');
    const r = await a.query(`INSERT INTO many SELECT g, 'v' || g FROM generate_series(1, 200000) g`);
    expect(r.rowCount).toBe(200000);
    expect((await a.query('SELECT count(*)::int AS n, max(id) AS m FROM many')).rows[0]).toEqual({ n: 200000, m: 200000 });
    const agg = await a.query('SELECT cardinality(array_agg(x)) AS n FROM (SELECT array_agg(g) AS x FROM generate_series(1, 200000) g) s');
    expect(agg.rows[0].n).toBe(200000);
  });
});
