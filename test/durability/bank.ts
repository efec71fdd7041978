// The bank-transfer workload of the crash tests: accounts whose total never changes, and a
// transfers table that records each transfer in the same transaction as its two updates. A
// transfer counts as acknowledged once its COMMIT returned; after any crash every acknowledged
// transfer must be there, the total must be unchanged, and each balance must equal its start
// plus what the recorded transfers moved (so no transaction is partly visible).
import pg from 'pg';
import { expect } from 'vitest';

export const ACCOUNTS = 50;
export const START_BALANCE = 1000;

export async function createBank(client: pg.Client): Promise<void> {
  await client.query('CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)');
  await client.query('CREATE TABLE transfers (tid text PRIMARY KEY, src int NOT NULL, dst int NOT NULL, amount int NOT NULL, note text)');
  await client.query(`INSERT INTO accounts SELECT g, ${START_BALANCE} FROM generate_series(1, ${ACCOUNTS}) g`);
}

/**
 * Runs transfers on `connections` connections until each one fails (the server died) or
 * `stop()` says so; acknowledged transfer ids go into `acked`. Deadlocks and serialization
 * failures roll back and go on.
 */
export async function transferUntilFailure(
  port: number,
  connections: number,
  acked: Set<string>,
  prefix: string,
  stop: () => boolean = () => false,
  /** Bytes of filler per transfer row (so the table outgrows a small page cache). */
  padding = 0,
): Promise<void> {
  const note = 'x'.repeat(padding);
  let next = 0;
  const worker = async (w: number) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    client.on('error', () => {});
    try {
      await client.connect();
    } catch {
      return;
    }
    try {
      while (!stop()) {
        const a = 1 + Math.floor(Math.random() * ACCOUNTS);
        const b = 1 + ((a + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS);
        const amount = 1 + Math.floor(Math.random() * 50);
        const tid = `${prefix}-${w}-${next++}`;
        try {
          await client.query('BEGIN');
          // lower id first: the workers never wait for each other in a cycle
          for (const id of [Math.min(a, b), Math.max(a, b)]) {
            await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [id === a ? -amount : amount, id]);
          }
          await client.query('INSERT INTO transfers VALUES ($1, $2, $3, $4, $5)', [tid, a, b, amount, note]);
          await client.query('COMMIT');
          acked.add(tid);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === '40001' || code === '40P01') {
            await client.query('ROLLBACK');
            continue;
          }
          return; // the connection is gone
        }
      }
    } catch {
      // the connection is gone
    } finally {
      await client.end().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
}

/** Checks the invariants; returns how many transfers are recorded. */
export async function checkBank(client: pg.Client, acked: ReadonlySet<string>): Promise<number> {
  const total = await client.query('SELECT sum(balance)::int8 AS total, count(*)::int AS n FROM accounts');
  expect(total.rows[0]).toEqual({ total: String(ACCOUNTS * START_BALANCE), n: ACCOUNTS });
  const recorded = new Set((await client.query<{ tid: string }>('SELECT tid FROM transfers')).rows.map((r) => r.tid));
  const missing = [...acked].filter((t) => !recorded.has(t));
  expect(missing).toEqual([]);
  const mismatched = await client.query(`
    SELECT a.id, a.balance, ${START_BALANCE} + coalesce(i.s, 0) - coalesce(o.s, 0) AS expected
      FROM accounts a
      LEFT JOIN (SELECT dst, sum(amount) AS s FROM transfers GROUP BY dst) i ON i.dst = a.id
      LEFT JOIN (SELECT src, sum(amount) AS s FROM transfers GROUP BY src) o ON o.src = a.id
     WHERE a.balance <> ${START_BALANCE} + coalesce(i.s, 0) - coalesce(o.s, 0)`);
  expect(mismatched.rows).toEqual([]);
  return recorded.size;
}
