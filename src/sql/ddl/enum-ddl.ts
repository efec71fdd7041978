// CREATE TYPE name AS ENUM (...), ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'x'
// [BEFORE | AFTER 'y'], ALTER TYPE name RENAME VALUE 'a' TO 'b' and ALTER TYPE name RENAME TO
// (PostgreSQL's DefineEnum, AlterEnum and RenameType). A type comes with its array type, whose
// OID is the type's plus one (see types/enum-oids.ts) and whose name is the type's with a
// leading underscore. Labels keep their sort order for life (types/enum.ts); a label added in a
// transaction is recorded so that using it before commit fails with 55P04, as in PostgreSQL.
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { formatType } from '../../catalog/format-type.js';
import type { EnumTypeRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { nameParts } from '../analyze/typename.js';
import { creationNamespace } from '../catalog-access.js';
import { noteLabelAdded } from '../enum-catalog.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { isUserTypePair } from '../types/enum-oids.js';
import { checkLabel, newLabelSortOrder } from './enum-labels.js';
import { truncateIdentifier } from './names.js';
import { findType, shownType, typeNameTaken, typeReference, type FoundType } from './type-lookup.js';

export function prepareCreateEnum(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.CreateEnumStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('CREATE TYPE');
    createEnum(session, nameParts(stmt.typeName), ((stmt.vals ?? []) as Node[]).map((v) => v.String.sval as string));
    return { tag: 'CREATE TYPE' };
  });
}

export function prepareAlterEnum(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.AlterEnumStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('ALTER TYPE');
    const record = requireEnum(session, nameParts(stmt.typeName));
    if (stmt.oldVal !== undefined) renameLabel(session.transaction.catalog, record, stmt.oldVal, stmt.newVal);
    else addLabel(session, record, stmt.newVal, stmt.newValNeighbor ?? null, stmt.newValIsAfter === true, stmt.skipIfNewValExists === true);
    return { tag: 'ALTER TYPE' };
  });
}

/** ALTER TYPE name RENAME TO newname (RenameStmt with renameType OBJECT_TYPE). */
export function prepareRenameType(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.RenameStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('ALTER TYPE');
    const catalog = session.transaction.catalog;
    const ref = typeReference(session, (stmt.object.List.items as Node[]).map((n) => n.String.sval as string));
    const found = findType(session, catalog, ref);
    if (!found) throw new DbError(SqlState.UndefinedObject, `type "${ref.shown}" does not exist`);
    if (found.kind === 'builtin') throw notSupported('renaming a built-in type');
    if (found.kind === 'rowtype') {
      throw new DbError(SqlState.WrongObjectType, `${found.relation.name} is a table's row type`, { hint: 'Use ALTER TABLE instead.' });
    }
    if (found.kind === 'enum-array') {
      throw new DbError(SqlState.WrongObjectType, `cannot alter array type ${shownType(session, catalog, found.record.arrayOid)}`, {
        hint: `You can alter type ${shownType(session, catalog, found.record.oid)}, which will alter the array type as well.`,
      });
    }
    const newName = truncateIdentifier(stmt.newname as string);
    const ns = catalog.get(found.record.namespaceOid);
    if (ns?.kind !== 'namespace') throw new DbError(SqlState.InternalError, `cache lookup failed for namespace ${found.record.namespaceOid}`);
    if (typeNameTaken(catalog, ns, newName)) throw new DbError(SqlState.DuplicateObject, `type "${newName}" already exists`);
    catalog.put({ ...found.record, name: newName });
    return { tag: 'ALTER TYPE' };
  });
}

