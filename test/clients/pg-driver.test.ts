// The `pg` driver against a real server: simple and prepared queries, parameter types,
// binary-capable types coming back as the JavaScript values pg makes of them, errors with
// SQLSTATE and position, transactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let c: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
});
afterAll(async () => {
  await server.stop();
});

describe('pg driver', () => {
  it('runs a simple query', async () => {
    const r = await c.query("SELECT 1 AS one, 'two' AS two, NULL AS three, true AS four");
    expect(r.rows).toEqual([{ one: 1, two: 'two', three: null, four: true }]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 25, 16]);
    expect(r.command).toBe('SELECT');
    expect(r.rowCount).toBe(1);
  });

  it('runs parameterized queries with deduced types', async () => {
    const r = await c.query('SELECT $1::int + $2 AS sum, $3 AS echo, $4::numeric * 2 AS dbl', [40, 2, 'hello', '1.25']);
    expect(r.rows).toEqual([{ sum: 42, echo: 'hello', dbl: '2.50' }]);
  });

  it('runs a named prepared statement repeatedly', async () => {
    for (const n of [1, 2, 3]) {
      const r = await c.query({ name: 'square', text: 'SELECT $1::int8 * $1 AS sq', values: [n] });
      expect(r.rows[0].sq).toBe(String(n * n));
    }
  });

  it('reports errors with SQLSTATE, position and hint', async () => {
    await expect(c.query('SELECT 1 + ')).rejects.toMatchObject({ code: '42601', position: '12' });
    await expect(c.query("SELECT 'a' + 1")).rejects.toMatchObject({ code: '22P02' });
    await expect(c.query('SELECT nosuch(1)')).rejects.toMatchObject({
      code: '42883',
      message: 'function nosuch(integer) does not exist',
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      position: '8',
    });
    await expect(c.query('SELECT 2147483647 + 1')).rejects.toMatchObject({ code: '22003', message: 'integer out of range' });
  });

  it('keeps transaction state across queries', async () => {
    await c.query('BEGIN');
    await c.query("SET LOCAL application_name = 'in-tx'");
    expect((await c.query('SHOW application_name')).rows[0].application_name).toBe('in-tx');
    await c.query('COMMIT');
    expect((await c.query('SHOW application_name')).rows[0].application_name).toBe('');
  });

  it('returns timestamps, dates and uuids as pg parses them', async () => {
    await c.query("SET TimeZone = 'UTC'");
    const r = await c.query(
      "SELECT '2024-02-29 12:34:56.789+00'::timestamptz AS ts, '2024-02-29'::date AS d, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS u",
    );
    expect((r.rows[0].ts as Date).toISOString()).toBe('2024-02-29T12:34:56.789Z');
    expect(r.rows[0].u).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });
});
