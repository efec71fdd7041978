// Temporary tables across sessions: each session has its own pg_temp_N, invisible to the others
// (who may use the same names), dropped with its files when the session ends, the number then
// reused; a server restart while sessions hold temporary tables leaves nothing behind for the
// next holder of the number. (Statement-level behaviour: test/sql/cases/temp-tables.sql.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';

async function connect(port: number): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function tempTables(c: pg.Client): Promise<string[]> {
  const r = await c.query(`SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relpersistence = 't' ORDER BY 1`);
  return r.rows.map((row) => row.name as string);
}

describe('temporary tables', () => {
  it('belong to one session and go when it ends', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-temp-'));
    let server = await startServer({ port: 0, dataDir, logLevel: 'error' });
    try {
      const a = await connect(server.port);
      const b = await connect(server.port);
      await a.query('CREATE TEMP TABLE notes (id serial PRIMARY KEY, body text)');
      await a.query(`INSERT INTO notes (body) VALUES ('a1'), ('a2')`);
      await expect(b.query('SELECT * FROM notes')).rejects.toMatchObject({ code: '42P01' });
      await b.query('CREATE TEMP TABLE notes (id int)');
      await b.query('INSERT INTO notes VALUES (7)');
      expect((await a.query('SELECT count(*)::int AS n FROM notes')).rows[0].n).toBe(2);
      expect((await b.query('SELECT id FROM notes')).rows).toEqual([{ id: 7 }]);
      expect(await tempTables(b)).toEqual(['pg_temp_1.notes', 'pg_temp_1.notes_id_seq', 'pg_temp_1.notes_pkey', 'pg_temp_2.notes']);

      await a.end();
      await expect.poll(() => tempTables(b)).toEqual(['pg_temp_2.notes']);
      // the next session takes the freed number and finds its schema empty
      const c = await connect(server.port);
      await c.query('CREATE TEMP TABLE other (x int)');
      expect(await tempTables(c)).toEqual(['pg_temp_1.other', 'pg_temp_2.notes']);

      // a restart with sessions open: their tables do not come back
      await server.close();
      server = await startServer({ port: 0, dataDir, logLevel: 'error' });
      const d = await connect(server.port);
      await d.query('CREATE TEMP TABLE fresh (x int)');
      await expect(d.query('SELECT * FROM other')).rejects.toMatchObject({ code: '42P01' });
      expect(await tempTables(d)).toEqual(['pg_temp_1.fresh']);
      await d.end();
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
