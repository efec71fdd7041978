// ALTER TABLE actions on columns (PostgreSQL's ATExecAddColumn, ATExecDropColumn,
// ATExecColumnDefault, ATExecSetNotNull, ATExecDropNotNull): ADD COLUMN [IF NOT EXISTS] with
// its type, DEFAULT, NOT NULL, serial types, identity and the constraints a column definition
// may carry (queued as ADD CONSTRAINT actions, as PostgreSQL's transformAlterTableStmt does);
// DROP COLUMN [IF EXISTS] [CASCADE] with PostgreSQL's dependency errors; SET / DROP DEFAULT;
// SET / DROP NOT NULL. A column added with a value to fill in rewrites the table (the value
// computed per row, so volatile defaults differ row by row); one added without stays NULL in
// stored rows without touching them.
import type { ColumnRecord, RelationRecord } from '../../catalog/objects.js';
import { CatalogClass } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { nameParts, resolveTypeName } from '../analyze/typename.js';
import { storedExprState } from '../analyze/stored-expr.js';
import { typeName as formatTypeName } from '../catalog-access.js';
import { isNullDefault } from '../deparse/node-tree.js';
import { compileDmlExpr } from '../dml/target-table.js';
import { analyzeExpr } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { addConstraint } from './alter-constraints.js';
import { AlterWork, Pass, unlocated } from './alter-table-work.js';
import { nextvalNode, SERIAL_TYPES } from './create-table.js';
import { dropColumn } from './drop-column.js';
import { noticeCascade } from './drop.js';
import { columnDependents } from './column-dependents.js';
import { truncateIdentifier } from './names.js';
import { createOwnedSequence } from './sequence-ddl.js';
import { pinDefaultSequences } from './sequence-refs.js';
import { analyzeGeneration, generatedColumnsReading, generationClauseError } from './generation-expr.js';

const COLLATIONS = new Set(['C', 'POSIX', 'default', 'pg_catalog.C', 'pg_catalog.POSIX', 'pg_catalog.default']);
const INTEGER_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);

