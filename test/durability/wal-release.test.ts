// WAL segments go once nothing needs them, also on a quiet server: every checkpoint rotates the
// WAL, and the mirror's memtable may take hours to fill, so the mirror moves its redo point up
// at a checkpoint when its memtables are empty, and flushes them early when they pin
// MAX_SEGMENTS_BEHIND segments. After a crash, nothing is lost and the mirror still matches.
// And like PostgreSQL, periodic checkpoints are skipped while nothing was committed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import { compareWithMirror } from '../../src/lsm/mirror-check.js';
import { MAX_SEGMENTS_BEHIND } from '../../src/lsm/mirror.js';
import { connect } from './connect.js';

const dataDir = mkdtempSync(join(tmpdir(), 'treeline-wal-release-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const warnings: string[] = [];
const logger = { error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {} };
const open = () => startServer({ port: 0, dataDir, logger, checkpointInterval: 0 });
const segments = () => readdirSync(join(dataDir, 'wal')).length;

describe('WAL release with a memtable that does not fill', () => {
  it('keeps a bounded number of segments, busy or quiet, and loses nothing in a crash', async () => {
    let server = await open();
    let c = await connect(server.port);
    await c.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    const most: number[] = [];
    for (let i = 0; i < MAX_SEGMENTS_BEHIND + 8; i++) {
      await c.query('INSERT INTO t VALUES ($1, $2)', [i, `row ${i}`]);
      await c.query('CHECKPOINT');
      most.push(segments());
    }
    // the memtable was flushed early once it pinned MAX_SEGMENTS_BEHIND segments, and the
    // segments it pinned went (without that: one segment per checkpoint, all kept)
    const mirror = server.cluster.mirror!;
    expect(mirror.stats.flushes).toBeGreaterThanOrEqual(1);
    while (mirror.busy.flushing) await new Promise((r) => setTimeout(r, 10));
    await c.query('CHECKPOINT');
    expect(Math.max(...most)).toBeGreaterThanOrEqual(MAX_SEGMENTS_BEHIND);
    expect(segments()).toBeLessThan(MAX_SEGMENTS_BEHIND);
    await c.end();
    await server.close();

    // quiet: the memtables are empty after a clean stop; checkpoints leave one segment
    server = await open();
    c = await connect(server.port);
    for (let i = 0; i < 6; i++) await c.query('CHECKPOINT');
    expect(segments()).toBe(1);
    // a catalog-only commit, then more quiet checkpoints
    await c.query('CREATE DATABASE other');
    for (let i = 0; i < 3; i++) await c.query('CHECKPOINT');
    expect(segments()).toBe(1);

    // writes after the last checkpoint, then a crash: the WAL still holds them for both
    await c.query(`INSERT INTO t SELECT g, 'late ' || g FROM generate_series(1000, 1099) g`);
    await c.query('UPDATE t SET v = v || \'!\' WHERE id < 5');
    await c.end();
    server.abandon();
    server = await open();
    c = await connect(server.port);
    const { rows } = await c.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE v LIKE '%!')::int AS bang FROM t`);
    expect(rows[0]).toEqual({ n: MAX_SEGMENTS_BEHIND + 8 + 100, bang: 5 });
    await c.end();
    const compared = compareWithMirror(server.cluster.mirror!, server.cluster.catalog, server.cluster.relations);
    const t = compared.find((r) => r.name === 't')!;
    expect({ mirrored: t.mirrored, differences: t.differences, rows: t.mirrorRows }).toEqual({ mirrored: true, differences: 0, rows: t.treeRows });
    // the mirror was never found stale (which would take every relation again)
    expect(warnings.filter((w) => /WAL lacks commits/.test(w))).toEqual([]);
    await server.close();
  }, 60_000);

  it('skips periodic checkpoints while nothing is committed', async () => {
    const quietDir = mkdtempSync(join(tmpdir(), 'treeline-quiet-'));
    const server = await startServer({ port: 0, dataDir: quietDir, logger, checkpointInterval: 0.1 });
    try {
      const { cluster } = server;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const atStart = cluster.checkpoints;
      await sleep(600);
      expect(cluster.checkpoints).toBe(atStart);
      const c = await connect(server.port);
      await c.query('CREATE TABLE q (id int PRIMARY KEY)');
      await c.end();
      for (let waited = 0; waited < 10_000 && cluster.checkpoints === atStart; waited += 20) await sleep(20);
      expect(cluster.checkpoints).toBe(atStart + 1);
      await sleep(600);
      expect(cluster.checkpoints).toBe(atStart + 1);
      expect(readdirSync(join(quietDir, 'wal'))).toHaveLength(1);
    } finally {
      await server.close();
      rmSync(quietDir, { recursive: true, force: true });
    }
  });
});
