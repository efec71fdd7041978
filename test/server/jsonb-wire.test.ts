// json and jsonb over a real socket: what the pg driver makes of them (it parses both into
// JavaScript values), objects bound as parameters, jsonb columns round-tripping through a
// table, and the binary forms (jsonb: version byte 1 + text; json: the text) in both
// directions, with PostgreSQL 15's bytes and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { RawClient, serialize } from '../helpers/raw-client.js';
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

/** Rows with every value left as the server's text. */
const rawText = { getTypeParser: () => (v: string) => v };

describe('json and jsonb through the pg driver', () => {
  it('parses json and jsonb results into JavaScript values', async () => {
    const r = await c.query(`SELECT '{"b":1, "a":[1, 2.50, "é", null, true]}'::jsonb AS b, '{"x":  [1, {"y": "z"}]}'::json AS j, 'null'::jsonb AS n`);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([3802, 114, 3802]);
    expect(r.rows[0]).toEqual({ b: { a: [1, 2.5, 'é', null, true], b: 1 }, j: { x: [1, { y: 'z' }] }, n: null });
  });

  it('stores objects bound as parameters and reads them back', async () => {
    await c.query('CREATE TABLE wire_docs (id int PRIMARY KEY, doc jsonb, raw json)');
    const doc = { name: 'kiwi', tags: ['green', 'fruit'], price: 0.5, nested: { ok: true, none: null } };
    await c.query('INSERT INTO wire_docs VALUES ($1, $2, $3)', [1, doc, { k: 'v' }]);
    await c.query('INSERT INTO wire_docs VALUES ($1, $2, $3)', [2, JSON.stringify([3, 2, 1]), '"text"']);
    const r = await c.query('SELECT id, doc, raw, doc->>$1 AS name FROM wire_docs ORDER BY id', ['name']);
    expect(r.rows).toEqual([
      { id: 1, doc, raw: { k: 'v' }, name: 'kiwi' },
      { id: 2, doc: [3, 2, 1], raw: 'text', name: null },
    ]);
    const text = await c.query({ text: 'SELECT doc FROM wire_docs WHERE id = 1', types: rawText });
    expect(text.rows[0].doc).toBe('{"name": "kiwi", "tags": ["green", "fruit"], "price": 0.5, "nested": {"ok": true, "none": null}}');
    const filtered = await c.query('SELECT id FROM wire_docs WHERE doc @> $1 ORDER BY id', [{ tags: ['fruit'] }]);
    expect(filtered.rows).toEqual([{ id: 1 }]);
  });

  it('reports bad json parameters with PostgreSQL’s error and both context lines', async () => {
    const err = await c.query('SELECT $1::jsonb', ['{"a":']).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type json',
      detail: 'The input string ended unexpectedly.',
    });
    expect((err as { where: string }).where).toMatch(/^JSON data, line 1: \{"a":\nunnamed portal parameter \$1 = /);
  });
});

describe('binary json and jsonb', () => {
  it('sends jsonb as version 1 and its text, json as its text', async () => {
    const raw = await RawClient.connect(server.port);
    try {
      raw.binaryFields();
      raw.write(
        Buffer.concat([
          serialize.parse({ text: `SELECT '{"b":1, "a":[1, 2.50, "é"]}'::jsonb, '{"b":1,  "a":2}'::json` }),
          serialize.bind({ binary: true }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      );
      await raw.ready();
      const [b, j] = raw.dataRowsRaw().at(-1)! as Buffer[];
      expect(b!.toString('hex')).toBe('017b2261223a205b312c20322e35302c2022c3a9225d2c202262223a20317d');
      expect(j!.toString('hex')).toBe('7b2262223a312c20202261223a327d');
    } finally {
      raw.end();
    }
  });

  it('receives binary jsonb parameters and refuses what PostgreSQL refuses', async () => {
    const bind = (data: Buffer) => c.query({ text: 'SELECT $1::jsonb AS v', values: [data], types: rawText });
    expect((await bind(Buffer.from('\x01 [1, {"b":2, "a":1}] '))).rows[0].v).toBe('[1, {"a": 1, "b": 2}]');
    await expect(bind(Buffer.from('\x02{}'))).rejects.toMatchObject({ code: 'XX000', message: 'unsupported jsonb version number 2' });
    await expect(bind(Buffer.from([1, 0xff]))).rejects.toMatchObject({ code: '22021' });
    await expect(bind(Buffer.alloc(0))).rejects.toMatchObject({ code: '08P01', message: 'insufficient data left in message' });
    await expect(bind(Buffer.from('\x01{"a":'))).rejects.toMatchObject({ code: '22P02', detail: 'The input string ended unexpectedly.' });
  });
});
