// ALTER TABLE / VIEW / SEQUENCE / INDEX name RENAME TO, ALTER TABLE / VIEW ... RENAME [COLUMN]
// a TO b, ALTER TABLE ... RENAME CONSTRAINT a TO b and ALTER SCHEMA name RENAME TO
// (PostgreSQL's RenameRelation, renameatt, RenameConstraint and RenameSchema), with their
// errors. What refers to the renamed object by name is rewritten with it (rename-refs.ts): the
// queries of views, CHECK conditions, and column defaults that name a sequence in a string
// (`nextval('s')` then refers to it by OID, as PostgreSQL stores it). An index and the
// constraint it enforces share their name: renaming one renames the other.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { findRelation, parseQualifiedName } from '../catalog-access.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { truncateIdentifier } from './names.js';
import { targetRelation } from './target-relation.js';
import { renameColumnInCheck, renameInViews, renameSchemaInTree } from './rename-refs.js';
import { pinRegclassNames } from './sequence-refs.js';

const SYSTEM_COLUMNS = new Set(['tableoid', 'cmax', 'xmax', 'cmin', 'xmin', 'ctid']);

const TAGS: Record<string, string> = {
  OBJECT_TABLE: 'ALTER TABLE',
  OBJECT_VIEW: 'ALTER VIEW',
  OBJECT_SEQUENCE: 'ALTER SEQUENCE',
  OBJECT_INDEX: 'ALTER INDEX',
  OBJECT_TABCONSTRAINT: 'ALTER TABLE',
  OBJECT_SCHEMA: 'ALTER SCHEMA',
};

/** The relation a RENAME or SET SCHEMA names, or null (with a NOTICE) under IF EXISTS. */
export function renameTarget(session: Session, rv: Node, objectType: string, missingOk: boolean): RelationRecord | null {
  const r = targetRelation(session, rv, missingOk);
  if (!r) return null;
  if (r.system) throw new DbError(SqlState.InsufficientPrivilege, `permission denied: "${r.name}" is a system catalog`);
  if (objectType === 'OBJECT_VIEW' && r.relkind !== 'v') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a view`);
  if (objectType === 'OBJECT_SEQUENCE' && r.relkind !== 'S') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a sequence`);
  return r;
}

export function prepareRename(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.RenameStmt;
  const type = stmt.renameType as string;
  const tag = type === 'OBJECT_COLUMN' ? (TAGS[stmt.relationType as string] ?? 'ALTER TABLE') : TAGS[type];
  if (!tag) throw notSupported(`ALTER ${type.replace(/^OBJECT_/, '')} ... RENAME`);
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable(tag);
    if (type === 'OBJECT_SCHEMA') {
      renameSchema(session, stmt.subname, truncateIdentifier(stmt.newname));
      return { tag };
    }
    // (ALTER VIEW ... RENAME COLUMN accepts any relation with columns, as PostgreSQL does)
    const r = renameTarget(session, stmt.relation, type === 'OBJECT_COLUMN' ? 'OBJECT_TABLE' : type, stmt.missing_ok === true);
    if (!r) return { tag };
    const newName = truncateIdentifier(stmt.newname);
    if (type === 'OBJECT_COLUMN') renameColumn(session, r, stmt.subname, newName);
    else if (type === 'OBJECT_TABCONSTRAINT') renameConstraint(session, r, stmt.subname, newName);
    else renameRelation(session, r, newName);
    return { tag };
  });
}

