// I/O engine throughput, io_uring against node:fs in one run on a temporary file: 4 KiB appends
// each made durable (write + fdatasync as one batch), 64 concurrent 4 KiB writes then one
// fdatasync (group commit), and 64 random 8 KiB reads from a 64 MiB file (page cache warm) as
// one linked batch and as 64 independent reads. Prints operations per second and ratios;
// asserts nothing.   npm run build && node scripts/bench/io.mjs [--seconds 2] [--dir /path]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, dir: { type: 'string', default: tmpdir() } } });
const seconds = Number(values.seconds);
const io = await import(join(ROOT, 'dist', 'io', 'index.js')).catch(() => {
  console.error('io.mjs: build first (npm run build)');
  process.exit(1);
});

const READ_FILE_SIZE = 64 * 1024 * 1024;

/** Runs `step` (one unit of `opsPerStep` operations) repeatedly for `seconds`; ops per second. */
async function rate(step, opsPerStep) {
  const end = performance.now() + seconds * 1000;
  let steps = 0;
  const start = performance.now();
  while (performance.now() < end) {
    await step(steps);
    steps++;
  }
  return (steps * opsPerStep * 1000) / (performance.now() - start);
}

const workloads = {
  'append 4 KiB + fdatasync': async (engine, file) => {
    const block = Buffer.alloc(4096, 0x61);
    engine.truncateSync(file, 0);
    return rate((i) => engine.submit([{ op: 'write', file, buffer: block, position: i * 4096 }, { op: 'sync', file, dataOnly: true }]), 1);
  },
  '64 x 4 KiB writes, 1 fdatasync': async (engine, file) => {
    const block = Buffer.alloc(4096, 0x62);
    engine.truncateSync(file, 0);
    return rate(async (i) => {
      const base = (i % 256) * 64 * 4096;
      await Promise.all(Array.from({ length: 64 }, (_, j) => engine.write(file, block, base + j * 4096)));
      await engine.sync(file, true);
    }, 64);
  },
  '64 random 8 KiB reads, one batch': async (engine, file) => {
    const buffers = Array.from({ length: 64 }, () => Buffer.alloc(8192));
    return rate(() => engine.submit(buffers.map((buffer) => ({ op: 'read', file, buffer, position: randomBlock() }))), 64);
  },
  '64 random 8 KiB reads, concurrent': async (engine, file) => {
    const buffers = Array.from({ length: 64 }, () => Buffer.alloc(8192));
    return rate(() => Promise.all(buffers.map((buffer) => engine.read(file, buffer, randomBlock()))), 64);
  },
};

function randomBlock() {
  return Math.floor(Math.random() * (READ_FILE_SIZE / 8192)) * 8192;
}

const dir = mkdtempSync(join(values.dir, 'treeline-io-bench-'));
const support = io.uringSupport();
const engines = [['node:fs', () => new io.NodeFsEngine()]];
if (support.available) engines.push(['io_uring', () => new io.UringEngine()]);
else console.log(`io_uring is not available here (${support.reason}); node:fs only`);

try {
  const seed = new io.NodeFsEngine();
  const readFile = seed.open(join(dir, 'read.dat'), 'create');
  const chunk = Buffer.alloc(1024 * 1024, 0x63);
  for (let at = 0; at < READ_FILE_SIZE; at += chunk.length) seed.writeSync(readFile, chunk, at);
  seed.close(readFile);

  console.log(`${seconds} s per figure, files in ${dir}`);
  for (const [name, workload] of Object.entries(workloads)) {
    const figures = {};
    for (const [engineName, make] of engines) {
      const engine = make();
      const file = engine.open(join(dir, name.startsWith('64 random') ? 'read.dat' : 'write.dat'), 'create');
      figures[engineName] = await workload(engine, file);
      engine.close(file);
      await engine.shutdown();
    }
    const line = Object.entries(figures).map(([engineName, perSecond]) => `${engineName} ${perSecond.toFixed(0).padStart(8)} ops/s`);
    const ratio = figures.io_uring === undefined ? '' : `   io_uring/node:fs ${(figures.io_uring / figures['node:fs']).toFixed(2)}`;
    console.log(`${name.padEnd(34)} ${line.join('   ')}${ratio}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
