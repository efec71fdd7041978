// FOREIGN KEY constraints as CREATE TABLE and ALTER TABLE define them (PostgreSQL's
// ATAddForeignKeyConstraint): the referenced columns must be the referenced table's primary
// key (the default) or exactly the columns of one of its unique constraints, each pair of
// columns must be comparable with `=`, and the constraint is named table_columns_fkey. The
// referenced table may be the one being created (a self reference).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ConstraintRecord, ForeignKeyAction, RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import { builtins } from '../../catalog/builtins.js';
import { requireRelation } from '../catalog-access.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { findCoercionPathway } from '../expr/coerce.js';
import { chooseName, truncateIdentifier } from './names.js';

export interface PendingForeignKey {
  name: string | null;
  columns: string[];
  refTable: Node;
  refColumns: string[] | null;
  onUpdate: ForeignKeyAction;
  onDelete: ForeignKeyAction;
  matchFull: boolean;
  deferrable: boolean;
  initiallyDeferred: boolean;
}

const ACTIONS: Record<string, ForeignKeyAction> = { a: 'a', r: 'r', c: 'c', n: 'n', d: 'd' };

/** A FOREIGN KEY / REFERENCES constraint node; `column` for a column constraint. */
export function collectForeignKey(con: Node, column: string | null): PendingForeignKey {
  if (con.fk_matchtype === 'p') throw notSupported('MATCH PARTIAL');
  if (con.skip_validation || con.initially_valid === false) throw notSupported('NOT VALID foreign keys');
  const names = (list: Node[] | undefined) => (list ?? []).map((n) => n.String.sval as string);
  return {
    name: con.conname ?? null,
    columns: column !== null ? [column] : names(con.fk_attrs),
    refTable: con.pktable,
    refColumns: con.pk_attrs?.length ? names(con.pk_attrs) : null,
    onUpdate: ACTIONS[con.fk_upd_action as string] ?? 'a',
    onDelete: ACTIONS[con.fk_del_action as string] ?? 'a',
    matchFull: con.fk_matchtype === 'f',
    deferrable: con.deferrable === true,
    initiallyDeferred: con.initdeferred === true,
  };
}

/** Whether two key column types can be compared as a foreign key needs (an `=` between them). */
export function comparable(child: number, parent: number): boolean {
  if (child === parent) return true;
  const eq = builtins().operators.some((o) => o.oprname === '=' && o.oprleft === child && o.oprright === parent);
  if (eq) return true;
  // a child type that converts implicitly to the parent's (varchar to text, int2 to int4, ...)
  const path = findCoercionPathway(parent, child, 'implicit');
  return path.kind !== 'none' && builtins().operators.some((o) => o.oprname === '=' && o.oprleft === parent && o.oprright === parent);
}

/**
 * The constraint record of a pending foreign key of `table`. `own` holds constraints being
 * created with the table (so a self reference finds its primary key); `taken` says whether a
 * constraint name is in use.
 */
export function buildForeignKey(
  session: Session,
  catalog: CatalogTxn,
  table: RelationRecord,
  own: readonly ConstraintRecord[],
  fk: PendingForeignKey,
  taken: (name: string) => boolean,
): ConstraintRecord {
  const rv = fk.refTable;
  const self = !rv.schemaname && rv.relname === table.name && !catalog.get(table.oid);
  const parent = self ? table : requireRelation(session, catalog, { schema: rv.schemaname, name: rv.relname }, ['r', 'v', 'S', 'i']);
  if (parent.relkind !== 'r' || parent.system) throw new DbError(SqlState.WrongObjectType, `referenced relation "${parent.name}" is not a table`);
  const columnOf = (rel: RelationRecord, name: string) => {
    const c = rel.columns.find((col) => !col.dropped && col.name === name);
    if (!c) throw new DbError(SqlState.UndefinedColumn, `column "${name}" referenced in foreign key constraint does not exist`);
    return c;
  };
  const local = fk.columns.map((n) => columnOf(table, n));
  const constraints = [...own.filter((c) => c.tableOid === parent.oid), ...(self ? [] : catalog.constraintsOf(parent.oid))];
  let refAttnums: number[];
  let indexOid: number;
  if (fk.refColumns === null) {
    const pk = constraints.find((c) => c.contype === 'p');
    if (!pk) throw new DbError(SqlState.UndefinedObject, `there is no primary key for referenced table "${parent.name}"`);
    refAttnums = pk.columns;
    indexOid = pk.indexOid;
  } else {
    refAttnums = fk.refColumns.map((n) => columnOf(parent, n).attnum);
    const set = new Set(refAttnums);
    const unique = constraints.find((c) => (c.contype === 'p' || c.contype === 'u') && c.columns.length === set.size && c.columns.every((a) => set.has(a)));
    if (!unique || set.size !== refAttnums.length) {
      throw new DbError(SqlState.InvalidForeignKey, `there is no unique constraint matching given keys for referenced table "${parent.name}"`);
    }
    indexOid = unique.indexOid;
  }
  if (refAttnums.length !== local.length) {
    throw new DbError(SqlState.InvalidForeignKey, 'number of referencing and referenced columns for foreign key disagree');
  }
  const name = fk.name ? truncateIdentifier(fk.name) : chooseName(table.name, fk.columns.join('_'), 'fkey', taken);
  if (fk.name && taken(name)) throw new DbError(SqlState.DuplicateObject, `constraint "${name}" for relation "${table.name}" already exists`);
  local.forEach((c, i) => {
    const p = parent.columns[refAttnums[i]! - 1]!;
    if (!comparable(c.typeOid, p.typeOid)) {
      throw new DbError(SqlState.DatatypeMismatch, `foreign key constraint "${name}" cannot be implemented`, {
        detail: `Key columns "${c.name}" and "${p.name}" are of incompatible types: ${formatType(c.typeOid)} and ${formatType(p.typeOid)}.`,
      });
    }
  });
  return {
    kind: 'constraint',
    oid: catalog.allocateOid(),
    dbOid: session.dbOid,
    namespaceOid: table.namespaceOid,
    name,
    contype: 'f',
    tableOid: table.oid,
    columns: local.map((c) => c.attnum),
    indexOid,
    foreignKey: { refTableOid: parent.oid, refColumns: refAttnums, onUpdate: fk.onUpdate, onDelete: fk.onDelete, matchFull: fk.matchFull },
    deferrable: fk.deferrable,
    initiallyDeferred: fk.initiallyDeferred,
  };
}
