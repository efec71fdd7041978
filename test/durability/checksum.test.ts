// A page whose checksum does not verify is never used: after a clean shutdown one byte of a
// table's file is flipped on disk; at the next start a query that reads the page fails with
// XX001 ("invalid page in block N of relation base/…"), while other tables, other connections
// and the server go on. The LSM mirror is off here: with it, the relation is rebuilt instead
// (test/durability/repair.test.ts).
import { openSync, closeSync, writeSync, readSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import { connect } from './connect.js';

const dataDir = mkdtempSync(join(tmpdir(), 'treeline-checksum-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('page checksums', () => {
  it('detect a corrupted page (XX001) and keep serving the rest', async () => {
    let server = await startServer({ port: 0, dataDir, logLevel: 'error', mirror: false });
    let c = await connect(server.port);
    await c.query('CREATE TABLE bad (id int PRIMARY KEY, t text)');
    await c.query('CREATE TABLE good (id int PRIMARY KEY)');
    await c.query("INSERT INTO bad SELECT g, repeat('x', 100) FROM generate_series(1, 500) g");
    await c.query('INSERT INTO good VALUES (1), (2)');
    const { rows } = await c.query<{ path: string }>("SELECT pg_relation_filepath('bad') AS path");
    await c.end();
    await server.close();

    // flip one byte in the middle of page 1 (a leaf: page 0 is the meta page)
    const fd = openSync(join(dataDir, rows[0]!.path), 'r+');
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, 8192 + 4000);
    b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, 8192 + 4000);
    closeSync(fd);

    server = await startServer({ port: 0, dataDir, logLevel: 'error', mirror: false });
    c = await connect(server.port);
    await expect(c.query('SELECT count(*) FROM bad')).rejects.toMatchObject({ code: 'XX001', message: expect.stringMatching(/^invalid page in block \d+ of relation base\/\d+\/\d+$/) });
    expect((await c.query('SELECT count(*)::int AS n FROM good')).rows).toEqual([{ n: 2 }]);
    const other = await connect(server.port);
    expect((await other.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await other.end();
    await c.end();
    await server.close();
  });
});
