// ALTER TABLE ... ALTER [COLUMN] c [SET DATA] TYPE t [USING expr] (PostgreSQL's
// ATPrepAlterColumnType and ATExecAlterColumnType): the new value of each row is the USING
// expression, or the column itself, converted to the new type as an assignment, evaluated on the
// old row when the table is rewritten (so conversion errors such as 22P02 surface then). Without
// a conversion the statement fails with 42804 and PostgreSQL's hint. The column's default must
// convert too; views reading the column stop it (0A000); indexes over it are rebuilt by the
// rewrite (index expressions reading it analyzed again over the new type), CHECK constraints that name it are verified again, foreign keys over it must stay
// comparable, and an identity column's sequence takes the new type.
import { builtins } from '../../catalog/builtins.js';
import type { ColumnRecord, RelationRecord } from '../../catalog/objects.js';
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { analyzeIndexDefinition } from '../analyze/index-definition.js';
import { nameParts, resolveTypeName } from '../analyze/typename.js';
import { storedExprState, tableScope } from '../analyze/stored-expr.js';
import { typeName } from '../catalog-access.js';
import { compileDmlExpr } from '../dml/target-table.js';
import { analyzeExpr } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { enumOfArrayType, isEnumType } from '../types/enum-oids.js';
import { Oid } from '../types/oids.js';
import { alterSequenceType } from './alter-sequence.js';
import { unlocated, type AlterWork } from './alter-table-work.js';
import { columnDependents } from './column-dependents.js';
import { generatedColumnsReading } from './generation-expr.js';
import { mentionsColumn } from './drop-column.js';
import { comparable } from './foreign-key-ddl.js';

const COLLATIONS = new Set(['C', 'POSIX', 'default', 'pg_catalog.C', 'pg_catalog.POSIX', 'pg_catalog.default']);
const INTEGER_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);

/** Whether a type can be a B+tree key (it has a `<`; arrays by their element type). */
export function hasKeyOrdering(type: number): boolean {
  const b = builtins();
  if (type === Oid.varchar) return true;
  const row = b.typeByOid.get(type);
  if (!row) return isEnumType(type) || enumOfArrayType(type) !== 0;
  if (row.typcategory === 'A' && row.typelem !== 0) return hasKeyOrdering(row.typelem);
  return b.operators.some((o) => o.oprname === '<' && o.oprleft === type && o.oprright === type);
}

/** Runs a conversion whose data errors (22xxx), as PostgreSQL reports them here, carry no position. */
function unpositioned<T>(convert: () => T): T {
  try {
    return convert();
  } catch (err) {
    if (err instanceof DbError && err.code.startsWith('22')) err.position = undefined;
    throw err;
  }
}

