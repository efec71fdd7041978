// Self-repair from the LSM mirror: random pages of a table's file and of its index files are
// overwritten on disk; after a restart every query answers exactly as before (a twin table that
// was not damaged is the oracle), writes keep working, and the log names what was repaired.
// The damage is met by a query, by an UPDATE (the statement re-runs on the rebuilt file), and by
// crash recovery replaying the WAL into a damaged page (rebuilt as of the commit before).
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import type { Logger } from '../../src/log.js';
import { connect } from './connect.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => lines.push(m);
  return { lines, logger: { error: keep, warn: keep, info: () => {}, debug: () => {} } };
}

/** A small deterministic generator (the damage is the same on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Overwrites 64 bytes inside `count` random pages of a file (page 0, the meta page, included). */
function damagePages(path: string, count: number, rnd: () => number): number[] {
  const fd = openSync(path, 'r+');
  try {
    const pages = Math.floor(fstatSync(fd).size / 8192);
    const hit = new Set<number>();
    while (hit.size < Math.min(count, pages)) hit.add(Math.floor(rnd() * pages));
    for (const p of hit) {
      const junk = Buffer.alloc(64);
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(rnd() * 256);
      writeSync(fd, junk, 0, junk.length, p * 8192 + 100 + Math.floor(rnd() * 7000));
    }
    return [...hit];
  } finally {
    closeSync(fd);
  }
}

const SETUP = [
  'CREATE TABLE items (id int PRIMARY KEY, grp int NOT NULL, payload text)',
  'CREATE INDEX items_grp ON items (grp)',
  'CREATE TABLE twin (id int PRIMARY KEY, grp int NOT NULL, payload text)',
  'CREATE INDEX twin_grp ON twin (grp)',
];

const fill = (t: string) => `INSERT INTO ${t} SELECT g, g % 37, repeat(md5(g::text), 1 + g % 4) FROM generate_series(1, 6000) g`;
const churn = (t: string) => [`UPDATE ${t} SET payload = 'u' || id WHERE id % 11 = 0`, `DELETE FROM ${t} WHERE id % 13 = 0`, `INSERT INTO ${t} VALUES (7000, 3, 'late')`];

/** Queries over each table whose answers must agree. */
const queries = (t: string) => [
  `SELECT count(*)::int AS n, sum(id)::int AS s, sum(length(payload))::int AS l FROM ${t}`,
  `SELECT * FROM ${t} WHERE id IN (1, 77, 1234, 2999, 5998, 7000) ORDER BY id`,
  `SELECT id FROM ${t} WHERE grp = 7 ORDER BY id`,
  `SELECT grp, count(*)::int AS n FROM ${t} GROUP BY grp ORDER BY grp`,
  `SELECT id, payload FROM ${t} ORDER BY id LIMIT 25 OFFSET 3000`,
];

async function expectTwinsAgree(c: pg.Client): Promise<void> {
  const a = queries('items');
  const b = queries('twin');
  for (let i = 0; i < a.length; i++) expect((await c.query(a[i]!)).rows).toEqual((await c.query(b[i]!)).rows);
}

async function filesOf(c: pg.Client): Promise<string[]> {
  const { rows } = await c.query<{ p: string }>("SELECT pg_relation_filepath(r) AS p FROM unnest(ARRAY['items', 'items_pkey', 'items_grp']::regclass[]) r");
  return rows.map((r) => r.p).filter((p) => !p.endsWith('/0')); // the primary key is the table's own B+tree
}

