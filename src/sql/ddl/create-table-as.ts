// CREATE TABLE [IF NOT EXISTS] name [(column names)] AS query [WITH [NO] DATA] and SELECT ...
// INTO [TABLE] name FROM ... (PostgreSQL's ExecCreateTableAs): the query is analyzed, a table
// with its output columns (names, types and typmods; unknown literals become text) is created,
// and unless WITH NO DATA its rows are inserted. The command tag is `SELECT n` as in PostgreSQL
// (`CREATE TABLE AS` when no rows are inserted). The table has no key: rows get hidden row ids.
import { isTempSchemaName, registerOnCommit, tempCreationNamespace } from './temp-tables.js';
import type { ColumnRecord, RelationRecord } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { outputColumns } from '../analyze/query.js';
import { analyzeSelect } from '../analyze/select.js';
import { creationNamespace, tableShape, typeName } from '../catalog-access.js';
import { compilePlan, drainSource } from '../exec/run-plan.js';
import type { Node, ParsedStatement } from '../parser.js';
import { planSelect } from '../plan/plan-select.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { prepareStatementCtes } from '../statements/statement-ctes.js';
import { utilityStatement } from '../statements/utility.js';
import { Oid } from '../types/oids.js';
import { builtins } from '../../catalog/builtins.js';
import { truncateIdentifier } from './names.js';

/** CREATE TABLE ... AS. */
export function prepareCreateTableAs(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.CreateTableAsStmt;
  if (stmt.objtype === 'OBJECT_MATVIEW') throw notSupported('materialized views');
  if (!stmt.query?.SelectStmt) throw notSupported(`CREATE TABLE AS ${Object.keys(stmt.query ?? {})[0] ?? ''}`.trim());
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('CREATE TABLE AS');
    return createTableAs(session, parsed, stmt.into, stmt.query.SelectStmt, stmt.if_not_exists === true);
  });
}

/** SELECT ... INTO name: CREATE TABLE name AS the SELECT without its INTO. */
export function prepareSelectInto(session: Session, parsed: ParsedStatement): Prepared {
  const select = parsed.stmt.SelectStmt;
  const { intoClause, ...rest } = select;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('SELECT INTO');
    return createTableAs(session, parsed, intoClause, rest, false);
  });
}

function createTableAs(session: Session, parsed: ParsedStatement, into: Node, select: Node, ifNotExists: boolean): { tag: string } {
  const rv = into.rel;
  if (rv.relpersistence === 'u') throw notSupported('unlogged tables');
  const txn = session.transaction;
  const catalog = txn.catalog;
  const temporary = rv.relpersistence === 't' || isTempSchemaName(session, rv.schemaname);
  const ns = temporary ? tempCreationNamespace(session, catalog, rv.schemaname, rv.location) : creationNamespace(session, catalog, rv.schemaname, rv.location);
  const name = truncateIdentifier(rv.relname);
  if (catalog.relationByName(ns.oid, name)) {
    if (ifNotExists) {
      session.notices.push(new DbError(SqlState.DuplicateTable, `relation "${name}" already exists, skipping`, { severity: 'NOTICE' }));
      return { tag: 'CREATE TABLE AS' };
    }
    throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
  }
  if (catalog.typeByName(ns.oid, name)) throw new DbError(SqlState.DuplicateObject, `type "${name}" already exists`);

  const ps = new ParseState(parsed.query, new ParamTypes([], false), session.types, { session, catalog });
  const query = analyzeSelect(ps, select);
  const out = outputColumns(query);
  const names = ((into.colNames ?? []) as Node[]).map((n) => truncateIdentifier(n.String.sval as string));
  if (names.length > out.length) throw new DbError(SqlState.SyntaxError, 'too many column names were specified');
  const columns: ColumnRecord[] = out.map((c, i) => {
    const type = c.type === Oid.unknown ? Oid.text : c.type;
    const columnName = names[i] ?? truncateIdentifier(c.name);
    const row = builtins().typeByOid.get(type);
    if (row?.typtype === 'p') throw new DbError(SqlState.InvalidTableDefinition, `column "${columnName}" has pseudo-type ${typeName(catalog, type)}`);
    return {
      attnum: i + 1,
      name: columnName,
      typeOid: type,
      typmod: c.type === Oid.unknown ? -1 : c.typmod,
      notNull: false,
      defaultExpr: null,
      identity: '',
      sequenceOid: 0,
      dropped: false,
    };
  });
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new DbError(SqlState.DuplicateColumn, `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  const oid = catalog.allocateOid();
  const table: RelationRecord = {
    kind: 'relation',
    oid,
    dbOid: session.dbOid,
    namespaceOid: ns.oid,
    name,
    relkind: 'r',
    ownerOid: BOOTSTRAP_SUPERUSER_OID,
    relfilenode: oid,
    columns,
    primaryKey: [],
  };
  const relations = session.cluster.relations;
  relations.create(session.dbOid, oid);
  txn.afterAbort(() => relations.drop(session.dbOid, oid));
  catalog.put(table);
  registerOnCommit(session, table, into.onCommit as string | undefined, temporary);
  if (into.skipData) return { tag: 'CREATE TABLE AS' };

  const ctx = session.runtime([]);
  const plan = planSelect(query, ctx);
  if (query.ctes.some((c) => c.dml)) prepareStatementCtes(session, query.ctes, ctx);
  const rows = compilePlan(plan.root)(ctx);
  if (rows.async) throw new DbError(SqlState.FeatureNotSupported, 'functions that wait (pg_sleep) are not supported in CREATE TABLE AS yet');
  const access = session.tableAccess(tableShape(catalog, table));
  let count = 0;
  for (const row of drainSource(rows.source, ctx)) {
    access.insert(row.slice(0, columns.length));
    if ((++count & 0x3ff) === 0) session.checkCancel();
  }
  return { tag: `SELECT ${count}` };
}
