// Round trips per second: `SELECT 1` through pgbench with 1 and 4 connections, in the simple
// and the prepared protocol, against Treeline and PostgreSQL 15 side by side in one run
// (same machine, same pgbench, alternating servers per configuration). Prints TPS and ratios;
// asserts nothing.   npm run build && node scripts/bench/roundtrip.mjs [--duration 10]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pgbench, startPostgres, startTreeline } from './lib.mjs';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' } } });
const duration = values.duration;
const dir = mkdtempSync(join(tmpdir(), 'roundtrip-'));
const script = join(dir, 'select1.sql');
writeFileSync(script, 'SELECT 1;\n');

const treeline = await startTreeline();
const postgres = await startPostgres();
const results = [];
try {
  for (const clients of [1, 4]) {
    for (const mode of ['simple', 'prepared']) {
      const args = ['-n', '-f', script, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-M', mode, '-T', duration];
      const pg = pgbench(postgres.port, args);
      const tl = pgbench(treeline.port, args);
      results.push({ clients, mode, pg, tl });
      console.log(`clients=${clients} ${mode.padEnd(8)}  PostgreSQL ${pg.toFixed(0).padStart(7)} tps   Treeline ${tl.toFixed(0).padStart(7)} tps   ratio ${(tl / pg).toFixed(2)}`);
    }
  }
} finally {
  await treeline.stop();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log('\n| clients | protocol | PostgreSQL 15 tps | Treeline tps | Treeline / PostgreSQL |');
console.log('|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.clients} | ${r.mode} | ${r.pg.toFixed(0)} | ${r.tl.toFixed(0)} | ${(r.tl / r.pg).toFixed(2)} |`);
