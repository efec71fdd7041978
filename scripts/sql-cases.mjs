// Differential SQL cases, shared by the recorder (scripts/record-sql-cases.mjs) and the tests
// (test/sql/recorded-cases.test.ts). test/sql/cases/*.sql hold statements, each ending with
// `;` at the end of a line; test/sql/expected/*.json hold PostgreSQL 15's answers. A case runs
// on one fresh connection; results are compared as tag, column names and types, rows as text,
// or error SQLSTATE and message.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CASES_DIR = join(root, 'test', 'sql', 'cases');
export const EXPECTED_DIR = join(root, 'test', 'sql', 'expected');

/**
 * Splits a case file into statements: a statement ends at a line ending with `;`.
 * @param {string} text
 * @returns {string[]}
 */
export function splitCase(text) {
  const out = [];
  let current = [];
  for (const line of text.split('\n')) {
    if (current.length === 0 && (line.trim() === '' || line.trim().startsWith('--'))) continue;
    current.push(line);
    if (line.trimEnd().endsWith(';')) {
      out.push(current.join('\n').trim());
      current = [];
    }
  }
  if (current.some((l) => l.trim() !== '')) out.push(current.join('\n').trim());
  return out;
}

/** @returns {string[]} case names, sorted */
export function caseNames() {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.replace(/\.sql$/, ''))
    .sort();
}

/** @param {string} name */
export function readCase(name) {
  return splitCase(readFileSync(join(CASES_DIR, `${name}.sql`), 'utf8'));
}

/** @param {string} name */
export function readExpected(name) {
  return JSON.parse(readFileSync(join(EXPECTED_DIR, `${name}.json`), 'utf8'));
}

/** Every value as text: pg's type parsing off. */
const rawTypes = { getTypeParser: () => (/** @type {string} */ value) => value };

/** The database each case runs in, created afresh for every run. */
export const CASE_DATABASE = 'regression';

/**
 * Runs SQL on its own connection (the case database's creation and removal).
 * @param {import('pg').ClientConfig} config
 * @param {string} sql
 */
async function admin(config, sql) {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs one case's statements on a fresh connection to a fresh database (CASE_DATABASE, made
 * from template0 through a connection to `config`'s database) and returns each statement's result.
 * @param {import('pg').ClientConfig} config
 * @param {string[]} statements
 * @param {'simple' | 'extended'} mode
 */
export async function runCase(config, statements, mode) {
  await admin(config, `DROP DATABASE IF EXISTS ${CASE_DATABASE}`);
  await admin(config, `CREATE DATABASE ${CASE_DATABASE} TEMPLATE template0`);
  const client = new pg.Client({ ...config, connectionString: undefined, ...caseTarget(config), types: rawTypes });
  client.on('error', () => {});
  await client.connect();
  const out = [];
  try {
    for (const sql of statements) {
      try {
        const r = await client.query({ text: sql, rowMode: 'array', queryMode: mode });
        const results = Array.isArray(r) ? r : [r];
        out.push({
          sql,
          result: results.map((x) => ({
            tag: x.command === null ? null : `${x.command}${x.rowCount === null ? '' : ` ${x.rowCount}`}`,
            columns: x.fields.map((f) => ({ name: f.name, type: f.dataTypeID })),
            rows: x.rows,
          })),
        });
      } catch (err) {
        out.push({ sql, result: { error: { code: err.code ?? 'client', message: err.message } } });
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
  await admin(config, `DROP DATABASE ${CASE_DATABASE}`);
  return out;
}

/**
 * The connection settings of `config` with the case database in place of its own.
 * @param {import('pg').ClientConfig} config
 */
function caseTarget(config) {
  if (!config.connectionString) return { database: CASE_DATABASE };
  const url = new URL(config.connectionString);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: CASE_DATABASE,
  };
}
