// The classic anomalies as two-connection scenarios, each returning what the connections saw,
// so that one test can hold Treeline's outcomes against PostgreSQL 15's (recorded in
// isolation.test.ts by running these same scenarios against PostgreSQL).
import type pg from 'pg';

export type Level = 'read committed' | 'repeatable read' | 'serializable';

async function q(c: pg.Client, sql: string): Promise<unknown> {
  try {
    const r = await c.query(sql);
    return r.rows.length > 0 ? r.rows.map((row) => Object.values(row as object).join(',')).join(';') : r.command;
  } catch (err) {
    return `ERROR ${(err as { code?: string }).code}`;
  }
}

async function reset(a: pg.Client): Promise<void> {
  await a.query('DROP TABLE IF EXISTS acct');
  await a.query('CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)');
  await a.query('INSERT INTO acct VALUES (1, 100), (2, 100)');
}

export const scenarios: Record<string, (a: pg.Client, b: pg.Client, level: Level) => Promise<unknown[]>> = {
  async 'dirty read'(a, b, level) {
    await reset(a);
    const out = [await q(a, `BEGIN ISOLATION LEVEL ${level}`), await q(b, `BEGIN ISOLATION LEVEL ${level}`)];
    out.push(await q(a, 'UPDATE acct SET bal = 0 WHERE id = 1'));
    out.push(await q(b, 'SELECT bal FROM acct WHERE id = 1'));
    out.push(await q(a, 'ROLLBACK'), await q(b, 'COMMIT'));
    return out;
  },
  async 'non-repeatable read'(a, b, level) {
    await reset(a);
    const out = [await q(a, `BEGIN ISOLATION LEVEL ${level}`)];
    out.push(await q(a, 'SELECT bal FROM acct WHERE id = 1'));
    out.push(await q(b, 'UPDATE acct SET bal = 50 WHERE id = 1'));
    out.push(await q(a, 'SELECT bal FROM acct WHERE id = 1'));
    out.push(await q(a, 'COMMIT'), await q(a, 'SELECT bal FROM acct WHERE id = 1'));
    return out;
  },
  async phantom(a, b, level) {
    await reset(a);
    const out = [await q(a, `BEGIN ISOLATION LEVEL ${level}`)];
    out.push(await q(a, 'SELECT count(*) FROM acct WHERE bal >= 100'));
    out.push(await q(b, 'INSERT INTO acct VALUES (3, 100)'));
    out.push(await q(a, 'SELECT count(*) FROM acct WHERE bal >= 100'));
    out.push(await q(a, 'COMMIT'), await q(a, 'SELECT count(*) FROM acct WHERE bal >= 100'));
    return out;
  },
  async 'lost update'(a, b, level) {
    await reset(a);
    const out = [await q(a, `BEGIN ISOLATION LEVEL ${level}`), await q(b, `BEGIN ISOLATION LEVEL ${level}`)];
    out.push(await q(a, 'SELECT bal FROM acct WHERE id = 1'));
    out.push(await q(b, 'UPDATE acct SET bal = bal + 10 WHERE id = 1'));
    // a's update waits for b's row lock; b commits while it waits
    const waiting = q(a, 'UPDATE acct SET bal = bal + 20 WHERE id = 1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    out.push(await q(b, 'COMMIT'), await waiting, await q(a, 'COMMIT'));
    out.push(await q(a, 'SELECT bal FROM acct WHERE id = 1'));
    return out;
  },
  async 'write skew'(a, b, level) {
    await reset(a);
    const out = [await q(a, `BEGIN ISOLATION LEVEL ${level}`), await q(b, `BEGIN ISOLATION LEVEL ${level}`)];
    out.push(await q(a, 'SELECT sum(bal) FROM acct'), await q(b, 'SELECT sum(bal) FROM acct'));
    out.push(await q(a, 'UPDATE acct SET bal = bal - 150 WHERE id = 1'));
    out.push(await q(b, 'UPDATE acct SET bal = bal - 150 WHERE id = 2'));
    out.push(await q(a, 'COMMIT'), await q(b, 'COMMIT'));
    out.push(await q(a, 'SELECT id, bal FROM acct ORDER BY id'));
    return out;
  },
};

export const LEVELS: Level[] = ['read committed', 'repeatable read', 'serializable'];
