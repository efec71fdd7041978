// Runs the shared conformance cases (../shared/conformance/cases) against a server and checks
// every statement against PostgreSQL 15's recorded answers (../shared/conformance/expected),
// by the shared harness's rules: per case file and protocol a fresh database "conf_<file>",
// created and dropped through the URL's database; the file runs on one connection; a
// statement that times out or loses the connection ends that run. A file passes when every
// statement matched in every protocol. Used by test/conformance and scripts/conformance/run.mjs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clip, compareResults, summarize } from './compare-results.mjs';
import { splitStatements } from './split-statements.mjs';
import { WireSession } from './wire-session.mjs';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared harness, beside the repository on every development and CI machine. */
export const SHARED_DIR = join(REPO_ROOT, '..', 'shared', 'conformance');
export const FAILING_LIST = join(REPO_ROOT, 'test', 'conformance', 'failing.json');
const EXPECTED_FORMAT = 'pg-conformance-expected/1';

/** Case file names (`agg_01.sql`) in a folder, sorted. */
export function caseFiles(casesDir = join(SHARED_DIR, 'cases')) {
  return existsSync(casesDir) ? readdirSync(casesDir).filter((f) => f.endsWith('.sql')).sort() : [];
}

/**
 * The databases the cases run in: `conf_` and the file's base name, lower-cased, made an
 * identifier; `_2`, `_3` … appended where two files would get the same name.
 * @param {string[]} files
 * @returns {Map<string, string>} file → database
 */
