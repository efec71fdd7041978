// EXPLAIN over a real connection: the plan shapes Treeline chooses, printed in PostgreSQL's
// text format (node names, Index Cond / Filter / Hash Cond / Sort Key lines, InitPlans and
// SubPlans, qualified names when a plan reads several relations), ANALYZE's per-node row
// counts and loops, parameters shown by value, and PostgreSQL's errors for bad options.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let c: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query('CREATE TABLE et (a int PRIMARY KEY, b text, c int)');
  await c.query('CREATE TABLE eu (x int, y int)');
  await c.query('CREATE INDEX eu_x ON eu (x)');
  await c.query('CREATE INDEX et_c ON et (c DESC)');
  await c.query(`INSERT INTO et SELECT g, 'b' || g, g % 10 FROM generate_series(1, 200) g`);
  await c.query('INSERT INTO eu SELECT g % 50, g FROM generate_series(1, 100) g');
});
afterAll(async () => {
  await server.stop();
});

async function plan(sql: string, params: unknown[] = []): Promise<string[]> {
  const r = await c.query(sql, params);
  expect(r.fields.map((f) => f.name)).toEqual(['QUERY PLAN']);
  return r.rows.map((row) => row['QUERY PLAN'] as string);
}

const off = (sql: string) => plan(`EXPLAIN (COSTS OFF) ${sql}`);

