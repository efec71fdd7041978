// CREATE TABLE (PostgreSQL's transformCreateStmt + DefineRelation): columns with their types,
// NOT NULL, DEFAULT, serial types and identity columns (with their sequences), PRIMARY KEY,
// UNIQUE and CHECK constraints, column or table level, with PostgreSQL's implicit names. The
// table's B+tree file and the files of its unique indexes are created at once (and deleted
// if the transaction rolls back); the catalog records commit with the transaction.
import { isTempSchemaName, registerOnCommit, tempCreationNamespace } from './temp-tables.js';
import type { ColumnRecord, ConstraintRecord, IndexColumn, RelationRecord } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { creationNamespace, typeName as formatTypeName } from '../catalog-access.js';
import { analyzeExpr, coerceToBoolean } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { exprLocation } from '../expr/expr.js';
import { resolveTypeName, nameParts } from '../analyze/typename.js';
import { storedExprState, tableScope } from '../analyze/stored-expr.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { Oid } from '../types/oids.js';
import { utilityStatement } from '../statements/utility.js';
import { chooseName, relationNameTaken, truncateIdentifier } from './names.js';
import { createOwnedSequence } from './sequence-ddl.js';
import { pinDefaultSequences } from './sequence-refs.js';
import { analyzeGeneration, generationClauseError } from './generation-expr.js';
import { buildForeignKey, collectForeignKey, type PendingForeignKey } from './foreign-key-ddl.js';
import { expandLikeClauses } from './create-table-like.js';

export const SERIAL_TYPES: Record<string, number> = {
  serial: Oid.int4,
  serial4: Oid.int4,
  bigserial: Oid.int8,
  serial8: Oid.int8,
  smallserial: Oid.int2,
  serial2: Oid.int2,
};

interface PendingKey {
  kind: 'p' | 'u';
  name: string | null;
  columns: string[];
  nullsNotDistinct: boolean;
  location: number;
  deferrable: boolean;
  initiallyDeferred: boolean;
}

interface PendingCheck {
  name: string | null;
  expr: Node;
  column: string | null;
  location: number;
}

export function prepareCreateTable(session: Session, parsed: ParsedStatement): Prepared {
  return utilityStatement(parsed.kind, null, () => {
    createTable(session, parsed.stmt.CreateStmt);
    return { tag: 'CREATE TABLE' };
  });
}