export function caseDatabases(files) {
  const names = new Map();
  const used = new Set();
  for (const file of files) {
    const base = `conf_${file.replace(/\.sql$/, '').toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 60);
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    names.set(file, name);
  }
  return names;
}

/**
 * Reads a case file and its recorded expectations.
 * @returns {{ file: string, split: ReturnType<typeof splitStatements>, expected: object | null, problem: string | null }}
 */
function loadCase(file, casesDir, expectedDir) {
  const src = readFileSync(join(casesDir, file), 'utf8');
  const split = splitStatements(src);
  const jsonPath = join(expectedDir, file.replace(/\.sql$/, '.json'));
  if (!existsSync(jsonPath)) return { file, split, expected: null, problem: `no recorded expectations (${file.replace(/\.sql$/, '.json')})` };
  const expected = JSON.parse(readFileSync(jsonPath, 'utf8'));
  if (expected.format !== EXPECTED_FORMAT) return { file, split, expected: null, problem: `unknown expectations format ${JSON.stringify(expected.format)}` };
  const sha256 = createHash('sha256').update(src).digest('hex');
  if (expected.sha256 !== sha256) return { file, split, expected: null, problem: 'recorded expectations are stale: the case file changed since they were recorded' };
  return { file, split, expected, problem: null };
}

/** A statement's effective options: the file's directives, then its own. */
function statementOptions(split, st, opts) {
  const d = { ...split.fileDirectives, ...st.directives };
  return {
    error: st.directives.error,
    ordered: d.ordered ?? st.topLevelOrderBy,
    skipProtocols: [...(split.fileDirectives.skipProtocols ?? []), ...(st.directives.skipProtocols ?? [])],
    ignoreValues: Boolean(d.ignoreValues),
    ignoreTypes: Boolean(d.ignoreTypes),
    strictMessages: Boolean(opts.strictMessages || d.strictMessages),
    compareTypmod: Boolean(opts.compareTypmod),
    timeoutMs: d.timeout ? d.timeout * 1000 : opts.timeoutMs,
  };
}

/** Problems with a recorded answer itself: the case says error and PostgreSQL did not, or the other way. */
function caseBug(want, so) {
  if (!want.ok && want.kind === 'sql' && !so.error) return `CASE BUG: PostgreSQL raised ${want.code} (${clip(want.message, 80)}) on a statement not marked -- @error`;
  if (want.ok && so.error) return 'CASE BUG: marked -- @error but PostgreSQL succeeded';
  if (!want.ok && want.kind === 'sql' && typeof so.error === 'string' && want.code !== so.error) return `CASE BUG: marked -- @error ${so.error} but PostgreSQL raised ${want.code}`;
  if (!want.ok && want.kind !== 'sql') return `PostgreSQL did not answer when recorded: ${want.message}`;
  return null;
}

/**
 * Runs one case file under one protocol in a fresh database.
 * @returns {Promise<{ results: object[], fatal: string | null }>} one result per statement ({ skipped } or captured)
 */
async function runProtocol(admin, url, loaded, database, protocol, opts) {
  const statements = loaded.split.statements;
  const notRun = (message) => ({ results: statements.map(() => ({ ok: false, kind: 'notrun', message })), fatal: message });
  const db = `"${database}"`;
  for (const sql of [`DROP DATABASE IF EXISTS ${db}`, `CREATE DATABASE ${db}`]) {
    const r = await admin.run(sql, 'simple', 60_000);
    if (!r.ok) return notRun(`cannot create database ${db}: ${r.message}`);
  }
  let session;
  try {
    const u = new URL(url);
    u.pathname = `/${encodeURIComponent(database)}`;
    session = await WireSession.open(u.toString());
  } catch (err) {
    return notRun(`cannot connect to database ${db}: ${err.message}`);
  }
  const results = [];
  try {
    for (const st of statements) {
      const so = statementOptions(loaded.split, st, opts);
      if (so.skipProtocols.includes(protocol)) {
        results.push({ skipped: true });
        continue;
      }
      if (session.broken) {
        results.push({ ok: false, kind: 'notrun', message: `not run: the connection was lost or timed out earlier` });
        continue;
      }
      results.push(await session.run(st.sql, protocol, so.timeoutMs));
    }
  } finally {
    await session.close();
    if (!opts.keepDatabases) await admin.run(`DROP DATABASE IF EXISTS ${db}`, 'simple', 60_000);
  }
  return { results, fatal: null };
}

/**
 * Runs one case file in every protocol and compares it with the recordings.
 * @returns {Promise<{ file: string, passed: boolean, counts: { matched: number, differed: number, skipped: number },
 *   failures: { protocol: string, line: number, sql: string, problems: string[], expected: object, got: object }[], notes: string[] }>}
 */
async function runCaseFile(admin, url, loaded, database, opts) {
  const out = { file: loaded.file, passed: true, counts: { matched: 0, differed: 0, skipped: 0 }, failures: [], notes: [] };
  const statements = loaded.split.statements;
  const failAll = (note) => {
    out.passed = false;
    out.notes.push(note);
    out.counts.differed += statements.length || 1;
    return out;
  };
  if (loaded.split.errors.length > 0) return failAll(loaded.split.errors.map((e) => `line ${e.line}: CASE ERROR: ${e.message}`).join('; '));
  if (loaded.problem) return failAll(loaded.problem);

  for (const protocol of opts.protocols) {
    if ((loaded.split.fileDirectives.skipProtocols ?? []).includes(protocol)) {
      out.counts.skipped += statements.length;
      continue;
    }
    const recorded = loaded.expected.protocols[protocol] ?? Object.values(loaded.expected.protocols)[0];
    if (!recorded || recorded.length !== statements.length || recorded.some((r, k) => r.sql !== statements[k].sql)) {
      out.passed = false;
      out.notes.push(`[${protocol}] the recorded statements are not the case file's statements`);
      out.counts.differed += statements.length;
      continue;
    }
    const run = await runProtocol(admin, url, loaded, database, protocol, opts);
    if (run.fatal) out.notes.push(`[${protocol}] ${run.fatal}`);
    statements.forEach((st, k) => {
      const so = statementOptions(loaded.split, st, opts);
      if (so.skipProtocols.includes(protocol)) {
        out.counts.skipped++;
        return;
      }
      const want = recorded[k].result;
      const got = run.results[k];
      const problems = [];
      if (!run.fatal) {
        const bug = caseBug(want, so);
        if (bug) problems.push(bug);
        if ((want.ok || want.kind === 'sql') && got.kind !== 'notrun') problems.push(...compareResults(want, got, so));
      }
      if (!run.fatal && problems.length === 0 && got.kind !== 'notrun') {
        out.counts.matched++;
        return;
      }
      out.counts.differed++;
      out.passed = false;
      if (problems.length > 0 || got.kind === 'notrun') {
        out.failures.push({ protocol, line: st.line, sql: st.sql, problems: problems.length > 0 ? problems : [got.message], expected: want, got });
      }
    });
  }
  return out;
}

