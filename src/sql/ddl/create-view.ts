// CREATE [OR REPLACE] VIEW name [(columns)] AS query (PostgreSQL's DefineView): the query is
// analyzed now (names resolved, types fixed, errors reported), and stored as its parse tree
// with its SQL text; reading the view analyzes the stored tree again as a subquery. The view
// depends on the relations its query reads (DROP of one of them needs CASCADE). OR REPLACE
// may only add columns at the end: existing ones keep their names and types.
import { isTempRelation, isTempSchemaName, tempCreationNamespace } from './temp-tables.js';
import type { ColumnRecord, RelationRecord } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { outputColumns, type Query } from '../analyze/query.js';
import { rewriteQueryDeep } from '../analyze/query-walk.js';
import { analyzeSelect } from '../analyze/select.js';
import { creationNamespace, typeName } from '../catalog-access.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { truncateIdentifier } from './names.js';

export function prepareCreateView(session: Session, parsed: ParsedStatement): Prepared {
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('CREATE VIEW');
    createView(session, parsed);
    return { tag: 'CREATE VIEW' };
  });
}

/** The relations (tables and views) a query reads, through subqueries and WITH queries too. */
export function relationsRead(q: Query): number[] {
  const out = new Set<number>();
  const visit = (query: Query) => {
    if (query.kind === 'select') {
      for (const r of query.ranges) {
        if (r.kind === 'table') out.add(r.table!.record.oid);
        if (r.viewOid) out.add(r.viewOid);
        if (r.sequence) out.add(r.systemOid!);
      }
    }
  };
  walkQueries(q, visit);
  return [...out];
}

function walkQueries(q: Query, visit: (q: Query) => void): void {
  visit(q);
  for (const c of q.ctes) walkQueries(c.query, visit);
  if (q.kind === 'setop') {
    const tree = (t: typeof q.tree | Extract<typeof q.tree, { kind: 'op' }>['left']): void => {
      if (t.kind === 'leaf') walkQueries(t.query, visit);
      else {
        tree(t.left);
        tree(t.right);
      }
    };
    tree(q.tree);
    return;
  }
  for (const r of q.ranges) if (r.subquery) walkQueries(r.subquery, visit);
  // subqueries inside expressions
  rewriteQueryDeep(q, (x) => {
    if (x.kind === 'sublink') walkQueries(x.query, visit);
    return undefined;
  });
}

/** The SQL text of the view's query: what follows AS in the statement (best effort, for display). */
function queryText(parsed: ParsedStatement): string {
  const text = parsed.text;
  const m = /\bAS\b([\s\S]*)$/i.exec(text.slice(Math.max(0, text.search(/\bVIEW\b/i))));
  const body = m ? m[1]! : text;
  return body.replace(/\s+WITH\s+(CASCADED\s+|LOCAL\s+)?CHECK\s+OPTION\s*$/i, '').trim();
}

function createView(session: Session, parsed: ParsedStatement): void {
  const stmt = parsed.stmt.ViewStmt;
  const catalog = session.transaction.catalog;
  const rv = stmt.view;
  if (stmt.options?.length) throw notSupported('view options');
  const name = truncateIdentifier(rv.relname);
  const ps = new ParseState(parsed.query, new ParamTypes([], false), session.types, { session, catalog });
  const query = analyzeSelect(ps, stmt.query.SelectStmt);
  const viewDeps = relationsRead(query);
  let temporary = rv.relpersistence === 't' || isTempSchemaName(session, rv.schemaname);
  if (!temporary && viewDeps.some((oid) => isTempRelation(catalog, oid))) {
    // as PostgreSQL does: a view of a temporary table is temporary itself
    session.notice('NOTICE', `view "${name}" will be a temporary view`);
    temporary = true;
  }
  const ns = temporary ? tempCreationNamespace(session, catalog, rv.schemaname, rv.location) : creationNamespace(session, catalog, rv.schemaname, rv.location);
  const out = outputColumns(query);
  const aliases: string[] = ((stmt.aliases ?? []) as Node[]).map((n) => n.String.sval);
  if (aliases.length > out.length) throw new DbError(SqlState.SyntaxError, 'CREATE VIEW specifies more column names than columns');
  const columns: ColumnRecord[] = out.map((c, i) => ({
    attnum: i + 1,
    name: truncateIdentifier(aliases[i] ?? c.name),
    typeOid: c.type,
    typmod: c.typmod,
    notNull: false,
    defaultExpr: null,
    identity: '',
    sequenceOid: 0,
    dropped: false,
  }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new DbError(SqlState.DuplicateColumn, `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  const existing = catalog.relationByName(ns.oid, name);
  if (existing && !(stmt.replace && existing.relkind === 'v')) {
    if (stmt.replace) throw new DbError(SqlState.WrongObjectType, `"${name}" is not a view`);
    throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
  }
  if (!existing && catalog.typeByName(ns.oid, name)) throw new DbError(SqlState.DuplicateObject, `type "${name}" already exists`);
  if (existing) checkReplacement(catalog, existing, columns);
  const view: RelationRecord = {
    kind: 'relation',
    oid: existing?.oid ?? catalog.allocateOid(),
    dbOid: session.dbOid,
    namespaceOid: ns.oid,
    name,
    relkind: 'v',
    ownerOid: BOOTSTRAP_SUPERUSER_OID,
    relfilenode: 0,
    columns,
    primaryKey: [],
    viewSql: queryText(parsed),
    viewQuery: stmt.query,
    viewDeps,
    ...(stmt.withCheckOption === 'LOCAL_CHECK_OPTION' ? { checkOption: 'local' as const } : stmt.withCheckOption === 'CASCADED_CHECK_OPTION' ? { checkOption: 'cascaded' as const } : {}),
  };
  if (view.viewDeps!.includes(view.oid)) throw new DbError(SqlState.InvalidObjectDefinition, `infinite recursion detected in rules for relation "${name}"`);
  catalog.put(view);
}

function checkReplacement(catalog: Parameters<typeof typeName>[0], old: RelationRecord, columns: ColumnRecord[]): void {
  if (columns.length < old.columns.length) throw new DbError(SqlState.InvalidTableDefinition, 'cannot drop columns from view');
  old.columns.forEach((c, i) => {
    const n = columns[i]!;
    if (n.name !== c.name) {
      throw new DbError(SqlState.InvalidTableDefinition, `cannot change name of view column "${c.name}" to "${n.name}"`, {
        hint: 'Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.',
      });
    }
    if (n.typeOid !== c.typeOid || n.typmod !== c.typmod) {
      throw new DbError(
        SqlState.InvalidTableDefinition,
        `cannot change data type of view column "${c.name}" from ${typeName(catalog, c.typeOid, c.typmod)} to ${typeName(catalog, n.typeOid, n.typmod)}`,
      );
    }
  });
}