/** A default analyzed and coerced to its column's type (42804 as PostgreSQL words it). */
export function analyzeDefault(work: AlterWork, column: ColumnRecord, node: Node): Expr {
  const ps = storedExprState(work.session, work.catalog, work.text);
  const e = analyzeExpr({ ps, scope: null, clause: 'DEFAULT' }, unlocated(node));
  const out = coerceToTargetType(ps, e, column.typeOid, column.typmod, 'assignment', exprLocation(e));
  if (!out) {
    throw new DbError(
      SqlState.DatatypeMismatch,
      `column "${column.name}" is of type ${formatTypeName(work.catalog, column.typeOid)} but default expression is of type ${formatTypeName(work.catalog, e.type)}`,
      { hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  return out;
}

/** Fills column `column` of every stored row with `value` (computed per row). */
function fillColumn(work: AlterWork, column: ColumnRecord, value: Expr): void {
  const fn = compileDmlExpr(value, [], work.runtime());
  const ctx = work.runtime();
  const empty: never[] = [];
  work.compute.set(column.attnum - 1, () => fn(empty, ctx));
  work.rewrite = true;
}

export function addColumn(work: AlterWork, def: Node, ifNotExists: boolean): void {
  const { session, catalog } = work;
  const table = work.table;
  const name = truncateIdentifier(def.colname as string);
  if (work.findColumn(name)) {
    const message = `column "${name}" of relation "${table.name}" already exists`;
    if (!ifNotExists) throw new DbError(SqlState.DuplicateColumn, message);
    session.notices.push(new DbError(SqlState.DuplicateColumn, `${message}, skipping`, { severity: 'NOTICE' }));
    return;
  }
  const typeNames = nameParts(def.typeName.names);
  const serial = typeNames.length === 1 && !def.typeName.arrayBounds?.length ? SERIAL_TYPES[typeNames[0]!] : undefined;
  const type = serial !== undefined ? { oid: serial, typmod: -1 } : resolveTypeName(storedExprState(session, catalog, work.text), def.typeName);
  if (def.collClause) {
    const coll = nameParts(def.collClause.collname).join('.');
    if (!COLLATIONS.has(coll)) throw notSupported(`collation "${coll}"`);
  }
  const column: ColumnRecord = {
    attnum: table.columns.length + 1,
    name,
    typeOid: type.oid,
    typmod: type.typmod,
    notNull: serial !== undefined,
    defaultExpr: null,
    identity: '',
    sequenceOid: 0,
    dropped: false,
  };
  let identityOptions: Node[] | null = null;
  let generated: Node | null = null;
  let sawNull = false;
  const later: Node[] = [];
  for (const c of (def.constraints ?? []) as Node[]) {
    const con = c.Constraint;
    switch (con.contype) {
      case 'CONSTR_NOTNULL':
        if (sawNull) throw new DbError(SqlState.SyntaxError, `conflicting NULL/NOT NULL declarations for column "${name}" of table "${table.name}"`);
        column.notNull = true;
        break;
      case 'CONSTR_NULL':
        if (column.notNull && serial === undefined) throw new DbError(SqlState.SyntaxError, `conflicting NULL/NOT NULL declarations for column "${name}" of table "${table.name}"`);
        sawNull = true;
        break;
      case 'CONSTR_DEFAULT':
        if (column.defaultExpr !== null) throw new DbError(SqlState.SyntaxError, `multiple default values specified for column "${name}" of table "${table.name}"`);
        column.defaultExpr = con.raw_expr;
        break;
      case 'CONSTR_IDENTITY':
        if (identityOptions) throw new DbError(SqlState.SyntaxError, `multiple identity specifications for column "${name}" of table "${table.name}"`);
        if (!INTEGER_TYPES.has(type.oid)) throw new DbError(SqlState.InvalidParameterValue, 'identity column type must be smallint, integer, or bigint');
        column.identity = con.generated_when === 'a' ? 'a' : 'd';
        column.notNull = true;
        identityOptions = (con.options ?? []) as Node[];
        break;
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE':
      case 'CONSTR_CHECK':
        later.push({ ...con, keys: [{ String: { sval: name } }], columnName: name });
        break;
      case 'CONSTR_FOREIGN':
        later.push({ ...con, fk_attrs: [{ String: { sval: name } }] });
        break;
      case 'CONSTR_GENERATED':
        if (generated) throw generationClauseError(storedExprState(session, catalog, work.text), 'multiple', name, table.name, con.location);
        generated = con.raw_expr as Node;
        break;
      default:
        throw notSupported(`column constraint ${con.contype}`);
    }
  }
  if (column.identity && (column.defaultExpr !== null || serial !== undefined)) {
    throw new DbError(SqlState.SyntaxError, `both default and identity specified for column "${name}" of table "${table.name}"`);
  }
  if (serial !== undefined && column.defaultExpr !== null) {
    throw new DbError(SqlState.SyntaxError, `multiple default values specified for column "${name}" of table "${table.name}"`);
  }
  const lastClause = (def.constraints as Node[] | undefined)?.at(-1)?.Constraint?.location ?? -1;
  if (generated && (column.defaultExpr !== null || serial !== undefined)) throw generationClauseError(storedExprState(session, catalog, work.text), 'default', name, table.name, lastClause);
  if (generated && column.identity) throw generationClauseError(storedExprState(session, catalog, work.text), 'identity', name, table.name, lastClause);
  if (generated) {
    // computed for every stored row when the table is rewritten (alter-table-work.ts)
    column.generated = generated;
    work.put({ ...table, columns: [...table.columns, column] });
    column.generated = analyzeGeneration(storedExprState(session, catalog, work.text), catalog, work.table, column, generated);
    work.putColumn(column);
    work.rewrite = true;
    if (column.notNull) work.verify = true;
    for (const con of later) work.schedule(con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_UNIQUE' ? Pass.AddIndex : Pass.AddConstraint, () => addConstraint(work, con));
    return;
  }
  const fill = column.defaultExpr !== null && !isNullDefault(column.defaultExpr) ? analyzeDefault(work, column, column.defaultExpr) : null;
  if (column.defaultExpr !== null && isNullDefault(column.defaultExpr)) column.defaultExpr = null;
  if (column.defaultExpr !== null) column.defaultExpr = pinDefaultSequences(storedExprState(session, catalog, work.text), catalog, column, column.defaultExpr as Node);
  work.put({ ...table, columns: [...table.columns, column] });
  if (serial !== undefined || identityOptions) {
    const seq = createOwnedSequence(session, catalog, table.namespaceOid, work.table, column, new Set(), identityOptions ?? []);
    column.sequenceOid = seq.oid;
    if (serial !== undefined) column.defaultExpr = nextvalNode(seq.oid);
    work.putColumn(column);
    fillColumn(work, column, analyzeDefault(work, column, nextvalNode(seq.oid)));
  } else if (fill) {
    fillColumn(work, column, fill);
  }
  if (column.notNull) work.verify = true;
  for (const con of later) {
    const pass = con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_UNIQUE' ? Pass.AddIndex : Pass.AddConstraint;
    work.schedule(pass, () => addConstraint(work, con));
  }
}

export function dropColumnCommand(work: AlterWork, name: string, missingOk: boolean, cascade: boolean): void {
  const { session, catalog } = work;
  const table = work.table;
  const column = work.findColumn(name);
  if (!column) {
    const message = `column "${name}" of relation "${table.name}" does not exist`;
    if (!missingOk) throw new DbError(SqlState.UndefinedColumn, message);
    session.notice('NOTICE', `${message}, skipping`);
    return;
  }
  // generated columns reading it depend on it too (they go with it under CASCADE)
  const on = `column ${column.name} of table ${table.name}`;
  const generated = generatedColumnsReading(table, column.attnum).filter((g) => g.attnum !== column.attnum);
  const dependents = [...generated.map((g) => ({ oid: 0, description: `column ${g.name} of table ${table.name}`, on, kind: 'column' as const })), ...columnDependents(catalog, table, column)];
  if (dependents.length > 0 && !cascade) {
    throw new DbError(SqlState.DependentObjectsStillExist, `cannot drop column ${column.name} of table ${table.name} because other objects depend on it`, {
      detail: dependents.map((d) => `${d.description} depends on ${d.on}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  noticeCascade(
    session,
    dependents.map((d) => d.description),
  );
  for (const d of dependents) if (d.kind !== 'column' && catalog.get(d.oid)) catalog.drop(d.oid);
  let primaryKeyDropped = false;
  for (const g of generated) primaryKeyDropped = dropColumn(session, catalog, work.table, g.attnum, true).primaryKeyDropped || primaryKeyDropped;
  primaryKeyDropped = dropColumn(session, catalog, work.table, column.attnum, true).primaryKeyDropped || primaryKeyDropped;
  catalog.setComment({ classOid: CatalogClass.pg_class, objOid: table.oid, subId: column.attnum }, null);
  work.compute.delete(column.attnum - 1);
  if (primaryKeyDropped) work.rewrite = true;
}

function refuseIdentity(table: RelationRecord, column: ColumnRecord, hint?: string): void {
  if (!column.identity) return;
  throw new DbError(SqlState.SyntaxError, `column "${column.name}" of relation "${table.name}" is an identity column`, hint ? { hint } : {});
}

/** SET DEFAULT expr (def given) or DROP DEFAULT (def null). */
export function setColumnDefault(work: AlterWork, name: string, def: Node | null): void {
  const column = work.column(name);
  refuseIdentity(work.table, column, def ? undefined : 'Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.');
  if (column.generated !== undefined) {
    throw new DbError(SqlState.SyntaxError, `column "${column.name}" of relation "${work.table.name}" is a generated column`, def ? {} : { hint: 'Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.' });
  }
  if (def && !isNullDefault(def)) {
    analyzeDefault(work, column, def);
    work.putColumn({ ...column, defaultExpr: pinDefaultSequences(storedExprState(work.session, work.catalog, work.text), work.catalog, column, def) });
  } else {
    work.putColumn({ ...column, defaultExpr: null });
  }
}

/** DROP EXPRESSION [IF EXISTS]: a generated column becomes a plain one, keeping its values. */
export function dropExpression(work: AlterWork, name: string, missingOk: boolean): void {
  const column = work.column(name);
  if (column.generated === undefined) {
    const message = `column "${column.name}" of relation "${work.table.name}" is not a stored generated column`;
    if (!missingOk) throw new DbError(SqlState.ObjectNotInPrerequisiteState, message);
    work.session.notice('NOTICE', `${message}, skipping`);
    return;
  }
  const { generated: _expression, ...plain } = column;
  work.putColumn(plain);
}

export function setNotNull(work: AlterWork, name: string): void {
  const column = work.column(name);
  if (column.notNull) return;
  work.putColumn({ ...column, notNull: true });
  work.verify = true;
}

export function dropNotNull(work: AlterWork, name: string): void {
  const table = work.table;
  const column = work.column(name);
  if (table.primaryKey.includes(column.attnum)) throw new DbError(SqlState.InvalidTableDefinition, `column "${column.name}" is in a primary key`);
  refuseIdentity(table, column);
  if (column.notNull) work.putColumn({ ...column, notNull: false });
}
