// CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table [USING btree|hash] (col [ASC|DESC]
// [NULLS FIRST|LAST], ...) (PostgreSQL's DefineIndex): the index is a B+tree of (index columns,
// primary key or row id), built at once by bulk load from the rows the transaction sees —
// sorted, checked for duplicates when UNIQUE (23505 "could not create unique index") — into a
// new file that is deleted if the transaction rolls back. Writes committed by others between
// the build and the commit would be missing from it: the commit then fails with 40001.
import type { IndexColumn, RelationRecord } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import { encodeKey, type KeyColumn } from '../../storage/encoding/key.js';
import { requireRelation, tableShape } from '../catalog-access.js';
import { builtins } from '../../catalog/builtins.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { typeIO } from '../types/index.js';
import { Oid } from '../types/oids.js';
import { enumOfArrayType, isEnumType } from '../types/enum-oids.js';
import { utilityStatement } from '../statements/utility.js';
import { chooseName, relationNameTaken, truncateIdentifier } from './names.js';

const ACCESS_METHODS = new Set(['btree', 'hash']);

/** Whether a type has a btree ordering (its own `<`; an array's element type has one). */
function hasKeyEncoding(type: number): boolean {
  const b = builtins();
  if (type === Oid.varchar) return true; // compared as text
  const row = b.typeByOid.get(type);
  if (!row) return isEnumType(type) || enumOfArrayType(type) !== 0; // user enums order by sort order
  if (row.typcategory === 'A' && row.typelem !== 0) return hasKeyEncoding(row.typelem);
  return b.operators.some((o) => o.oprname === '<' && o.oprleft === type && o.oprright === type);
}
const COLLATIONS = new Set(['C', 'POSIX', 'default', 'pg_catalog.C', 'pg_catalog.POSIX', 'pg_catalog.default']);

export function prepareCreateIndex(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.IndexStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('CREATE INDEX');
    if (stmt.concurrent && (session.inTransactionBlock || session.inImplicitBlock)) {
      throw new DbError(SqlState.ActiveSqlTransaction, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
    }
    createIndex(session, stmt);
    return { tag: 'CREATE INDEX' };
  });
}

function createIndex(session: Session, stmt: Node): void {
  const catalog = session.transaction.catalog;
  const rv = stmt.relation;
  const table = requireRelation(session, catalog, { schema: rv.schemaname, name: rv.relname }, ['r', 'v', 'S', 'i']);
  if (table.relkind !== 'r') {
    const what = table.relkind === 'v' ? 'views' : table.relkind === 'S' ? 'sequences' : 'indexes';
    throw new DbError(SqlState.WrongObjectType, `cannot create index on relation "${table.name}"`, { detail: `This operation is not supported for ${what}.` });
  }
  const method: string = stmt.accessMethod ?? 'btree';
  if (!ACCESS_METHODS.has(method)) {
    if (['gin', 'gist', 'brin', 'spgist'].includes(method)) throw notSupported(`access method "${method}"`);
    throw new DbError(SqlState.UndefinedObject, `access method "${method}" does not exist`);
  }
  if (stmt.whereClause) throw notSupported('partial indexes');
  if (stmt.indexIncludingParams?.length) throw notSupported('INCLUDE columns');
  const params = stmt.indexParams as Node[];
  if (method === 'hash' && params.length > 1) throw new DbError(SqlState.FeatureNotSupported, 'access method "hash" does not support multicolumn indexes');
  if (method === 'hash' && stmt.unique) throw new DbError(SqlState.FeatureNotSupported, 'access method "hash" does not support unique indexes');

  const columns: IndexColumn[] = params.map((p) => {
    const e = p.IndexElem;
    if (e.expr) throw notSupported('index expressions');
    if (e.collation && !COLLATIONS.has((e.collation as Node[]).map((n) => n.String.sval).join('.'))) {
      throw notSupported(`collation "${(e.collation as Node[]).map((n) => n.String.sval).join('.')}"`);
    }
    const col = table.columns.find((c) => !c.dropped && c.name === e.name);
    if (!col) throw new DbError(SqlState.UndefinedColumn, `column "${e.name}" does not exist`);
    if (!hasKeyEncoding(col.typeOid)) {
      throw new DbError(SqlState.UndefinedObject, `data type ${formatType(col.typeOid, -1)} has no default operator class for access method "${method}"`, {
        hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
      });
    }
    const descending = e.ordering === 'SORTBY_DESC';
    const nullsFirst = e.nulls_ordering === 'SORTBY_NULLS_DEFAULT' ? descending : e.nulls_ordering === 'SORTBY_NULLS_FIRST';
    return { attnum: col.attnum, descending, nullsFirst };
  });

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
    const label = columns.map((c) => table.columns[c.attnum - 1]!.name).join('_');
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
    columns: columns.map((c) => ({ ...table.columns[c.attnum - 1]!, attnum: 0, defaultExpr: null, identity: '', sequenceOid: 0, notNull: false })),
    primaryKey: [],
    index: { tableOid: table.oid, columns, unique: stmt.unique === true, primary: false, nullsNotDistinct: stmt.nulls_not_distinct === true, method },
  };
  buildIndex(session, table, index);
  catalog.put(index);
}

/** Fills the new index's file from the table's rows as the transaction sees them. */
function buildIndex(session: Session, table: RelationRecord, index: RelationRecord): void {
  const catalog = session.transaction.catalog;
  const shape = tableShape(catalog, table);
  const access = session.tableAccess(shape);
  const info = index.index!;
  const positions = info.columns.map((c) => c.attnum - 1);
  const keyColumns: KeyColumn[] = [
    ...info.columns.map((c) => ({ type: table.columns[c.attnum - 1]!.typeOid, descending: c.descending, nullsFirst: c.nullsFirst })),
    ...(shape.primaryKey ? shape.primaryKeyColumns : [{ type: 20 }]),
  ];
  const prefixColumns = keyColumns.slice(0, positions.length);
  const entries: { key: Buffer; prefix: Buffer | null; values: unknown[] }[] = [];
  let n = 0;
  for (const { key, row } of access.rows()) {
    if ((++n & 0x3ff) === 0) session.checkCancel();
    const values = positions.map((i) => row[i]!);
    const suffix = access.keySuffixOf(key, row);
    const indexKey = encodeKey(keyColumns, [...values, ...suffix]);
    const unique = info.unique && (info.nullsNotDistinct || values.every((v) => v !== null));
    entries.push({ key: indexKey, prefix: unique ? encodeKey(prefixColumns, values) : null, values });
  }
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  if (info.unique) {
    for (let i = 1; i < entries.length; i++) {
      const prev = entries[i - 1]!.prefix;
      const cur = entries[i]!.prefix;
      if (prev && cur && prev.equals(cur)) {
        const names = positions.map((p) => table.columns[p]!.name).join(', ');
        const shown = entries[i]!.values.map((v, k) => (v === null ? 'null' : (typeIO(table.columns[positions[k]!]!.typeOid)?.output(v as never, session.types) ?? String(v)))).join(', ');
        throw new DbError(SqlState.UniqueViolation, `could not create unique index "${index.name}"`, { detail: `Key (${names})=(${shown}) is duplicated.` });
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
