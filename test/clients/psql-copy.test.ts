// psql's \copy against Treeline: psql sends COPY ... FROM STDIN / TO STDOUT itself and moves
// the data between the server and its own input, files and output. Also a server-side COPY
// through psql, and how psql shows a failed COPY (ERROR and CONTEXT lines).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const psqlPath = existsSync(join(PG_BIN, 'psql')) ? join(PG_BIN, 'psql') : 'psql';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'treeline-psql-copy-'));
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs psql with `script` on its standard input. */
function psql(script: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(psqlPath, ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

describe('psql \\copy', () => {
  it('copies from its input and to its output', async () => {
    const r = await psql(
      [
        'CREATE TABLE pc1 (id int PRIMARY KEY, name text, score numeric);',
        '\\copy pc1 from stdin',
        '1\tann\t1.5',
        '2\t\\N\t\\N',
        '3\ttab\\there\t-2',
        '\\.',
        '\\copy pc1 to stdout',
        "\\copy pc1 (name, id) to stdout with (format csv, header, force_quote *)",
        '\\copy (select id * 2 as doubled from pc1 where id > 1) to stdout csv header',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1\tann\t1.5\n2\t\\N\t\\N\n3\ttab\\there\t-2\nname,id\n"ann","1"\n,"2"\n"tab\there","3"\ndoubled\n4\n6\n');
  });

  it('copies from and to a client-side file', async () => {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.txt');
    writeFileSync(input, 'id;note\n1;"a;b"\n2;\n3;"two\nlines"\n');
    const r = await psql(
      [
        'CREATE TABLE pc2 (id int, note text);',
        `\\copy pc2 from '${input}' with (format csv, header, delimiter ';')`,
        `\\copy pc2 to '${output}'`,
        'SELECT id, note IS NULL AS missing FROM pc2 ORDER BY id;',
      ].join('\n'),
      '-A',
      '-t',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1|f\n2|t\n3|f\n');
    expect(readFileSync(output, 'utf8')).toBe('1\ta;b\n2\t\\N\n3\ttwo\\nlines\n');
  });

  it('runs a server-side COPY and shows a failed COPY as PostgreSQL does', async () => {
    const file = join(dir, 'server.txt');
    writeFileSync(file, '1\n2\n');
    const ok = await psql(`CREATE TABLE pc3 (a int); COPY pc3 FROM '${file}'; SELECT a FROM pc3 ORDER BY a;`, '-A', '-t');
    expect(ok.stdout).toBe('1\n2\n');
    const bad = await psql(['\\copy pc3 from stdin', '3', 'x', '\\.'].join('\n'));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe('ERROR:  invalid input syntax for type integer: "x"\nCONTEXT:  COPY pc3, line 2, column a: "x"\n');
    const after = await psql('SELECT a FROM pc3 ORDER BY a;', '-A', '-t');
    expect(after.stdout).toBe('1\n2\n');
  });
});
