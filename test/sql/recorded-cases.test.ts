// Replays the SQL cases of test/sql/cases against Treeline in the simple and the extended
// protocol and compares every answer with what PostgreSQL 15 gave (test/sql/expected,
// recorded by scripts/record-sql-cases.mjs): command tag, column names and type OIDs, rows as
// text, or the error's SQLSTATE and message. Statements listed in known-differences.json are
// known to differ; the test fails when one of them starts to match, so the list stays true.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseNames, readCase, readExpected, runCase } from '../../scripts/sql-cases.mjs';
import { startTestServer, type TestServer } from '../helpers/server.js';

const known = JSON.parse(readFileSync(new URL('known-differences.json', import.meta.url), 'utf8')) as { case: string; sql: string; why: string }[];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe.each(caseNames())('case %s', (name) => {
  const statements = readCase(name);
  const expected = readExpected(name) as { sql: string; result: unknown; extended?: unknown }[];
  const knownHere = new Set(known.filter((k) => k.case === name).map((k) => k.sql));

  it.each(['simple', 'extended'] as const)('matches PostgreSQL in the %s protocol', async (mode) => {
    expect(expected.map((e) => e.sql)).toEqual(statements);
    const actual = await runCase({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' }, statements, mode);
    const want = expected.map((e) => ({ sql: e.sql, result: mode === 'extended' && e.extended ? e.extended : e.result }));
    for (let i = 0; i < want.length; i++) {
      if (knownHere.has(want[i]!.sql)) {
        expect(actual[i], `known difference now matches; remove it from known-differences.json`).not.toEqual(want[i]);
      } else {
        expect(actual[i]).toEqual(want[i]);
      }
    }
  });
});
