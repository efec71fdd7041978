// What depends on one table column from outside the table (PostgreSQL's pg_depend entries on a
// column): views that read it (and the views over those), and foreign keys of other tables
// that reference it. They stop DROP COLUMN without CASCADE (2BP01) and ALTER COLUMN TYPE
// (a view: 0A000). Objects inside the table (its indexes, constraints, owned sequences) go with
// the column instead (drop-column.ts). A view counts as reading the column when its stored query
// names a column of that name (or `*`) and reads the table.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord, RelationRecord } from '../../catalog/objects.js';
import type { Node } from '../parser.js';
import { mentionsColumn } from './drop-column.js';

export interface ColumnDependent {
  oid: number;
  /** `view v`, `constraint c_fkey on table c`. */
  description: string;
  /** What it depends on: `column b of table t`, `view v`. */
  on: string;
  kind: 'view' | 'constraint';
}

/** Views reading a relation, and the views over those, each with what it depends on. */
function viewsOver(catalog: CatalogTxn, oid: number, on: string, seen: Set<number>, out: ColumnDependent[], reads?: (v: RelationRecord) => boolean): void {
  for (const v of catalog.records()) {
    if (v.kind !== 'relation' || v.relkind !== 'v' || seen.has(v.oid) || !v.viewDeps?.includes(oid)) continue;
    if (reads && !reads(v)) continue;
    seen.add(v.oid);
    out.push({ oid: v.oid, description: `view ${v.name}`, on, kind: 'view' });
    viewsOver(catalog, v.oid, `view ${v.name}`, seen, out);
  }
}

export function columnDependents(catalog: CatalogTxn, table: RelationRecord, column: ColumnRecord): ColumnDependent[] {
  const on = `column ${column.name} of table ${table.name}`;
  const out: ColumnDependent[] = [];
  for (const c of catalog.records()) {
    if (c.kind !== 'constraint' || c.contype !== 'f' || c.tableOid === table.oid) continue;
    if (c.foreignKey!.refTableOid !== table.oid || !c.foreignKey!.refColumns.includes(column.attnum)) continue;
    const child = catalog.get(c.tableOid) as RelationRecord;
    out.push({ oid: c.oid, description: `constraint ${c.name} on table ${child.name}`, on, kind: 'constraint' });
  }
  const views: ColumnDependent[] = [];
  viewsOver(catalog, table.oid, on, new Set(), views, (v) => v.viewQuery !== undefined && mentionsColumn(v.viewQuery as Node, column.name));
  return [...out, ...views];
}
