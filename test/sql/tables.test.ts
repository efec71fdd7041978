// Tables over real sockets with the pg driver: what the recorded cases cannot show — data and
// catalog surviving a restart, databases of their own, what concurrent sessions see of each
// other's uncommitted and committed work, prepared DML with parameters and row limits, and a
// random workload checked against a simple model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

async function connect(port: number, database = 'postgres'): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  c.on('error', () => {});
  await c.connect();
  return c;
}

describe('a restart', () => {
  it('keeps databases, schemas, tables, rows and sequence values', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-restart-'));
    try {
      let server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      let c = await connect(server.port);
      await c.query('CREATE SCHEMA inv');
      await c.query('CREATE TABLE inv.parts (id serial PRIMARY KEY, name text NOT NULL UNIQUE, qty int CHECK (qty >= 0))');
      await c.query("INSERT INTO inv.parts (name, qty) VALUES ('bolt', 10), ('nut', 20), ('gear', 0)");
      await c.query("UPDATE inv.parts SET qty = qty + 1 WHERE name = 'nut'");
      await c.query("DELETE FROM inv.parts WHERE name = 'gear'");
      await c.query('CREATE SEQUENCE tickets START 100');
      await c.query("SELECT nextval('tickets'), nextval('tickets')");
      await c.query('CREATE DATABASE other');
      await c.end();
      const o = await connect(server.port, 'other');
      await o.query('CREATE TABLE notes (body text)');
      await o.query("INSERT INTO notes VALUES ('kept')");
      await o.end();
      await server.close();

      server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      c = await connect(server.port);
      expect((await c.query('SELECT * FROM inv.parts ORDER BY id')).rows).toEqual([
        { id: 1, name: 'bolt', qty: 10 },
        { id: 2, name: 'nut', qty: 21 },
      ]);
      // constraints and the serial's sequence came back too
      await expect(c.query("INSERT INTO inv.parts (name, qty) VALUES ('bolt', 1)")).rejects.toMatchObject({ code: '23505' });
      await expect(c.query("INSERT INTO inv.parts (name, qty) VALUES ('cog', -1)")).rejects.toMatchObject({ code: '23514' });
      expect((await c.query("INSERT INTO inv.parts (name, qty) VALUES ('cog', 1) RETURNING id")).rows).toEqual([{ id: 6 }]);
      expect((await c.query("SELECT nextval('tickets') AS n")).rows).toEqual([{ n: '102' }]);
      await c.end();
      const o2 = await connect(server.port, 'other');
      expect((await o2.query('SELECT body FROM notes')).rows).toEqual([{ body: 'kept' }]);
      await o2.end();
      await server.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('sessions', () => {
  let server: TestServer;
  let a: pg.Client;
  let b: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    a = await server.client();
    b = await server.client();
    await a.query('CREATE TABLE shared (k int PRIMARY KEY, v text)');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('see committed rows only', async () => {
    await a.query('BEGIN');
    await a.query("INSERT INTO shared VALUES (1, 'uncommitted')");
    expect((await a.query('SELECT v FROM shared')).rows).toEqual([{ v: 'uncommitted' }]);
    expect((await b.query('SELECT v FROM shared')).rows).toEqual([]);
    await a.query('COMMIT');
    expect((await b.query('SELECT v FROM shared')).rows).toEqual([{ v: 'uncommitted' }]);
    await a.query('DELETE FROM shared');
  });

  it('make the second insert of a key wait, then fail when the first commits', async () => {
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query("INSERT INTO shared VALUES (7, 'a')");
    const second = b.query("INSERT INTO shared VALUES (7, 'b')").then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await a.query('COMMIT');
    expect(await second).toMatchObject({ code: '23505', detail: 'Key (k)=(7) already exists.' });
    await b.query('ROLLBACK');
    expect((await b.query('SELECT v FROM shared WHERE k = 7')).rows).toEqual([{ v: 'a' }]);
    await a.query('DELETE FROM shared');
  });

  it('cannot leave a dangling foreign key between concurrent transactions', async () => {
    await a.query('CREATE TABLE fkp (id int PRIMARY KEY)');
    await a.query('CREATE TABLE fkc (pid int REFERENCES fkp)');
    await a.query('INSERT INTO fkp VALUES (1), (2)');
    // a child row inserted while its parent is deleted elsewhere: the later commit fails
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('INSERT INTO fkc VALUES (1)');
    await b.query('DELETE FROM fkp WHERE id = 1');
    await b.query('COMMIT');
    await expect(a.query('COMMIT')).rejects.toMatchObject({ code: '23503', detail: 'Key (pid)=(1) is not present in table "fkp".' });
    // and the other way round
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('DELETE FROM fkp WHERE id = 2');
    await b.query('INSERT INTO fkc VALUES (2)');
    await b.query('COMMIT');
    await expect(a.query('COMMIT')).rejects.toMatchObject({ code: '23503', detail: 'Key (id)=(2) is still referenced from table "fkc".' });
    expect((await a.query('SELECT pid FROM fkc')).rows).toEqual([{ pid: 2 }]);
  });

  it('do not see a table created in an open transaction', async () => {
    await a.query('BEGIN');
    await a.query('CREATE TABLE pending (x int)');
    await expect(b.query('SELECT * FROM pending')).rejects.toMatchObject({ code: '42P01' });
    await a.query('ROLLBACK');
    await expect(a.query('SELECT * FROM pending')).rejects.toMatchObject({ code: '42P01' });
  });

  it('get 3D000 for a missing database and 55006 when dropping one in use', async () => {
    await expect(connect(server.port, 'nosuchdb')).rejects.toMatchObject({ code: '3D000', message: 'database "nosuchdb" does not exist' });
    await a.query('CREATE DATABASE busy');
    const c = await connect(server.port, 'busy');
    await expect(a.query('DROP DATABASE busy')).rejects.toMatchObject({ code: '55006' });
    await c.end();
    await a.query('DROP DATABASE busy');
    await expect(connect(server.port, 'busy')).rejects.toMatchObject({ code: '3D000' });
  });

  it('refuse DML in a read-only transaction', async () => {
    await a.query('BEGIN READ ONLY');
    await expect(a.query("INSERT INTO shared VALUES (1, 'x')")).rejects.toMatchObject({
      code: '25006',
      message: 'cannot execute INSERT in a read-only transaction',
    });
    await a.query('ROLLBACK');
  });
});

describe('prepared DML', () => {
  let server: TestServer;
  let c: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    c = await server.client();
    await c.query('CREATE TABLE kv (k int PRIMARY KEY, v text, n numeric)');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('binds parameters with types deduced from the columns', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await c.query({ name: 'ins', text: 'INSERT INTO kv VALUES ($1, $2, $3) RETURNING k, v', values: [i, `v${i}`, i * 1.5] });
      expect(r.rows).toEqual([{ k: i, v: `v${i}` }]);
      expect(r.command).toBe('INSERT');
    }
    const u = await c.query({ text: 'UPDATE kv SET v = $1 WHERE k > $2', values: ['big', 3] });
    expect(u.rowCount).toBe(2);
    const d = await c.query({ text: 'DELETE FROM kv WHERE n < $1 RETURNING k', values: ['3.5'] });
    expect(d.rows).toEqual([{ k: 1 }, { k: 2 }]);
    expect((await c.query('SELECT k, v, n FROM kv ORDER BY k')).rows).toEqual([
      { k: 3, v: 'v3', n: '4.5' },
      { k: 4, v: 'big', n: '6' },
      { k: 5, v: 'big', n: '7.5' },
    ]);
  });

  it('re-analyzes a prepared statement after the table changes', async () => {
    await c.query({ name: 'sel', text: 'SELECT * FROM kv ORDER BY k' });
    await c.query('DROP TABLE kv');
    await expect(c.query({ name: 'sel', text: 'SELECT * FROM kv ORDER BY k' })).rejects.toMatchObject({ code: '42P01' });
    await c.query('CREATE TABLE kv (k int PRIMARY KEY, v text, n numeric)');
    expect((await c.query({ name: 'sel', text: 'SELECT * FROM kv ORDER BY k' })).rows).toEqual([]);
    await c.query('DROP TABLE kv');
    await c.query('CREATE TABLE kv (k int PRIMARY KEY)');
    await expect(c.query({ name: 'sel', text: 'SELECT * FROM kv ORDER BY k' })).rejects.toMatchObject({
      code: '0A000',
      message: 'cached plan must not change result type',
    });
  });
});

describe('a random workload', () => {
  let server: TestServer;
  let c: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    c = await server.client();
  });
  afterAll(async () => {
    await server.stop();
  });

  type Op =
    | { op: 'insert'; k: number; v: string }
    | { op: 'update'; lo: number; hi: number; v: string }
    | { op: 'delete'; lo: number; hi: number }
    | { op: 'rekey'; k: number; to: number }
    | { op: 'savepoint' }
    | { op: 'rollback-to' };

  const key = fc.integer({ min: 0, max: 30 });
  const text = fc.stringMatching(/^[a-z' ]{0,6}$/);
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), k: key, v: text }),
    fc.record({ op: fc.constant('update' as const), lo: key, hi: key, v: text }),
    fc.record({ op: fc.constant('delete' as const), lo: key, hi: key }),
    fc.record({ op: fc.constant('rekey' as const), k: key, to: key }),
    fc.constant({ op: 'savepoint' as const }),
    fc.constant({ op: 'rollback-to' as const }),
  );

  it('matches a model of the table, through savepoints and failed statements', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.boolean(), async (ops, commit) => {
        const table = `w${run++}`;
        await c.query(`CREATE TABLE ${table} (k int PRIMARY KEY, v text)`);
        let model = new Map<number, string>();
        let saved: Map<number, string> | null = null;
        await c.query('BEGIN');
        const start = new Map(model);
        for (const o of ops) {
          if (o.op === 'savepoint') {
            await c.query('SAVEPOINT s');
            saved = new Map(model);
            continue;
          }
          if (o.op === 'rollback-to') {
            if (saved) {
              await c.query('ROLLBACK TO SAVEPOINT s');
              model = new Map(saved);
            }
            continue;
          }
          // each statement runs under a savepoint so that a failing one can be undone
          await c.query('SAVEPOINT stmt');
          const next = new Map(model);
          let fails = false;
          let sql: { text: string; values: unknown[] };
          if (o.op === 'insert') {
            fails = next.has(o.k);
            next.set(o.k, o.v);
            sql = { text: `INSERT INTO ${table} VALUES ($1, $2)`, values: [o.k, o.v] };
          } else if (o.op === 'update') {
            for (const k of next.keys()) if (k >= o.lo && k <= o.hi) next.set(k, o.v);
            sql = { text: `UPDATE ${table} SET v = $3 WHERE k BETWEEN $1 AND $2`, values: [o.lo, o.hi, o.v] };
          } else if (o.op === 'delete') {
            for (const k of [...next.keys()]) if (k >= o.lo && k <= o.hi) next.delete(k);
            sql = { text: `DELETE FROM ${table} WHERE k BETWEEN $1 AND $2`, values: [o.lo, o.hi] };
          } else {
            if (next.has(o.k) && o.k !== o.to) {
              fails = next.has(o.to);
              next.set(o.to, next.get(o.k)!);
              next.delete(o.k);
            }
            sql = { text: `UPDATE ${table} SET k = $2 WHERE k = $1`, values: [o.k, o.to] };
          }
          if (fails) {
            await expect(c.query(sql)).rejects.toMatchObject({ code: '23505' });
            await c.query('ROLLBACK TO SAVEPOINT stmt');
          } else {
            await c.query(sql);
            await c.query('RELEASE SAVEPOINT stmt');
            model = next;
          }
        }
        await c.query(commit ? 'COMMIT' : 'ROLLBACK');
        if (!commit) model = start;
        const rows = (await c.query(`SELECT k, v FROM ${table} ORDER BY k`)).rows as { k: number; v: string }[];
        expect(rows).toEqual([...model.entries()].sort((x, y) => x[0] - y[0]).map(([k, v]) => ({ k, v })));
        await c.query(`DROP TABLE ${table}`);
      }),
      { numRuns: 40 },
    );
  });
});
