// Enum types over the wire with the pg driver: labels come back as strings, in text and binary
// format, with the type's OID (and its array type's, the next one) in RowDescription; labels are
// bound as text or binary parameters; a label added by another session's open transaction is
// invisible until it commits; a prepared statement prints a renamed label's new text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let client: pg.Client;
let moodOid: number;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client();
  await client.query(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`);
  await client.query('CREATE TABLE diary (day int PRIMARY KEY, m mood, ms mood[])');
  moodOid = Number((await client.query(`SELECT 'mood'::regtype::oid AS oid`)).rows[0].oid);
});

afterAll(async () => {
  await server.stop();
});

describe('enums through the pg driver', () => {
  it('returns labels as strings with the type OIDs of the enum and of its array type', async () => {
    const r = await client.query(`SELECT 'happy'::mood AS m, '{sad,ok}'::mood[] AS ms, enum_range(NULL::mood) AS r`);
    expect(moodOid % 2).toBe(0);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([moodOid, moodOid + 1, moodOid + 1]);
    // the driver knows neither type, so both arrive as their text forms
    expect(r.rows[0]).toEqual({ m: 'happy', ms: '{sad,ok}', r: '{sad,ok,happy}' });
  });

  it('binds labels as parameters and stores them', async () => {
    await client.query('INSERT INTO diary VALUES ($1, $2, $3)', [1, 'ok', ['happy', 'sad']]);
    await client.query('INSERT INTO diary VALUES ($1, $2, $3)', [2, 'sad', null]);
    await expect(client.query('INSERT INTO diary VALUES ($1, $2)', [3, 'angry'])).rejects.toMatchObject({
      code: '22P02',
      message: 'invalid input value for enum mood: "angry"',
    });
    const r = await client.query('SELECT day, m, ms FROM diary WHERE m >= $1 ORDER BY m DESC', ['sad']);
    expect(r.rows).toEqual([
      { day: 1, m: 'ok', ms: '{happy,sad}' },
      { day: 2, m: 'sad', ms: null },
    ]);
  });

  it('sends and receives the binary form: the label bytes', async () => {
    const binary: pg.Defaults = { binary: true };
    const binaryClient = await server.client(binary);
    const r = await binaryClient.query({ name: 'binary_enum', text: 'SELECT m FROM diary WHERE day = 1' });
    expect(r.fields[0]!.format).toBe('binary');
    expect(r.rows[0].m).toBe('ok');
    const p = await client.query('SELECT $1::mood::text AS t', [Buffer.from('happy')]);
    expect(p.rows[0].t).toBe('happy');
    await expect(client.query('SELECT $1::mood AS t', [Buffer.from('nope')])).rejects.toMatchObject({ code: '22P02' });
  });

  it('keeps a label added in an open transaction from other sessions until commit', async () => {
    const other = await server.client();
    await client.query('BEGIN');
    await client.query(`ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'`);
    await client.query('SAVEPOINT before_use');
    await expect(client.query(`SELECT 'meh'::mood`)).rejects.toMatchObject({ code: '55P04' });
    await client.query('ROLLBACK TO SAVEPOINT before_use'); // the error failed the block
    await expect(other.query(`SELECT 'meh'::mood`)).rejects.toMatchObject({ code: '22P02' });
    expect((await client.query('COMMIT')).command).toBe('COMMIT');
    const r = await other.query(`SELECT 'meh'::mood AS m, 'meh'::mood < 'ok' AS below, enum_range(NULL::mood) AS r`);
    expect(r.rows[0]).toEqual({ m: 'meh', below: true, r: '{sad,meh,ok,happy}' });
  });

  it('prints the new text of a renamed label in a prepared statement', async () => {
    const query = { name: 'diary_day1', text: 'SELECT m FROM diary WHERE day = 1' };
    expect((await client.query(query)).rows[0].m).toBe('ok');
    await client.query(`ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'`);
    expect((await client.query(query)).rows[0].m).toBe('fine');
  });
});
