// COPY FROM STDIN throughput: loads the same rows (id int primary key, a text, b int,
// c timestamptz; 1M by default) into Treeline and into PostgreSQL 15 in one run, through
// pg-copy-streams, in text format, one transaction each; prints rows/s and the ratio. The data
// is generated once, before timing, in 64 KiB chunks. Asserts nothing.
//   npm run build && node scripts/bench/copy.mjs [--rows 1000000] [--postgres URL]
// Without --postgres a throwaway PostgreSQL 15 cluster is started (see lib.mjs).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { startPostgres, startTreeline } from './lib.mjs';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, postgres: { type: 'string' } } });
const rows = Number(values.rows);

/** The COPY data: text format, 64 KiB chunks. */
function generate(n) {
  const chunks = [];
  const base = Date.UTC(2024, 0, 1);
  let part = '';
  for (let id = 1; id <= n; id++) {
    const c = new Date(base + id * 1000).toISOString();
    part += `${id}\tname ${id} ${(id * 2654435761) % 100000}\t${id % 1000}\t${c}\n`;
    if (part.length >= 64 * 1024) {
      chunks.push(Buffer.from(part));
      part = '';
    }
  }
  if (part) chunks.push(Buffer.from(part));
  return chunks;
}

async function load(config, chunks) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS copy_bench');
    await client.query('CREATE TABLE copy_bench (id int PRIMARY KEY, a text, b int, c timestamptz)');
    const start = process.hrtime.bigint();
    await pipeline(Readable.from(chunks), client.query(pgCopy.from('COPY copy_bench FROM STDIN')));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const { rows: [{ count }] } = await client.query('SELECT count(*) AS count FROM copy_bench');
    if (Number(count) !== rows) throw new Error(`loaded ${count} rows, expected ${rows}`);
    await client.query('DROP TABLE copy_bench');
    return seconds;
  } finally {
    await client.end();
  }
}

const chunks = generate(rows);
const mib = chunks.reduce((n, c) => n + c.length, 0) / 1024 / 1024;
console.log(`${rows} rows, ${mib.toFixed(1)} MiB of COPY text`);
const treeline = await startTreeline();
const postgres = values.postgres ? null : await startPostgres();
try {
  const pgConfig = values.postgres ? { connectionString: values.postgres } : { host: '127.0.0.1', port: postgres.port, user: 'postgres', database: 'postgres' };
  const pgSeconds = await load(pgConfig, chunks);
  const tlSeconds = await load({ host: '127.0.0.1', port: treeline.port, user: 'postgres', database: 'postgres' }, chunks);
  const pgRate = rows / pgSeconds;
  const tlRate = rows / tlSeconds;
  console.log(`PostgreSQL 15  ${pgSeconds.toFixed(2)} s  ${pgRate.toFixed(0)} rows/s`);
  console.log(`Treeline       ${tlSeconds.toFixed(2)} s  ${tlRate.toFixed(0)} rows/s`);
  console.log(`ratio (Treeline / PostgreSQL): ${(tlRate / pgRate).toFixed(2)}`);
} finally {
  await treeline.stop();
  await postgres?.stop();
}