function createTable(session: Session, stmt: Node): void {
  const rv = stmt.relation;
  if (rv.relpersistence === 'u') throw notSupported('unlogged tables');
  if (stmt.inhRelations?.length) throw notSupported('table inheritance');
  if (stmt.partspec || stmt.partbound) throw notSupported('partitioned tables');
  if (stmt.ofTypename) throw notSupported('typed tables');
  const txn = session.transaction;
  const catalog = txn.catalog;
  const temporary = rv.relpersistence === 't' || isTempSchemaName(session, rv.schemaname);
  const ns = temporary ? tempCreationNamespace(session, catalog, rv.schemaname, rv.location) : creationNamespace(session, catalog, rv.schemaname, rv.location);
  const tableName = truncateIdentifier(rv.relname);
  if (catalog.relationByName(ns.oid, tableName)) {
    if (stmt.if_not_exists) {
      session.notice('NOTICE', `relation "${tableName}" already exists, skipping`);
      return;
    }
    throw new DbError(SqlState.DuplicateTable, `relation "${tableName}" already exists`);
  }
  if (catalog.typeByName(ns.oid, tableName)) throw new DbError(SqlState.DuplicateObject, `type "${tableName}" already exists`);

  const ps = storedExprState(session, catalog, stmt.__text ?? '');
  const tableOid = catalog.allocateOid();
  const columns: ColumnRecord[] = [];
  const keys: PendingKey[] = [];
  const checks: PendingCheck[] = [];
  const foreignKeys: PendingForeignKey[] = [];
  const serialColumns: { column: ColumnRecord; identity: boolean; options: Node[] }[] = [];
  const usedNames = new Set<string>([tableName]);

  const like = expandLikeClauses(session, catalog, stmt.tableElts ?? []);
  for (const element of like.elements) {
    if (element.Constraint) {
      collectTableConstraint(element.Constraint, keys, checks, foreignKeys);
      continue;
    }
    if (!element.ColumnDef) throw notSupported(`${Object.keys(element)[0]} in CREATE TABLE`);
    const def = element.ColumnDef;
    const name = truncateIdentifier(def.colname as string);
    if (columns.some((c) => c.name === name)) throw new DbError(SqlState.DuplicateColumn, `column "${name}" specified more than once`);
    const typeNames = nameParts(def.typeName.names);
    const serial = typeNames.length === 1 ? SERIAL_TYPES[typeNames[0]!] : undefined;
    const type = serial !== undefined ? { oid: serial, typmod: -1 } : resolveTypeName(ps, def.typeName);
    if (def.collClause) {
      const coll = nameParts(def.collClause.collname).join('.');
      if (!['C', 'POSIX', 'default', 'pg_catalog.C', 'pg_catalog.default'].includes(coll)) throw notSupported(`collation "${coll}"`);
    }
    const column: ColumnRecord = {
      attnum: columns.length + 1,
      name,
      typeOid: type.oid,
      typmod: type.typmod,
      notNull: serial !== undefined,
      defaultExpr: null,
      identity: '',
      sequenceOid: 0,
      dropped: false,
    };
    let sawNull = false;
    let identityOptions: Node[] = [];
    const attributes = new ConstraintAttributes();
    for (const c of def.constraints ?? []) {
      const con = c.Constraint;
      if (attributes.apply(con)) continue;
      switch (con.contype) {
        case 'CONSTR_NOTNULL':
          if (sawNull) throw new DbError(SqlState.SyntaxError, `conflicting NULL/NOT NULL declarations for column "${name}" of table "${tableName}"`);
          column.notNull = true;
          break;
        case 'CONSTR_NULL':
          if (column.notNull && serial === undefined) throw new DbError(SqlState.SyntaxError, `conflicting NULL/NOT NULL declarations for column "${name}" of table "${tableName}"`);
          sawNull = true;
          break;
        case 'CONSTR_DEFAULT':
          if (column.defaultExpr !== null) throw new DbError(SqlState.SyntaxError, `multiple default values specified for column "${name}" of table "${tableName}"`);
          column.defaultExpr = con.raw_expr;
          break;
        case 'CONSTR_PRIMARY':
          keys.push(attributes.target({ kind: 'p', name: con.conname ?? null, columns: [name], nullsNotDistinct: false, location: con.location, deferrable: false, initiallyDeferred: false }));
          break;
        case 'CONSTR_UNIQUE':
          keys.push(
            attributes.target({ kind: 'u', name: con.conname ?? null, columns: [name], nullsNotDistinct: con.nulls_not_distinct === true, location: con.location, deferrable: false, initiallyDeferred: false }),
          );
          break;
        case 'CONSTR_CHECK':
          attributes.clear();
          checks.push({ name: con.conname ?? null, expr: con.raw_expr, column: name, location: con.location });
          break;
        case 'CONSTR_IDENTITY':
          if (column.identity) throw new DbError(SqlState.SyntaxError, `multiple identity specifications for column "${name}" of table "${tableName}"`);
          if (![Oid.int2, Oid.int4, Oid.int8].includes(type.oid as 21 | 23 | 20)) {
            throw new DbError(SqlState.InvalidParameterValue, `identity column type must be smallint, integer, or bigint`);
          }
          column.identity = con.generated_when === 'a' ? 'a' : 'd';
          identityOptions = (con.options ?? []) as Node[];
          column.notNull = true;
          break;
        case 'CONSTR_FOREIGN':
          foreignKeys.push(attributes.target(collectForeignKey(con, name)));
          break;
        case 'CONSTR_GENERATED':
          if (column.generated !== undefined) throw generationClauseError(ps, 'multiple', name, tableName, con.location);
          column.generated = con.raw_expr;
          break;
        default:
          throw notSupported(`column constraint ${con.contype}`);
      }
    }
    if (column.identity && (column.defaultExpr !== null || serial !== undefined)) {
      throw new DbError(SqlState.SyntaxError, `both default and identity specified for column "${name}" of table "${tableName}"`);
    }
    const lastClause = (def.constraints as Node[] | undefined)?.at(-1)?.Constraint?.location ?? -1;
    if (column.generated !== undefined && (column.defaultExpr !== null || serial !== undefined)) throw generationClauseError(ps, 'default', name, tableName, lastClause);
    if (column.generated !== undefined && column.identity) throw generationClauseError(ps, 'identity', name, tableName, lastClause);
    if (serial !== undefined || column.identity) serialColumns.push({ column, identity: column.identity !== '', options: identityOptions });
    columns.push(column);
  }

  // defaults: analyzed now to report type errors, stored as parse trees
  for (const column of columns) {
    if (column.defaultExpr === null) continue;
    const e = analyzeExpr({ ps, scope: null, clause: 'DEFAULT' }, column.defaultExpr);
    if (!coerceToTargetType(ps, e, column.typeOid, column.typmod, 'assignment', exprLocation(e))) {
      throw new DbError(
        SqlState.DatatypeMismatch,
        `column "${column.name}" is of type ${formatTypeName(catalog, column.typeOid)} but default expression is of type ${formatTypeName(catalog, e.type)}`,
        { hint: 'You will need to rewrite or cast the expression.' },
      );
    }
    column.defaultExpr = pinDefaultSequences(ps, catalog, column, column.defaultExpr as Node);
  }

  const table: RelationRecord = {
    kind: 'relation',
    oid: tableOid,
    dbOid: session.dbOid,
    namespaceOid: ns.oid,
    name: tableName,
    relkind: 'r',
    ownerOid: BOOTSTRAP_SUPERUSER_OID,
    relfilenode: tableOid,
    columns,
    primaryKey: [],
  };

  // generation expressions read the other columns (all of them known now)
  for (const column of columns) {
    if (column.generated !== undefined) column.generated = analyzeGeneration(ps, catalog, table, column, column.generated as Node);
  }

  // serial and identity columns get their sequences (named table_column_seq)
  for (const { column, identity, options } of serialColumns) {
    const seq = createOwnedSequence(session, catalog, ns.oid, table, column, usedNames, options);
    column.sequenceOid = seq.oid;
    if (!identity) column.defaultExpr = nextvalNode(seq.oid);
  }

  const constraints: ConstraintRecord[] = [];
  const indexes: RelationRecord[] = [];
  const primaries = keys.filter((k) => k.kind === 'p');
  if (primaries.length > 1) {
    throw new DbError(SqlState.InvalidTableDefinition, `multiple primary keys for table "${tableName}" are not allowed`);
  }
  // the primary key is the table's clustered B+tree key: it cannot hold a duplicate until commit
  if (primaries.some((k) => k.deferrable)) throw notSupported('DEFERRABLE primary keys');
  for (const key of [...primaries, ...keys.filter((k) => k.kind === 'u')]) {
    const attnums = key.columns.map((n) => {
      const c = columns.find((col) => col.name === n);
      if (!c) throw new DbError(SqlState.UndefinedColumn, `column "${n}" named in key does not exist`);
      return c.attnum;
    });
    if (new Set(attnums).size !== attnums.length) {
      throw new DbError(SqlState.DuplicateColumn, `column "${key.columns.find((n, i) => key.columns.indexOf(n) !== i)}" appears twice in ${key.kind === 'p' ? 'primary key' : 'unique'} constraint`);
    }
    const taken = (n: string) => relationNameTaken(catalog, ns.oid, n, usedNames) || constraints.some((c) => c.name === n);
    const name = key.name ? truncateIdentifier(key.name) : chooseName(tableName, key.kind === 'p' ? null : key.columns.join('_'), key.kind === 'p' ? 'pkey' : 'key', taken);
    if (key.name && taken(name)) throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
    usedNames.add(name);
    if (key.kind === 'p') {
      table.primaryKey = attnums;
      for (const a of attnums) columns[a - 1]!.notNull = true;
    }
    const indexOid = catalog.allocateOid();
    const indexColumns: IndexColumn[] = attnums.map((attnum) => ({ attnum, descending: false, nullsFirst: false }));
    indexes.push({
      kind: 'relation',
      oid: indexOid,
      dbOid: session.dbOid,
      namespaceOid: ns.oid,
      name,
      relkind: 'i',
      ownerOid: BOOTSTRAP_SUPERUSER_OID,
      relfilenode: key.kind === 'p' ? 0 : indexOid,
      columns: attnums.map((a) => ({ ...columns[a - 1]!, attnum: 0, defaultExpr: null, identity: '', sequenceOid: 0 })),
      primaryKey: [],
      index: { tableOid, columns: indexColumns, unique: true, primary: key.kind === 'p', nullsNotDistinct: key.nullsNotDistinct },
    });
    constraints.push({
      kind: 'constraint',
      oid: catalog.allocateOid(),
      dbOid: session.dbOid,
      namespaceOid: ns.oid,
      name,
      contype: key.kind,
      tableOid,
      columns: attnums,
      indexOid,
      deferrable: key.deferrable,
      initiallyDeferred: key.initiallyDeferred,
    });
  }

  // CHECK constraints: boolean conditions over the new row
  const checkScope = tableScope(catalog, table);
  for (const check of checks) {
    const e = analyzeExpr({ ps, scope: checkScope, clause: 'CHECK' }, check.expr);
    coerceToBoolean({ ps, scope: checkScope, clause: 'CHECK' }, e, 'CHECK');
    const single = check.column ?? singleColumn(check.expr);
    const taken = (n: string) => constraints.some((c) => c.name === n);
    const name = check.name ? truncateIdentifier(check.name) : chooseName(tableName, single, 'check', taken);
    if (check.name && taken(name)) {
      // PostgreSQL words a clash between the command's own checks differently from one with a key
      const withCheck = constraints.some((c) => c.name === name && c.contype === 'c');
      throw new DbError(SqlState.DuplicateObject, withCheck ? `check constraint "${name}" already exists` : `constraint "${name}" for relation "${tableName}" already exists`);
    }
    constraints.push({
      kind: 'constraint',
      oid: catalog.allocateOid(),
      dbOid: session.dbOid,
      namespaceOid: ns.oid,
      name,
      contype: 'c',
      tableOid,
      columns: [],
      indexOid: 0,
      checkExpr: check.expr,
      deferrable: false,
      initiallyDeferred: false,
    });
  }

  // foreign keys, after the keys they may reference (a table may reference itself)
  for (const fk of foreignKeys) {
    constraints.push(buildForeignKey(session, catalog, table, constraints, fk, (n) => constraints.some((c) => c.name === n)));
  }

  // storage: the table's B+tree, and one per unique index (the primary key is the table's own)
  const relations = session.cluster.relations;
  relations.create(session.dbOid, table.relfilenode);
  txn.afterAbort(() => relations.drop(session.dbOid, table.relfilenode));
  for (const index of indexes) {
    if (index.relfilenode === 0) continue;
    relations.create(session.dbOid, index.relfilenode);
    txn.afterAbort(() => relations.drop(session.dbOid, index.relfilenode));
  }
  catalog.put(table);
  for (const index of indexes) catalog.put(index);
  for (const c of constraints) catalog.put(c);
  like.after(table);
  registerOnCommit(session, table, stmt.oncommit as string | undefined, temporary);
}

