// Records PostgreSQL 15's answers to the SQL cases in test/sql/cases into test/sql/expected,
// so `npm test` compares Treeline with PostgreSQL without running PostgreSQL:
//   node scripts/record-sql-cases.mjs postgres://postgres@127.0.0.1:55601/postgres [case ...]
// Statements are run in both protocols; where PostgreSQL's answers differ, both are kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { EXPECTED_DIR, caseNames, readCase, runCase } from './sql-cases.mjs';

const [url, ...only] = process.argv.slice(2);
if (!url) {
  console.error('usage: record-sql-cases.mjs POSTGRES_URL [case ...]');
  process.exit(2);
}
const config = { connectionString: url };
for (const name of only.length > 0 ? only : caseNames()) {
  const statements = readCase(name);
  const simple = await runCase(config, statements, 'simple');
  const extended = await runCase(config, statements, 'extended');
  // Where the protocols answer differently (e.g. `SELECT $1`), both answers are kept.
  const recorded = simple.map((s, i) => {
    const other = extended[i].result;
    return isDeepStrictEqual(s.result, other) ? s : { ...s, extended: other };
  });
  writeFileSync(join(EXPECTED_DIR, `${name}.json`), `${JSON.stringify(recorded, null, 1)}\n`);
  console.log(`${name}: ${statements.length} statements recorded`);
}
