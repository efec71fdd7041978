// ALTER TABLE ... ADD [CONSTRAINT name] CHECK / UNIQUE / PRIMARY KEY / FOREIGN KEY and
// DROP CONSTRAINT [IF EXISTS] name [CASCADE] (PostgreSQL's ATExecAddConstraint,
// ATExecAddIndexConstraint and ATExecDropConstraint), with PostgreSQL's implicit names
// (table_col_check, table_col_key, table_pkey, table_col_fkey) and errors. Existing rows are
// verified in the statement's last phase (alter-table-work.ts): a CHECK by a scan (unless NOT
// VALID), a key by building its index as the table is rewritten (a primary key also makes its
// columns NOT NULL and re-keys the rows), a foreign key by looking up every row's reference.
// Dropping a primary key re-keys the rows under hidden row ids; dropping a key that foreign
// keys use needs CASCADE.
import type { ConstraintRecord, IndexColumn, RelationRecord } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { storedExprState, tableScope } from '../analyze/stored-expr.js';
import { analyzeExpr, coerceToBoolean } from '../expr/analyze-expr.js';
import type { Node } from '../parser.js';
import { unlocated, type AlterWork } from './alter-table-work.js';
import { singleColumn } from './create-table.js';
import { noticeCascade, dropRelation } from './drop.js';
import { buildForeignKey, collectForeignKey } from './foreign-key-ddl.js';
import { chooseName, relationNameTaken, truncateIdentifier } from './names.js';
import { hasKeyOrdering } from './alter-column-type.js';

/** Whether a constraint name is used in a namespace (PostgreSQL's ChooseConstraintName looks there). */
function constraintNameTaken(work: AlterWork, name: string): boolean {
  const ns = work.table.namespaceOid;
  for (const r of work.catalog.records()) if (r.kind === 'constraint' && r.namespaceOid === ns && r.name === name) return true;
  return false;
}

function duplicateConstraint(work: AlterWork, name: string): DbError {
  return new DbError(SqlState.DuplicateObject, `constraint "${name}" for relation "${work.table.name}" already exists`);
}

export function addConstraint(work: AlterWork, con: Node): void {
  switch (con.contype) {
    case 'CONSTR_CHECK':
      return addCheck(work, con);
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      return addKey(work, con);
    case 'CONSTR_FOREIGN':
      return addForeignKey(work, con);
    case 'CONSTR_EXCLUSION':
      throw notSupported('EXCLUDE constraints');
    default:
      throw notSupported(`constraint ${String(con.contype)} in ALTER TABLE`);
  }
}

function addCheck(work: AlterWork, con: Node): void {
  const { session, catalog } = work;
  const table = work.table;
  const own = catalog.constraintsOf(table.oid);
  let name: string;
  if (con.conname) {
    name = truncateIdentifier(con.conname);
    if (own.some((c) => c.name === name)) throw duplicateConstraint(work, name);
  } else {
    name = chooseName(table.name, (con.columnName as string | undefined) ?? singleColumn(con.raw_expr), 'check', (n) => constraintNameTaken(work, n));
  }
  const ps = storedExprState(session, catalog, work.text);
  const scope = tableScope(catalog, table);
  const e = analyzeExpr({ ps, scope, clause: 'CHECK' }, unlocated(con.raw_expr));
  coerceToBoolean({ ps, scope, clause: 'CHECK' }, e, 'CHECK');
  const record: ConstraintRecord = {
    kind: 'constraint',
    oid: catalog.allocateOid(),
    dbOid: session.dbOid,
    namespaceOid: table.namespaceOid,
    name,
    contype: 'c',
    tableOid: table.oid,
    columns: [],
    indexOid: 0,
    checkExpr: con.raw_expr,
    deferrable: false,
    initiallyDeferred: false,
  };
  catalog.put(record);
  if (con.skip_validation) return;
  work.checks.push(record);
  work.verify = true;
}

