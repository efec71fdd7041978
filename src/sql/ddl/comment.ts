// COMMENT ON TABLE / VIEW / SEQUENCE / INDEX / COLUMN / SCHEMA / CONSTRAINT ... ON table / TYPE /
// DATABASE name IS 'text' | NULL (PostgreSQL's CommentObject): the object must exist (with
// PostgreSQL's errors); an empty string or NULL removes the comment. Comments are catalog data
// and commit with the transaction; pg_description, obj_description and psql's \d+ read them.
// A comment on a database is kept with the current database's catalog.
import { CatalogClass } from '../../catalog/objects.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { nameParts } from '../analyze/typename.js';
import type { QualifiedName } from '../catalog-access.js';
import { targetRelation } from './target-relation.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { ROW_TYPE_BASE } from '../system/catalog-objects.js';
import { utilityStatement } from '../statements/utility.js';
import { findType, typeReference } from './type-lookup.js';

const RELATION_KINDS: Record<string, { relkind: string; what: string }> = {
  OBJECT_TABLE: { relkind: 'r', what: 'a table' },
  OBJECT_VIEW: { relkind: 'v', what: 'a view' },
  OBJECT_SEQUENCE: { relkind: 'S', what: 'a sequence' },
  OBJECT_INDEX: { relkind: 'i', what: 'an index' },
};

interface Target {
  classOid: number;
  objOid: number;
  subId: number;
}

export function prepareComment(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.CommentStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('COMMENT');
    const target = commentTarget(session, stmt.objtype as string, stmt.object);
    if (!target) return { tag: 'COMMENT' };
    const text = (stmt.comment as string | undefined) ?? '';
    session.transaction.catalog.setComment(target, text === '' ? null : text);
    return { tag: 'COMMENT' };
  });
}

function qualified(parts: string[]): QualifiedName {
  if (parts.length > 3) throw new DbError(SqlState.SyntaxError, `improper relation name (too many dotted names): ${parts.join('.')}`);
  return parts.length > 1 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1]! } : { name: parts[0]! };
}

function relation(session: Session, parts: string[]): RelationRecord {
  const name = qualified(parts);
  return targetRelation(session, { schemaname: name.schema, relname: name.name }, false)!;
}

function commentTarget(session: Session, objtype: string, object: Node): Target | null {
  const catalog = session.transaction.catalog;
  const kind = RELATION_KINDS[objtype];
  if (kind) {
    const r = relation(session, nameParts(object.List.items));
    if (r.relkind !== kind.relkind) throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not ${kind.what}`);
    return { classOid: CatalogClass.pg_class, objOid: r.oid, subId: 0 };
  }
  switch (objtype) {
    case 'OBJECT_COLUMN': {
      const parts = nameParts(object.List.items);
      if (parts.length < 2) throw new DbError(SqlState.SyntaxError, 'column name must be qualified');
      const column = parts.pop()!;
      const r = relation(session, parts);
      const col = r.columns.find((c) => !c.dropped && c.name === column);
      if (!col) throw new DbError(SqlState.UndefinedColumn, `column "${column}" of relation "${r.name}" does not exist`);
      return { classOid: CatalogClass.pg_class, objOid: r.oid, subId: col.attnum };
    }
    case 'OBJECT_SCHEMA': {
      const name = object.String.sval as string;
      const ns = catalog.namespaceByName(name);
      if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${name}" does not exist`);
      return { classOid: CatalogClass.pg_namespace, objOid: ns.oid, subId: 0 };
    }
    case 'OBJECT_TABCONSTRAINT': {
      const parts = nameParts(object.List.items);
      const conname = parts.pop()!;
      const r = relation(session, parts);
      const c = catalog.constraintsOf(r.oid).find((k) => k.name === conname);
      if (!c) throw new DbError(SqlState.UndefinedObject, `constraint "${conname}" for table "${r.name}" does not exist`);
      return { classOid: CatalogClass.pg_constraint, objOid: c.oid, subId: 0 };
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const ref = typeReference(session, nameParts(object.TypeName.names));
      const found = findType(session, catalog, ref);
      if (!found) throw new DbError(SqlState.UndefinedObject, `type "${ref.shown}" does not exist`);
      const oid =
        found.kind === 'builtin' ? found.oid : found.kind === 'enum' ? found.record.oid : found.kind === 'enum-array' ? found.record.arrayOid : ROW_TYPE_BASE + found.relation.oid;
      return { classOid: CatalogClass.pg_type, objOid: oid, subId: 0 };
    }
    case 'OBJECT_DATABASE': {
      const name = object.String.sval as string;
      const db = catalog.databaseByName(name);
      if (!db) {
        session.warning(SqlState.InvalidCatalogName, `database "${name}" does not exist`);
        return null;
      }
      return { classOid: CatalogClass.pg_database, objOid: db.oid, subId: 0 };
    }
    default:
      throw notSupported(`COMMENT ON ${objtype.replace(/^OBJECT_/, '')}`);
  }
}
