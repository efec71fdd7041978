// Treeline's public API for embedding: start a server inside your own process (tests, tools).
//   const server = await startServer({ port: 0, dataDir: tmp });
//   ... connect to 127.0.0.1:server.port ...
//   await server.close();
export { startServer, StartupError, type ServerHandle, type ServerOptions } from './server/server.js';
export { TREELINE_VERSION, PG_VERSION } from './version.js';
export type { PageCache } from './storage/pagecache.js';
