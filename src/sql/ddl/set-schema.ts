// ALTER TABLE / VIEW / SEQUENCE [IF EXISTS] name SET SCHEMA s and ALTER TYPE name SET SCHEMA s
// (PostgreSQL's AlterTableNamespace and AlterTypeNamespace): the object moves with what belongs
// to it (a table's indexes, constraints and owned sequences); an owned sequence cannot move on
// its own. Views that read a moved relation name it with its new schema from then on, and
// defaults that name a moved sequence in a string refer to it by OID.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { nameParts } from '../analyze/typename.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { pinSequenceReferences, renameTarget } from './rename.js';
import { renameInViews } from './rename-refs.js';
import { findType, typeNameTaken, typeReference } from './type-lookup.js';

const TAGS: Record<string, string> = {
  OBJECT_TABLE: 'ALTER TABLE',
  OBJECT_VIEW: 'ALTER VIEW',
  OBJECT_SEQUENCE: 'ALTER SEQUENCE',
  OBJECT_TYPE: 'ALTER TYPE',
};

export function prepareSetSchema(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.AlterObjectSchemaStmt;
  const type = stmt.objectType as string;
  const tag = TAGS[type];
  if (!tag) throw notSupported(`ALTER ${type.replace(/^OBJECT_/, '')} ... SET SCHEMA`);
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable(tag);
    const catalog = session.transaction.catalog;
    if (type === 'OBJECT_TYPE') {
      const ref = typeReference(session, nameParts(stmt.object.List.items));
      const found = findType(session, catalog, ref, stmt.missing_ok === true);
      if (!found) {
        if (!stmt.missing_ok) throw new DbError(SqlState.UndefinedObject, `type "${ref.shown}" does not exist`);
        session.notice('NOTICE', `type "${ref.shown}" does not exist, skipping`);
        return { tag };
      }
      if (found.kind === 'rowtype') throw new DbError(SqlState.WrongObjectType, `${found.relation.name} is a table's row type`, { hint: 'Use ALTER TABLE instead.' });
      if (found.kind !== 'enum') throw notSupported('moving this type to another schema');
      const ns = catalog.namespaceByName(stmt.newschema);
      if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${stmt.newschema as string}" does not exist`);
      if (ns.oid === found.record.namespaceOid) return { tag };
      if (typeNameTaken(catalog, ns, found.record.name)) throw new DbError(SqlState.DuplicateObject, `type "${found.record.name}" already exists in schema "${ns.name}"`);
      catalog.put({ ...found.record, namespaceOid: ns.oid });
      return { tag };
    }
    const r = renameTarget(session, stmt.relation, type, stmt.missing_ok === true);
    if (!r) return { tag };
    moveRelation(session, r, stmt.newschema as string);
    return { tag };
  });
}

function moveRelation(session: Session, r: RelationRecord, schema: string): void {
  const catalog = session.transaction.catalog;
  const ns = catalog.namespaceByName(schema);
  if (!ns) throw new DbError(SqlState.InvalidSchemaName, `schema "${schema}" does not exist`);
  if (r.relkind === 'S' && r.ownedBy) {
    const table = catalog.get(r.ownedBy.tableOid) as RelationRecord;
    throw new DbError(SqlState.FeatureNotSupported, 'cannot move an owned sequence into another schema', {
      detail: `Sequence "${r.name}" is linked to table "${table.name}".`,
    });
  }
  if (ns.oid === r.namespaceOid) return;
  const moving: RelationRecord[] = [r, ...catalog.dependentsOf(r.oid).filter((d): d is RelationRecord => d.kind === 'relation')];
  for (const m of moving) {
    if (catalog.relationByName(ns.oid, m.name)) throw new DbError(SqlState.DuplicateTable, `relation "${m.name}" already exists in schema "${ns.name}"`);
    if (m.relkind !== 'i' && catalog.typeByName(ns.oid, m.name)) throw new DbError(SqlState.DuplicateObject, `type "${m.name}" already exists in schema "${ns.name}"`);
  }
  for (const m of moving) if (m.relkind === 'S') pinSequenceReferences(session, catalog, m);
  renameInViews(session, catalog, { oid: r.oid, newSchema: ns.name });
  for (const m of moving) catalog.put({ ...(catalog.get(m.oid) as RelationRecord), namespaceOid: ns.oid });
  for (const c of catalog.constraintsOf(r.oid)) catalog.put({ ...c, namespaceOid: ns.oid });
}
