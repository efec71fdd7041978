// `treeline check`: a sound data directory passes (every table and index agrees with its mirror,
// also after a crash, which check recovers first); a page failing its checksum and a damaged
// SSTable are reported, and the command exits 1.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDataDir, formatCheckReport } from '../../src/admin/check.js';
import { startServer } from '../../src/index.js';
import { createLogger } from '../../src/log.js';

const dataDir = mkdtempSync(join(tmpdir(), 'treeline-check-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const log = createLogger('error');

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

describe('treeline check', () => {
  it('passes a sound directory, after a clean stop and after a crash', async () => {
    const server = await startServer({ port: 0, dataDir, logLevel: 'error', memtableSizeMiB: 1 });
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' });
    await c.connect();
    await c.query('CREATE TABLE a (id int PRIMARY KEY, v text)');
    await c.query("INSERT INTO a SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
    await c.query('CREATE INDEX a_v ON a (v)');
    await c.query("UPDATE a SET v = 'x' WHERE id % 3 = 0");
    await c.query('CREATE TABLE b AS SELECT id FROM a WHERE id < 100');
    await c.end();
    await server.close();
    let report = await checkDataDir(dataDir, log);
    expect(report.problems).toEqual([]);
    expect(report.relations.map((r) => [r.name, r.treeRows, r.mirrorRows])).toEqual(
      expect.arrayContaining([
        ['a', 20000, 20000],
        ['a_v', 20000, 20000],
        ['b', 99, 99],
      ]),
    );
    expect(report.sstables).toBeGreaterThan(0);

    const again = await startServer({ port: 0, dataDir, logLevel: 'error' });
    const c2 = new pg.Client({ host: '127.0.0.1', port: again.port, user: 'postgres', database: 'postgres' });
    await c2.connect();
    await c2.query('DELETE FROM a WHERE id > 15000');
    await c2.query('DROP TABLE b');
    await c2.end();
    again.abandon();
    report = await checkDataDir(dataDir, log);
    expect(report.problems).toEqual([]);
    expect(report.relations.find((r) => r.name === 'a')).toMatchObject({ treeRows: 15000, mirrorRows: 15000, differences: 0 });
    expect(report.relations.some((r) => r.name === 'b')).toBe(false);
    expect(formatCheckReport(report)).toMatch(/check: ok$/);
  });

  it('reports a damaged page and a damaged SSTable; the command exits 1', async () => {
    const sst = readdirSync(join(dataDir, 'lsm')).find((n) => n.endsWith('.sst'))!;
    overwrite(join(dataDir, 'lsm', sst), 40, Buffer.from('damage!!'));
    const base = join(dataDir, 'base', '5');
    const table = readdirSync(base).find((n) => /^\d+$/.test(n))!;
    overwrite(join(base, table), 8192 + 500, Buffer.from('damage!!'));
    const report = await checkDataDir(dataDir, log);
    expect(report.badPages).toEqual([{ file: `base/5/${table}`, page: 1 }]);
    expect(report.badSstables.map((s) => s.file)).toEqual([`lsm/${sst}`]);
    expect(report.problems.length).toBeGreaterThanOrEqual(2);
    let status = 0;
    let out = '';
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'dist', 'cli.js'), 'check', '--data-dir', dataDir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
      out = (err as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(out).toMatch(/problem: base\/5\/\d+: page 1 fails its checksum/);
    expect(out).toMatch(/check: \d+ problem\(s\)$/m);
  });
});
