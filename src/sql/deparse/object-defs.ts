// Definitions of catalog objects as SQL, as PostgreSQL's pg_get_constraintdef and
// pg_get_indexdef print them: `PRIMARY KEY (id)`, `CHECK ((qty > 0))`,
// `FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE`,
// `CREATE UNIQUE INDEX i ON public.t USING btree (a DESC, b NULLS FIRST)`.
// Relation names are schema-qualified where PostgreSQL qualifies them: always in an index
// definition unless pretty, and otherwise when the relation is not visible on the search path.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ConstraintRecord, ForeignKeyAction, RelationRecord } from '../../catalog/objects.js';
import { findRelation, relationByOid } from '../catalog-access.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';
import type { Session } from '../session.js';
import { catalogExprText } from './catalog-exprs.js';

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

/** pg_get_indexdef: the whole CREATE INDEX, or (colno > 0) one key column's text. */
export function indexDef(session: Session, catalog: CatalogTxn, index: RelationRecord, colno: number, pretty: boolean): string {
  const info = index.index!;
  const table = relationByOid(catalog, info.tableOid);
  const keys = info.columns.map((c) => {
    let key = quoteIdentifier(table?.columns[c.attnum - 1]?.name ?? index.columns[0]?.name ?? '?');
    if (colno === 0) {
      if (c.descending) key += ' DESC';
      if (c.nullsFirst !== c.descending) key += c.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    }
    return key;
  });
  if (colno > 0) return keys[colno - 1] ?? '';
  const on = table ? (pretty ? relationName(session, catalog, table) : qualifiedRelationName(catalog, table)) : '???';
  const method = info.method ?? 'btree';
  return (
    `CREATE ${info.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(index.name)} ON ${on} USING ${method} (${keys.join(', ')})` +
    (info.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '')
  );
}
