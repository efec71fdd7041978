// CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table [USING btree|hash] ({col | (expr) |
// func(...)} [ASC|DESC] [NULLS FIRST|LAST], ...) [WHERE predicate] (PostgreSQL's DefineIndex;
// the elements are checked in index-elements.ts): the index is a B+tree of (index column values,
// primary key or row id), built at once by bulk load from the entries the transaction's rows
// have (table access computes them, leaving out rows a partial index's predicate excludes) —
// sorted, checked for duplicates when UNIQUE (23505 "could not create unique index") — into a
// new file that is deleted if the transaction rolls back. Writes committed by others between
// the build and the commit would be missing from it: the commit then fails with 40001.
import type { RelationRecord } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { IndexEntry } from '../../txn/table-access.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { indexShape, requireRelation, tableShape } from '../catalog-access.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { indexElements } from './index-elements.js';
import { chooseName, relationNameTaken, truncateIdentifier } from './names.js';

const ACCESS_METHODS = new Set(['btree', 'hash']);

export function prepareCreateIndex(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.IndexStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('CREATE INDEX');
    if (stmt.concurrent && (session.inTransactionBlock || session.inImplicitBlock)) {
      throw new DbError(SqlState.ActiveSqlTransaction, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
    }
    createIndex(session, parsed, stmt);
    return { tag: 'CREATE INDEX' };
  });
}

function createIndex(session: Session, parsed: ParsedStatement, stmt: Node): void {
  const catalog = session.transaction.catalog;
  const rv = stmt.relation;
  const table = requireRelation(session, catalog, { schema: rv.schemaname, name: rv.relname }, ['r', 'v', 'S', 'i']);
  if (table.relkind !== 'r') {
    const what = table.relkind === 'v' ? 'views' : table.relkind === 'S' ? 'sequences' : 'indexes';
    throw new DbError(SqlState.WrongObjectType, `cannot create index on relation "${table.name}"`, { detail: `This operation is not supported for ${what}.` });
  }
  const ps = new ParseState(parsed.query, new ParamTypes([], false), session.types, { session, catalog });
  const params = stmt.indexParams as Node[];
  const method: string = stmt.accessMethod ?? 'btree';
  if (!ACCESS_METHODS.has(method)) {
    if (['gin', 'gist', 'brin', 'spgist'].includes(method)) throw notSupported(`access method "${method}"`);
    throw new DbError(SqlState.UndefinedObject, `access method "${method}" does not exist`);
  }
  if (stmt.indexIncludingParams?.length) throw notSupported('INCLUDE columns');
  if (method === 'hash' && params.length > 1) throw new DbError(SqlState.FeatureNotSupported, 'access method "hash" does not support multicolumn indexes');
  if (method === 'hash' && stmt.unique) throw new DbError(SqlState.FeatureNotSupported, 'access method "hash" does not support unique indexes');
  const elements = indexElements(ps, table, params, stmt.whereClause, method);

  const ns = table.namespaceOid;
  const usedNames = new Set<string>();
  let name: string;
  if (stmt.idxname) {
    name = truncateIdentifier(stmt.idxname);
    if (relationNameTaken(catalog, ns, name, usedNames)) {
      if (stmt.if_not_exists) {
        session.notice('NOTICE', `relation "${name}" already exists, skipping`);
        return;
      }
      throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
    }
  } else {
    const label = elements.columnRecords.map((c) => c.name).join('_');
    name = chooseName(table.name, label, 'idx', (n) => relationNameTaken(catalog, ns, n, usedNames));
  }

  const oid = catalog.allocateOid();
  const index: RelationRecord = {
    kind: 'relation',
    oid,
    dbOid: session.dbOid,
    namespaceOid: ns,
    name,
    relkind: 'i',
    ownerOid: BOOTSTRAP_SUPERUSER_OID,
    relfilenode: oid,
    columns: elements.columnRecords,
    primaryKey: [],
    index: {
      tableOid: table.oid,
      columns: elements.columns,
      unique: stmt.unique === true,
      primary: false,
      nullsNotDistinct: stmt.nulls_not_distinct === true,
      method,
      ...(elements.expressions.length > 0 ? { expressions: elements.expressions } : {}),
      ...(elements.predicate !== undefined ? { predicate: elements.predicate } : {}),
    },
  };
  buildIndex(session, table, index);
  catalog.put(index);
}

/** Fills the new index's file from the table's rows as the transaction sees them. */
function buildIndex(session: Session, table: RelationRecord, index: RelationRecord): void {
  const catalog = session.transaction.catalog;
  const access = session.tableAccess(tableShape(catalog, table));
  const target = indexShape(table, index, null);
  const entries: (IndexEntry & { prefix: Buffer | null })[] = [];
  let n = 0;
  for (const { key, row } of access.rows()) {
    if ((++n & 0x3ff) === 0) session.checkCancel();
    const entry = access.indexEntry(target, key, row);
    if (entry) entries.push({ ...entry, prefix: access.uniquePrefix(target, entry.values) });
  }
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  if (target.unique) {
    for (let i = 1; i < entries.length; i++) {
      const prev = entries[i - 1]!.prefix;
      const cur = entries[i]!.prefix;
      if (prev && cur && prev.equals(cur)) {
        const ns = catalog.get(table.namespaceOid);
        throw new DbError(SqlState.UniqueViolation, `could not create unique index "${index.name}"`, {
          detail: `Key ${access.describeEntry(target, entries[i]!.values)} is duplicated.`,
          schema: ns?.kind === 'namespace' ? ns.name : undefined,
          table: table.name,
          constraint: index.name,
        });
      }
    }
  }
  const cluster = session.cluster;
  const tree = cluster.relations.create(session.dbOid, index.relfilenode);
  session.transaction.afterAbort(() => cluster.relations.drop(session.dbOid, index.relfilenode));
  const empty = Buffer.alloc(0);
  tree.bulkLoad(
    entries.map((e) => [e.key, empty] as const),
    {},
  );
  // rows others commit to the table before this transaction does would not be in the index
  const version = cluster.tableVersion(session.dbOid, table.relfilenode);
  session.transaction.writes.addCheck(() => {
    if (cluster.tableVersion(session.dbOid, table.relfilenode) !== version) {
      throw new DbError(SqlState.SerializationFailure, 'could not serialize access due to concurrent update', {
        detail: `Rows of table "${table.name}" were changed while index "${index.name}" was being built.`,
      });
    }
  });
}
