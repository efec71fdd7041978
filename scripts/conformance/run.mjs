// Runs the shared conformance cases against a running server and prints where it differs from
// PostgreSQL 15's recorded answers, file by file, and how that stands against the ratchet list
// test/conformance/failing.json — the debugging view of test/conformance/conformance.test.ts:
//   node scripts/conformance/run.mjs postgres://postgres@127.0.0.1:5433/postgres [options]
//     --filter SUBSTR   only case files whose name contains SUBSTR (repeatable)
//     --protocol P      simple, extended or both (default)
//     --jobs N          case files in parallel (default 4)
//     --all             print every differing statement, not only the first of each file
//     --prune           remove the files that now pass from failing.json
//     --add-failing     add the failing files it lacks, with the features they need as reason
//                       (for new case files; a file that used to pass should be fixed instead)
// The last line is `N passed, M failed` (case files); the exit status is 0 when no file fails.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FAILING_LIST, SHARED_DIR, caseFiles, explainFailure, failureReason, readFailingList, runCases } from './run-cases.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    filter: { type: 'string', multiple: true, default: [] },
    protocol: { type: 'string', default: 'both' },
    jobs: { type: 'string', default: '4' },
    all: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    'add-failing': { type: 'boolean', default: false },
  },
});
const [url] = positionals;
const editsList = values.prune || values['add-failing'];
if (!url || !/^postgres(ql)?:\/\//.test(url) || !['simple', 'extended', 'both'].includes(values.protocol) || (editsList && values.protocol !== 'both')) {
  console.error('usage: node scripts/conformance/run.mjs postgres://user@host:port/db [--filter S] [--protocol simple|extended|both] [--jobs N] [--all] [--prune] [--add-failing] (the last two with both protocols)');
  process.exit(2);
}
const files = caseFiles().filter((f) => values.filter.length === 0 || values.filter.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no case files in ${SHARED_DIR}/cases${values.filter.length ? ' match the filter' : ''}`);
  process.exit(2);
}

const started = Date.now();
const results = await runCases({
  url,
  files,
  jobs: Number(values.jobs),
  protocols: values.protocol === 'both' ? ['simple', 'extended'] : [values.protocol],
  onFile: (r) => {
    if (!r.passed) console.log(`FAIL ${r.file}\n${explainFailure(r, values.all)}`);
  },
});

const failing = readFailingList();
const newlyFailing = results.filter((r) => !r.passed && !(r.file in failing)).map((r) => r.file);
const nowPassing = results.filter((r) => r.passed && r.file in failing).map((r) => r.file);
const count = (k) => results.reduce((n, r) => n + r.counts[k], 0);
console.log(`\nratchet (${FAILING_LIST}):`);
console.log(`  failing and not on the list: ${newlyFailing.join(' ') || 'none'}`);
console.log(`  on the list and now passing: ${nowPassing.join(' ') || 'none'}`);
const prune = values.prune ? nowPassing : [];
const add = values['add-failing'] ? results.filter((r) => newlyFailing.includes(r.file)) : [];
if (prune.length + add.length > 0) {
  for (const f of prune) delete failing[f];
  for (const r of add) failing[r.file] = failureReason(r);
  const sorted = Object.fromEntries(Object.entries(failing).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(FAILING_LIST, `${JSON.stringify(sorted, null, 2)}\n`);
  if (prune.length > 0) console.log(`  removed ${prune.length} now-passing file(s) from the list`);
  for (const r of add) console.log(`  added ${r.file}: ${failing[r.file]}`);
}
console.log(`statements: ${count('matched')} matched, ${count('differed')} differed or did not run, ${count('skipped')} skipped; ${((Date.now() - started) / 1000).toFixed(1)} s`);
const failed = results.filter((r) => !r.passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
