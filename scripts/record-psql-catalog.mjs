// Records what PostgreSQL 15's psql prints for the describe commands of
// test/clients/psql-catalog/commands.txt over the schema in schema.sql, into expected.json,
// so test/clients/psql-catalog.test.ts compares Treeline's answers without a PostgreSQL:
//   node scripts/record-psql-catalog.mjs postgres://postgres@127.0.0.1:55601/postgres
// The schema is created in a fresh database named psql_catalog, dropped again afterwards.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'clients', 'psql-catalog');
const PG_BIN = '/usr/lib/postgresql/15/bin';
const psqlPath = existsSync(join(PG_BIN, 'psql')) ? join(PG_BIN, 'psql') : 'psql';
export const DATABASE = 'psql_catalog';

/** The commands, one per line. */
export function readCommands() {
  return readFileSync(join(DIR, 'commands.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Runs one psql command; resolves to what psql printed and its exit code. */
export async function psqlCommand(host, port, command) {
  try {
    const { stdout, stderr } = await run(psqlPath, ['-X', '-h', host, '-p', String(port), '-U', 'postgres', '-d', DATABASE, '-c', command], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '10', PAGER: '', COLUMNS: '200' },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code ?? -1 };
  }
}

/** Creates the psql_catalog database with the schema; `config` names host, port and user. */
export async function createSchema(config) {
  const admin = new pg.Client(config);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const db = new pg.Client({ ...config, database: DATABASE });
  await db.connect();
  await db.query(readFileSync(join(DIR, 'schema.sql'), 'utf8'));
  await db.end();
}

/** Drops the psql_catalog database again. */
export async function dropSchema(config) {
  const admin = new pg.Client(config);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.end();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: record-psql-catalog.mjs POSTGRES_URL');
    process.exit(2);
  }
  const u = new URL(url);
  const config = { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username) || 'postgres', database: u.pathname.slice(1) || 'postgres' };
  await createSchema(config);
  const expected = [];
  for (const command of readCommands()) expected.push({ command, ...(await psqlCommand(u.hostname, Number(u.port), command)) });
  await dropSchema(config);
  writeFileSync(join(DIR, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  console.log(`${expected.length} commands recorded`);
}