function collectTableConstraint(con: Node, keys: PendingKey[], checks: PendingCheck[], foreignKeys: PendingForeignKey[]): void {
  switch (con.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      keys.push({
        kind: con.contype === 'CONSTR_PRIMARY' ? 'p' : 'u',
        name: con.conname ?? null,
        columns: (con.keys ?? []).map((k: Node) => k.String.sval as string),
        nullsNotDistinct: con.nulls_not_distinct === true,
        location: con.location,
        deferrable: con.deferrable === true,
        initiallyDeferred: con.initdeferred === true,
      });
      if (con.including?.length) throw notSupported('INCLUDE columns');
      return;
    case 'CONSTR_CHECK':
      checks.push({ name: con.conname ?? null, expr: con.raw_expr, column: null, location: con.location });
      return;
    case 'CONSTR_FOREIGN':
      foreignKeys.push(collectForeignKey(con, null));
      return;
    case 'CONSTR_EXCLUSION':
      throw notSupported('EXCLUDE constraints');
    default:
      throw notSupported(`table constraint ${con.contype}`);
  }
}

/** The one column a CHECK condition names, if it names exactly one (for its implicit name). */
export function singleColumn(expr: Node): string | null {
  const names = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const obj = n as Record<string, unknown>;
    if (obj.ColumnRef) {
      const fields = (obj.ColumnRef as Node).fields as Node[];
      const last = fields[fields.length - 1];
      if (last?.String) names.add(last.String.sval);
      return;
    }
    for (const v of Object.values(obj)) walk(v);
  };
  walk(expr);
  return names.size === 1 ? [...names][0]! : null;
}