/** 42P07 / 42710 when a relation (or type) named `name` exists in the schema. */
function checkRelationName(catalog: CatalogTxn, namespaceOid: number, name: string, inSchema?: string): void {
  if (catalog.relationByName(namespaceOid, name)) {
    throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists${inSchema ? ` in schema "${inSchema}"` : ''}`);
  }
  if (catalog.typeByName(namespaceOid, name)) throw new DbError(SqlState.DuplicateObject, `type "${name}" already exists${inSchema ? ` in schema "${inSchema}"` : ''}`);
}

export function renameRelation(session: Session, r: RelationRecord, newName: string): void {
  const catalog = session.transaction.catalog;
  checkRelationName(catalog, r.namespaceOid, newName);
  if (r.relkind === 'S') pinSequenceReferences(session, catalog, r);
  renameInViews(session, catalog, { oid: r.oid, newName });
  catalog.put({ ...(catalog.get(r.oid) as RelationRecord), name: newName });
  if (r.relkind === 'i') {
    const c = catalog.constraintsOf(r.index!.tableOid).find((k) => k.indexOid === r.oid && (k.contype === 'p' || k.contype === 'u'));
    if (c) catalog.put({ ...c, name: newName });
  }
}

function renameColumn(session: Session, r: RelationRecord, oldName: string, newName: string): void {
  const catalog = session.transaction.catalog;
  const column = r.columns.find((c) => !c.dropped && c.name === oldName);
  if (!column) {
    if (SYSTEM_COLUMNS.has(oldName) && r.relkind === 'r') throw new DbError(SqlState.FeatureNotSupported, `cannot rename system column "${oldName}"`);
    throw new DbError(SqlState.UndefinedColumn, `column "${oldName}" does not exist`);
  }
  if (SYSTEM_COLUMNS.has(newName) && r.relkind === 'r') throw new DbError(SqlState.DuplicateColumn, `column name "${newName}" conflicts with a system column name`);
  if (r.columns.some((c) => !c.dropped && c.name === newName)) throw new DbError(SqlState.DuplicateColumn, `column "${newName}" of relation "${r.name}" already exists`);
  renameInViews(session, catalog, { oid: r.oid, column: { from: oldName, to: newName } });
  const table = catalog.get(r.oid) as RelationRecord;
  const renamed = table.columns.map((c) => (c.attnum === column.attnum ? { ...c, name: newName } : c));
  // generation expressions name the columns they read
  catalog.put({ ...table, columns: renamed.map((c) => (c.generated === undefined ? c : { ...c, generated: renameColumnInCheck(c.generated, table.name, oldName, newName) })) });
  for (const index of catalog.indexesOf(r.oid)) {
    const info = index.index!;
    if (!info.columns.some((c) => c.attnum === column.attnum) && !info.expressions && info.predicate === undefined) continue;
    const renamed = (tree: unknown) => renameColumnInCheck(tree, table.name, oldName, newName);
    const columns = index.columns.map((c, i) => (info.columns[i]?.attnum === column.attnum ? { ...c, name: newName } : c));
    catalog.put({
      ...index,
      columns,
      index: {
        ...info,
        ...(info.expressions ? { expressions: info.expressions.map(renamed) } : {}),
        ...(info.predicate !== undefined ? { predicate: renamed(info.predicate) } : {}),
      },
    });
  }
  for (const c of catalog.constraintsOf(r.oid)) {
    if (c.contype === 'c' && c.checkExpr !== undefined) catalog.put({ ...c, checkExpr: renameColumnInCheck(c.checkExpr, table.name, oldName, newName) });
  }
}

function renameConstraint(session: Session, r: RelationRecord, oldName: string, newName: string): void {
  const catalog = session.transaction.catalog;
  const constraints = catalog.constraintsOf(r.oid);
  const c = constraints.find((k) => k.name === oldName);
  if (!c) throw new DbError(SqlState.UndefinedObject, `constraint "${oldName}" for table "${r.name}" does not exist`);
  if (c.contype === 'p' || c.contype === 'u') {
    const index = catalog.get(c.indexOid) as RelationRecord | undefined;
    if (index) {
      renameRelation(session, index, newName);
      return;
    }
  }
  if (constraints.some((k) => k.name === newName)) throw new DbError(SqlState.DuplicateObject, `constraint "${newName}" for relation "${r.name}" already exists`);
  catalog.put({ ...c, name: newName });
}

function renameSchema(session: Session, oldName: string, newName: string): void {
  const catalog = session.transaction.catalog;
  const ns = catalog.namespaceByName(oldName);
  if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${oldName}" does not exist`);
  if (catalog.namespaceByName(newName)) throw new DbError(SqlState.DuplicateSchema, `schema "${newName}" already exists`);
  if (newName.startsWith('pg_')) {
    throw new DbError('42939', `unacceptable schema name "${newName}"`, { detail: 'The prefix "pg_" is reserved for system schemas.' });
  }
  if (ns.oid < 16384 && ns.name !== 'public') throw new DbError(SqlState.InsufficientPrivilege, `permission denied for schema ${oldName}`);
  for (const r of [...catalog.records()]) {
    if (r.kind === 'relation' && r.relkind === 'S' && r.namespaceOid === ns.oid) pinSequenceReferences(session, catalog, r);
  }
  for (const r of [...catalog.records()]) {
    if (r.kind === 'relation' && r.relkind === 'v' && r.viewQuery !== undefined) {
      catalog.put({ ...r, viewQuery: renameSchemaInTree(r.viewQuery, oldName, newName) });
    } else if (r.kind === 'relation' && r.relkind === 'r' && r.columns.some((c) => c.defaultExpr !== null)) {
      catalog.put({ ...r, columns: r.columns.map((c) => (c.defaultExpr === null ? c : { ...c, defaultExpr: renameSchemaInTree(c.defaultExpr, oldName, newName) })) });
    } else if (r.kind === 'constraint' && r.checkExpr !== undefined) {
      catalog.put({ ...r, checkExpr: renameSchemaInTree(r.checkExpr, oldName, newName) });
    } else if (r.kind === 'relation' && r.index && (r.index.expressions || r.index.predicate !== undefined)) {
      const info = r.index;
      const renamed = (tree: unknown) => renameSchemaInTree(tree, oldName, newName);
      catalog.put({ ...r, index: { ...info, ...(info.expressions ? { expressions: info.expressions.map(renamed) } : {}), ...(info.predicate !== undefined ? { predicate: renamed(info.predicate) } : {}) } });
    }
  }
  catalog.put({ ...ns, name: newName });
}

/**
 * Column defaults that name sequence `seq` in a string (`nextval('s')`, `'s'::regclass`) refer
 * to it by OID from now on, so renaming or moving it does not break them (defaults stored
 * before sequence names were pinned at creation, sequence-refs.ts).
 */
export function pinSequenceReferences(session: Session, catalog: CatalogTxn, seq: RelationRecord): void {
  const resolve = (text: string): number | undefined => {
    try {
      return findRelation(session, catalog, parseQualifiedName(text))?.oid === seq.oid ? seq.oid : undefined;
    } catch {
      return undefined;
    }
  };
  for (const r of [...catalog.records()]) {
    if (r.kind !== 'relation' || r.relkind !== 'r') continue;
    let changed = false;
    const columns = r.columns.map((c) => {
      if (c.defaultExpr === null) return c;
      const pinned = pinRegclassNames(c.defaultExpr, resolve);
      changed ||= pinned.changed;
      return pinned.changed ? { ...c, defaultExpr: pinned.tree } : c;
    });
    if (changed) catalog.put({ ...r, columns });
  }
}