export function alterColumnType(work: AlterWork, name: string, def: Node): void {
  const { session, catalog } = work;
  const table = work.table;
  const column = work.column(name);
  if (work.retyped.has(column.attnum)) throw new DbError(SqlState.FeatureNotSupported, `cannot alter type of column "${name}" twice`);
  const ps = storedExprState(session, catalog, work.text);
  const type = resolveTypeName(ps, unlocated(def.typeName));
  if (def.collClause) {
    const coll = nameParts(def.collClause.collname).join('.');
    if (!COLLATIONS.has(coll)) throw notSupported(`collation "${coll}"`);
  }
  if (column.identity && !INTEGER_TYPES.has(type.oid)) throw new DbError(SqlState.InvalidParameterValue, 'identity column type must be smallint, integer, or bigint');

  // the new value: the USING expression or the column, as an assignment to the new type
  const from = work.from;
  const scope = tableScope(catalog, from);
  const using = def.raw_default as Node | undefined;
  let value: Expr;
  if (using) {
    const e = analyzeExpr({ ps, scope, clause: 'USING' }, using);
    const out = unpositioned(() => coerceToTargetType(ps, e, type.oid, type.typmod, 'assignment', exprLocation(e)));
    if (!out) {
      throw new DbError(SqlState.DatatypeMismatch, `result of USING clause for column "${column.name}" cannot be cast automatically to type ${formatType(type.oid)}`, {
        hint: 'You might need to add an explicit cast.',
      });
    }
    value = out;
  } else {
    const old = from.columns[column.attnum - 1]!;
    const ref: Expr = { kind: 'var', range: 0, column: column.attnum - 1, type: old.typeOid, typmod: old.typmod, levelsUp: 0, location: -1 };
    const out = coerceToTargetType(ps, ref, type.oid, type.typmod, 'assignment', -1);
    if (!out) {
      throw new DbError(SqlState.DatatypeMismatch, `column "${column.name}" cannot be cast automatically to type ${formatType(type.oid)}`, {
        hint: `You might need to specify "USING ${column.name}::${typeName(catalog, type.oid, type.typmod)}".`,
      });
    }
    value = out;
  }
  const reader = generatedColumnsReading(table, column.attnum).find((g) => g.attnum !== column.attnum);
  if (reader) {
    throw new DbError(SqlState.FeatureNotSupported, 'cannot alter type of a column used by a generated column', {
      detail: `Column "${column.name}" is used by generated column "${reader.name}".`,
    });
  }
  const view = columnDependents(catalog, table, column).find((d) => d.kind === 'view' && d.on.startsWith('column '));
  if (view) {
    throw new DbError(SqlState.FeatureNotSupported, 'cannot alter type of a column used by a view or rule', {
      detail: `rule _RETURN on ${view.description} depends on column "${column.name}"`,
    });
  }
  const retyped: ColumnRecord = { ...column, typeOid: type.oid, typmod: type.typmod };
  if (column.defaultExpr !== null) {
    // the stored default is a value of the column's old type, converted to the new one
    const d = analyzeExpr({ ps, scope: null, clause: 'DEFAULT' }, unlocated(column.defaultExpr as Node));
    const old = coerceToTargetType(ps, d, column.typeOid, column.typmod, 'assignment', -1) ?? d;
    if (!coerceToTargetType(ps, old, type.oid, type.typmod, 'assignment', -1)) {
      throw new DbError(SqlState.DatatypeMismatch, `default for column "${column.name}" cannot be cast automatically to type ${formatType(type.oid)}`);
    }
  }
  checkKeys(work, table, column, type.oid);
  checkForeignKeys(work, table, column, type.oid);

  const layout = from.columns.map((_, c) => ({ range: 0, column: c }));
  const ctx = work.runtime();
  const fn = compileDmlExpr(value, layout, ctx);
  work.compute.set(column.attnum - 1, (old) => fn(old, ctx));
  work.retyped.add(column.attnum);
  work.rewrite = true;
  work.putColumn(retyped);
  // indexes keep copies of their columns' types; expressions reading the column are analyzed
  // again over its new type (PostgreSQL builds such indexes again from their definition)
  for (const index of catalog.indexesOf(table.oid)) {
    const info = index.index!;
    const trees = [...(info.expressions ?? []), ...(info.predicate !== undefined ? [info.predicate] : [])] as Node[];
    const reads = trees.some((t) => mentionsColumn(t, column.name));
    if (!reads && !info.columns.some((c) => c.attnum === column.attnum)) continue;
    const analyzed = reads ? analyzeIndexDefinition(session, catalog, work.table, index).columns : null;
    const columns = index.columns.map((c, i) => {
      const attnum = info.columns[i]!.attnum;
      if (attnum === column.attnum) return { ...c, typeOid: type.oid, typmod: type.typmod };
      if (attnum === 0 && analyzed) {
        const e = analyzed[i]!;
        if (!hasKeyOrdering(e.type)) throw noKeyOrdering(e.type);
        return { ...c, typeOid: e.type, typmod: e.typmod };
      }
      return c;
    });
    catalog.put({ ...index, columns });
  }
  for (const c of catalog.constraintsOf(table.oid)) {
    if (c.contype === 'c' && c.checkExpr !== undefined && mentionsColumn(c.checkExpr as Node, column.name) && !work.checks.some((k) => k.oid === c.oid)) {
      work.checks.push(c);
    }
  }
  if (column.identity && column.sequenceOid !== 0 && type.oid !== column.typeOid) alterSequenceType(session, catalog, column.sequenceOid, type.oid);
}

/** A column of a key (primary key or index) needs a type with a B+tree ordering. */
function checkKeys(work: AlterWork, table: RelationRecord, column: ColumnRecord, type: number): void {
  const keyed = table.primaryKey.includes(column.attnum) || work.catalog.indexesOf(table.oid).some((i) => i.index!.columns.some((c) => c.attnum === column.attnum));
  if (keyed && !hasKeyOrdering(type)) throw noKeyOrdering(type);
}

function noKeyOrdering(type: number): DbError {
  return new DbError(SqlState.UndefinedObject, `data type ${formatType(type)} has no default operator class for access method "btree"`, {
    hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
  });
}

/** Foreign keys from or to the column must still compare their key columns. */
function checkForeignKeys(work: AlterWork, table: RelationRecord, column: ColumnRecord, type: number): void {
  const catalog = work.catalog;
  for (const c of catalog.records()) {
    if (c.kind !== 'constraint' || c.contype !== 'f') continue;
    const fk = c.foreignKey!;
    const pairs: [ColumnRecord, number, ColumnRecord, number][] = [];
    c.columns.forEach((attnum, i) => {
      const child = (catalog.get(c.tableOid) as RelationRecord).columns[attnum - 1]!;
      const parent = (catalog.get(fk.refTableOid) as RelationRecord).columns[fk.refColumns[i]! - 1]!;
      const childType = c.tableOid === table.oid && attnum === column.attnum ? type : child.typeOid;
      const parentType = fk.refTableOid === table.oid && parent.attnum === column.attnum ? type : parent.typeOid;
      if ((c.tableOid === table.oid && attnum === column.attnum) || (fk.refTableOid === table.oid && parent.attnum === column.attnum)) {
        pairs.push([child, childType, parent, parentType]);
      }
    });
    for (const [child, childType, parent, parentType] of pairs) {
      if (!comparable(childType, parentType)) {
        throw new DbError(SqlState.DatatypeMismatch, `foreign key constraint "${c.name}" cannot be implemented`, {
          detail: `Key columns "${child.name}" and "${parent.name}" are of incompatible types: ${formatType(childType)} and ${formatType(parentType)}.`,
        });
      }
    }
  }
}
