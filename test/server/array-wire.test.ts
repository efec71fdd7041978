// Arrays over the wire with the pg driver: text results parsed into JS arrays (NULLs, quoting,
// nesting, empty arrays), binary results decoded by the driver, JS arrays bound as text
// parameters, array_send bytes bound as a binary parameter, and array columns round-tripped
// through a table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let client: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client();
});

afterAll(async () => {
  await server.stop();
});

describe('arrays through the pg driver', () => {
  it('parses int[] and text[] text results into JS arrays', async () => {
    const r = await client.query(`SELECT '{1,2,3}'::int[] AS a, ARRAY['a b', NULL, 'q"r', 'x,y', ''] AS t, '{{1,2},{3,4}}'::int8[] AS m, '{}'::text[] AS e`);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([1007, 1009, 1016, 1009]);
    expect(r.rows[0]).toEqual({ a: [1, 2, 3], t: ['a b', null, 'q"r', 'x,y', ''], m: [['1', '2'], ['3', '4']], e: [] });
  });

  it('decodes binary results of int[] and text[]', async () => {
    const binary: pg.Defaults = { binary: true }; // results in binary format
    const binaryClient = await server.client(binary);
    // a named statement goes through the extended protocol, where results can be binary
    // (the driver's binary array decoder misreads NULL elements and negative numbers, with
    // PostgreSQL's bytes as with ours, so the values here avoid them)
    const r = await binaryClient.query({ name: 'binary_arrays', text: `SELECT '{1,2,3}'::int[] AS a, '{x,"y z"}'::text[] AS t, '{{1,2},{3,4}}'::int[] AS m` });
    expect(r.fields.map((f) => f.format)).toEqual(['binary', 'binary', 'binary']);
    expect(r.rows[0]).toEqual({ a: [1, 2, 3], t: ['x', 'y z'], m: [[1, 2], [3, 4]] });
  });

  it('binds JS arrays as text parameters', async () => {
    const r = await client.query('SELECT $1::int[] AS a, $2::text[] AS t, cardinality($1::int[]) AS n', [[4, 5, null], ['he said "hi"', 'back\\slash', null, 'NULL']]);
    expect(r.rows[0]).toEqual({ a: [4, 5, null], t: ['he said "hi"', 'back\\slash', null, 'NULL'], n: 3 });
  });

  it('reads an array bound in binary format', async () => {
    // array_send of '[0:1]={7,NULL}'::int4[]: 1 dimension, has NULLs, element int4, length 2, lower bound 0
    const bytes = Buffer.from('00000001' + '00000001' + '00000017' + '00000002' + '00000000' + '00000004' + '00000007' + 'ffffffff', 'hex');
    const r = await client.query('SELECT $1::int[]::text AS a', [bytes]);
    expect(r.rows[0].a).toBe('[0:1]={7,NULL}');
  });

  it('stores and reads back array columns', async () => {
    await client.query('CREATE TABLE wire_arrays (id int PRIMARY KEY, a int[], t varchar(5)[])');
    await client.query('INSERT INTO wire_arrays VALUES ($1, $2, $3)', [1, [1, 2], ['ab', null]]);
    await client.query('INSERT INTO wire_arrays VALUES ($1, $2, $3)', [2, [], []]);
    await expect(client.query('INSERT INTO wire_arrays VALUES ($1, $2, $3)', [3, [1], ['toolong']])).rejects.toMatchObject({ code: '22001' });
    const r = await client.query('SELECT id, a, t FROM wire_arrays WHERE $1 = ANY(a) OR a = $2 ORDER BY id', [2, []]);
    expect(r.rows).toEqual([
      { id: 1, a: [1, 2], t: ['ab', null] },
      { id: 2, a: [], t: [] },
    ]);
  });

  it('reports malformed array parameters with PostgreSQL errors', async () => {
    await expect(client.query('SELECT $1::int[]', ['{1,2'])).rejects.toMatchObject({ code: '22P02', message: 'malformed array literal: "{1,2"', detail: 'Unexpected end of input.' });
    const wrongType = Buffer.from('000000010000000000000019000000010000000100000001', 'hex');
    await expect(client.query('SELECT $1::int[]', [wrongType])).rejects.toMatchObject({ code: '42804' });
  });
});
