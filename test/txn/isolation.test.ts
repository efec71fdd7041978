// Isolation as PostgreSQL 15 has it, over real connections: dirty read, non-repeatable read,
// phantom, lost update and write skew at READ COMMITTED, REPEATABLE READ and SERIALIZABLE
// (isolation-scenarios.ts) must give exactly what PostgreSQL gave (isolation-expected.json,
// recorded by running this file with ISOLATION_RECORD=<postgres url>). Then the row-lock
// behaviours around them: a waiting statement never blocks other connections, deadlocks end
// one transaction with 40P01, lock_timeout, a savepoint rolled back under a wait, and
// SELECT … FOR UPDATE / SHARE with NOWAIT and SKIP LOCKED, and an INSERT of a key another open
// transaction inserted, which waits for that transaction's outcome (23505, or it goes on).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { LEVELS, scenarios } from './isolation-scenarios.js';

const expectedFile = join(import.meta.dirname, 'isolation-expected.json');
const recordUrl = process.env.ISOLATION_RECORD;

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

describe('anomalies at each isolation level', () => {
  it.runIf(recordUrl)('records PostgreSQL’s outcomes', async () => {
    const connect = async () => {
      const c = new pg.Client(recordUrl);
      await c.connect();
      return c;
    };
    const [pa, pb] = [await connect(), await connect()];
    const out: Record<string, unknown> = {};
    for (const [name, run] of Object.entries(scenarios)) for (const level of LEVELS) out[`${name} / ${level}`] = await run(pa, pb, level);
    writeFileSync(expectedFile, `${JSON.stringify(out, null, 1)}\n`);
    await pa.end();
    await pb.end();
  });

  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, unknown[]>;
  for (const [name, run] of Object.entries(scenarios)) {
    for (const level of LEVELS) {
      it(`${name} at ${level} as PostgreSQL`, async () => {
        expect(await run(a, b, level)).toEqual(expected[`${name} / ${level}`]);
      });
    }
  }
});

describe('row locks', () => {
  beforeAll(async () => {
    await a.query('DROP TABLE IF EXISTS rl');
    await a.query('CREATE TABLE rl (id int PRIMARY KEY, v int)');
    await a.query('INSERT INTO rl VALUES (1, 0), (2, 0)');
  });

  it('let other connections work while a statement waits', async () => {
    const c = await server.client();
    await a.query('BEGIN');
    await a.query('UPDATE rl SET v = v + 1 WHERE id = 1');
    const waiting = b.query('UPDATE rl SET v = v + 10 WHERE id = 1');
    // c reads (the committed value) and writes another row while b waits
    expect((await c.query('SELECT v FROM rl WHERE id = 1')).rows).toEqual([{ v: 0 }]);
    await c.query('UPDATE rl SET v = v + 100 WHERE id = 2');
    await a.query('COMMIT');
    await waiting;
    expect((await c.query('SELECT id, v FROM rl ORDER BY id')).rows).toEqual([
      { id: 1, v: 11 },
      { id: 2, v: 100 },
    ]);
    await c.end();
  });

  it('end one of two deadlocked transactions with 40P01 and let the other go on', async () => {
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('UPDATE rl SET v = 1 WHERE id = 1');
    await b.query('UPDATE rl SET v = 2 WHERE id = 2');
    const first = a.query('UPDATE rl SET v = 1 WHERE id = 2').then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = b.query('UPDATE rl SET v = 2 WHERE id = 1').then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    // as in PostgreSQL, the transaction whose deadlock_timeout (1s) runs out first is the victim
    const outcomes = await Promise.race([first.then((r) => ['a', r]), second.then((r) => ['b', r])]);
    expect(outcomes).toEqual(['a', '40P01']);
    await a.query('ROLLBACK');
    expect(await second).toBe('ok');
    await b.query('COMMIT');
    expect((await a.query('SELECT id, v FROM rl ORDER BY id')).rows).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
  });

  it('give up after lock_timeout with 55P03, and after statement_timeout with 57014', async () => {
    await a.query('BEGIN');
    await a.query('UPDATE rl SET v = 5 WHERE id = 1');
    await b.query("SET lock_timeout = '100ms'");
    await expect(b.query('UPDATE rl SET v = 6 WHERE id = 1')).rejects.toMatchObject({ code: '55P03', message: 'canceling statement due to lock timeout' });
    await b.query('RESET lock_timeout');
    // statement_timeout cancels a waiting statement too
    await b.query("SET statement_timeout = '100ms'");
    await expect(b.query('UPDATE rl SET v = 6 WHERE id = 1')).rejects.toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    await b.query('RESET statement_timeout');
    await a.query('ROLLBACK');
  });

  it('re-run a waiting statement inside a savepoint without losing the work before it', async () => {
    await a.query('BEGIN');
    await a.query('UPDATE rl SET v = 7 WHERE id = 2');
    await b.query('BEGIN');
    await b.query('SAVEPOINT s');
    await b.query('UPDATE rl SET v = 70 WHERE id = 1');
    const waiting = b.query('UPDATE rl SET v = v + 1 WHERE id IN (1, 2)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await a.query('COMMIT');
    await waiting;
    await b.query('ROLLBACK TO SAVEPOINT s');
    await b.query('UPDATE rl SET v = v * 10 WHERE id = 2');
    await b.query('COMMIT');
    expect((await a.query('SELECT id, v FROM rl ORDER BY id')).rows).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 70 },
    ]);
  });


  it('SELECT … FOR UPDATE: NOWAIT fails with 55P03, SKIP LOCKED skips, FOR SHARE waits', async () => {
    await a.query('BEGIN');
    expect((await a.query('SELECT id FROM rl WHERE id = 1 FOR UPDATE')).rows).toEqual([{ id: 1 }]);
    await expect(b.query('SELECT * FROM rl WHERE id = 1 FOR UPDATE NOWAIT')).rejects.toMatchObject({
      code: '55P03',
      message: 'could not obtain lock on row in relation "rl"',
    });
    expect((await b.query('SELECT id FROM rl ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED')).rows).toEqual([{ id: 2 }]);
    let done = false;
    const waiting = b.query('SELECT v FROM rl WHERE id = 1 FOR SHARE').then((r) => {
      done = true;
      return r.rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toBe(false);
    await a.query('UPDATE rl SET v = 3 WHERE id = 1');
    await a.query('COMMIT');
    // the waiting statement runs again and sees the committed row
    expect(await waiting).toEqual([{ v: 3 }]);
  });

  it('make an insert of a key another open transaction inserted wait for its outcome', async () => {
    await a.query('BEGIN');
    await a.query('INSERT INTO rl VALUES (10, 0)');
    const second = b.query('INSERT INTO rl VALUES (10, 1)').then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await a.query('COMMIT');
    expect(await second).toBe('23505');
    await a.query('BEGIN');
    await a.query('INSERT INTO rl VALUES (11, 0)');
    const third = b.query('INSERT INTO rl VALUES (11, 1)');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await a.query('ROLLBACK');
    await third;
    expect((await a.query('SELECT v FROM rl WHERE id = 11')).rows).toEqual([{ v: 1 }]);
  });

  it('refuse writes in a READ ONLY transaction with 25006', async () => {
    await a.query('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY');
    await expect(a.query('UPDATE rl SET v = 0')).rejects.toMatchObject({ code: '25006' });
    await a.query('ROLLBACK');
  });
});
