// Rewriting a table into new files (PostgreSQL's ATRewriteTable, ExecuteTruncate and
// reindex_relation): ALTER TABLE when the stored rows change (a column's type, an added column
// with a default, a new or dropped key), TRUNCATE and REINDEX. The table and each of its
// secondary indexes get new, empty files; the rows (transformed and checked) are inserted through
// the transaction's write set with the new shape, so they reach the new files at commit exactly
// as an INSERT's would, and the catalog points to the new files from then on. A rollback leaves
// the old files untouched (the new ones are deleted); a commit deletes the old ones.
// Concurrency: rows another transaction commits to the old files after the rewrite read them
// would be lost, so such a commit makes this one fail with 40001; a writer still holding the old
// shape fails at its commit instead (cluster.ts checkShapes).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { tableShape } from '../catalog-access.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import type { TableShape } from '../../txn/table-access.js';

export interface RewriteSpec {
  /** The definition the stored rows were written with (column types, file). */
  from: RelationRecord;
  /** The new row of an old one (default: the old values, dropped columns emptied). */
  transform?: (old: Value[]) => Value[];
  /** Checks a new row before it is stored; throws to stop the statement. */
  verify?: (row: Value[]) => void;
  /** Indexes created by the statement (they have no files to delete). */
  newIndexes?: ReadonlySet<number>;
  /** TRUNCATE: the new files stay empty. */
  empty?: boolean;
  /**
   * Report rows that fail `verify` only after every other row is stored, so a new key's
   * duplicates are reported first (PostgreSQL builds a new index before it checks the rows).
   */
  keysFirst?: boolean;
}

/**
 * Makes a commit of this transaction fail (40001) if another transaction commits rows to the
 * table's committed file after now: what this transaction read of them (to rewrite, to verify a
 * new constraint) would be out of date.
 */
export function guardAgainstConcurrentWrites(session: Session, tableOid: number, what: string): void {
  const committed = session.cluster.catalog.state.catalog(session.dbOid).objects.get(tableOid);
  if (committed?.kind !== 'relation' || committed.relfilenode === 0) return;
  const cluster = session.cluster;
  const dbOid = session.dbOid;
  const file = committed.relfilenode;
  const version = cluster.tableVersion(dbOid, file);
  session.transaction.writes.addCheck(() => {
    if (cluster.tableVersion(dbOid, file) !== version) {
      throw new DbError(SqlState.SerializationFailure, 'could not serialize access due to concurrent update', {
        detail: `Rows of table "${committed.name}" were changed while ${what}.`,
      });
    }
  });
}

/**
 * Records the committed shape of a table as the one this transaction writes it with, so the
 * commit checks compare the committed catalog with what this transaction started from.
 */
function noteCommittedShape(session: Session, tableOid: number): void {
  const committed = session.cluster.catalog.begin(session.dbOid);
  const r = committed.get(tableOid);
  if (r?.kind === 'relation') session.transaction.writes.noteShape(tableShape(committed, r));
}

/** Enough of a table's shape to read its stored rows (not to write them). */
function readShape(table: RelationRecord): TableShape {
  return {
    dbOid: table.dbOid,
    oid: table.oid,
    relfilenode: table.relfilenode,
    name: table.name,
    columnNames: table.columns.map((c) => c.name),
    columnTypes: table.columns.map((c) => c.typeOid),
    primaryKey: null,
    primaryKeyColumns: [],
    primaryKeyName: null,
    indexes: [],
  };
}

/** The old values in a row of the new width; dropped columns lose their values. */
function widen(table: RelationRecord, old: readonly Value[]): Value[] {
  return table.columns.map((c, i) => (c.dropped ? null : (old[i] ?? null)));
}

/** "duplicate key value violates unique constraint" as an index build words it. */
function asIndexBuildError(err: unknown, schema: string | undefined): unknown {
  if (!(err instanceof DbError) || err.code !== SqlState.UniqueViolation) return err;
  const m = /^duplicate key value violates unique constraint "(.*)"$/s.exec(err.message);
  if (!m) return err;
  return new DbError(SqlState.UniqueViolation, `could not create unique index "${m[1]}"`, {
    detail: err.detail?.replace(/ already exists\.$/, ' is duplicated.'),
    schema,
    table: err.table,
    constraint: err.constraint,
  });
}

/**
 * Rewrites table `tableOid` (whose catalog record, indexes included, is already the new
 * definition) into new files, reading its rows as `spec.from` stored them.
 */
export function rewriteTable(session: Session, catalog: CatalogTxn, tableOid: number, spec: RewriteSpec): void {
  const txn = session.transaction;
  const relations = session.cluster.relations;
  const dbOid = session.dbOid;
  const current = catalog.get(tableOid) as RelationRecord;
  noteCommittedShape(session, tableOid);
  guardAgainstConcurrentWrites(session, tableOid, spec.empty ? 'it was being truncated' : 'it was being rewritten');

  const oldFiles: number[] = [spec.from.relfilenode];
  const newFile = (): number => {
    const node = catalog.allocateOid();
    relations.create(dbOid, node);
    txn.afterAbort(() => relations.drop(dbOid, node));
    return node;
  };
  catalog.put({ ...current, relfilenode: newFile() });
  for (const index of catalog.indexesOf(tableOid)) {
    if (index.relfilenode === 0) continue;
    if (!spec.newIndexes?.has(index.oid)) oldFiles.push(index.relfilenode);
    catalog.put({ ...index, relfilenode: newFile() });
  }
  txn.afterCommit(() => {
    for (const node of oldFiles) {
      relations.drop(dbOid, node);
      session.cluster.rowIds.forget(`${dbOid}/${node}`);
    }
  });
  if (spec.empty) return;

  const table = catalog.get(tableOid) as RelationRecord;
  const source = session.tableAccess(readShape(spec.from));
  const target = session.tableAccess(tableShape(catalog, table));
  const transform = spec.transform ?? ((old: Value[]) => widen(table, old));
  const ns = catalog.get(table.namespaceOid);
  const schema = ns?.kind === 'namespace' ? ns.name : undefined;
  let n = 0;
  let failed: unknown = null;
  for (const { row } of source.rows()) {
    if ((++n & 0x3ff) === 0) session.checkCancel();
    const next = transform(row);
    try {
      spec.verify?.(next);
    } catch (err) {
      if (!spec.keysFirst) throw err;
      failed ??= err;
      continue;
    }
    try {
      target.insert(next);
    } catch (err) {
      throw asIndexBuildError(err, schema);
    }
  }
  if (failed) throw failed;
}

/** Every row of a table as the transaction sees it (for checks that need no rewrite). */
export function* tableRows(session: Session, table: RelationRecord): IterableIterator<Value[]> {
  const access = session.tableAccess(readShape(table));
  let n = 0;
  for (const { row } of access.rows()) {
    if ((++n & 0x3ff) === 0) session.checkCancel();
    yield row;
  }
}
