// The `treeline` command (commander). `treeline start` runs the server in the foreground,
// prints `listening on HOST:PORT` when ready, and exits 0 after SIGINT/SIGTERM once its
// connections are closed; startup problems print a clear message and exit 1.
import { Command, InvalidArgumentError } from 'commander';
import { IO_ENGINE_KINDS, type IoEngineKind } from './io/index.js';
import { requestBackup } from './admin/backup-client.js';
import { checkDataDir, formatCheckReport } from './admin/check.js';
import { createLogger, isLogLevel } from './log.js';
import { startServer, StartupError } from './server/server.js';
import { TREELINE_VERSION } from './version.js';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

function ioEngineKind(value: string): IoEngineKind {
  const kind = IO_ENGINE_KINDS.find((k) => k === value);
  if (kind === undefined) throw new InvalidArgumentError(`I/O engine must be one of ${IO_ENGINE_KINDS.join(', ')}`);
  return kind;
}

const program = new Command();
program.name('treeline').description('A PostgreSQL-compatible database server for Node.js').version(TREELINE_VERSION);

program
  .command('start')
  .description('start the server in the foreground')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'TCP port (0 picks a free one)', integer('port', 0, 65535), 5432)
  .option('--data-dir <dir>', 'data directory (created on first start)', './data')
  .option('--password <password>', 'password of user postgres (required to listen on a non-loopback address)')
  .option('--auth-method <method>', 'password check: scram-sha-256 or password (cleartext)', 'scram-sha-256')
  .option('--max-connections <n>', 'most concurrent connections', integer('max connections', 1, 262143), 100)
  .option('--cache-size <MiB>', 'page cache size in MiB', integer('cache size', 1, 1048576), 128)
  .option('--log-level <level>', 'error, warn, info or debug', 'info')
  .option('--fsync <on|off>', 'sync the WAL at commit; off is UNSAFE (a crash can lose acknowledged commits), for benchmarks only', 'on')
  .option('--checkpoint-interval <seconds>', 'seconds between periodic checkpoints, skipped while nothing was committed (0: only at shutdown and by WAL size)', integer('checkpoint interval', 0, 86400), 300)
  .option('--memtable-size <MiB>', 'LSM mirror memtable size at which it is flushed to an SSTable', integer('memtable size', 1, 65536), 64)
  .option('--compaction-rate <MiB/s>', 'LSM compaction write rate (0: unlimited)', integer('compaction rate', 0, 1048576), 64)
  .option('--mirror <on|off>', 'keep the LSM mirror; off is for benchmarks (no self-repair, no backup)', 'on')
  .option('--io <engine>', 'I/O engine: uring, sync (node:fs) or auto (io_uring where available)', ioEngineKind, 'auto' as IoEngineKind)
  .option('--io-ring-entries <n>', 'io_uring submission queue entries (the kernel rounds up to a power of two)', integer('ring entries', 1, 32768), 256)
  .action(async (opts: { host: string; port: number; dataDir: string; password?: string; authMethod: string; maxConnections: number; cacheSize: number; logLevel: string; fsync: string; checkpointInterval: number; memtableSize: number; compactionRate: number; mirror: string; io: IoEngineKind; ioRingEntries: number }) => {
    if (opts.mirror !== 'on' && opts.mirror !== 'off') {
      console.error(`treeline: invalid --mirror "${opts.mirror}" (use on or off)`);
      process.exit(1);
    }
    if (opts.fsync !== 'on' && opts.fsync !== 'off') {
      console.error(`treeline: invalid --fsync "${opts.fsync}" (use on or off)`);
      process.exit(1);
    }
    if (!isLogLevel(opts.logLevel)) {
      console.error(`treeline: invalid --log-level "${opts.logLevel}" (use error, warn, info or debug)`);
      process.exit(1);
    }
    if (opts.authMethod !== 'scram-sha-256' && opts.authMethod !== 'password') {
      console.error(`treeline: invalid --auth-method "${opts.authMethod}" (use scram-sha-256 or password)`);
      process.exit(1);
    }
    const password = opts.password ?? process.env.TREELINE_PASSWORD;
    let server;
    try {
      server = await startServer({
        host: opts.host,
        port: opts.port,
        dataDir: opts.dataDir,
        password,
        authMethod: opts.authMethod,
        maxConnections: opts.maxConnections,
        cacheSizeMiB: opts.cacheSize,
        logLevel: opts.logLevel,
        fsync: opts.fsync === 'on',
        checkpointInterval: opts.checkpointInterval,
        mirror: opts.mirror === 'on',
        memtableSizeMiB: opts.memtableSize,
        compactionRateMiB: opts.compactionRate,
        io: opts.io,
        ioRingEntries: opts.ioRingEntries,
      });
    } catch (err) {
      console.error(`treeline: ${err instanceof StartupError ? err.message : (err as Error).stack}`);
      process.exit(1);
    }
    console.log(`listening on ${server.host}:${server.port}`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`treeline: received ${signal}, shutting down`);
      server.close().then(
        () => process.exit(0),
        (err) => {
          console.error(`treeline: shutdown failed: ${(err as Error).message}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

program
  .command('check')
  .description('verify a stopped data directory: page checksums, SSTables, and each table against its LSM mirror')
  .requiredOption('--data-dir <dir>', 'data directory')
  .option('--log-level <level>', 'error, warn, info or debug', 'warn')
  .action(async (opts: { dataDir: string; logLevel: string }) => {
    const report = await checkDataDir(opts.dataDir, createLogger(isLogLevel(opts.logLevel) ? opts.logLevel : 'warn'));
    console.log(formatCheckReport(report));
    process.exit(report.problems.length === 0 ? 0 : 1);
  });

program
  .command('backup')
  .description('take an online backup of a running server on this machine into a new directory')
  .option('--host <address>', 'server address', '127.0.0.1')
  .option('--port <port>', 'server port', integer('port', 1, 65535), 5432)
  .option('--user <name>', 'user to connect as', 'postgres')
  .option('--database <name>', 'database to connect to', 'postgres')
  .requiredOption('--to <dir>', 'new (or empty) directory for the backup; start a server with --data-dir on it to restore')
  .action(async (opts: { host: string; port: number; user: string; database: string; to: string }) => {
    const password = process.env.PGPASSWORD ?? process.env.TREELINE_PASSWORD;
    console.log(await requestBackup({ host: opts.host, port: opts.port, user: opts.user, database: opts.database, password, to: opts.to }));
  });

program.parseAsync(process.argv).catch((err) => {
  console.error(`treeline: ${(err as Error).message}`);
  process.exit(1);
});
