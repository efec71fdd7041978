// psql's describe commands (\d, \d+ TABLE, \dt, \di, \dn, \ds, \dv, \du, \df, \l, ...) run by the
// real psql binary against Treeline print exactly what they print against PostgreSQL 15:
// test/clients/psql-catalog/expected.json holds PostgreSQL's output for the schema in
// schema.sql, recorded by scripts/record-psql-catalog.mjs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, psqlCommand, readCommands } from '../../scripts/record-psql-catalog.mjs';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Recorded {
  command: string;
  stdout: string;
  stderr: string;
  code: number;
}

const expected = JSON.parse(readFileSync(new URL('psql-catalog/expected.json', import.meta.url), 'utf8')) as Recorded[];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await createSchema({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' });
});
afterAll(async () => {
  await server.stop();
});

describe('psql describe commands', () => {
  it('covers every recorded command', () => {
    expect(expected.map((e) => e.command)).toEqual(readCommands());
  });

  it.each(expected.map((e) => [e.command, e] as const))('%s prints what PostgreSQL prints', async (command, want) => {
    const got = await psqlCommand('127.0.0.1', server.port, command);
    expect(got).toEqual({ stdout: want.stdout, stderr: want.stderr, code: want.code });
  });
});
