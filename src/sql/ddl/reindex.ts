// REINDEX [(options)] {INDEX | TABLE | SCHEMA | DATABASE | SYSTEM} [CONCURRENTLY] name
// (PostgreSQL's ExecReindex): the indexes are built again from the table's rows. Here a table's
// indexes are rebuilt by rewriting the table into new files (table-rewrite.ts), so REINDEX INDEX
// rebuilds its table's other indexes too. SCHEMA, DATABASE and CONCURRENTLY refuse to run inside
// a transaction block, as in PostgreSQL; SYSTEM has no user tables to rebuild.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { targetRelation } from './target-relation.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { rewriteTable } from './table-rewrite.js';

const KIND_WORDS: Record<string, string> = {
  REINDEX_OBJECT_SCHEMA: 'REINDEX SCHEMA',
  REINDEX_OBJECT_DATABASE: 'REINDEX DATABASE',
  REINDEX_OBJECT_SYSTEM: 'REINDEX SYSTEM',
};

export function prepareReindex(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.ReindexStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('REINDEX');
    const kind = stmt.kind as string;
    const params = ((stmt.params ?? []) as Node[]).map((p) => p.DefElem.defname as string);
    const inBlock = session.inTransactionBlock || session.inImplicitBlock;
    const word = KIND_WORDS[kind];
    if (word && inBlock) throw new DbError(SqlState.ActiveSqlTransaction, `${word} cannot run inside a transaction block`);
    if (params.includes('concurrently') && inBlock) throw new DbError(SqlState.ActiveSqlTransaction, 'REINDEX CONCURRENTLY cannot run inside a transaction block');
    for (const table of targets(session, kind, stmt)) rebuild(session, table);
    return { tag: 'REINDEX' };
  });
}

function targets(session: Session, kind: string, stmt: Node): RelationRecord[] {
  const catalog = session.transaction.catalog;
  if (kind === 'REINDEX_OBJECT_INDEX' || kind === 'REINDEX_OBJECT_TABLE') {
    const r = targetRelation(session, stmt.relation, false)!;
    if (kind === 'REINDEX_OBJECT_INDEX') {
      if (r.relkind !== 'i') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not an index`);
      return [catalog.get(r.index!.tableOid) as RelationRecord];
    }
    if (r.relkind !== 'r') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a table or materialized view`);
    return r.system ? [] : [r];
  }
  if (kind === 'REINDEX_OBJECT_SCHEMA') {
    const ns = catalog.namespaceByName(stmt.name);
    if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${stmt.name as string}" does not exist`);
    return userTables(session).filter((t) => t.namespaceOid === ns.oid);
  }
  if (stmt.name !== undefined && stmt.name !== session.database) throw new DbError(SqlState.FeatureNotSupported, 'can only reindex the currently open database');
  return kind === 'REINDEX_OBJECT_DATABASE' ? userTables(session) : [];
}

function userTables(session: Session): RelationRecord[] {
  return [...session.transaction.catalog.records()].filter((r): r is RelationRecord => r.kind === 'relation' && r.relkind === 'r' && !r.system);
}

function rebuild(session: Session, table: RelationRecord): void {
  const catalog = session.transaction.catalog;
  const current = catalog.get(table.oid) as RelationRecord;
  const ctx = session.runtime([]);
  ctx.withoutYield(() => rewriteTable(session, catalog, current.oid, { from: current }));
}
