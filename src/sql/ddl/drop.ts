// DROP TABLE / INDEX / SEQUENCE / SCHEMA [IF EXISTS] [CASCADE | RESTRICT]: the object and what
// belongs to it (a table's indexes, constraints and owned sequences) go with it; objects that
// merely depend on it stop a RESTRICT drop with PostgreSQL's 2BP01 error and go too under
// CASCADE. Files are deleted after the transaction commits.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { DbRecord } from '../../catalog/catalog-state.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { findRelation, type QualifiedName } from '../catalog-access.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { dropEnumTypeCascade, dropTypes } from './drop-type.js';
import { pinnedRelations } from './sequence-refs.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';

const KINDS: Record<string, { relkind: string; word: string; tag: string; hint?: string }> = {
  OBJECT_TABLE: { relkind: 'r', word: 'table', tag: 'DROP TABLE' },
  OBJECT_INDEX: { relkind: 'i', word: 'index', tag: 'DROP INDEX' },
  OBJECT_SEQUENCE: { relkind: 'S', word: 'sequence', tag: 'DROP SEQUENCE' },
  OBJECT_VIEW: { relkind: 'v', word: 'view', tag: 'DROP VIEW' },
};

const DROP_HINT: Record<string, string> = {
  r: 'Use DROP TABLE to remove a table.',
  i: 'Use DROP INDEX to remove an index.',
  S: 'Use DROP SEQUENCE to remove a sequence.',
  v: 'Use DROP VIEW to remove a view.',
};

