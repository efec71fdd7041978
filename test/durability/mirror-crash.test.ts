// Power loss during memtable flushes and compactions: with a tiny memtable the mirror flushes
// and compacts all the time under a bank-transfer load; the fault-injecting engine drops every
// unsynced write at the moment a flush or a compaction writes its SSTable, or an edit goes to the
// MANIFEST, and the server is abandoned. The next
// start must find a consistent MANIFEST (the old or the new set of files, never a half), every
// acknowledged transfer, and every table and index equal to its mirror, row for row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { startServer, type ServerHandle } from '../../src/index.js';
import { compareWithMirror } from '../../src/lsm/mirror-check.js';
import { checkBank, createBank, transferUntilFailure } from './bank.js';
import { connect } from './connect.js';

const dataDir = mkdtempSync(join(tmpdir(), 'treeline-mirror-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectMirrorMatches(server: ServerHandle): void {
  const { cluster } = server;
  const compared = compareWithMirror(cluster.mirror!, cluster.catalog, cluster.relations);
  expect(compared.length).toBeGreaterThanOrEqual(2);
  for (const r of compared) expect({ name: r.name, mirrored: r.mirrored, differences: r.differences, rows: r.mirrorRows }).toEqual({ name: r.name, mirrored: true, differences: 0, rows: r.treeRows });
}

describe('power loss during mirror flushes and compactions', () => {
  it('leaves a consistent mirror and loses no acknowledged commit', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: [dataDir] });
    // the power goes at the first write matching `armed.path` while `armed.when` holds
    let armed: { path: RegExp; when: () => boolean } | null = null;
    let fired = false;
    const write = engine.write.bind(engine);
    engine.write = (file, buffer, position) => {
      if (armed && !fired && armed.path.test(file.path) && armed.when()) {
        fired = true;
        engine.powerLoss();
      }
      return write(file, buffer, position);
    };
    const quiet = { error() {}, warn() {}, info() {}, debug() {} };
    const open = () => startServer({ port: 0, dataDir, ioEngine: engine, logger: quiet, memtableSizeMiB: 0.03, checkpointInterval: 0 });
    let server = await open();
    const setup = await connect(server.port);
    await createBank(setup);
    await setup.end();
    const acked = new Set<string>();
    const cut = { flushing: 0, compacting: 0 };
    let flushes = 0;
    let compactions = 0;
    for (let round = 0; round < 9; round++) {
      let stop = false;
      const load = transferUntilFailure(server.port, 6, acked, `m${round}`, () => stop, 300);
      await sleep(150);
      // cut the power inside a compaction's or a flush's SSTable write, or a MANIFEST edit
      const mirror = server.cluster.mirror!;
      const kind = (['compacting', 'flushing', 'manifest'] as const)[round % 3]!;
      fired = false;
      armed = kind === 'manifest' ? { path: /MANIFEST$/, when: () => true } : { path: /\.sst\.tmp$/, when: () => mirror.busy[kind] && (kind === 'flushing' || !mirror.busy.flushing) };
      for (let waited = 0; waited < 2000 && !fired; waited += 5) await sleep(5);
      armed = null;
      if (fired && kind !== 'manifest') cut[kind]++;
      flushes += mirror.stats.flushes;
      compactions += mirror.stats.compactions;
      if (!fired) engine.powerLoss();
      server.abandon();
      stop = true;
      await load;
      await sleep(150); // the abandoned server's I/O in flight fails out first
      server = await open();
      const check = await connect(server.port);
      await checkBank(check, acked);
      await check.end();
      expectMirrorMatches(server);
    }
    expect(flushes).toBeGreaterThan(0);
    expect(compactions).toBeGreaterThan(0);
    expect(cut.flushing).toBeGreaterThan(0);
    expect(cut.compacting).toBeGreaterThan(0);
    await server.close();
  }, 120_000);
});