describe('plan shapes', () => {
  it('scans: sequential, by primary key, by index, backward for ORDER BY DESC', async () => {
    expect(await off('SELECT * FROM et')).toEqual(['Seq Scan on et']);
    expect(await off('SELECT * FROM et WHERE a = 1')).toEqual(['Index Scan using et_pkey on et', '  Index Cond: (a = 1)']);
    expect(await off(`SELECT * FROM et WHERE a > 1 AND b = 'x'`)).toEqual(['Index Scan using et_pkey on et', '  Index Cond: (a > 1)', "  Filter: (b = 'x'::text)"]);
    expect(await off('SELECT * FROM et WHERE a IN (1, 2, 3)')).toEqual(['Index Scan using et_pkey on et', "  Index Cond: (a = ANY ('{1,2,3}'::integer[]))"]);
    expect(await off('SELECT * FROM et WHERE 5 > a')).toEqual(['Index Scan using et_pkey on et', '  Index Cond: (a < 5)']);
    expect(await off('SELECT b FROM et ORDER BY a DESC LIMIT 3')).toEqual(['Limit', '  ->  Index Scan Backward using et_pkey on et']);
    expect(await off('SELECT * FROM et x WHERE x.c = 4')).toEqual(['Index Scan using et_c on et x', '  Index Cond: (c = 4)']);
    expect(await off(`SELECT * FROM et WHERE b LIKE 'x%' AND c BETWEEN 1 AND 5 OR a IS NULL`)).toEqual([
      'Seq Scan on et',
      "  Filter: (((b ~~ 'x%'::text) AND (c >= 1) AND (c <= 5)) OR (a IS NULL))",
    ]);
  });

  it('joins: index nested loop, hash join, nested loop with a join filter, qualified names', async () => {
    expect(await off('SELECT * FROM et JOIN eu ON et.a = eu.x')).toEqual([
      'Nested Loop',
      '  ->  Seq Scan on et',
      '  ->  Index Scan using eu_x on eu',
      '        Index Cond: (x = et.a)',
    ]);
    expect(await off('SELECT * FROM eu e1 LEFT JOIN eu e2 ON e1.y = e2.y + 1 AND e2.x > e1.x WHERE e2.x IS NULL')).toEqual([
      'Hash Left Join',
      '  Hash Cond: (e1.y = (e2.y + 1))',
      '  Join Filter: (e2.x > e1.x)',
      '  Filter: (e2.x IS NULL)',
      '  ->  Seq Scan on eu e1',
      '  ->  Hash',
      '        ->  Seq Scan on eu e2',
    ]);
    expect(await off('SELECT * FROM et, eu WHERE et.a < eu.x')).toEqual(['Nested Loop', '  Join Filter: (et.a < eu.x)', '  ->  Seq Scan on et', '  ->  Seq Scan on eu']);
    expect(await off('SELECT * FROM et e1 JOIN et e2 ON e1.a = e2.c')).toEqual([
      'Nested Loop',
      '  ->  Seq Scan on et e1',
      '  ->  Index Scan using et_c on et e2',
      '        Index Cond: (c = e1.a)',
    ]);
  });

  it('grouping, DISTINCT, sorting and set operations', async () => {
    expect(await off('SELECT c, count(*) FROM et GROUP BY c HAVING count(*) > 1')).toEqual(['HashAggregate', '  Group Key: c', '  Filter: (count(*) > 1)', '  ->  Seq Scan on et']);
    expect(await off('SELECT count(*) FROM et')).toEqual(['Aggregate', '  ->  Seq Scan on et']);
    expect(await off('SELECT DISTINCT b FROM et')).toEqual(['HashAggregate', '  Group Key: b', '  ->  Seq Scan on et']);
    expect(await off('SELECT DISTINCT ON (b) b, c FROM et ORDER BY b, c')).toEqual(['Unique', '  ->  Sort', '        Sort Key: b, c', '        ->  Seq Scan on et']);
    expect(await off('SELECT a + 1 FROM et ORDER BY a + 1')).toEqual(['Sort', '  Sort Key: ((a + 1))', '  ->  Seq Scan on et']);
    expect(await off('SELECT * FROM et ORDER BY c DESC NULLS LAST, b NULLS FIRST')).toEqual(['Sort', '  Sort Key: c DESC NULLS LAST, b NULLS FIRST', '  ->  Seq Scan on et']);
    expect(await off('SELECT a FROM et UNION SELECT x FROM eu')).toEqual(['HashAggregate', '  Group Key: et.a', '  ->  Append', '        ->  Seq Scan on et', '        ->  Seq Scan on eu']);
    expect(await off('SELECT a FROM et UNION ALL SELECT x FROM eu UNION ALL SELECT a FROM et')).toEqual([
      'Append',
      '  ->  Seq Scan on et',
      '  ->  Seq Scan on eu',
      '  ->  Seq Scan on et et_1',
    ]);
    expect(await off('SELECT a FROM et EXCEPT ALL SELECT x FROM eu')).toEqual([
      'HashSetOp Except All',
      '  ->  Append',
      '        ->  Subquery Scan on "*SELECT* 1"',
      '              ->  Seq Scan on et',
      '        ->  Subquery Scan on "*SELECT* 2"',
      '              ->  Seq Scan on eu',
    ]);
  });

  it('window functions over their Sort, grouping sets as a MixedAggregate', async () => {
    expect(await off('SELECT a, sum(c) OVER (PARTITION BY c ORDER BY a), row_number() OVER () FROM et')).toEqual([
      'WindowAgg',
      '  ->  WindowAgg',
      '        ->  Sort',
      '              Sort Key: c, a',
      '              ->  Seq Scan on et',
    ]);
    expect(await off('SELECT rank() OVER (ORDER BY b DESC) FROM et')).toEqual(['WindowAgg', '  ->  Sort', '        Sort Key: b DESC', '        ->  Seq Scan on et']);
    expect(await off('SELECT c, b, count(*) FROM et GROUP BY ROLLUP (c, b)')).toEqual([
      'MixedAggregate',
      '  Hash Key: c, b',
      '  Hash Key: c',
      '  Group Key: ()',
      '  ->  Seq Scan on et',
    ]);
  });

  it('subqueries: InitPlans, hashed and correlated SubPlans, CTEs, recursion', async () => {
    expect(await off('SELECT * FROM et WHERE a = (SELECT max(x) FROM eu)')).toEqual([
      'Index Scan using et_pkey on et',
      '  Index Cond: (a = $0)',
      '  InitPlan 1 (returns $0)',
      '    ->  Aggregate',
      '          ->  Seq Scan on eu',
    ]);
    expect(await off('SELECT * FROM et WHERE a NOT IN (SELECT x FROM eu)')).toEqual(['Seq Scan on et', '  Filter: (NOT (hashed SubPlan 1))', '  SubPlan 1', '    ->  Seq Scan on eu']);
    expect(await off('SELECT *, (SELECT count(*) FROM eu WHERE eu.y = et.c) FROM et')).toEqual([
      'Seq Scan on et',
      '  SubPlan 1',
      '    ->  Aggregate',
      '          ->  Seq Scan on eu',
      '                Filter: (y = et.c)',
    ]);
    expect(await off('WITH w AS MATERIALIZED (SELECT * FROM et) SELECT * FROM w')).toEqual(['CTE Scan on w', '  CTE w', '    ->  Seq Scan on et']);
    expect(await off('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r')).toEqual([
      'CTE Scan on r',
      '  CTE r',
      '    ->  Recursive Union',
      '          ->  Result',
      '          ->  WorkTable Scan on r r_1',
      '                Filter: (n < 5)',
    ]);
  });

  it('functions, VALUES, Result and ProjectSet', async () => {
    expect(await off('SELECT * FROM generate_series(1, 10) g')).toEqual(['Function Scan on generate_series g']);
    expect(await off('SELECT * FROM (VALUES (1), (2)) v(a)')).toEqual(['Values Scan on "*VALUES*"']);
    expect(await off('SELECT 1')).toEqual(['Result']);
    expect(await off('SELECT 1 WHERE false')).toEqual(['Result', '  One-Time Filter: false']);
    expect(await off('SELECT generate_series(1, 3)')).toEqual(['ProjectSet', '  ->  Result']);
  });

  it('INSERT, UPDATE and DELETE', async () => {
    expect(await off(`UPDATE et SET b = 'y' WHERE a = 1`)).toEqual(['Update on et', '  ->  Index Scan using et_pkey on et', '        Index Cond: (a = 1)']);
    expect(await off('DELETE FROM et WHERE c > 3')).toEqual(['Delete on et', '  ->  Index Scan using et_c on et', '        Index Cond: (c > 3)']);
    expect(await off(`INSERT INTO et VALUES (1000, 'a', 2)`)).toEqual(['Insert on et', '  ->  Result']);
    expect(await off(`INSERT INTO et VALUES (1000, 'a', 2), (1001, 'b', 3)`)).toEqual(['Insert on et', '  ->  Values Scan on "*VALUES*"']);
    expect(await off(`INSERT INTO et SELECT x, 'a', y FROM eu ON CONFLICT DO NOTHING`)).toEqual(['Insert on et', '  Conflict Resolution: NOTHING', '  ->  Seq Scan on eu']);
    expect(await off(`UPDATE et SET b = 'q' FROM eu WHERE eu.x = et.a`)).toEqual([
      'Update on et',
      '  ->  Nested Loop',
      '        ->  Seq Scan on et',
      '        ->  Index Scan using eu_x on eu',
      '              Index Cond: (x = et.a)',
    ]);
    // plain EXPLAIN changes nothing
    expect((await c.query('SELECT count(*)::int AS n FROM et WHERE a >= 1000')).rows[0].n).toBe(0);
  });
});