export function prepareDrop(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.DropStmt;
  const type = stmt.removeType as string;
  if (type === 'OBJECT_SCHEMA') {
    return utilityStatement(parsed.kind, null, () => {
      for (const o of stmt.objects as Node[]) dropSchema(session, o.String.sval, stmt.missing_ok === true, stmt.behavior === 'DROP_CASCADE');
      return { tag: 'DROP SCHEMA' };
    });
  }
  if (type === 'OBJECT_TYPE') {
    return utilityStatement(parsed.kind, null, () => {
      dropTypes(session, stmt.objects as Node[], stmt.missing_ok === true, stmt.behavior === 'DROP_CASCADE');
      return { tag: 'DROP TYPE' };
    });
  }
  const kind = KINDS[type];
  if (!kind) throw notSupported(`DROP ${type.replace('OBJECT_', '')}`);
  if (stmt.concurrent) throw notSupported('DROP INDEX CONCURRENTLY');
  return utilityStatement(parsed.kind, null, () => {
    const catalog = session.transaction.catalog;
    const targets: RelationRecord[] = [];
    for (const o of stmt.objects as Node[]) {
      const parts: string[] = o.List.items.map((n: Node) => n.String.sval);
      const name: QualifiedName = parts.length > 1 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1]! } : { name: parts[0]! };
      const shown = parts.join('.');
      if (name.schema !== undefined && !catalog.namespaceByName(name.schema)) {
        if (stmt.missing_ok) {
          session.notice('NOTICE', `schema "${name.schema}" does not exist, skipping`);
          continue;
        }
        throw new DbError(SqlState.InvalidSchemaName, `schema "${name.schema}" does not exist`);
      }
      const r = findRelation(session, catalog, name);
      if (!r) {
        if (stmt.missing_ok) {
          session.notice('NOTICE', `${kind.word} "${shown}" does not exist, skipping`);
          continue;
        }
        // PostgreSQL: 42P01 for tables, views and sequences, 42704 for indexes
        throw new DbError(kind.relkind === 'i' ? SqlState.UndefinedObject : SqlState.UndefinedTable, `${kind.word} "${shown}" does not exist`);
      }
      if (r.relkind !== kind.relkind) {
        throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not ${kind.word === 'index' ? 'an index' : `a ${kind.word}`}`, { hint: DROP_HINT[r.relkind] });
      }
      targets.push(r);
    }
    const cascade = stmt.behavior === 'DROP_CASCADE';
    // objects dropped by the same statement do not stop each other
    const dropping = new Set(targets.map((t) => t.oid));
    for (const r of targets) if (catalog.get(r.oid)) dropRelation(session, catalog, r, cascade, dropping);
    return { tag: kind.tag };
  });
}

/**
 * Objects that depend on a relation without belonging to it (they stop a RESTRICT drop; CASCADE
 * runs `cascade` for each); the columns of table `droppedTable` do not count (they go with it).
 */
function dependents(catalog: CatalogTxn, shown: (rel: RelationRecord) => string, r: RelationRecord, droppedTable = 0): { record: DbRecord; description: string; cascade?: () => void; owner?: number }[] {
  const out: { record: DbRecord; description: string; cascade?: () => void; owner?: number }[] = [];
  if (r.relkind === 'i') {
    for (const c of catalog.constraintsOf(r.index!.tableOid)) {
      if (c.indexOid === r.oid) {
        const table = catalog.get(r.index!.tableOid) as RelationRecord;
        throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop index ${r.name} because constraint ${c.name} on table ${table.name} requires it`, {
          hint: `You can drop constraint ${c.name} on table ${table.name} instead.`,
        });
      }
    }
  }
  if (r.relkind === 'S') {
    for (const other of catalog.records()) {
      if (other.kind !== 'relation' || other.relkind !== 'r' || other.oid === droppedTable) continue;
      for (const [i, col] of other.columns.entries()) {
        if (col.dropped) continue;
        if (col.identity && col.sequenceOid === r.oid) {
          throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop sequence ${shown(r)} because column ${col.name} of table ${shown(other)} requires it`, {
            hint: `You can drop column ${col.name} of table ${shown(other)} instead.`,
          });
        }
        // a default that calls nextval('s') (serial or written) depends on s
        if (col.defaultExpr === null || !pinnedRelations(col.defaultExpr).has(r.oid)) continue;
        out.push({
          record: other,
          description: `default value for column ${col.name} of table ${shown(other)}`,
          owner: other.oid,
          cascade: () => {
            const table = catalog.get(other.oid) as RelationRecord;
            const columns = table.columns.map((c, k) => (k === i ? { ...c, defaultExpr: null, sequenceOid: c.sequenceOid === r.oid ? 0 : c.sequenceOid } : c));
            catalog.put({ ...table, columns });
          },
        });
      }
    }
  }
  return out;
}

function kindWord(r: RelationRecord): string {
  return r.relkind === 'S' ? 'sequence' : r.relkind === 'i' ? 'index' : r.relkind === 'v' ? 'view' : 'table';
}

/**
 * A relation as PostgreSQL's object descriptions name it: bare when the search path finds it,
 * else schema-qualified.
 */
function shownName(session: Session, catalog: CatalogTxn, rel: RelationRecord): string {
  if (findRelation(session, catalog, { name: rel.name })?.oid === rel.oid) return quoteIdentifier(rel.name);
  const ns = catalog.get(rel.namespaceOid);
  return ns?.kind === 'namespace' ? `${quoteIdentifier(ns.name)}.${quoteIdentifier(rel.name)}` : quoteIdentifier(rel.name);
}

/** Everything that depends on `r`, transitively, each with what it depends on (for DETAIL). */
function allDependents(catalog: CatalogTxn, shown: (rel: RelationRecord) => string, r: RelationRecord): { description: string; on: string; cascade?: () => void; owner?: number }[] {
  const out: { description: string; on: string; cascade?: () => void; owner?: number }[] = [];
  const seen = new Set<number>([r.oid]);
  const visit = (rel: RelationRecord) => {
    const on = `${kindWord(rel)} ${shown(rel)}`;
    for (const d of dependents(catalog, shown, rel, r.relkind === 'r' ? r.oid : 0)) out.push({ description: d.description, on, cascade: d.cascade, owner: d.owner });
    // foreign keys of other tables referencing it (only the constraint goes under CASCADE)
    for (const c of catalog.records()) {
      if (c.kind !== 'constraint' || c.contype !== 'f' || c.foreignKey!.refTableOid !== rel.oid || c.tableOid === rel.oid || seen.has(c.oid)) continue;
      seen.add(c.oid);
      const child = catalog.get(c.tableOid) as RelationRecord;
      out.push({ description: `constraint ${c.name} on table ${shown(child)}`, on, cascade: () => catalog.drop(c.oid), owner: child.oid });
    }
    // views reading the relation
    for (const v of catalog.records()) {
      if (v.kind !== 'relation' || v.relkind !== 'v' || seen.has(v.oid) || !v.viewDeps?.includes(rel.oid)) continue;
      seen.add(v.oid);
      out.push({ description: `view ${shown(v)}`, on, cascade: () => catalog.drop(v.oid), owner: v.oid });
      visit(v);
    }
  };
  visit(r);
  // the sequences a table owns (serial, identity) are dropped with it: what depends on them
  if (r.relkind === 'r') for (const d of catalog.dependentsOf(r.oid)) if (d.kind === 'relation' && d.relkind === 'S') visit(d);
  return out;
}

/** Reports what a CASCADE drops, as PostgreSQL words it. */
export function noticeCascade(session: Session, what: string[]): void {
  if (what.length === 1) session.notice('NOTICE', `drop cascades to ${what[0]}`);
  else if (what.length > 1) {
    session.notices.push(
      new DbError(SqlState.SuccessfulCompletion, `drop cascades to ${what.length} other objects`, {
        severity: 'NOTICE',
        detail: what.map((w) => `drop cascades to ${w}`).join('\n'),
      }),
    );
  }
}

/** Drops a relation and everything that belongs to it; files go after commit. */
export function dropRelation(session: Session, catalog: CatalogTxn, r: RelationRecord, cascade: boolean, dropping: ReadonlySet<number> = new Set()): void {
  const shown = (rel: RelationRecord) => shownName(session, catalog, rel);
  const blockers = allDependents(catalog, shown, r).filter((d) => !d.owner || !dropping.has(d.owner));
  if (blockers.length > 0 && !cascade) {
    throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop ${kindWord(r)} ${shown(r)} because other objects depend on it`, {
      detail: blockers.map((b) => `${b.description} depends on ${b.on}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  noticeCascade(
    session,
    blockers.map((b) => b.description),
  );
  for (const b of blockers) b.cascade?.();
  const txn = session.transaction;
  const relations = session.cluster.relations;
  const dropFile = (rec: RelationRecord) => {
    if (rec.relfilenode === 0) return;
    const node = rec.relfilenode;
    txn.afterCommit(() => {
      relations.drop(session.dbOid, node);
      session.cluster.rowIds.forget(`${session.dbOid}/${node}`);
    });
  };
  if (r.relkind === 'r') {
    for (const d of catalog.dependentsOf(r.oid)) {
      if (d.kind === 'relation') {
        dropFile(d);
        if (d.relkind === 'S') txn.afterCommit(() => session.cluster.catalog.sequences.drop(session.dbOid, d.oid));
      }
      catalog.drop(d.oid);
    }
  }
  if (r.relkind === 'S') txn.afterCommit(() => session.cluster.catalog.sequences.drop(session.dbOid, r.oid));
  dropFile(r);
  catalog.drop(r.oid);
}

function dropSchema(session: Session, name: string, missingOk: boolean, cascade: boolean): void {
  const catalog = session.transaction.catalog;
  const ns = catalog.namespaceByName(name);
  if (!ns) {
    if (missingOk) {
      session.notice('NOTICE', `schema "${name}" does not exist, skipping`);
      return;
    }
    throw new DbError(SqlState.InvalidSchemaName, `schema "${name}" does not exist`);
  }
  if (ns.oid < 16384 && ns.name !== 'public') {
    throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop schema ${name} because it is required by the database system`);
  }
  const members = [...catalog.records()].filter((r) => (r.kind === 'relation' || r.kind === 'enum') && r.namespaceOid === ns.oid);
  const top = members.filter((r) => r.kind === 'enum' || (r.kind === 'relation' && r.relkind !== 'i' && !r.ownedBy));
  if (top.length > 0 && !cascade) {
    throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop schema ${name} because other objects depend on it`, {
      detail: top.map((r) => `${describe(r)} ${name}.${(r as RelationRecord).name} depends on schema ${name}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  if (top.length === 1) session.notice('NOTICE', `drop cascades to ${describe(top[0]!)} ${name}.${(top[0] as RelationRecord).name}`);
  else if (top.length > 1) {
    session.notices.push(
      new DbError(SqlState.SuccessfulCompletion, `drop cascades to ${top.length} other objects`, {
        severity: 'NOTICE',
        detail: top.map((r) => `drop cascades to ${describe(r)} ${name}.${(r as RelationRecord).name}`).join('\n'),
      }),
    );
  }
  for (const r of top) {
    if (r.kind === 'relation' && catalog.get(r.oid)) dropRelation(session, catalog, r, true);
    else if (r.kind === 'enum') dropEnumTypeCascade(session, catalog, r);
  }
  catalog.drop(ns.oid);
}

function describe(r: DbRecord): string {
  if (r.kind === 'enum') return 'type';
  if (r.kind === 'relation') return r.relkind === 'S' ? 'sequence' : r.relkind === 'v' ? 'view' : r.relkind === 'i' ? 'index' : 'table';
  return 'object';
}
