// Treeline's version and the PostgreSQL version it speaks for (what clients see in
// server_version, server_version_num and version()).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageJson = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8'),
) as { version: string };

export const TREELINE_VERSION: string = packageJson.version;
/** The PostgreSQL release whose behaviour Treeline follows. */
export const PG_VERSION = '15.18';
export const PG_SERVER_VERSION_NUM = 150018;
/** server_version as reported to clients: PostgreSQL's version first, so clients parse it. */
export const PG_SERVER_VERSION = `${PG_VERSION} (Treeline ${TREELINE_VERSION})`;
/** The text of version(). */
export const VERSION_STRING = `PostgreSQL ${PG_VERSION} (Treeline ${TREELINE_VERSION}) on ${process.arch === 'x64' ? 'x86_64' : process.arch}-pc-linux-gnu, compiled by Node.js ${process.version}, 64-bit`;
