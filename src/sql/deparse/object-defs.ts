// Definitions of catalog objects as SQL, as PostgreSQL's pg_get_constraintdef and
// pg_get_indexdef print them: `PRIMARY KEY (id)`, `CHECK ((qty > 0))`,
// `FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE`,
// `CREATE UNIQUE INDEX i ON public.t USING btree (a DESC, b NULLS FIRST)`,
// `CREATE INDEX j ON public.t USING btree (lower(b)) WHERE (c > 0)`.
// Relation names are schema-qualified where PostgreSQL qualifies them: always in an index
// definition unless pretty, and otherwise when the relation is not visible on the search path.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ConstraintRecord, ForeignKeyAction, RelationRecord } from '../../catalog/objects.js';
import { findRelation, relationByOid } from '../catalog-access.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';
import type { Session } from '../session.js';
import { analyzeIndexDefinition } from '../analyze/index-definition.js';
import type { Expr } from '../expr/expr.js';
import { catalogExprText, relationResolver } from './catalog-exprs.js';
import { deparseExpr } from './deparse-expr.js';

/** generate_relation_name: bare when the search path finds it, else schema-qualified. */
export function relationName(session: Session, catalog: CatalogTxn, rel: RelationRecord): string {
  const visible = findRelation(session, catalog, { name: rel.name })?.oid === rel.oid;
  return visible ? quoteIdentifier(rel.name) : qualifiedRelationName(catalog, rel);
}

/** generate_qualified_relation_name. */
export function qualifiedRelationName(catalog: CatalogTxn, rel: RelationRecord): string {
  const ns = catalog.get(rel.namespaceOid);
  const schema = ns?.kind === 'namespace' ? ns.name : rel.namespaceOid === 11 ? 'pg_catalog' : 'information_schema';
  return `${quoteIdentifier(schema)}.${quoteIdentifier(rel.name)}`;
}

function columnList(table: RelationRecord | undefined, attnums: readonly number[]): string {
  return attnums.map((a) => quoteIdentifier(table?.columns[a - 1]?.name ?? `?${a}?`)).join(', ');
}

const ACTIONS: Record<ForeignKeyAction, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** pg_get_constraintdef. */
export function constraintDef(session: Session, catalog: CatalogTxn, con: ConstraintRecord, pretty: boolean): string {
  const table = relationByOid(catalog, con.tableOid);
  let out: string;
  switch (con.contype) {
    case 'p':
    case 'u': {
      const index = catalog.get(con.indexOid);
      const nullsNotDistinct = index?.kind === 'relation' && index.index?.nullsNotDistinct === true;
      out = `${con.contype === 'p' ? 'PRIMARY KEY' : 'UNIQUE'}${nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${columnList(table, con.columns)})`;
      break;
    }
    case 'c':
      out = `CHECK (${catalogExprText(session, catalog, { node: con.checkExpr }, con.tableOid, pretty)})`;
      break;
    case 'f': {
      const fk = con.foreignKey!;
      const ref = relationByOid(catalog, fk.refTableOid);
      out = `FOREIGN KEY (${columnList(table, con.columns)}) REFERENCES ${ref ? relationName(session, catalog, ref) : '???'}(${columnList(ref, fk.refColumns)})`;
      if (fk.matchFull) out += ' MATCH FULL';
      if (fk.onUpdate !== 'a') out += ` ON UPDATE ${ACTIONS[fk.onUpdate]}`;
      if (fk.onDelete !== 'a') out += ` ON DELETE ${ACTIONS[fk.onDelete]}`;
      break;
    }
  }
  if (con.deferrable) out += ' DEFERRABLE';
  if (con.initiallyDeferred) out += ' INITIALLY DEFERRED';
  return out;
}

/** Whether ruleutils prints an expression as a function call (looks_like_function): no parentheses around it then. */
function looksLikeFunction(e: Expr): boolean {
  if (e.kind === 'func') return e.format === 'call' && !e.operator;
  return e.kind === 'coalesce' || e.kind === 'greatest' || e.kind === 'least' || e.kind === 'nullif' || e.kind === 'sessionvalue';
}

/**
 * One index column as pg_get_indexdef prints it: a plain column by name, an expression
 * parenthesized unless it reads as a function call (`lower(b)`, `((a + c))`, pretty `(a + c)`).
 */
export function indexColumnText(session: Session, catalog: CatalogTxn, table: RelationRecord, column: Expr, pretty: boolean): string {
  if (column.kind === 'var') return quoteIdentifier(table.columns[column.column]?.name ?? '?');
  // what the expression shows at its top was written so (an index column has no implicit cast)
  const text = deparseExpr(column, { prettyParen: pretty, prettyIndent: true, names: relationResolver(session, catalog, table), types: session.types }, true);
  return looksLikeFunction(column) ? text : `(${text})`;
}

/** pg_get_indexdef: the whole CREATE INDEX, or (colno > 0) one key column's text. */
export function indexDef(session: Session, catalog: CatalogTxn, index: RelationRecord, colno: number, pretty: boolean): string {
  const info = index.index!;
  const table = relationByOid(catalog, info.tableOid);
  const computed = table && (info.expressions !== undefined || info.predicate !== undefined) ? analyzeIndexDefinition(session, catalog, table, index) : null;
  const keys = info.columns.map((c, i) => {
    let key =
      computed && table
        ? indexColumnText(session, catalog, table, computed.columns[i]!, pretty)
        : quoteIdentifier(table?.columns[c.attnum - 1]?.name ?? index.columns[0]?.name ?? '?');
    if (colno === 0) {
      if (c.descending) key += ' DESC';
      if (c.nullsFirst !== c.descending) key += c.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    }
    return key;
  });
  if (colno > 0) return keys[colno - 1] ?? '';
  const on = table ? (pretty ? relationName(session, catalog, table) : qualifiedRelationName(catalog, table)) : '???';
  const method = info.method ?? 'btree';
  const names = table && relationResolver(session, catalog, table);
  const where = computed?.predicate && names ? ` WHERE ${deparseExpr(computed.predicate, { prettyParen: pretty, prettyIndent: true, names, types: session.types }, true)}` : '';
  return (
    `CREATE ${info.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(index.name)} ON ${on} USING ${method} (${keys.join(', ')})` +
    (info.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '') +
    where
  );
}
