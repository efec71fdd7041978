// The conformance runner's own rules, without a server: how case files split into statements
// and directives, and how a result is compared with PostgreSQL's.
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../scripts/conformance/compare-results.mjs';
import { caseDatabases } from '../../scripts/conformance/run-cases.mjs';
import { splitStatements } from '../../scripts/conformance/split-statements.mjs';

const sqls = (src: string) => splitStatements(src).statements.map((s) => s.sql);

describe('splitStatements', () => {
  it('does not split inside quotes, comments, parentheses or dollar quotes', () => {
    expect(sqls(`SELECT 'a;b', "c;d" FROM t; SELECT E'x\\';y';\nSELECT $f$;$f$ /* ; /* ; */ */, (1;2); -- ;\n;;SELECT 1`)).toEqual([
      `SELECT 'a;b', "c;d" FROM t`,
      `SELECT E'x\\';y'`,
      `SELECT $f$;$f$ /* ; /* ; */ */, (1;2)`,
      'SELECT 1',
    ]);
  });

  it('keeps a BEGIN ATOMIC function body in one statement, CASE … END included', () => {
    const src = 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END; SELECT 3;';
    expect(sqls(src)).toEqual(['CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END', 'SELECT 3']);
  });

  it('notes a top-level ORDER BY only', () => {
    const { statements } = splitStatements('SELECT a FROM t ORDER BY a; SELECT (SELECT 1 ORDER BY 1), row_number() OVER (ORDER BY b) FROM t;');
    expect(statements.map((s) => s.topLevelOrderBy)).toEqual([true, false]);
  });

  it('reads directives for the next statement and for the file, with line numbers', () => {
    const { statements, fileDirectives, errors } = splitStatements('-- @file: skip-protocol extended\nCREATE TABLE t (a int);\n-- @error 23505\n-- @unordered\nINSERT INTO t VALUES (1);\n');
    expect(errors).toEqual([]);
    expect(fileDirectives).toEqual({ skipProtocols: ['extended'] });
    expect(statements.map((s) => [s.line, s.directives])).toEqual([[2, {}], [5, { error: '23505', ordered: false }]]);
  });

  it('reports misplaced or unknown directives', () => {
    expect(splitStatements('-- @bogus\nSELECT 1;').errors[0]?.message).toBe('unknown directive @bogus');
    expect(splitStatements('SELECT\n-- @error\n1;').errors[0]?.message).toMatch(/inside a statement/);
    expect(splitStatements('SELECT 1;\n-- @ordered\n').errors[0]?.message).toMatch(/applies to no statement/);
    expect(splitStatements('-- @file: error\nSELECT 1;').errors[0]?.message).toMatch(/cannot be used with @file:/);
  });
});

describe('compareResults', () => {
  const rows = (tag: string, ...r: (string | null)[][]) => ({ ok: true, tag, columns: [{ name: 'a', type: 23, typmod: -1 }], rows: r });

  it('compares rows as a multiset unless ordered', () => {
    expect(compareResults(rows('SELECT 2', ['1'], ['2']), rows('SELECT 2', ['2'], ['1']), {})).toEqual([]);
    expect(compareResults(rows('SELECT 2', ['1'], ['2']), rows('SELECT 2', ['2'], ['1']), { ordered: true })).toEqual([
      'row 1 (ordered): expected ("1"), got ("2")',
    ]);
    expect(compareResults(rows('SELECT 2', ['1'], ['1']), rows('SELECT 2', ['1'], [null]), {})).toEqual([
      'rows differ: missing ("1"); unexpected (NULL)',
    ]);
  });

  it('compares SQLSTATEs, and messages only when asked', () => {
    const want = { ok: false, kind: 'sql', code: '22012', message: 'division by zero' };
    expect(compareResults(want, { ...want, message: 'other' }, {})).toEqual([]);
    expect(compareResults(want, { ...want, message: 'other' }, { strictMessages: true })).toHaveLength(1);
    expect(compareResults(want, { ...want, code: '22003' }, {})[0]).toMatch(/^SQLSTATE: expected 22012/);
  });

  it('compares tags, column types and the Describe(statement) columns', () => {
    const want = { ...rows('SELECT 1', ['1']), describe: [{ name: 'a', type: 23 }] };
    const got = { ...rows('SELECT 1', ['1']), describe: null, columns: [{ name: 'a', type: 20, typmod: -1 }] };
    expect(compareResults(want, got, {})).toEqual(['column types: a expected int4, got int8', 'Describe(statement): expected (a int4), got NoData']);
    expect(compareResults({ ok: true, tag: 'INSERT 0 1', columns: null, rows: null }, { ok: true, tag: 'INSERT 0 2', columns: null, rows: null }, {})).toEqual([
      'tag: expected "INSERT 0 1", got "INSERT 0 2"',
    ]);
  });
});

describe('caseDatabases', () => {
  it('names a database per file, distinct even where names collide', () => {
    expect([...caseDatabases(['select_join_03.sql', 'A-b.sql', 'a_b.sql']).values()]).toEqual(['conf_select_join_03', 'conf_a_b', 'conf_a_b_2']);
  });
});