describe('self-repair from the LSM mirror', () => {
  it('rebuilds damaged table and index files; queries and writes go on as before', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-repair-'));
    dirs.push(dataDir);
    let server = await startServer({ port: 0, dataDir, logLevel: 'error', memtableSizeMiB: 1 });
    let c = await connect(server.port);
    for (const s of SETUP) await c.query(s);
    for (const t of ['items', 'twin']) {
      await c.query(fill(t));
      for (const s of churn(t)) await c.query(s);
    }
    await expectTwinsAgree(c);
    const before = (await c.query(queries('items')[0]!)).rows;
    const files = await filesOf(c);
    await c.end();
    await server.close();

    const rnd = random(42);
    for (const f of files) damagePages(join(dataDir, f), 4, rnd);

    const log = capture();
    server = await startServer({ port: 0, dataDir, logger: log.logger, memtableSizeMiB: 1 });
    c = await connect(server.port);
    // a write meets the damage first: the statement re-runs on the rebuilt file
    for (const t of ['items', 'twin']) await c.query(`UPDATE ${t} SET grp = grp + 1 WHERE id % 17 = 0`);
    await expectTwinsAgree(c);
    expect((await c.query(queries('items')[0]!)).rows).toEqual(before);
    const repaired = log.lines.filter((l) => l.includes('repaired relation file'));
    expect(repaired.length).toBeGreaterThanOrEqual(1);
    for (const l of repaired) expect(l).toMatch(/^repaired relation file base\/\d+\/\d+ from the LSM mirror: \d+ row\(s\) rewritten$/);
    expect(server.cluster.repairs).toBe(repaired.length);
    const other = await connect(server.port);
    expect((await other.query('SELECT count(*)::int AS n FROM twin')).rows).toEqual(before.map((r) => ({ n: r.n })));
    await other.end();
    await c.end();
    await server.close();

    // the rebuilt files are whole: a restart reads them without repairs
    const quiet = capture();
    server = await startServer({ port: 0, dataDir, logger: quiet.logger });
    c = await connect(server.port);
    await expectTwinsAgree(c);
    expect(server.cluster.repairs).toBe(0);
    await c.end();
    await server.close();
  });

  it('repairs a page that crash recovery replays into', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-repair-'));
    dirs.push(dataDir);
    let server = await startServer({ port: 0, dataDir, logLevel: 'error', checkpointInterval: 0 });
    let c = await connect(server.port);
    for (const s of SETUP) await c.query(s);
    for (const t of ['items', 'twin']) await c.query(fill(t));
    await c.query('CHECKPOINT');
    // after the checkpoint: only in the WAL (and the mirror's memtable)
    for (const t of ['items', 'twin']) for (const s of churn(t)) await c.query(s);
    const files = await filesOf(c);
    await c.end();
    server.abandon();

    const rnd = random(7);
    for (const f of files) damagePages(join(dataDir, f), 6, rnd);

    const log = capture();
    server = await startServer({ port: 0, dataDir, logger: log.logger });
    c = await connect(server.port);
    await expectTwinsAgree(c);
    expect(log.lines.some((l) => l.includes('repaired relation file'))).toBe(true);
    await c.end();
    await server.close();
  });

  it('lets a scan left open across a rebuild of its relation go on to every row', async () => {
    // scans read 256 entries at a time and resume after the last key, so a FETCH after another
    // session's repair reads the rebuilt file onward: nothing skipped, nothing twice
    const dataDir = mkdtempSync(join(tmpdir(), 'treeline-repair-'));
    dirs.push(dataDir);
    const server = await startServer({ port: 0, dataDir, logLevel: 'error' });
    const c = await connect(server.port);
    await c.query('CREATE TABLE scanned (id int PRIMARY KEY, v text)');
    await c.query(`INSERT INTO scanned SELECT g, repeat('v', 50) FROM generate_series(1, 5000) g`);
    const rel = Number((await c.query(`SELECT pg_relation_filenode('scanned') AS rel`)).rows[0].rel);
    const db = Number((await c.query(`SELECT oid FROM pg_database WHERE datname = current_database()`)).rows[0].oid);
    await c.query('BEGIN');
    await c.query('DECLARE cur CURSOR FOR SELECT id FROM scanned');
    const first = (await c.query('FETCH 1000 FROM cur')).rows.map((r) => r.id as number);
    expect(server.cluster.repairRelation(db, rel)).toBe(true);
    const rest = (await c.query('FETCH ALL FROM cur')).rows.map((r) => r.id as number);
    expect([...first, ...rest]).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    await c.query('COMMIT');
    await c.end();
    await server.close();
  });
});
