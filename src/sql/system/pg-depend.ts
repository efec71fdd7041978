// pg_catalog.pg_depend: the dependencies PostgreSQL records between a database's objects, as
// far as Treeline's objects have them — what clients read it for: a serial ('a') or identity
// ('i') sequence owned by its column, indexes on their columns or owned by their constraint,
// constraints on their columns and foreign keys on the referenced key, column defaults on
// their column and on the sequences they name (sequence-refs.ts), generated columns on the
// columns they read, columns on their enum type, relations and
// types in their schema, row types owned by their relation, a view's rule on the view and on
// the relations it reads (pg-rewrite.ts). Pinned built-in objects are not
// listed (PostgreSQL 15 keeps no rows for them either).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { CatalogClass, type RelationRecord } from '../../catalog/objects.js';
import { hasStoredDefault, isGenerated } from './pg-attribute.js';
import { generationInputs } from '../ddl/generation-expr.js';
import { attrdefOid, enumOfType, rowTypeOf } from './catalog-objects.js';
import { checkColumns } from './pg-constraint.js';
import { defineTables, type RowValues } from './columns.js';
import { pinnedRelations } from '../ddl/sequence-refs.js';
import { viewRuleDependencies } from './pg-rewrite.js';

const PG_ATTRDEF = 2604;

function dep(classid: number, objid: number, objsubid: number, refclassid: number, refobjid: number, refobjsubid: number, deptype: string): RowValues {
  return { classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype };
}

function* relationDeps(catalog: CatalogTxn, r: RelationRecord): Iterable<RowValues> {
  const PG_CLASS = CatalogClass.pg_class;
  yield dep(PG_CLASS, r.oid, 0, CatalogClass.pg_namespace, r.namespaceOid, 0, 'n');
  const rowType = rowTypeOf({ record: r });
  if (rowType !== 0) yield dep(CatalogClass.pg_type, rowType, 0, PG_CLASS, r.oid, 0, 'i');
  if (r.relkind === 'S' && r.ownedBy) {
    const table = catalog.get(r.ownedBy.tableOid);
    const column = table?.kind === 'relation' ? table.columns[r.ownedBy.attnum - 1] : undefined;
    yield dep(PG_CLASS, r.oid, 0, PG_CLASS, r.ownedBy.tableOid, r.ownedBy.attnum, column?.identity ? 'i' : 'a');
  }
  if (r.relkind === 'i' && r.index) {
    const owner = catalog.constraintsOf(r.index.tableOid).find((c) => c.indexOid === r.oid);
    if (owner) yield dep(PG_CLASS, r.oid, 0, CatalogClass.pg_constraint, owner.oid, 0, 'i');
    else {
      const table = catalog.get(r.index.tableOid);
      const plain = r.index.columns.filter((c) => c.attnum > 0).map((c) => c.attnum);
      // no plain column: the index depends on the table itself, then on what its expressions read
      if (plain.length === 0) yield dep(PG_CLASS, r.oid, 0, PG_CLASS, r.index.tableOid, 0, 'a');
      const rel = table?.kind === 'relation' ? table : undefined;
      const read = [...(r.index.expressions ?? []), ...(r.index.predicate !== undefined ? [r.index.predicate] : [])].flatMap((e) => checkColumns(rel, e));
      for (const attnum of new Set([...plain, ...read])) yield dep(PG_CLASS, r.oid, 0, PG_CLASS, r.index.tableOid, attnum, 'a');
    }
  }
  if (r.relkind === 'v') yield* viewRuleDependencies(r);
  if (r.relkind === 'r') {
    for (const c of r.columns) {
      if (c.dropped) continue;
      const e = enumOfType(catalog, c.typeOid);
      if (e) yield dep(PG_CLASS, r.oid, c.attnum, CatalogClass.pg_type, c.typeOid, 0, 'n');
      if (isGenerated(c)) {
        // a generation expression is part of its column and depends on the columns it reads
        const def = attrdefOid(r.oid, c.attnum);
        yield dep(PG_ATTRDEF, def, 0, PG_CLASS, r.oid, c.attnum, 'i');
        for (const a of generationInputs(r, c.generated)) yield dep(PG_ATTRDEF, def, 0, PG_CLASS, r.oid, a, 'n');
        continue;
      }
      if (!hasStoredDefault(c)) continue;
      const def = attrdefOid(r.oid, c.attnum);
      yield dep(PG_ATTRDEF, def, 0, PG_CLASS, r.oid, c.attnum, 'a');
      for (const oid of pinnedRelations(c.defaultExpr)) if (catalog.get(oid)?.kind === 'relation') yield dep(PG_ATTRDEF, def, 0, PG_CLASS, oid, 0, 'n');
    }
  }
}

function* dependencies(catalog: CatalogTxn): Iterable<RowValues> {
  for (const r of catalog.records()) {
    if (r.kind === 'relation') yield* relationDeps(catalog, r);
    else if (r.kind === 'enum') yield dep(CatalogClass.pg_type, r.oid, 0, CatalogClass.pg_namespace, r.namespaceOid, 0, 'n');
    else if (r.kind === 'constraint') {
      const table = catalog.get(r.tableOid);
      const rel = table?.kind === 'relation' ? table : undefined;
      const columns = r.contype === 'c' ? checkColumns(rel, r.checkExpr) : r.columns;
      for (const a of columns) yield dep(CatalogClass.pg_constraint, r.oid, 0, CatalogClass.pg_class, r.tableOid, a, 'a');
      if (r.foreignKey) {
        for (const a of r.foreignKey.refColumns) yield dep(CatalogClass.pg_constraint, r.oid, 0, CatalogClass.pg_class, r.foreignKey.refTableOid, a, 'n');
      }
    }
  }
}

defineTables([
  {
    oid: 2608,
    name: 'pg_depend',
    relkind: 'r',
    rowType: 10051,
    columns: 'classid oid!, objid oid!, objsubid int4!, refclassid oid!, refobjid oid!, refobjsubid int4!, deptype char!',
    rows: ({ catalog }) => dependencies(catalog),
  },
  {
    oid: 1214,
    name: 'pg_shdepend',
    relkind: 'r',
    rowType: 10060,
    columns: 'dbid oid!, classid oid!, objid oid!, objsubid int4!, refclassid oid!, refobjid oid!, deptype char!',
  },
]);