/**
 * Runs case files against a server, `jobs` files at a time.
 * @param {{ url: string, casesDir?: string, expectedDir?: string, files?: string[], protocols?: ('simple' | 'extended')[],
 *   jobs?: number, timeoutMs?: number, strictMessages?: boolean, compareTypmod?: boolean, keepDatabases?: boolean,
 *   onFile?: (result: Awaited<ReturnType<typeof runCaseFile>>) => void }} options
 */
export async function runCases(options) {
  const opts = {
    casesDir: join(SHARED_DIR, 'cases'),
    expectedDir: join(SHARED_DIR, 'expected'),
    protocols: ['simple', 'extended'],
    jobs: 4,
    timeoutMs: 10_000,
    ...options,
  };
  const files = opts.files ?? caseFiles(opts.casesDir);
  const databases = caseDatabases(files);
  const results = new Array(files.length);
  let next = 0;
  const worker = async () => {
    /** This worker's connection to the URL's database, reopened when it breaks. */
    let admin = null;
    try {
      while (next < files.length) {
        const k = next++;
        const loaded = loadCase(files[k], opts.casesDir, opts.expectedDir);
        if (!admin || admin.broken) admin = await WireSession.open(opts.url);
        results[k] = await runCaseFile(admin, opts.url, loaded, databases.get(files[k]), opts);
        opts.onFile?.(results[k]);
      }
    } finally {
      await admin?.close();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, files.length)) }, worker));
  return results;
}

/** The ratchet list: case file → why it does not pass yet. */
export function readFailingList(path = FAILING_LIST) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * A failed file's report: its notes, then the first differing statement with its SQL and
 * both answers (with `all`, every differing statement).
 */
export function explainFailure(result, all = false) {
  const lines = result.notes.map((n) => `  ${n}`);
  for (const f of all ? result.failures : result.failures.slice(0, 1)) {
    lines.push(
      `  line ${f.line} [${f.protocol}]: ${f.problems.join('; ')}`,
      `    sql:      ${f.sql.replace(/\n/g, '\n              ')}`,
      `    expected: ${summarize(f.expected)}`,
      `    got:      ${summarize(f.got)}`,
    );
  }
  if (!all && result.failures.length > 1) lines.push(`  (${result.failures.length - 1} more differing statement runs)`);
  return lines.join('\n');
}

/**
 * A one-line reason for the ratchet list: the missing features the file ran into (0A000
 * errors, absent catalog relations), or else its first difference.
 */
export function failureReason(result) {
  const needs = new Set();
  for (const f of result.failures) {
    if (f.got?.kind !== 'sql') continue;
    if (f.got.code === '0A000') needs.add(f.got.message.replace(/ (is|are) not supported yet/, ''));
    const m = /^relation "((?:pg_|information_schema\.)[a-z_.]+)" does not exist$/.exec(f.got.message);
    if (f.got.code === '42P01' && m) needs.add(m[1]);
  }
  if (needs.size > 0) return `needs ${[...needs].join(', ')}`;
  const f = result.failures[0];
  return clip(f ? `line ${f.line}: ${f.problems[0]}` : result.notes.join('; '), 160);
}
