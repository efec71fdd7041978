// COPY over a real socket: the pg driver with pg-copy-streams for COPY FROM STDIN / TO STDOUT
// (data cut anywhere, binary round trips, errors with PostgreSQL's CONTEXT line, the whole
// COPY undone), server-side files, and the sub-protocol itself on a raw socket (the extended
// protocol, CopyFail, messages out of place, Sync during COPY IN, cancel, backpressure).
// Expected outputs were checked against PostgreSQL 15.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, serialize, type Msg } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let client: pg.Client;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  client = await server.client();
  dir = mkdtempSync(join(tmpdir(), 'treeline-copy-'));
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function copyIn(c: pg.Client, sql: string, chunks: (string | Buffer)[]): Promise<number> {
  const stream = c.query(copyFrom(sql));
  await pipeline(Readable.from(chunks.map((x) => (typeof x === 'string' ? Buffer.from(x) : x))), stream);
  return stream.rowCount;
}

async function copyOut(c: pg.Client, sql: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  const stream = c.query(copyTo(sql));
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

const rows = async (sql: string) => (await client.query({ text: sql, rowMode: 'array' })).rows;

describe('COPY FROM STDIN and TO STDOUT with pg', () => {
  it('loads text data cut anywhere and writes it back with the text escapes', async () => {
    await client.query('CREATE TABLE t1 (id int PRIMARY KEY, name text, n numeric(6,2), d date, flag bool)');
    const data = '1\tann\t1.5\t2024-01-02\tt\n2\t\\N\t\\N\t\\N\t\\N\n3\ttab\\there\\nnl\\\\bs\t-0.25\t1999-12-31\tf\n4\t\\x41\\101\\\\.\t0\t2000-02-29\ttrue\n';
    const cuts = [3, 4, 17, 18, 40, 41, 60];
    const chunks = cuts.map((c, i) => data.slice(i === 0 ? 0 : cuts[i - 1], c)).concat(data.slice(cuts.at(-1)));
    expect(await copyIn(client, 'COPY t1 FROM STDIN', chunks)).toBe(4);
    expect(await rows('SELECT id, name, n, d, flag FROM t1 ORDER BY id')).toEqual([
      [1, 'ann', '1.50', new Date(2024, 0, 2), true],
      [2, null, null, null, null],
      [3, 'tab\there\nnl\\bs', '-0.25', new Date(1999, 11, 31), false],
      [4, 'AA\\.', '0.00', new Date(2000, 1, 29), true],
    ]);
    expect((await copyOut(client, 'COPY t1 TO STDOUT')).toString()).toBe(
      '1\tann\t1.50\t2024-01-02\tt\n2\t\\N\t\\N\t\\N\t\\N\n3\ttab\\there\\nnl\\\\bs\t-0.25\t1999-12-31\tf\n4\tAA\\\\.\t0.00\t2000-02-29\tt\n',
    );
    expect((await copyOut(client, "COPY t1 (name, id) TO STDOUT WITH (FORMAT csv, HEADER, NULL 'NULL')")).toString()).toBe(
      'name,id\nann,1\nNULL,2\n"tab\there\nnl\\bs",3\nAA\\.,4\n',
    );
  });

  it('fills columns left out with their defaults and sequences', async () => {
    await client.query('CREATE TABLE t2 (id serial PRIMARY KEY, v text NOT NULL, k int DEFAULT 42, g int GENERATED ALWAYS AS IDENTITY)');
    expect(await copyIn(client, 'COPY t2 (v) FROM STDIN (FORMAT csv)', ['x\n"y,z"\n'])).toBe(2);
    expect(await copyIn(client, 'COPY t2 (id, v, g) FROM STDIN', ['10\tw\t100\n'])).toBe(1);
    expect(await rows('SELECT * FROM t2 ORDER BY id')).toEqual([
      [1, 'x', 42, 1],
      [2, 'y,z', 42, 2],
      [10, 'w', 42, 100],
    ]);
  });

  it('round-trips every column type through the binary format', async () => {
    await client.query(
      'CREATE TABLE t3 (a int2, b int4, c int8, d float4, e float8, f numeric, g text, h varchar(9), i char(3), j bytea, k bool, l date, m time, n timestamp, o timestamptz, p interval, q uuid, r json, s name)',
    );
    await client.query(
      `INSERT INTO t3 VALUES (-32768, 2147483647, -9223372036854775808, 1.5, 'NaN', 12345.678, 'tëxt', 'abc', 'x', '\\x00ff', true, '2024-02-29', '23:59:59.999999', '2000-01-01 00:00:00', '1999-12-31 23:59:59+05', '1 year 2 mons 3 days 04:05:06', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', 'nm'),
       (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
    const binary = await copyOut(client, 'COPY t3 TO STDOUT (FORMAT binary)');
    expect(binary.subarray(0, 11)).toEqual(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'));
    await client.query(
      'CREATE TABLE t3b (a int2, b int4, c int8, d float4, e float8, f numeric, g text, h varchar(9), i char(3), j bytea, k bool, l date, m time, n timestamp, o timestamptz, p interval, q uuid, r json, s name)',
    );
    // cut inside the header, a length and a value
    expect(await copyIn(client, 'COPY t3b FROM STDIN (FORMAT binary)', [binary.subarray(0, 5), binary.subarray(5, 23), binary.subarray(23, 40), binary.subarray(40)])).toBe(2);
    const text = (await copyOut(client, 'COPY t3 TO STDOUT')).toString();
    expect((await copyOut(client, 'COPY t3b TO STDOUT')).toString()).toBe(text);
    expect(text.split('\n')[0]).toBe(
      '-32768\t2147483647\t-9223372036854775808\t1.5\tNaN\t12345.678\ttëxt\tabc\tx  \t\\\\x00ff\tt\t2024-02-29\t23:59:59.999999\t2000-01-01 00:00:00\t1999-12-31 18:59:59+00\t1 year 2 mons 3 days 04:05:06\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\t{"a": 1}\tnm',
    );
  });

  it('reports a bad row with its context and undoes the whole COPY', async () => {
    await client.query('CREATE TABLE t4 (a int PRIMARY KEY, b int CHECK (b > 0))');
    const fail = (sql: string, data: string[]) => copyIn(client, sql, data).then(() => null, (e: Record<string, unknown>) => e);
    expect(await fail('COPY t4 FROM STDIN', ['1\t1\n2\t2\n', '3\tabc\n4\t4\n'])).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type integer: "abc"',
      where: 'COPY t4, line 3, column b: "abc"',
    });
    expect(await fail('COPY t4 FROM STDIN', ['1\t1\n2\n'])).toMatchObject({ code: '22P04', message: 'missing data for column "b"', where: 'COPY t4, line 2: "2"' });
    expect(await fail('COPY t4 FROM STDIN', ['1\t1\t1\n'])).toMatchObject({ code: '22P04', message: 'extra data after last expected column', where: 'COPY t4, line 1: "1\t1\t1"' });
    expect(await fail('COPY t4 FROM STDIN (FORMAT csv)', ['1,1\n2,"2\n'])).toMatchObject({ code: '22P04', message: 'unterminated CSV quoted field', where: 'COPY t4, line 3: "2,"2\n"' });
    expect(await fail('COPY t4 FROM STDIN', ['1\t1\n1\t2\n'])).toMatchObject({ code: '23505', detail: 'Key (a)=(1) already exists.', where: 'COPY t4, line 2' });
    expect(await fail('COPY t4 FROM STDIN', ['1\t1\n2\t-2\n'])).toMatchObject({ code: '23514', where: 'COPY t4, line 2: "2\t-2"' });
    expect(await fail('COPY t4 FROM STDIN', [`1\t${'9'.repeat(150)}\n`])).toMatchObject({
      code: '22003',
      where: `COPY t4, line 1, column b: "${'9'.repeat(100)}..."`,
    });
    expect(await rows('SELECT * FROM t4')).toEqual([]);
    // inside a transaction block, the failed COPY fails the block
    await client.query('BEGIN');
    expect(await copyIn(client, 'COPY t4 FROM STDIN', ['5\t5\n'])).toBe(1);
    expect(await fail('COPY t4 FROM STDIN', ['6\tx\n'])).toMatchObject({ code: '22P02' });
    await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK');
    expect(await rows('SELECT * FROM t4')).toEqual([]);
  });

  it('loads a large input as it streams in', async () => {
    await client.query('CREATE TABLE t5 (id int PRIMARY KEY, a text, b int, c timestamptz)');
    const chunks: string[] = [];
    let part = '';
    for (let id = 1; id <= 50_000; id++) {
      part += `${id}\tname ${id}\t${id % 1000}\t2024-01-01 00:00:00+00\n`;
      if (part.length > 5000) {
        chunks.push(part);
        part = '';
      }
    }
    chunks.push(part);
    expect(await copyIn(client, 'COPY t5 FROM STDIN', chunks)).toBe(50_000);
    expect(await rows('SELECT id, a, b FROM t5 WHERE id IN (1, 25000, 50000) ORDER BY id')).toEqual([
      [1, 'name 1', 1],
      [25000, 'name 25000', 0],
      [50000, 'name 50000', 0],
    ]);
  });
});

describe('COPY with server-side files', () => {
  it('reads a file, relative paths from the data directory, and writes one', async () => {
    await client.query('CREATE TABLE f1 (id int, name text, note text)');
    writeFileSync(join(dir, 'in.csv'), 'id,name,note\r\n1,"a,b",\r\n2,"multi\r\nline","say ""hi"""\r\n3,,\\N\r\n');
    const r = await client.query(`COPY f1 FROM '${join(dir, 'in.csv')}' WITH (FORMAT csv, HEADER MATCH)`);
    expect(r.command).toBe('COPY');
    expect(r.rowCount).toBe(3);
    expect(await rows('SELECT * FROM f1 ORDER BY id')).toEqual([
      [1, 'a,b', null],
      [2, 'multi\r\nline', 'say "hi"'],
      [3, null, '\\N'],
    ]);
    writeFileSync(join(server.dataDir, 'rel.txt'), '4\td\te\n');
    expect((await client.query("COPY f1 FROM 'rel.txt'")).rowCount).toBe(1);
    await client.query(`COPY f1 TO '${join(dir, 'out.csv')}' (FORMAT csv, FORCE_QUOTE (note))`);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('1,"a,b",\n2,"multi\r\nline","say ""hi"""\n3,,"\\N"\n4,d,"e"\n');
    await expect(client.query(`COPY f1 FROM '${join(dir, 'missing.csv')}'`)).rejects.toMatchObject({
      code: '58P01',
      message: `could not open file "${join(dir, 'missing.csv')}" for reading: No such file or directory`,
      hint: "COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.",
    });
  });
});

/** A raw connection with its cancel key. */
async function raw(): Promise<{ c: RawClient; pid: number; secret: number }> {
  const c = await RawClient.open(server.port);
  c.write(serialize.startup({ user: 'postgres', database: 'postgres' }));
  const key = (await c.ready()).find((m) => m.name === 'backendKeyData')!;
  return { c, pid: key.processID, secret: key.secretKey };
}

const names = (ms: Msg[]) => ms.map((m) => (m.name === 'error' ? `error ${m.code}` : m.name === 'commandComplete' ? `complete ${m.text}` : m.name));

describe('the COPY sub-protocol', () => {
  it('serves COPY FROM STDIN in the extended protocol, ignoring Sync until CopyDone', async () => {
    await client.query('CREATE TABLE p1 (a int, b text)');
    const { c } = await raw();
    c.write(Buffer.concat([serialize.parse({ text: 'COPY p1 FROM STDIN' }), serialize.bind({}), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]));
    const start = await c.until((m) => m.name === 'copyInResponse');
    expect(names(start)).toEqual(['parseComplete', 'bindComplete', 'noData', 'copyInResponse']);
    expect(start.at(-1)).toMatchObject({ binary: false, columnTypes: [0, 0] });
    c.write(Buffer.concat([serialize.copyData(Buffer.from('1\tx\n2\t')), serialize.flush(), serialize.copyData(Buffer.from('y\n')), serialize.copyDone(), serialize.sync()]));
    expect(names(await c.ready())).toEqual(['complete COPY 2', 'readyForQuery']);
    c.end();
    expect(await rows('SELECT * FROM p1 ORDER BY a')).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('fails the COPY on CopyFail with 57014, and ignores later copy messages', async () => {
    await client.query('CREATE TABLE p2 (a int)');
    const { c } = await raw();
    c.write(serialize.query('COPY p2 FROM STDIN; SELECT 1'));
    await c.until((m) => m.name === 'copyInResponse');
    c.write(Buffer.concat([serialize.copyData(Buffer.from('1\n2\n')), serialize.copyFail('client gave up')]));
    const msgs = await c.ready();
    expect(msgs.find((m) => m.name === 'error')).toMatchObject({ code: '57014', message: 'COPY from stdin failed: client gave up', where: 'COPY p2, line 3' });
    expect(msgs.some((m) => m.name === 'dataRow')).toBe(false);
    c.write(Buffer.concat([serialize.copyData(Buffer.from('3\n')), serialize.copyDone(), serialize.query('SELECT a FROM p2')]));
    const after = await c.ready();
    expect(names(after)).toEqual(['rowDescription', 'complete SELECT 0', 'readyForQuery']);
    c.end();
  });

  it('ends the connection when another message arrives during COPY IN', async () => {
    await client.query('CREATE TABLE p3 (a int)');
    const { c } = await raw();
    c.write(serialize.query('COPY p3 FROM STDIN'));
    await c.until((m) => m.name === 'copyInResponse');
    c.write(serialize.query('SELECT 1'));
    // until the server closes the connection
    const msgs = await c.until(() => false, 5000);
    expect(c.closed).toBe(true);
    expect(msgs.filter((m) => m.name === 'error').map((m) => [m.severity, m.code, m.message, m.where])).toEqual([
      ['ERROR', '08P01', 'unexpected message type 0x51 during COPY from stdin', 'COPY p3, line 1'],
      ['FATAL', '08P01', 'terminating connection because protocol synchronization was lost', undefined],
    ]);
  });

  it('cancels a COPY FROM STDIN, whose data then is ignored', async () => {
    await client.query('CREATE TABLE p4 (a int)');
    const { c, pid, secret } = await raw();
    c.write(serialize.query('COPY p4 FROM STDIN'));
    await c.until((m) => m.name === 'copyInResponse');
    c.write(serialize.copyData(Buffer.from('1\n2\n')));
    const canceller = await RawClient.open(server.port);
    canceller.write(serialize.cancel(pid, secret));
    await canceller.closedPromise;
    c.write(Buffer.concat([serialize.copyData(Buffer.from('3\n')), serialize.copyDone()]));
    const msgs = await c.ready();
    expect(msgs.find((m) => m.name === 'error')).toMatchObject({ code: '57014', message: 'canceling statement due to user request', where: 'COPY p4, line 3' });
    c.end();
    expect(await rows('SELECT * FROM p4')).toEqual([]);
  });

  it('streams COPY TO STDOUT, waiting for a slow client without blocking others', async () => {
    await client.query('CREATE TABLE p5 (id int PRIMARY KEY, pad text)');
    const pad = 'x'.repeat(1000);
    const data: string[] = [];
    for (let i = 0; i < 20_000; i += 1000) data.push(Array.from({ length: 1000 }, (_, k) => `${i + k}\t${pad}\n`).join(''));
    await copyIn(client, 'COPY p5 FROM STDIN', data);
    const { c } = await raw();
    // a client that does not read: the COPY waits (so its statement_timeout expires) instead
    // of writing all 20 MB ahead, and other connections are served meanwhile
    c.write(serialize.query("SET statement_timeout = '1s'"));
    await c.ready();
    c.socket.pause();
    c.write(serialize.query('COPY p5 TO STDOUT'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rows('SELECT 1')).toEqual([[1]]);
    c.socket.resume();
    const stopped = await c.ready(20_000);
    expect(stopped.filter((m) => m.name === 'copyData').length).toBeLessThan(20_000);
    expect(names(stopped.slice(-2))).toEqual(['error 57014', 'readyForQuery']);
    // a client that reads gets every row
    c.write(serialize.query('RESET statement_timeout; COPY p5 TO STDOUT'));
    const msgs = await c.ready(20_000);
    const copied = msgs.filter((m) => m.name === 'copyData');
    expect(copied.length).toBe(20_000);
    expect(copied[19_999]!.chunk.toString()).toBe(`19999\t${pad}\n`);
    expect(names(msgs.slice(-3))).toEqual(['copyDone', 'complete COPY 20000', 'readyForQuery']);
    c.end();
  });
});
