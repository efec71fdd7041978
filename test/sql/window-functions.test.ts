// Window functions and grouping sets over a real server where the recorded SQL cases cannot
// reach: bound parameters as frame offsets and lag offsets (checked when the Window node
// starts, as PostgreSQL does), and a large window query that pauses for other connections and
// stops at statement_timeout.
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

const moving = 'SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN $1 PRECEDING AND CURRENT ROW) AS s, lag(x, $2) OVER (ORDER BY x) AS l FROM generate_series(1, 5) x ORDER BY x';

describe('window functions with parameters', () => {
  it('use bound offsets for frames and lag', async () => {
    const r = await a.query(moving, [2, 1]);
    expect(r.rows.map((row) => [row.x, row.s, row.l])).toEqual([
      [1, '1', null],
      [2, '3', 1],
      [3, '6', 2],
      [4, '9', 3],
      [5, '12', 4],
    ]);
  });

  it('refuse a NULL or negative frame offset, even for no rows', async () => {
    await expect(a.query(moving, [null, 1])).rejects.toMatchObject({ code: '22004', message: 'frame starting offset must not be null' });
    await expect(a.query(moving, [-1, 1])).rejects.toMatchObject({ code: '22013', message: 'frame starting offset must not be negative' });
    const empty = 'SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND $1 FOLLOWING) FROM generate_series(1, 3) x WHERE x > 5';
    await expect(a.query(empty, [-2])).rejects.toMatchObject({ code: '22013', message: 'frame ending offset must not be negative' });
  });

  it('take RANGE offsets of the in_range type as parameters', async () => {
    const r = await a.query(
      "SELECT d::text, count(*) OVER (ORDER BY d RANGE BETWEEN $1 PRECEDING AND CURRENT ROW)::int AS n FROM (VALUES (date '2024-01-01'), ('2024-01-02'), ('2024-01-09')) v(d) ORDER BY d",
      ['7 days'],
    );
    expect(r.rows).toEqual([
      { d: '2024-01-01', n: 1 },
      { d: '2024-01-02', n: 2 },
      { d: '2024-01-09', n: 2 },
    ]);
  });

  it('group by grouping sets with parameters in the select list', async () => {
    const r = await a.query('SELECT x % 2 AS p, count(*)::int * $1::int AS n, grouping(x % 2) AS g FROM generate_series(1, 5) x GROUP BY ROLLUP (x % 2) ORDER BY 3, 1', [10]);
    expect(r.rows).toEqual([
      { p: 0, n: 20, g: 0 },
      { p: 1, n: 30, g: 0 },
      { p: null, n: 50, g: 1 },
    ]);
  });
});

describe('a large window query', () => {
  const big = 'SELECT max(s) AS m FROM (SELECT sum(x) OVER (ORDER BY x % 1000, x ROWS BETWEEN 50 PRECEDING AND 50 FOLLOWING) AS s FROM generate_series(1, 60000) x) t';

  it('lets other connections run meanwhile', async () => {
    let done = false;
    const long = a.query(big).then((r) => {
      done = true;
      return r;
    });
    let served = 0;
    while (!done && served < 1000) {
      await b.query('SELECT 1');
      served++;
    }
    const r = await long;
    expect(Number(r.rows[0].m)).toBeGreaterThan(0);
    expect(served).toBeGreaterThan(1);
  });

  it('stops at statement_timeout', async () => {
    await a.query("SET statement_timeout = '100ms'");
    try {
      await expect(a.query(big.replace('60000', '400000'))).rejects.toMatchObject({ code: '57014' });
    } finally {
      await a.query('RESET statement_timeout');
    }
    expect((await a.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
