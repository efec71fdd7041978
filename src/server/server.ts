// The listening server: accepts TCP connections on one address, hands each to a Connection,
// keeps the registry of live backends (max_connections, BackendKeyData for CancelRequest)
// and shuts down cleanly: stop accepting, terminate sessions, release the data directory.
// Invariant: without a password the server only listens on a loopback address.
import { randomInt } from 'node:crypto';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { BOOTSTRAP_ROLES } from '../catalog/bootstrap.js';
import { Cluster } from '../cluster.js';
import { createIoEngine, type IoEngine, type IoEngineKind } from '../io/index.js';
import { createLogger, type Logger, type LogLevel } from '../log.js';
import { initParser } from '../sql/parser.js';
import { openDataDir, type DataDir } from '../storage/data-dir.js';
import { PageCache } from '../storage/pagecache.js';
import type { AuthConfig, AuthMethod } from './auth.js';
import { Connection } from './connection.js';
import { LARGE_MESSAGE_LIMIT } from './framing.js';
import { makeScramVerifier } from './scram.js';
import type { BackendHandle, ServerContext } from './server-context.js';

export interface ServerOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** TCP port (default 5432; 0 picks a free one). */
  port?: number;
  /** Data directory (default ./data), created on first start. */
  dataDir?: string;
  /** Password of user postgres; without one, only loopback connections are possible. */
  password?: string;
  /** How a password is checked: SCRAM-SHA-256 (default) or cleartext. */
  authMethod?: Exclude<AuthMethod, 'trust'>;
  /** Most concurrent sessions (default 100). */
  maxConnections?: number;
  /** Size of the page cache in MiB (default 128). */
  cacheSizeMiB?: number;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Largest accepted protocol message in bytes (default PostgreSQL's 1 GiB - 1). */
  maxMessageSize?: number;
  /** fdatasync the WAL at commit (default true). false is unsafe: for benchmarks only. */
  fsync?: boolean;
  /** Seconds between periodic checkpoints (default 300). */
  checkpointInterval?: number;
  /** Keep the LSM mirror (default true; false for benchmarks: no self-repair, no backup). */
  mirror?: boolean;
  /** Memtable size in MiB at which it is flushed to an SSTable (default 64). */
  memtableSizeMiB?: number;
  /** Compaction write rate in MiB/s (default 64; 0: unlimited). */
  compactionRateMiB?: number;
  /** I/O engine: io_uring, node:fs ('sync'), or io_uring where available ('auto', the default). */
  io?: IoEngineKind;
  /** io_uring submission queue entries (default 256). */
  ioRingEntries?: number;
  /** For tests: an I/O engine to use instead (the fault-injecting one). */
  ioEngine?: IoEngine;
}

export interface ServerHandle {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** The page cache all relation files share (tables and indexes arrive with the SQL issue). */
  readonly pageCache: PageCache;
  /** The cluster (embedding, tests and benchmarks: its mirror's statistics, repairs). */
  readonly cluster: Cluster;
  /** Stops accepting, terminates sessions, releases the data directory. */
  close(): Promise<void>;
  /**
   * For crash tests: stops serving at once, as if the process died — no checkpoint, no more
   * I/O, sockets destroyed — and releases the data directory so a new server can recover it.
   */
  abandon(): void;
}

/** A startup problem the user must fix (port in use, unusable data directory, ...). */
export class StartupError extends Error {}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

class Backends {
  private readonly live = new Map<number, { handle: BackendHandle; cancel: () => void }>();
  private nextPid = randomInt(10000, 60000);

  constructor(private readonly max: number) {}

  register(cancel: () => void): BackendHandle | null {
    if (this.live.size >= this.max) return null;
    while (this.live.has(this.nextPid)) this.nextPid++;
    const pid = this.nextPid++;
    if (this.nextPid > 0x3fffffff) this.nextPid = 10000;
    const handle: BackendHandle = { pid, secret: randomInt(-0x80000000, 0x7fffffff), cancel };
    this.live.set(pid, { handle, cancel });
    return handle;
  }

  unregister(handle: BackendHandle): void {
    if (this.live.get(handle.pid)?.handle === handle) this.live.delete(handle.pid);
  }

  cancel(pid: number, secret: number): void {
    const entry = this.live.get(pid);
    if (entry && entry.handle.secret === secret) entry.cancel();
  }
}

