// SQL workloads side by side with PostgreSQL 15 in one run: loading rows with multi-row
// INSERT (1000 rows per statement, each its own transaction), then pgbench (prepared protocol,
// one connection) running point SELECTs by primary key and by a secondary index, a 1000-row
// range scan with an aggregate, and a 100-row two-table join. Prints rows/s and TPS for both
// servers and the ratios (Treeline / PostgreSQL); asserts nothing.
//   npm run build && node scripts/bench/sql.mjs [--rows 1000000] [--duration 10]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pgbench, startPostgres, startTreeline } from './lib.mjs';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, duration: { type: 'string', default: '10' } } });
const rows = Number(values.rows);
const joinRows = Math.max(1000, Math.floor(rows / 10));
const BATCH = 1000;

/** A permutation of 1..n (so the secondary key is unique but unrelated to the primary key). */
const permuted = (id) => ((id * 7919) % rows) + 1;

async function load(port) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_u');
    await client.query('DROP TABLE IF EXISTS bench_t');
    await client.query('CREATE TABLE bench_t (id int PRIMARY KEY, k int, b int, pad text)');
    await client.query('CREATE INDEX bench_t_k ON bench_t (k)');
    const start = process.hrtime.bigint();
    for (let first = 1; first <= rows; first += BATCH) {
      const parts = [];
      for (let id = first; id < first + BATCH && id <= rows; id++) parts.push(`(${id},${permuted(id)},${id % 1000},'row ${id}')`);
      await client.query(`INSERT INTO bench_t VALUES ${parts.join(',')}`);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await client.query('CREATE TABLE bench_u (id int PRIMARY KEY, t_id int, v int)');
    await client.query(`INSERT INTO bench_u SELECT g, (g * 31) % ${rows} + 1, g % 7 FROM generate_series(1, ${joinRows}) g`);
    // PostgreSQL plans with statistics; Treeline has no ANALYZE yet (0A000) and needs none
    await client.query('ANALYZE').catch(() => {});
    return seconds;
  } finally {
    await client.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sql-bench-'));
const scripts = {
  'point SELECT by primary key': `\\set id random(1, ${rows})\nSELECT b, pad FROM bench_t WHERE id = :id;\n`,
  'point SELECT by secondary index': `\\set k random(1, ${rows})\nSELECT id, b FROM bench_t WHERE k = :k;\n`,
  'range scan (1000 rows, sum)': `\\set id random(1, ${rows - 1000})\nSELECT sum(b) FROM bench_t WHERE id BETWEEN :id AND :id + 999;\n`,
  'join (100 rows by index)': `\\set id random(1, ${joinRows - 100})\nSELECT count(*), sum(t.b) FROM bench_u u JOIN bench_t t ON t.id = u.t_id WHERE u.id BETWEEN :id AND :id + 99;\n`,
};
const files = Object.entries(scripts).map(([name, text], i) => {
  const file = join(dir, `q${i}.sql`);
  writeFileSync(file, text);
  return { name, file };
});

const treeline = await startTreeline();
const postgres = await startPostgres();
try {
  const pgLoad = await load(postgres.port);
  const tlLoad = await load(treeline.port);
  console.log(`${rows} rows by multi-row INSERT (${BATCH} per statement):`);
  console.log(`  PostgreSQL 15 ${(rows / pgLoad).toFixed(0).padStart(8)} rows/s   Treeline ${(rows / tlLoad).toFixed(0).padStart(8)} rows/s   ratio ${(pgLoad / tlLoad).toFixed(2)}`);
  for (const { name, file } of files) {
    const args = ['-n', '-f', file, '-c', '1', '-M', 'prepared', '-T', values.duration];
    const p = pgbench(postgres.port, args);
    const t = pgbench(treeline.port, args);
    console.log(`${name.padEnd(34)} PostgreSQL ${p.toFixed(0).padStart(7)} tps   Treeline ${t.toFixed(0).padStart(7)} tps   ratio ${(t / p).toFixed(2)}`);
  }
} finally {
  await treeline.stop();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
