// `treeline backup --host H --port P --to DIR`: asks a running server on the same machine for an
// online backup (CALL treeline_backup, lsm/backup.ts) into DIR, over the ordinary protocol.
// The directory is made absolute here, since the server resolves paths from its own cwd.
import { resolve } from 'node:path';
import pg from 'pg';

export interface BackupRequest {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
  to: string;
}

/** Runs the backup; resolves with the server's report (its NOTICE). */
export async function requestBackup(request: BackupRequest): Promise<string> {
  const client = new pg.Client({ host: request.host, port: request.port, user: request.user, database: request.database, password: request.password });
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? ''));
  await client.connect();
  try {
    const dir = resolve(request.to).replaceAll("'", "''");
    await client.query(`CALL treeline_backup('${dir}')`);
  } finally {
    await client.end();
  }
  return notices.join('\n');
}
