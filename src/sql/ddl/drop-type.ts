// DROP TYPE [IF EXISTS] name [, ...] [CASCADE | RESTRICT] for enum types (PostgreSQL's
// RemoveObjects + performDeletion). What depends on a type: table columns of the type or of its
// array type, and views reading such a column or returning a value of the type. RESTRICT fails
// with 2BP01 listing them; CASCADE drops the columns (drop-column.ts) and the views. Built-in
// types, array types and table row types cannot be dropped as types, with PostgreSQL's errors.
import { builtins } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { formatType } from '../../catalog/format-type.js';
import type { EnumTypeRecord, RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { nameParts } from '../analyze/typename.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { dropColumn, mentionsColumn } from './drop-column.js';
import { dropRelation, noticeCascade } from './drop.js';
import { findType, shownType, typeReference } from './type-lookup.js';

interface Dependent {
  /** `column m of table t`, `view v`. */
  description: string;
  /** What it depends on: `type mood`, `column m of table t`. */
  on: string;
  drop: () => void;
}

/** Runs DROP TYPE; `objects` are the statement's TypeName nodes. */
export function dropTypes(session: Session, objects: Node[], missingOk: boolean, cascade: boolean): void {
  session.requireWritable('DROP TYPE');
  const catalog = session.transaction.catalog;
  const targets: EnumTypeRecord[] = [];
  for (const o of objects) {
    const typeNameNode = o.TypeName;
    const ref = typeReference(session, nameParts(typeNameNode.names));
    if (ref.schema !== undefined && !catalog.namespaceByName(ref.schema) && missingOk) {
      session.notice('NOTICE', `schema "${ref.schema}" does not exist, skipping`);
      continue;
    }
    let found = findType(session, catalog, ref);
    if (!found) {
      if (!missingOk) throw new DbError(SqlState.UndefinedObject, `type "${ref.shown}" does not exist`);
      session.notice('NOTICE', `type "${ref.shown}" does not exist, skipping`);
      continue;
    }
    if (typeNameNode.arrayBounds?.length) {
      if (found.kind === 'enum') found = { kind: 'enum-array', record: found.record };
      else if (found.kind === 'builtin') found = { kind: 'builtin', oid: builtins().typeByOid.get(found.oid)?.typarray || found.oid };
    }
    switch (found.kind) {
      case 'builtin':
        throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop type ${formatType(found.oid)} because it is required by the database system`);
      case 'rowtype': {
        const what = `${found.relation.relkind === 'v' ? 'view' : 'table'} ${found.relation.name}`;
        throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop type ${found.relation.name} because ${what} requires it`, {
          hint: `You can drop ${what} instead.`,
        });
      }
      case 'enum-array': {
        const element = shownType(session, catalog, found.record.oid);
        throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop type ${element}[] because type ${element} requires it`, {
          hint: `You can drop type ${element} instead.`,
        });
      }
      case 'enum':
        if (!targets.some((t) => t.oid === found.record.oid)) targets.push(found.record);
    }
  }
  const dependents = targets.flatMap((t) => dependentsOf(session, catalog, t));
  if (dependents.length > 0 && !cascade) {
    const message =
      targets.length === 1
        ? `cannot drop type ${shownType(session, catalog, targets[0]!.oid)} because other objects depend on it`
        : 'cannot drop desired object(s) because other objects depend on them';
    throw new DbError(SqlState.DependentObjectsStillExist, message, {
      detail: dependents.map((d) => `${d.description} depends on ${d.on}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  noticeCascade(
    session,
    dependents.map((d) => d.description),
  );
  for (const d of dependents) d.drop();
  for (const t of targets) catalog.drop(t.oid);
}

/**
 * DROP SCHEMA ... CASCADE of the schema of an enum type: the type goes with the columns and
 * views in other schemas that depend on it (the schema's own tables and views go anyway).
 */
export function dropEnumTypeCascade(session: Session, catalog: CatalogTxn, type: EnumTypeRecord): void {
  for (const d of dependentsOf(session, catalog, type, type.namespaceOid)) d.drop();
  catalog.drop(type.oid);
}

/**
 * Columns of the type (or of its array type) and the views over them, in catalog order; those
 * of relations in schema `skipNamespace` are left out.
 */
function dependentsOf(session: Session, catalog: CatalogTxn, type: EnumTypeRecord, skipNamespace = 0): Dependent[] {
  const out: Dependent[] = [];
  const views = new Set<number>();
  const dropView = (view: RelationRecord) => () => {
    if (catalog.get(view.oid)) dropRelation(session, catalog, view, true);
  };
  const relations = [...catalog.records()].filter((r): r is RelationRecord => r.kind === 'relation' && r.namespaceOid !== skipNamespace);
  for (const table of relations) {
    if (table.relkind !== 'r') continue;
    for (const column of table.columns) {
      if (column.dropped || (column.typeOid !== type.oid && column.typeOid !== type.arrayOid)) continue;
      const described = `column ${column.name} of table ${table.name}`;
      out.push({ description: described, on: `type ${shownType(session, catalog, column.typeOid)}`, drop: () => dropColumn(session, catalog, catalog.get(table.oid) as RelationRecord, column.attnum) });
      for (const view of relations) {
        if (view.relkind !== 'v' || views.has(view.oid) || !view.viewDeps?.includes(table.oid)) continue;
        if (view.viewQuery === undefined || !mentionsColumn(view.viewQuery, column.name)) continue;
        views.add(view.oid);
        out.push({ description: `view ${view.name}`, on: described, drop: dropView(view) });
      }
    }
  }
  for (const view of relations) {
    if (view.relkind !== 'v' || views.has(view.oid)) continue;
    const column = view.columns.find((c) => c.typeOid === type.oid || c.typeOid === type.arrayOid);
    if (!column) continue;
    views.add(view.oid);
    out.push({ description: `view ${view.name}`, on: `type ${shownType(session, catalog, column.typeOid)}`, drop: dropView(view) });
  }
  // PostgreSQL reaches the array type's dependents first (the array type depends on the type)
  return [...out.filter((d) => d.on.endsWith('[]')), ...out.filter((d) => !d.on.endsWith('[]'))];
}
