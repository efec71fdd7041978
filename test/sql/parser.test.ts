// The parser wrapper: statements split with their own text, empty and comment-only input,
// syntax errors with PostgreSQL's 1-based character positions (also after multi-byte text).
import { beforeAll, describe, expect, it } from 'vitest';
import { DbError } from '../../src/errors.js';
import { initParser, parseSql, QueryText } from '../../src/sql/parser.js';

beforeAll(async () => {
  await initParser();
});

describe('parseSql', () => {
  it('splits statements and keeps each one text', () => {
    const stmts = parseSql("SELECT 1; SET x.y = 'a;b';\n  SHOW ALL");
    expect(stmts.map((s) => s.kind)).toEqual(['SelectStmt', 'VariableSetStmt', 'VariableShowStmt']);
    expect(stmts.map((s) => s.text)).toEqual(['SELECT 1', "SET x.y = 'a;b'", 'SHOW ALL']);
  });

  it.each(['', '  \n', '-- only a comment', '/* block */ ;'])('finds no statement in %j', (text) => {
    expect(parseSql(text)).toEqual([]);
  });

  it.each([
    ['SELECT FROM WHERE', 'syntax error at or near "WHERE"', 13],
    ["SELECT 'ééé' FROM WHERE", 'syntax error at or near "WHERE"', 19],
    ["SELECT 'abc", 'unterminated quoted string at or near "\'abc"', 8],
  ])('reports %j at PostgreSQL\'s position', (text, message, position) => {
    try {
      parseSql(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect(err).toMatchObject({ code: '42601', message, position });
    }
  });

  it('maps byte locations of nodes to character positions', () => {
    const q = new QueryText("SELECT 'ééé', x");
    // x is at byte 17 (each é is two bytes), character 15 (1-based)
    expect(q.charPosition(17)).toBe(15);
    expect(new QueryText('SELECT x').charPosition(7)).toBe(8);
  });
});
