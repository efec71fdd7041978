// Runs the external SQL suites of ../shared/suites against a server and prints their pass
// counts: the sqllogictest runner (slt/run.mjs, a record list) and PostgreSQL's regression
// tests (pg_regress/run.sh, a schedule, through psql 15). Not part of `npm test`:
//   node scripts/suites.mjs postgres://postgres@127.0.0.1:5433/postgres [options]
//     --slt LIST        quick (default), files (every kept file) or a list file; `none` skips it
//     --regress SCHED   core (default), extended, portable, all or a schedule file; `none` skips it
//     --timeout SEC     per regression test time limit (default 120)
//     --outdir DIR      logs, results and diffs (default: a new folder under the OS temp folder)
// Run it against PostgreSQL 15 too for the reference counts (../shared/suites/README.md has them).
// The slt runner needs `pg`: it runs from a folder whose node_modules is this repository's, as
// ../shared is read-only.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const suites = join(repo, '..', 'shared', 'suites');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    slt: { type: 'string', default: 'quick' },
    regress: { type: 'string', default: 'core' },
    timeout: { type: 'string', default: '120' },
    outdir: { type: 'string' },
  },
});
const [url] = positionals;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error('usage: node scripts/suites.mjs postgres://user@host:port/db [--slt quick|files|FILE|none] [--regress core|extended|portable|all|FILE|none] [--timeout SEC] [--outdir DIR]');
  process.exit(2);
}
if (!existsSync(suites)) {
  console.error(`no suites at ${suites}`);
  process.exit(2);
}
const outdir = resolve(values.outdir ?? mkdtempSync(join(tmpdir(), 'treeline-suites-')));
mkdirSync(outdir, { recursive: true });

/**
 * Runs a command, echoing its output and keeping it in `log`; resolves to the last line that
 * reads `N passed, M failed`.
 */
function run(command, args, log, cwd) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => {
      writeFileSync(log, output);
      const counts = output.split('\n').reverse().find((l) => /^\d+ passed, \d+ failed$/.test(l.trim()));
      done(counts ? counts.trim() : `no result (exit status ${code}; see ${log})`);
    });
  });
}

const summary = [];
if (values.slt !== 'none') {
  // A folder of links, so the runner finds its files under slt/ and `pg` in node_modules.
  const home = join(outdir, 'slt-runner');
  mkdirSync(home, { recursive: true });
  for (const [name, target] of [['slt', join(suites, 'slt')], ['node_modules', join(repo, 'node_modules')]]) {
    if (!existsSync(join(home, name))) symlinkSync(target, join(home, name), 'dir');
  }
  const list = ['quick', 'files'].includes(values.slt) ? join(home, 'slt', `${values.slt}.txt`) : resolve(values.slt);
  const args = ['--preserve-symlinks', '--preserve-symlinks-main', join(home, 'slt', 'run.mjs'), '--url', url, '--list', list, '-q', '--json', join(outdir, 'slt.json')];
  summary.push(`sqllogictest (${values.slt}): ${await run(process.execPath, args, join(outdir, 'slt.log'), home)} records`);
}
if (values.regress !== 'none') {
  const schedule = ['core', 'extended', 'portable', 'all'].includes(values.regress) ? values.regress : resolve(values.regress);
  const args = [join(suites, 'pg_regress', 'run.sh'), '-u', url, '-s', schedule, '-o', join(outdir, 'pg_regress'), '--timeout', values.timeout];
  summary.push(`pg_regress (${values.regress}): ${await run('bash', args, join(outdir, 'pg_regress.log'), outdir)} tests`);
}
console.log(`\n${summary.join('\n')}\nlogs, results and diffs: ${outdir}`);
