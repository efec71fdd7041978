// How catalog functions (pg_get_expr, has_table_privilege, pg_relation_size, ...) reach the
// session that calls them, the catalog its transaction sees, and the name lookups and
// deparsers they need. Built-in functions receive the session as ctx.session (a SessionInfo);
// these functions need the whole Session.
// The lookups and deparsers are provided at start-up by the system relations module
// (sql/system/index.ts) rather than imported: they depend on the analyzer, which depends on
// the function registry, and function modules must not close that import cycle.
// Requires: called while a statement runs (the session has an open transaction), as every
// function call is, and after sql/system/index.ts has been loaded (catalog-access loads it).
import type { CatalogTxn } from '../../../catalog/catalog-txn.js';
import type { ConstraintRecord, RelationRecord } from '../../../catalog/objects.js';
import { DbError, SqlState } from '../../../errors.js';
import type { QualifiedName } from '../../catalog-access.js';
import type { NodeTree } from '../../deparse/node-tree.js';
import type { TypeNaming } from '../../deparse/type-names.js';
import type { Session } from '../../session.js';
import type { EvalContext } from './registry.js';

export interface CatalogServices {
  findRelation(session: Session, catalog: CatalogTxn, name: QualifiedName): RelationRecord | undefined;
  relationByOid(catalog: CatalogTxn, oid: number): RelationRecord | undefined;
  parseQualifiedName(text: string): QualifiedName;
  typeNaming(session: Session, catalog: CatalogTxn): TypeNaming;
  catalogExprText(session: Session, catalog: CatalogTxn, tree: NodeTree, relOid: number, pretty: boolean): string;
  constraintDef(session: Session, catalog: CatalogTxn, con: ConstraintRecord, pretty: boolean): string;
  indexDef(session: Session, catalog: CatalogTxn, index: RelationRecord, colno: number, pretty: boolean): string;
  viewDefinition(session: Session, catalog: CatalogTxn, view: RelationRecord, pretty: boolean, wrapColumn: number): string;
  qualifiedRelationName(catalog: CatalogTxn, rel: RelationRecord): string;
}

let provided: CatalogServices | null = null;

/** Called once by sql/system/index.ts. */
export function provideCatalogServices(services: CatalogServices): void {
  provided = services;
}

export function catalogServices(): CatalogServices {
  if (!provided) throw new DbError(SqlState.InternalError, 'catalog services are not loaded');
  return provided;
}

export function sessionOf(ctx: EvalContext): Session {
  return ctx.session as Session;
}

export function catalogOf(ctx: EvalContext): CatalogTxn {
  const session = sessionOf(ctx);
  return session.txn?.catalog ?? session.cluster.catalog.begin(session.dbOid);
}

/** A relation by OID (stored or a system relation), or undefined. */
export function relationOf(ctx: EvalContext, oid: number): RelationRecord | undefined {
  return catalogServices().relationByOid(catalogOf(ctx), oid);
}