function createEnum(session: Session, names: string[], labels: string[]): void {
  const catalog = session.transaction.catalog;
  const ref = typeReference(session, names.map(truncateIdentifier));
  const ns = creationNamespace(session, catalog, ref.schema);
  if (typeNameTaken(catalog, ns, ref.name)) throw new DbError(SqlState.DuplicateObject, `type "${ref.name}" already exists`);
  const { oid, arrayOid } = allocateTypeOids(catalog);
  const made: EnumTypeRecord['labels'] = [];
  for (const label of labels) {
    checkLabel(label);
    if (made.some((l) => l.label === label)) {
      // PostgreSQL finds the duplicate through pg_enum's unique index on (enumtypid, enumlabel)
      throw new DbError(SqlState.UniqueViolation, 'duplicate key value violates unique constraint "pg_enum_typid_label_index"', {
        detail: `Key (enumtypid, enumlabel)=(${oid}, ${label}) already exists.`,
        schema: 'pg_catalog',
        table: 'pg_enum',
        constraint: 'pg_enum_typid_label_index',
      });
    }
    made.push({ oid: catalog.allocateOid(), label, sortOrder: made.length + 1 });
  }
  catalog.put({ kind: 'enum', oid, dbOid: session.dbOid, namespaceOid: ns.oid, name: ref.name, arrayOid, ownerOid: BOOTSTRAP_SUPERUSER_OID, labels: made });
}

/** An even OID for the type and the next one for its array type (types/enum-oids.ts). */
function allocateTypeOids(catalog: CatalogTxn): { oid: number; arrayOid: number } {
  let oid = catalog.allocateOid();
  if (oid % 2 !== 0) oid = catalog.allocateOid();
  const arrayOid = catalog.allocateOid();
  if (!isUserTypePair(oid, arrayOid)) throw new DbError(SqlState.InternalError, `type OIDs ${oid} and ${arrayOid} are not a pair`);
  return { oid, arrayOid };
}

/** The enum an ALTER TYPE names (42704 when missing, 42809 when not an enum). */
function requireEnum(session: Session, names: string[]): EnumTypeRecord {
  const catalog = session.transaction.catalog;
  const ref = typeReference(session, names);
  const found = findType(session, catalog, ref);
  if (!found) throw new DbError(SqlState.UndefinedObject, `type "${ref.shown}" does not exist`);
  if (found.kind !== 'enum') throw new DbError(SqlState.WrongObjectType, `${foundName(session, catalog, found)} is not an enum`);
  return found.record;
}

function foundName(session: Session, catalog: CatalogTxn, found: FoundType): string {
  switch (found.kind) {
    case 'builtin':
      return formatType(found.oid);
    case 'rowtype':
      return found.relation.name;
    case 'enum':
      return shownType(session, catalog, found.record.oid);
    case 'enum-array':
      return shownType(session, catalog, found.record.arrayOid);
  }
}

function addLabel(session: Session, record: EnumTypeRecord, label: string, neighbor: string | null, after: boolean, skipIfExists: boolean): void {
  const catalog = session.transaction.catalog;
  checkLabel(label);
  if (record.labels.some((l) => l.label === label)) {
    const message = `enum label "${label}" already exists`;
    if (!skipIfExists) throw new DbError(SqlState.DuplicateObject, message);
    session.notices.push(new DbError(SqlState.DuplicateObject, `${message}, skipping`, { severity: 'NOTICE' }));
    return;
  }
  const labels = [...record.labels].sort((a, b) => a.sortOrder - b.sortOrder);
  let at: number | null = null;
  if (neighbor !== null) {
    at = labels.findIndex((l) => l.label === neighbor);
    if (at < 0) throw new DbError(SqlState.InvalidParameterValue, `"${neighbor}" is not an existing enum label`);
  }
  const sortOrder = newLabelSortOrder(
    labels.map((l) => l.sortOrder),
    at,
    after,
  );
  if (sortOrder === null) {
    throw new DbError(SqlState.ProgramLimitExceeded, `no room left for a new label ${after ? 'after' : 'before'} enum label "${neighbor}"`);
  }
  const oid = catalog.allocateOid();
  labels.push({ oid, label, sortOrder });
  catalog.put({ ...record, labels: labels.sort((a, b) => a.sortOrder - b.sortOrder) });
  noteLabelAdded(catalog, oid);
}

function renameLabel(catalog: CatalogTxn, record: EnumTypeRecord, oldLabel: string, newLabel: string): void {
  checkLabel(newLabel);
  const old = record.labels.find((l) => l.label === oldLabel);
  if (!old) throw new DbError(SqlState.InvalidParameterValue, `"${oldLabel}" is not an existing enum label`);
  if (record.labels.some((l) => l.label === newLabel)) throw new DbError(SqlState.DuplicateObject, `enum label "${newLabel}" already exists`);
  catalog.put({ ...record, labels: record.labels.map((l) => (l === old ? { ...l, label: newLabel } : l)) });
}
