// Starts a real Treeline server for a test file: a fresh data directory under the OS temp
// folder, a free port on 127.0.0.1, closed (and the directory removed) after the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer, type ServerHandle, type ServerOptions } from '../../src/index.js';

export interface TestServer extends ServerHandle {
  /** A connected pg.Client; closed by `stop()` if still open. */
  client(config?: Partial<pg.ClientConfig>): Promise<pg.Client>;
  stop(): Promise<void>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'treeline-test-'));
  const server = await startServer({ port: 0, dataDir, logLevel: 'error', ...options });
  const clients: pg.Client[] = [];
  return {
    ...server,
    close: () => server.close(),
    async client(config = {}) {
      const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres', ...config });
      c.on('error', () => {});
      await c.connect();
      clients.push(c);
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