/**
 * The parse tree of `nextval(<oid>::regclass)`, the default of a serial column and the value of
 * an identity column: by OID, as PostgreSQL stores it, so renaming the sequence or changing
 * search_path does not break it.
 */
export function nextvalNode(sequenceOid: number): Node {
  return {
    FuncCall: {
      funcname: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'nextval' } }],
      args: [{ TypeCast: { arg: { A_Const: { ival: { ival: sequenceOid }, location: -1 } }, typeName: { names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'regclass' } }], typemod: -1, location: -1 }, location: -1 } }],
      funcformat: 'COERCE_EXPLICIT_CALL',
      location: -1,
    },
  };
}

/**
 * A column's DEFERRABLE / NOT DEFERRABLE / INITIALLY DEFERRED / INITIALLY IMMEDIATE clauses, which
 * the grammar gives as separate items applying to the key or foreign key before them
 * (PostgreSQL's transformConstraintAttrs, with its errors).
 */
class ConstraintAttributes {
  private last: { deferrable: boolean; initiallyDeferred: boolean } | null = null;
  private sawDeferrability = false;
  private sawInitially = false;

  target<T extends { deferrable: boolean; initiallyDeferred: boolean }>(c: T): T {
    this.last = c;
    this.sawDeferrability = false;
    this.sawInitially = false;
    return c;
  }

