// Renames in stored parse trees: which column references of a view's query follow a renamed
// column (qualified by the table's name or alias, unqualified where the table is the nearest FROM
// item with the column; not those of other tables, subqueries, WITH queries or hidden by column
// aliases), output names kept with AS, table renames and schema moves in FROM and qualifiers, and
// the simpler rewrites of CHECK conditions and schema names.
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogState } from '../../../src/catalog/catalog-state.js';
import { CatalogTxn } from '../../../src/catalog/catalog-txn.js';
import type { RelationRecord } from '../../../src/catalog/objects.js';
import { initParser, parseSql, type Node } from '../../../src/sql/parser.js';
import type { Session } from '../../../src/sql/session.js';
import { renameColumnInCheck, renameInViewQuery, renameSchemaInTree, type RelationChange } from '../../../src/sql/ddl/rename-refs.js';
import { unlocated } from '../../../src/sql/ddl/alter-table-work.js';

const DB = 5;
const PUBLIC = 2200;

function table(oid: number, name: string, columns: string[]): RelationRecord {
  return {
    kind: 'relation',
    oid,
    dbOid: DB,
    namespaceOid: PUBLIC,
    name,
    relkind: 'r',
    ownerOid: 10,
    relfilenode: oid,
    columns: columns.map((c, i) => ({ attnum: i + 1, name: c, typeOid: 23, typmod: -1, notNull: false, defaultExpr: null, identity: '', sequenceOid: 0, dropped: false })),
    primaryKey: [],
  };
}

let catalog: CatalogTxn;
const session = { searchPath: () => ['pg_catalog', 'public'] } as unknown as Session;

beforeAll(async () => {
  await initParser();
  catalog = new CatalogTxn(new CatalogState(20000), DB);
  catalog.put({ kind: 'namespace', oid: 11, dbOid: DB, name: 'pg_catalog', ownerOid: 10 });
  catalog.put({ kind: 'namespace', oid: PUBLIC, dbOid: DB, name: 'public', ownerOid: 10 });
  catalog.put(table(100, 't', ['a', 'b']));
  catalog.put(table(101, 'u', ['b', 'c']));
});

/** The dotted column references and the select-list names of a query, in tree order. */
function refs(tree: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const obj = n as Record<string, Node>;
    if (obj.ColumnRef) {
      out.push((obj.ColumnRef.fields as Node[]).map((f) => f.String?.sval ?? '*').join('.'));
      return;
    }
    if (obj.RangeVar) out.push(`FROM ${obj.RangeVar.schemaname ? `${obj.RangeVar.schemaname}.` : ''}${obj.RangeVar.relname}`);
    if (obj.ResTarget?.name) out.push(`AS ${obj.ResTarget.name}`);
    for (const v of Object.values(obj)) walk(v);
  };
  walk(tree);
  return out;
}

function renamed(sql: string, change: RelationChange): string[] {
  return refs(renameInViewQuery(session, catalog, parseSql(sql)[0]!.stmt, change));
}

describe('renameInViewQuery', () => {
  const column = (from: string, to: string): RelationChange => ({ oid: 100, column: { from, to } });

  it('renames references to the column of the renamed table and keeps the output name', () => {
    expect(renamed('SELECT a, x.a FROM t x', column('a', 'aa'))).toEqual(['AS a', 'aa', 'AS a', 'x.aa', 'FROM t']);
    expect(renamed('SELECT a AS first FROM t WHERE a > 0 ORDER BY a', column('a', 'aa'))).toEqual(['AS first', 'aa', 'FROM t', 'aa', 'aa']);
  });

  it('leaves columns of other tables, subqueries and WITH queries alone', () => {
    expect(renamed('SELECT u.b, t.b FROM t, u', column('b', 'bb'))).toEqual(['u.b', 'AS b', 't.bb', 'FROM t', 'FROM u']);
    expect(renamed('SELECT b FROM u WHERE b IN (SELECT b FROM t)', column('b', 'bb'))).toEqual(['b', 'FROM u', 'b', 'AS b', 'bb', 'FROM t']);
    expect(renamed('WITH t AS (SELECT 1 AS a) SELECT a FROM t', column('a', 'aa'))).toEqual(['a', 'FROM t', 'AS a']);
    expect(renamed('SELECT a FROM (SELECT a FROM t) s', column('a', 'aa'))).toEqual(['a', 'AS a', 'aa', 'FROM t']);
  });

  it('reaches outer references from a correlated subquery', () => {
    expect(renamed('SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.c = a)', column('a', 'aa'))).toEqual(['FROM t', 'FROM u', 'u.c', 'aa']);
  });

  it('does not rename a column hidden by a column alias list', () => {
    expect(renamed('SELECT x.a FROM t AS x (p, q)', column('a', 'aa'))).toEqual(['x.a', 'FROM t']);
    expect(renamed('SELECT x.b FROM t AS x (p)', column('b', 'bb'))).toEqual(['AS b', 'x.bb', 'FROM t']);
  });

  it('renames the table in FROM and in qualifiers that use its name', () => {
    expect(renamed('SELECT t.a, x.b FROM t, t AS x', { oid: 100, newName: 't2' })).toEqual(['t2.a', 'x.b', 'FROM t2', 'FROM t2']);
  });

  it('names the new schema of a moved table', () => {
    expect(renamed('SELECT a FROM t', { oid: 100, newSchema: 'app' })).toEqual(['a', 'FROM app.t']);
  });
});

describe('renameColumnInCheck', () => {
  it('renames bare and table-qualified references', () => {
    const check = (parseSql('SELECT a > 0 AND t.a < b AND other.a = 1')[0]!.stmt as Node).SelectStmt.targetList[0].ResTarget.val;
    expect(refs(renameColumnInCheck(check, 't', 'a', 'z'))).toEqual(['z', 't.z', 'b', 'other.a']);
  });
});

describe('renameSchemaInTree', () => {
  it('renames the schema in relation, type and column names', () => {
    const tree = parseSql('SELECT s.t.a, 1::s.mood FROM s.t, r.u')[0]!.stmt;
    const out = renameSchemaInTree(tree, 's', 'q') as Node;
    expect(refs(out)).toEqual(['q.t.a', 'FROM q.t', 'FROM r.u']);
    expect(JSON.stringify(out)).toContain('"names":[{"String":{"sval":"q"}},{"String":{"sval":"mood"}}]');
  });
});

describe('unlocated', () => {
  it('copies a tree with every location unknown', () => {
    const tree = parseSql('SELECT a + 1 FROM t')[0]!.stmt;
    const copy = unlocated(tree);
    expect(JSON.stringify(copy)).not.toMatch(/"location":\d/);
    expect(JSON.stringify(tree)).toMatch(/"location":\d/);
  });
});