function addKey(work: AlterWork, con: Node): void {
  const { session, catalog } = work;
  const table = work.table;
  const primary = con.contype === 'CONSTR_PRIMARY';
  if (con.indexname) throw notSupported('ADD CONSTRAINT ... USING INDEX');
  if (con.including?.length) throw notSupported('INCLUDE columns');
  const names = ((con.keys ?? []) as Node[]).map((k) => k.String.sval as string);
  const attnums = names.map((n) => {
    const c = work.findColumn(n);
    if (!c) {
      if (primary) throw new DbError(SqlState.UndefinedColumn, `column "${n}" of relation "${table.name}" does not exist`);
      throw new DbError(SqlState.UndefinedColumn, `column "${n}" named in key does not exist`);
    }
    return c.attnum;
  });
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new DbError(SqlState.DuplicateColumn, `column "${twice}" appears twice in ${primary ? 'primary key' : 'unique'} constraint`, {
      position: con.location >= 0 ? storedExprState(session, catalog, work.text).position(con.location) : undefined,
    });
  }
  if (primary && table.primaryKey.length > 0) {
    throw new DbError(SqlState.InvalidTableDefinition, `multiple primary keys for table "${table.name}" are not allowed`);
  }
  for (const a of attnums) {
    const col = table.columns[a - 1]!;
    if (!hasKeyOrdering(col.typeOid)) {
      throw new DbError(SqlState.UndefinedObject, `data type ${formatType(col.typeOid)} has no default operator class for access method "btree"`, {
        hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
      });
    }
  }
  const ns = table.namespaceOid;
  let name: string;
  if (con.conname) {
    name = truncateIdentifier(con.conname);
    if (catalog.constraintsOf(table.oid).some((c) => c.name === name)) throw duplicateConstraint(work, name);
    if (relationNameTaken(catalog, ns, name, new Set())) throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
  } else {
    name = chooseName(table.name, primary ? null : names.join('_'), primary ? 'pkey' : 'key', (n) => relationNameTaken(catalog, ns, n, new Set()));
  }
  const indexOid = catalog.allocateOid();
  const indexColumns: IndexColumn[] = attnums.map((attnum) => ({ attnum, descending: false, nullsFirst: false }));
  const index: RelationRecord = {
    kind: 'relation',
    oid: indexOid,
    dbOid: session.dbOid,
    namespaceOid: ns,
    name,
    relkind: 'i',
    ownerOid: BOOTSTRAP_SUPERUSER_OID,
    // a unique index gets its file when the table is rewritten
    relfilenode: primary ? 0 : indexOid,
    columns: attnums.map((a) => ({ ...table.columns[a - 1]!, attnum: 0, defaultExpr: null, identity: '', sequenceOid: 0, notNull: primary })),
    primaryKey: [],
    index: { tableOid: table.oid, columns: indexColumns, unique: true, primary, nullsNotDistinct: con.nulls_not_distinct === true },
  };
  catalog.put(index);
  catalog.put({
    kind: 'constraint',
    oid: catalog.allocateOid(),
    dbOid: session.dbOid,
    namespaceOid: ns,
    name,
    contype: primary ? 'p' : 'u',
    tableOid: table.oid,
    columns: attnums,
    indexOid,
    deferrable: con.deferrable === true,
    initiallyDeferred: con.initdeferred === true,
  });
  if (primary) {
    const t = work.table;
    work.put({ ...t, primaryKey: attnums, columns: t.columns.map((c) => (attnums.includes(c.attnum) ? { ...c, notNull: true } : c)) });
  }
  work.newIndexes.add(indexOid);
  work.rewrite = true;
}

function addForeignKey(work: AlterWork, con: Node): void {
  const { session, catalog } = work;
  const table = work.table;
  const fk = collectForeignKey(con, null);
  const own = catalog.constraintsOf(table.oid);
  if (fk.name && own.some((c) => c.name === truncateIdentifier(fk.name!))) throw duplicateConstraint(work, truncateIdentifier(fk.name));
  const record = buildForeignKey(session, catalog, table, [], fk, (n) => (fk.name ? own.some((c) => c.name === n) : constraintNameTaken(work, n)));
  catalog.put(record);
  work.foreignKeys.push(record);
}

export function dropConstraint(work: AlterWork, name: string, missingOk: boolean, cascade: boolean): void {
  const { session, catalog } = work;
  const table = work.table;
  const c = catalog.constraintsOf(table.oid).find((k) => k.name === name);
  if (!c) {
    const message = `constraint "${name}" of relation "${table.name}" does not exist`;
    if (!missingOk) throw new DbError(SqlState.UndefinedObject, message);
    session.notice('NOTICE', `${message}, skipping`);
    return;
  }
  if (c.contype === 'p' || c.contype === 'u') {
    const index = catalog.get(c.indexOid) as RelationRecord | undefined;
    const users = [...catalog.records()].filter((r): r is ConstraintRecord => r.kind === 'constraint' && r.contype === 'f' && r.indexOid === c.indexOid && r.oid !== c.oid);
    if (users.length > 0) {
      const describe = (u: ConstraintRecord) => `constraint ${u.name} on table ${(catalog.get(u.tableOid) as RelationRecord).name}`;
      if (!cascade) {
        throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop constraint ${c.name} on table ${table.name} because other objects depend on it`, {
          detail: users.map((u) => `${describe(u)} depends on index ${index?.name ?? c.name}`).join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        });
      }
      noticeCascade(session, users.map(describe));
      for (const u of users) catalog.drop(u.oid);
    }
    catalog.drop(c.oid);
    if (index) dropRelation(session, catalog, index, true);
    if (c.contype === 'p') {
      work.put({ ...work.table, primaryKey: [] });
      work.rewrite = true;
    }
    return;
  }
  catalog.drop(c.oid);
}

/** VALIDATE CONSTRAINT: a CHECK or foreign key is verified against the rows again. */
export function validateConstraint(work: AlterWork, name: string): void {
  const table = work.table;
  const c = work.catalog.constraintsOf(table.oid).find((k) => k.name === name);
  if (!c) throw new DbError(SqlState.UndefinedObject, `constraint "${name}" of relation "${table.name}" does not exist`);
  if (c.contype === 'c') {
    work.checks.push(c);
    work.verify = true;
  } else if (c.contype === 'f') {
    work.foreignKeys.push(c);
  } else {
    throw new DbError(SqlState.WrongObjectType, `constraint "${name}" of relation "${table.name}" is not a foreign key or check constraint`);
  }
}