  clear(): void {
    this.last = null;
  }

  /** Applies an attribute item; false for other constraint items. */
  apply(con: Node): boolean {
    const kind = con.contype as string;
    const words: Record<string, string> = {
      CONSTR_ATTR_DEFERRABLE: 'DEFERRABLE',
      CONSTR_ATTR_NOT_DEFERRABLE: 'NOT DEFERRABLE',
      CONSTR_ATTR_DEFERRED: 'INITIALLY DEFERRED',
      CONSTR_ATTR_IMMEDIATE: 'INITIALLY IMMEDIATE',
    };
    const word = words[kind];
    if (!word) {
      if (kind !== 'CONSTR_PRIMARY' && kind !== 'CONSTR_UNIQUE' && kind !== 'CONSTR_FOREIGN') this.last = null;
      return false;
    }
    const position = (con.location as number) + 1;
    const c = this.last;
    if (!c) throw new DbError(SqlState.SyntaxError, `misplaced ${word} clause`, { position });
    if (kind === 'CONSTR_ATTR_DEFERRABLE' || kind === 'CONSTR_ATTR_NOT_DEFERRABLE') {
      if (this.sawDeferrability) throw new DbError(SqlState.SyntaxError, 'multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed', { position });
      this.sawDeferrability = true;
      c.deferrable = kind === 'CONSTR_ATTR_DEFERRABLE';
      if (!c.deferrable && c.initiallyDeferred) throw new DbError(SqlState.SyntaxError, 'constraint declared INITIALLY DEFERRED must be DEFERRABLE', { position });
      return true;
    }
    if (this.sawInitially) throw new DbError(SqlState.SyntaxError, 'multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed', { position });
    this.sawInitially = true;
    c.initiallyDeferred = kind === 'CONSTR_ATTR_DEFERRED';
    if (c.initiallyDeferred) {
      if (!this.sawDeferrability) c.deferrable = true;
      else if (!c.deferrable) throw new DbError(SqlState.SyntaxError, 'constraint declared INITIALLY DEFERRED must be DEFERRABLE', { position });
    }
    return true;
  }
}
