// pg_catalog.pg_rewrite: the rules of the database. Treeline has no CREATE RULE; what it has
// are views, and PostgreSQL gives each view an ON SELECT DO INSTEAD rule named _RETURN that
// holds its query. pg_dump reads these rows (with the rules' rows in pg_depend) to order a
// view after the relations it reads.
// Rule OIDs are derived from the view's: RULE_BASE + view OID (Treeline stores no rule objects;
// the range sits above any OID the cluster's counter hands out, below the row types').
// ev_action would be PostgreSQL's node tree of the query; Treeline keeps its own parse tree,
// so the column holds an empty node list (`<>`), which nothing but the backend reads.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { CatalogClass, type RelationRecord } from '../../catalog/objects.js';
import { defineTables, type RowValues } from './columns.js';

const PG_REWRITE = 2618;
const RULE_BASE = 0x90000000;

/** The OID of a view's _RETURN rule. */
export function viewRuleOid(viewOid: number): number {
  return (RULE_BASE + viewOid) >>> 0;
}

function* views(catalog: CatalogTxn): Iterable<RelationRecord> {
  for (const r of catalog.records()) if (r.kind === 'relation' && r.relkind === 'v') yield r;
}

/**
 * The pg_depend rows of a view's rule: it is part of the view ('i') and depends on each
 * relation its query reads ('n'). PostgreSQL also lists every column the query reads; these
 * rows name whole relations only.
 */
export function* viewRuleDependencies(view: RelationRecord): Iterable<RowValues> {
  const rule = viewRuleOid(view.oid);
  const dep = (refobjid: number, deptype: string): RowValues => ({
    classid: PG_REWRITE,
    objid: rule,
    objsubid: 0,
    refclassid: CatalogClass.pg_class,
    refobjid,
    refobjsubid: 0,
    deptype,
  });
  yield dep(view.oid, 'i');
  for (const oid of new Set(view.viewDeps ?? [])) if (oid !== view.oid) yield dep(oid, 'n');
}

defineTables([
  {
    oid: PG_REWRITE,
    name: 'pg_rewrite',
    relkind: 'r',
    rowType: 10035,
    columns:
      'oid oid!, rulename name!, ev_class oid!, ev_type char!, ev_enabled char!, is_instead bool!, ' +
      'ev_qual pg_node_tree!, ev_action pg_node_tree!',
    *rows({ catalog }) {
      for (const v of views(catalog)) {
        yield { oid: viewRuleOid(v.oid), rulename: '_RETURN', ev_class: v.oid, ev_type: '1', ev_enabled: 'O', is_instead: true, ev_qual: '<>', ev_action: '<>' };
      }
    },
  },
]);
