// Prints where a running server's answers to the SQL cases differ from PostgreSQL's recorded
// ones (test/sql/expected), statement by statement — the debugging view of the
// recorded-cases test:
//   node scripts/diff-sql-cases.mjs postgres://postgres@127.0.0.1:5432/postgres [case ...]
import { isDeepStrictEqual } from 'node:util';
import { caseNames, readCase, readExpected, runCase } from './sql-cases.mjs';

const [url, ...only] = process.argv.slice(2);
if (!url) {
  console.error('usage: diff-sql-cases.mjs URL [case ...]');
  process.exit(2);
}
let differing = 0;
let total = 0;
for (const name of only.length > 0 ? only : caseNames()) {
  const expected = readExpected(name);
  for (const mode of ['simple', 'extended']) {
    const actual = await runCase({ connectionString: url }, readCase(name), mode);
    actual.forEach((a, i) => {
      total++;
      const e = expected[i];
      const want = mode === 'extended' && e.extended ? e.extended : e.result;
      if (isDeepStrictEqual(a.result, want)) return;
      differing++;
      console.log(`${name} [${mode}] ${a.sql.replace(/\s+/g, ' ')}\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(a.result)}`);
    });
  }
}
console.log(`${differing} of ${total} statement runs differ`);
process.exit(differing === 0 ? 0 : 1);
