// Temporary tables, as PostgreSQL keeps them: each session that creates one gets a schema of its
// own, pg_temp_N (N the lowest number no live session holds), searched before everything else
// for that session only; `pg_temp` names it in search_path and in qualified names. The tables
// are ordinary catalog objects with files, dropped when the session ends (and, for a schema left
// behind by a server that stopped with sessions open, when the next holder of N first uses it).
// ON COMMIT DELETE ROWS forgets the transaction's pending rows of the table and its indexes just
// before commit (its committed state is always empty); ON COMMIT DROP drops it then.
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { NamespaceRecord, RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import type { Session } from '../session.js';
import { isTempSchemaName } from '../temp-schema-names.js';
import { dropRelation } from './drop.js';

export { isTempSchemaName };

/** The session's temporary schema, created (and cleared of an earlier holder's leftovers) on first use. */
export function tempNamespace(session: Session, catalog: CatalogTxn): NamespaceRecord {
  if (session.tempId === null) session.tempId = session.cluster.allocateTempId();
  const name = session.tempSchemaName!;
  let ns = catalog.namespaceByName(name);
  if (!ns) {
    ns = { kind: 'namespace', oid: catalog.allocateOid(), dbOid: session.dbOid, name, ownerOid: BOOTSTRAP_SUPERUSER_OID };
    catalog.put(ns);
  } else if (!session.tempSchemaClaimed) {
    dropAllIn(session, catalog, ns.oid);
  }
  session.tempSchemaClaimed = true;
  return ns;
}

/** Whether a relation lives in a temporary schema (any session's). */
export function isTempRelation(catalog: CatalogTxn, oid: number): boolean {
  const r = catalog.get(oid);
  if (r?.kind !== 'relation') return false;
  const ns = catalog.get(r.namespaceOid);
  return ns?.kind === 'namespace' && /^pg_temp_\d+$/.test(ns.name);
}

/** Checks a CREATE TEMP ... target and returns the schema it goes into. */
export function tempCreationNamespace(session: Session, catalog: CatalogTxn, schema: string | undefined, location: number): NamespaceRecord {
  if (schema !== undefined && !isTempSchemaName(session, schema)) {
    throw new DbError(SqlState.InvalidTableDefinition, 'cannot create temporary relation in non-temporary schema', { position: location + 1 });
  }
  return tempNamespace(session, catalog);
}

/** Records a temporary table's ON COMMIT clause (the parse tree's `oncommit`). */
export function registerOnCommit(session: Session, table: RelationRecord, onCommit: string | undefined, temporary: boolean): void {
  if (onCommit === undefined || onCommit === 'ONCOMMIT_NOOP' || onCommit === 'ONCOMMIT_PRESERVE_ROWS') {
    if (onCommit === 'ONCOMMIT_PRESERVE_ROWS' && !temporary) throw onlyTemporary();
    return;
  }
  if (!temporary) throw onlyTemporary();
  const oid = table.oid;
  session.onCommitActions.set(oid, () => {
    const catalog = session.transaction.catalog;
    const r = catalog.get(oid);
    if (r?.kind !== 'relation') {
      // dropped, or its creation rolled back
      session.onCommitActions.delete(oid);
      return;
    }
    if (onCommit === 'ONCOMMIT_DROP') {
      session.onCommitActions.delete(oid);
      dropRelation(session, catalog, r, true);
      return;
    }
    const writes = session.transaction.writes;
    writes.discard(`${session.dbOid}/${r.relfilenode}`);
    for (const d of catalog.dependentsOf(oid)) {
      if (d.kind === 'relation' && d.relkind === 'i') writes.discard(`${session.dbOid}/${d.relfilenode}`);
    }
  });
}

function onlyTemporary(): DbError {
  return new DbError(SqlState.InvalidTableDefinition, 'ON COMMIT can only be used on temporary tables');
}

/** Drops every relation in the session's temporary schema, in its open transaction (DISCARD TEMP). */
export function dropTempRelations(session: Session): void {
  const name = session.tempSchemaName;
  if (name === null) return;
  const catalog = session.transaction.catalog;
  const ns = catalog.namespaceByName(name);
  if (ns) dropAllIn(session, catalog, ns.oid);
}

function dropAllIn(session: Session, catalog: CatalogTxn, nsOid: number): void {
  const relations = [...catalog.records()].filter((r): r is RelationRecord => r.kind === 'relation' && r.namespaceOid === nsOid && r.relkind !== 'i');
  // tables first: their indexes, owned sequences and dependent views go with them
  relations.sort((a, b) => Number(b.relkind === 'r') - Number(a.relkind === 'r'));
  for (const r of relations) {
    if (catalog.get(r.oid)) dropRelation(session, catalog, r, true);
  }
}

/**
 * The session is ending: its temporary relations are dropped in a transaction of their own and
 * its schema number is released. Never throws; a failure is left to the next holder of N.
 */
export async function endTempSchema(session: Session): Promise<void> {
  const id = session.tempId;
  if (id === null) return;
  try {
    session.notices.length = 0;
    session.beginStatement();
    dropTempRelations(session);
    session.endStatement();
    await session.commitImplicit();
  } catch (err) {
    session.cluster.log.warn(`could not drop the temporary tables of an ended session: ${(err as Error).message}`);
    if (session.txn) session.abortTransaction();
  } finally {
    session.onCommitActions.clear();
    session.tempId = null;
    session.cluster.releaseTempId(id);
  }
}