export async function startServer(options: ServerOptions = {}): Promise<ServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5432;
  const maxConnections = options.maxConnections ?? 100;
  const log = options.logger ?? createLogger(options.logLevel ?? 'info');
  if (!options.password && !isLoopback(host)) {
    throw new StartupError(`refusing to listen on ${host} without a password: set --password, or listen on 127.0.0.1`);
  }
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new StartupError(`invalid max connections: ${options.maxConnections}`);
  }
  const cacheSizeMiB = options.cacheSizeMiB ?? 128;
  if (!Number.isFinite(cacheSizeMiB) || cacheSizeMiB < 1) {
    throw new StartupError(`invalid cache size: ${options.cacheSizeMiB} MiB (at least 1)`);
  }
  const pageCache = PageCache.ofMiB(cacheSizeMiB);
  await initParser();
  let dataDir: DataDir;
  try {
    dataDir = openDataDir(options.dataDir ?? 'data');
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  let engine: IoEngine;
  try {
    engine = options.ioEngine ?? createIoEngine(options.io ?? 'auto', { ringEntries: options.ioRingEntries, report: (message) => log.info(message) });
  } catch (err) {
    dataDir.release();
    throw new StartupError((err as Error).message);
  }
  let cluster: Cluster;
  try {
    cluster = await Cluster.open(engine, dataDir.path, pageCache, log, {
      fsync: options.fsync,
      checkpointInterval: options.checkpointInterval,
      mirror: options.mirror,
      memtableBytes: options.memtableSizeMiB === undefined ? undefined : options.memtableSizeMiB * 1024 * 1024,
      compactionBytesPerSecond: options.compactionRateMiB === undefined ? undefined : options.compactionRateMiB * 1024 * 1024,
    });
  } catch (err) {
    dataDir.release();
    throw new StartupError(`could not open the catalog in ${dataDir.path}: ${(err as Error).message}`);
  }
  const auth: AuthConfig = !options.password
    ? { method: 'trust' }
    : options.authMethod === 'password'
      ? { method: 'password', password: options.password }
      : { method: 'scram-sha-256', verifier: makeScramVerifier(options.password) };
  const backends = new Backends(maxConnections);
  const connections = new Set<Connection>();
  const serverSettings = new Map<string, string>([
    ['max_connections', String(maxConnections)],
    ['listen_addresses', host],
    ['data_directory', dataDir.path],
    ['shared_buffers', String(pageCache.capacity)],
    ['fsync', options.fsync === false ? 'off' : 'on'],
  ]);
  const context: ServerContext = {
    auth,
    log,
    serverSettings,
    maxMessageSize: options.maxMessageSize ?? LARGE_MESSAGE_LIMIT,
    registerBackend: (cancel) => backends.register(cancel),
    unregisterBackend: (handle) => backends.unregister(handle),
    cancelBackend: (pid, secret) => backends.cancel(pid, secret),
    database: (name) => {
      const db = cluster.catalog.state.databaseByName(name);
      return db ? { oid: db.oid, allowConnections: db.allowConnections } : null;
    },
    cluster,
    roleExists: (name) => BOOTSTRAP_ROLES.some((r) => r.name === name),
  };
  const server: Server = createServer((socket: Socket) => {
    const connection = new Connection(socket, context);
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await cluster.close();
    await shutdownEngine(engine, log);
    dataDir.release();
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new StartupError(`could not listen on ${host}:${port}: ${why}`);
  }
  server.on('error', (err) => log.error('listener error', err));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  serverSettings.set('port', String(boundPort));
  log.info(`data directory ${dataDir.path}`);
  let closing: Promise<void> | null = null;
  return {
    host,
    port: boundPort,
    dataDir: dataDir.path,
    pageCache,
    cluster,
    abandon() {
      closing ??= (async () => {
        server.close();
        for (const c of connections) c.destroy();
        cluster.abandon();
        dataDir.release();
      })();
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of connections) c.terminate();
        await Promise.race([
          Promise.all([...connections].map((c) => c.closed)),
          new Promise((resolve) => setTimeout(resolve, 5000)),
        ]);
        await stopped;
        await cluster.close(); // the shutdown checkpoint: dirty pages reach their files
        await shutdownEngine(engine, log);
        dataDir.release();
      })();
      return closing;
    },
  };
}

/** Releases the I/O engine (the io_uring ring) after the cluster closed its files. */
async function shutdownEngine(engine: IoEngine, log: Logger): Promise<void> {
  try {
    await engine.shutdown();
  } catch (err) {
    log.warn(`I/O engine shutdown: ${(err as Error).message}`);
  }
}
