// Online backup while writes go on: bank transfers run on four connections (with a small
// memtable, so flushes and compactions happen meanwhile) and two backups are taken, one through
// `treeline backup`. A server started on each backup shows a consistent state: the balances add
// up, every transfer acknowledged before the backup was asked for is there, and each balance
// equals its start plus the transfers recorded — no transaction is there in part. The restored
// directory then passes `treeline check`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDataDir } from '../../src/admin/check.js';
import { startServer } from '../../src/index.js';
import { createLogger } from '../../src/log.js';
import { checkBank, createBank, transferUntilFailure } from './bank.js';
import { connect } from './connect.js';

const root = mkdtempSync(join(tmpdir(), 'treeline-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('online backup', () => {
  it('copies a consistent state while transfers go on; a server started on it recovers it', async () => {
    const dataDir = join(root, 'data');
    const server = await startServer({ port: 0, dataDir, logLevel: 'error', memtableSizeMiB: 0.25 });
    const c = await connect(server.port);
    await createBank(c);
    const acked = new Set<string>();
    let stop = false;
    const load = transferUntilFailure(server.port, 4, acked, 'b', () => stop, 200);
    await sleep(700);
    const before1 = new Set(acked);
    await c.query(`CALL treeline_backup('${join(root, 'one')}')`);
    await sleep(700);
    const before2 = new Set(acked);
    // asynchronously: the server answering it runs in this process
    const { stdout: out } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '..', '..', 'dist', 'cli.js'), 'backup', '--port', String(server.port), '--to', join(root, 'two')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/^backup at CSN \d+ in ".*two": \d+ file\(s\) linked, \d+ byte\(s\) copied$/m);
    await sleep(300);
    stop = true;
    await load;
    expect(server.cluster.mirror!.stats.flushes).toBeGreaterThan(0);
    const finalCount = Number((await c.query('SELECT count(*) FROM transfers')).rows[0].count);
    await c.end();
    await server.close();

    const counts: number[] = [];
    for (const [name, before] of [
      ['one', before1],
      ['two', before2],
    ] as const) {
      const restored = await startServer({ port: 0, dataDir: join(root, name), logLevel: 'error' });
      const r = await connect(restored.port);
      const n = await checkBank(r, before);
      counts.push(n);
      // the restored cluster takes writes and keeps them
      await r.query("INSERT INTO transfers VALUES ('after', 1, 2, 0, '')");
      await r.end();
      await restored.close();
      const report = await checkDataDir(join(root, name), createLogger('error'));
      expect(report.problems).toEqual([]);
    }
    expect(before1.size).toBeGreaterThan(0);
    expect(counts[0]).toBeLessThanOrEqual(counts[1]!);
    expect(counts[1]).toBeLessThanOrEqual(finalCount);
  });

  it('refuses a bad target, a transaction block, and unknown procedures', async () => {
    const server = await startServer({ port: 0, dataDir: join(root, 'refusals'), logLevel: 'error' });
    const c = await connect(server.port);
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'x'), 'x');
    await expect(c.query(`CALL treeline_backup('${full}')`)).rejects.toMatchObject({ code: '58P02' });
    await expect(c.query("CALL treeline_backup('relative/dir')")).rejects.toMatchObject({ code: '22023' });
    await c.query('BEGIN');
    await expect(c.query(`CALL treeline_backup('${join(root, 'inblock')}')`)).rejects.toMatchObject({ code: '25001' });
    await c.query('ROLLBACK');
    await expect(c.query('CALL no_such_procedure(1)')).rejects.toMatchObject({ code: '42883', message: 'procedure no_such_procedure(integer) does not exist' });
    await c.end();
    await server.close();
  });
});
