// Catalog expressions as text: column defaults, CHECK conditions and index expressions and
// predicates (stored as parse trees) are analyzed against the catalog the transaction sees —
// all but defaults with their table's columns in scope — and deparsed as pg_get_expr /
// pg_get_constraintdef print them. Names of types, relations and functions follow the
// session's search path.
// A default is printed as PostgreSQL stores it: an untyped literal already converted to the
// column's type ('x'::text), any other implicit conversion to the column's type not shown,
// and an explicit cast at the top (DEFAULT now()::date) shown.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord, StoredExpr } from '../../catalog/objects.js';
import { findRelation, relationByOid } from '../catalog-access.js';
import { analyzeStoredExpr, storedExprState } from '../analyze/stored-expr.js';
import { coerceType } from '../expr/coerce.js';
import type { Expr, VarExpr } from '../expr/expr.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';
import type { Session } from '../session.js';
import { Oid } from '../types/oids.js';
import { deparseExpr, type NameResolver } from './deparse-expr.js';
import type { NodeTree } from './node-tree.js';
import { formatTypeName, type TypeNaming } from './type-names.js';
import { enumOfType, relationOfRowType } from '../system/catalog-objects.js';

const OID_ALIAS_TYPES: ReadonlySet<number> = new Set([
  Oid.regclass,
  Oid.regtype,
  Oid.regproc,
  Oid.regprocedure,
  Oid.regoper,
  Oid.regoperator,
  Oid.regnamespace,
  Oid.regrole,
]);

/** Names of relations and user types as the session sees them (qualified when not visible). */
export function typeNaming(session: Session, catalog: CatalogTxn): TypeNaming {
  const path = session.searchPath(true);
  const qualified = (namespaceOid: number, name: string, visible: boolean): string => {
    const ns = catalog.get(namespaceOid);
    const q = quoteIdentifier(name);
    return visible || ns?.kind !== 'namespace' ? q : `${quoteIdentifier(ns.name)}.${q}`;
  };
  return {
    schemaVisible: (name) => path.includes(name),
    userTypeName(oid) {
      const e = enumOfType(catalog, oid);
      if (e) {
        const visible = path.some((s) => catalog.namespaceByName(s)?.oid === e.namespaceOid) && firstTypeNamed(session, catalog, e.name) === e.oid;
        const base = qualified(e.namespaceOid, e.name, visible);
        return e.oid === oid ? base : `${base}[]`;
      }
      const row = relationOfRowType(oid);
      const rel = row && relationByOid(catalog, row.relOid);
      if (rel) {
        const visible = findRelation(session, catalog, { name: rel.name })?.oid === rel.oid;
        return qualified(rel.namespaceOid, rel.name, visible) + (row.array ? '[]' : '');
      }
      return undefined;
    },
  };
}

function firstTypeNamed(session: Session, catalog: CatalogTxn, name: string): number | undefined {
  for (const schema of session.searchPath(true)) {
    const ns = catalog.namespaceByName(schema);
    const t = ns && catalog.typeByName(ns.oid, name);
    if (t) return t.oid;
  }
  return undefined;
}

/** A resolver printing the columns of `table` bare (catalog expressions have one relation). */
export function relationResolver(session: Session, catalog: CatalogTxn, table: RelationRecord | undefined): NameResolver {
  const naming = typeNaming(session, catalog);
  return {
    column: (v: VarExpr) => quoteIdentifier(table?.columns[v.column]?.name ?? `?column${v.column + 1}?`),
    typeName: (oid, typmod) => formatTypeName(oid, typmod, true, naming),
  };
}

/** Folds `<oid constant>::regclass` (how serial defaults are stored) into a regclass constant. */
function foldOidAliases(e: Expr): Expr {
  if ((e.kind === 'relabel' || e.kind === 'iocoerce') && OID_ALIAS_TYPES.has(e.type) && e.arg.kind === 'const' && typeof e.arg.value === 'number') {
    return { kind: 'const', type: e.type, typmod: -1, value: e.arg.value, location: -1 };
  }
  if (e.kind === 'func') return { ...e, args: e.args.map(foldOidAliases) };
  return e;
}

function isExplicitCast(node: StoredExpr): boolean {
  return typeof node === 'object' && node !== null && 'TypeCast' in node;
}

/** The text of a stored expression as pg_get_expr prints it (a list, as pg_index.indexprs, comma-separated). */
export function catalogExprText(session: Session, catalog: CatalogTxn, tree: NodeTree, relOid: number, pretty: boolean): string {
  if (Array.isArray(tree.node)) return tree.node.map((node: StoredExpr) => catalogExprText(session, catalog, { node }, relOid, pretty)).join(', ');
  const rel = relOid !== 0 ? relationByOid(catalog, relOid) : undefined;
  const table = rel && (rel.relkind === 'r' || rel.relkind === 'v') && !rel.system ? rel : undefined;
  const clause = tree.generated ? 'GENERATED' : tree.coerceTo ? 'DEFAULT' : 'CHECK';
  let e = foldOidAliases(analyzeStoredExpr(session, catalog, tree.node, clause === 'DEFAULT' ? undefined : table, clause));
  if (tree.coerceTo && e.type === Oid.unknown) {
    e = coerceType(storedExprState(session, catalog), e, tree.coerceTo.type, -1, 'assignment', -1);
  }
  return deparseExpr(e, { prettyParen: pretty, prettyIndent: true, names: relationResolver(session, catalog, table), types: session.types }, isExplicitCast(tree.node));
}
