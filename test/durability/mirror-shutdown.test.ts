// A clean shutdown does not wait for a compaction: the one running in its worker is given up
// (here it could never finish: its rate limit is about a byte a second), its output files are
// not in the MANIFEST, and the next start deletes them. Nothing committed is lost and every
// relation still equals its mirror. The load also pins that a compaction starts after a flush
// while more flushes are queued (it used to wait until they caught up, which under a steady
// load was never).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import { compareWithMirror } from '../../src/lsm/mirror-check.js';
import { connect } from './connect.js';

const dataDir = mkdtempSync(join(tmpdir(), 'treeline-mirror-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('shutdown during a compaction', () => {
  it('gives the compaction up, and the next start removes its outputs', async () => {
    const lines: string[] = [];
    const logger = { error: (m: string) => lines.push(`error: ${m}`), warn() {}, info: (m: string) => lines.push(m), debug() {} };
    // ~1 byte/s: the compaction's first write waits for hours
    let server = await startServer({ port: 0, dataDir, logger, memtableSizeMiB: 0.02, compactionRateMiB: 1e-6, checkpointInterval: 0 });
    const c = await connect(server.port);
    await c.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    const mirror = server.cluster.mirror!;
    let batches = 0;
    while (!mirror.busy.compacting && batches < 200) {
      await c.query(`INSERT INTO t SELECT g, repeat('x', 40) FROM generate_series(${batches * 100 + 1}, ${batches * 100 + 100}) g`);
      batches++;
    }
    expect(mirror.busy.compacting).toBe(true);
    // once the flushes are done, a .tmp file is the compaction's first output, its write held
    // back by the limiter
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 500 && mirror.busy.flushing; i++) await sleep(10);
    const tmp = () => readdirSync(join(dataDir, 'lsm')).filter((f) => f.endsWith('.tmp'));
    for (let i = 0; i < 500 && tmp().length === 0; i++) await sleep(10);
    expect(mirror.busy).toEqual({ flushing: false, compacting: true });
    expect(tmp()).toHaveLength(1);
    await c.end();
    await server.close();
    expect(mirror.stats.compactions).toBe(0);
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);

    server = await startServer({ port: 0, dataDir, logger, checkpointInterval: 0 });
    expect(lines.some((l) => /mirror: removed \d+ file\(s\) the MANIFEST does not list/.test(l))).toBe(true);
    expect(readdirSync(join(dataDir, 'lsm')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const d = await connect(server.port);
    expect((await d.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: batches * 100 }]);
    await d.end();
    const t = compareWithMirror(server.cluster.mirror!, server.cluster.catalog, server.cluster.relations).find((r) => r.name === 't')!;
    expect({ mirrored: t.mirrored, differences: t.differences, rows: t.mirrorRows }).toEqual({ mirrored: true, differences: 0, rows: batches * 100 });
    await server.close();
  }, 30_000);
});