describe('costs, VERBOSE and ANALYZE', () => {
  it('prints estimates in PostgreSQL format, exact table sizes', async () => {
    const lines = await plan('EXPLAIN SELECT * FROM et');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Seq Scan on et {2}\(cost=0\.00\.\.\d+\.\d\d rows=200 width=40\)$/);
    const point = await plan('EXPLAIN SELECT * FROM et WHERE a = 7');
    expect(point[0]).toMatch(/^Index Scan using et_pkey on et {2}\(cost=\d+\.\d\d\.\.\d+\.\d\d rows=1 width=40\)$/);
  });

  it('VERBOSE qualifies scan conditions and lists output columns', async () => {
    const lines = await plan(`EXPLAIN (VERBOSE, COSTS OFF) SELECT a, b || 'x' FROM et WHERE c = 1`);
    expect(lines).toEqual(['Index Scan using et_c on public.et', "  Output: a, (b || 'x'::text)", '  Index Cond: (et.c = 1)']);
  });

  it('ANALYZE counts rows and loops per node, and rows a filter removed', async () => {
    const opts = 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)';
    expect(await plan(`${opts} SELECT * FROM et WHERE b LIKE 'b1%'`)).toEqual(['Seq Scan on et (actual rows=111 loops=1)', "  Filter: (b ~~ 'b1%'::text)", '  Rows Removed by Filter: 89']);
    expect(await plan(`${opts} SELECT * FROM et JOIN eu ON et.a = eu.x WHERE et.a <= 10`)).toEqual([
      'Nested Loop (actual rows=20 loops=1)',
      '  ->  Index Scan using et_pkey on et (actual rows=10 loops=1)',
      '        Index Cond: (a <= 10)',
      '  ->  Index Scan using eu_x on eu (actual rows=2 loops=10)',
      '        Index Cond: (x = et.a)',
    ]);
    expect(await plan(`${opts} SELECT c, count(*) FROM et GROUP BY c ORDER BY c LIMIT 3`)).toEqual([
      'Limit (actual rows=3 loops=1)',
      '  ->  Sort (actual rows=3 loops=1)',
      '        Sort Key: c',
      '        ->  HashAggregate (actual rows=10 loops=1)',
      '              Group Key: c',
      '              ->  Seq Scan on et (actual rows=200 loops=1)',
    ]);
    expect(await plan(`${opts} SELECT * FROM et WHERE a < 0 AND b = (SELECT 'x')`)).toEqual([
      'Index Scan using et_pkey on et (actual rows=0 loops=1)',
      '  Index Cond: (a < 0)',
      '  Filter: (b = $0)',
      '  InitPlan 1 (returns $0)',
      '    ->  Result (never executed)',
    ]);
  });

  it('ANALYZE runs data-modifying statements; the summary gives planning and execution times', async () => {
    const lines = await plan(`EXPLAIN ANALYZE UPDATE et SET b = 'analyzed' WHERE a <= 3`);
    expect(lines[0]).toMatch(/^Update on et {2}\(cost=.*\) \(actual time=\d+\.\d{3}\.\.\d+\.\d{3} rows=0 loops=1\)$/);
    expect(lines[1]).toMatch(/^ {2}-> {2}Index Scan using et_pkey on et .*\(actual time=.* rows=3 loops=1\)$/);
    expect(lines.at(-2)).toMatch(/^Planning Time: \d+\.\d{3} ms$/);
    expect(lines.at(-1)).toMatch(/^Execution Time: \d+\.\d{3} ms$/);
    expect((await c.query(`SELECT count(*)::int AS n FROM et WHERE b = 'analyzed'`)).rows[0].n).toBe(3);
  });

  it('shows parameter values in place of $n (extended protocol)', async () => {
    expect(await plan('EXPLAIN (COSTS OFF) SELECT * FROM et WHERE a = $1', [5])).toEqual(['Index Scan using et_pkey on et', '  Index Cond: (a = 5)']);
  });
});

describe('errors', () => {
  const fails = async (sql: string, code: string, message: string) => {
    await expect(c.query(sql)).rejects.toMatchObject({ code, message });
  };
  it('rejects bad options as PostgreSQL does', async () => {
    await fails('EXPLAIN (foo) SELECT 1', '42601', 'unrecognized EXPLAIN option "foo"');
    await fails('EXPLAIN (costs maybe) SELECT 1', '42601', 'costs requires a Boolean value');
    await fails('EXPLAIN (timing) SELECT 1', '22023', 'EXPLAIN option TIMING requires ANALYZE');
    await fails('EXPLAIN (format html) SELECT 1', '22023', 'unrecognized value for EXPLAIN option "format": "html"');
    await fails('EXPLAIN (format json) SELECT 1', '0A000', 'EXPLAIN (FORMAT JSON) is not supported yet');
    await fails('EXPLAIN SELECT * FROM missing', '42P01', 'relation "missing" does not exist');
    // the connection goes on
    expect(await off('SELECT 1')).toEqual(['Result']);
  });
});
