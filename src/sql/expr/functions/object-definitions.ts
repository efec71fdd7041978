// The ruleutils family: pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef and
// pg_get_serial_sequence, printing catalog objects back as SQL through sql/deparse/. As in
// PostgreSQL 15, an OID that names no such object gives NULL (the object may have been dropped
// since the catalog row was read). Treeline has no triggers, rules, extended statistics or
// partitioning, so their definition functions find nothing and give NULL.
import { DbError, SqlState } from '../../../errors.js';
import { decodeNodeTree } from '../../deparse/node-tree.js';
import type { Value } from '../../types/value.js';
import { catalogOf, catalogServices, relationOf, sessionOf } from './catalog-context.js';
import type { EvalContext, FnImpl, FunctionTable } from './registry.js';

function getExpr(ctx: EvalContext, tree: Value, relOid: Value, pretty: boolean): Value {
  const rel = relOid !== 0 ? relationOf(ctx, relOid as number) : undefined;
  if (relOid !== 0 && !rel) return null;
  return catalogServices().catalogExprText(sessionOf(ctx), catalogOf(ctx), decodeNodeTree(tree as string), relOid as number, pretty);
}

function getConstraintDef(ctx: EvalContext, oid: Value, pretty: boolean): Value {
  const catalog = catalogOf(ctx);
  const con = catalog.get(oid as number);
  return con?.kind === 'constraint' ? catalogServices().constraintDef(sessionOf(ctx), catalog, con, pretty) : null;
}

function getIndexDef(ctx: EvalContext, oid: Value, colno: number, pretty: boolean): Value {
  const catalog = catalogOf(ctx);
  const index = catalog.get(oid as number);
  return index?.kind === 'relation' && index.index ? catalogServices().indexDef(sessionOf(ctx), catalog, index, colno, pretty) : null;
}

function getViewDef(ctx: EvalContext, oid: number | undefined, pretty: boolean, wrapColumn: number): Value {
  const rel = oid === undefined ? undefined : relationOf(ctx, oid);
  if (!rel || rel.relkind !== 'v' || rel.system) return null;
  return catalogServices().viewDefinition(sessionOf(ctx), catalogOf(ctx), rel, pretty, wrapColumn);
}

/** A view named as text (pg_get_viewdef(text)): 42P01 when there is none. */
function viewByName(ctx: EvalContext, text: string): number {
  const rel = catalogServices().findRelation(sessionOf(ctx), catalogOf(ctx), catalogServices().parseQualifiedName(text));
  if (!rel) throw new DbError(SqlState.UndefinedTable, `relation "${text}" does not exist`);
  return rel.oid;
}

/** pg_get_serial_sequence(table, column): the sequence a serial or identity column uses. */
const serialSequence: FnImpl = (a, ctx) => {
  const session = sessionOf(ctx);
  const catalog = catalogOf(ctx);
  const tableName = a[0] as string;
  const name = catalogServices().parseQualifiedName(tableName);
  const table = catalogServices().findRelation(session, catalog, name);
  if (!table) throw new DbError(SqlState.UndefinedTable, `relation "${name.schema ? `${name.schema}.` : ''}${name.name}" does not exist`);
  const column = table.columns.find((c) => !c.dropped && c.name === a[1]);
  if (!column) throw new DbError(SqlState.UndefinedColumn, `column "${a[1] as string}" of relation "${table.name}" does not exist`);
  if (column.sequenceOid === 0) return null;
  const seq = catalog.get(column.sequenceOid);
  return seq?.kind === 'relation' ? catalogServices().qualifiedRelationName(catalog, seq) : null;
};

const nothing: FnImpl = () => null;

export const objectDefinitionFunctions: FunctionTable = {
  pg_get_expr: (a, ctx) => getExpr(ctx, a[0]!, a[1]!, false),
  pg_get_expr_ext: (a, ctx) => getExpr(ctx, a[0]!, a[1]!, a[2] === true),
  pg_get_constraintdef: (a, ctx) => getConstraintDef(ctx, a[0]!, false),
  pg_get_constraintdef_ext: (a, ctx) => getConstraintDef(ctx, a[0]!, a[1] === true),
  pg_get_indexdef: (a, ctx) => getIndexDef(ctx, a[0]!, 0, false),
  pg_get_indexdef_ext: (a, ctx) => getIndexDef(ctx, a[0]!, a[1] as number, a[2] === true),
  pg_get_viewdef: (a, ctx) => getViewDef(ctx, a[0] as number, false, 0),
  pg_get_viewdef_ext: (a, ctx) => getViewDef(ctx, a[0] as number, a[1] === true, 0),
  pg_get_viewdef_wrap: (a, ctx) => getViewDef(ctx, a[0] as number, true, a[1] as number),
  pg_get_viewdef_name: (a, ctx) => getViewDef(ctx, viewByName(ctx, a[0] as string), false, 0),
  pg_get_viewdef_name_ext: (a, ctx) => getViewDef(ctx, viewByName(ctx, a[0] as string), a[1] === true, 0),
  pg_get_serial_sequence: serialSequence,
  pg_get_triggerdef: nothing,
  pg_get_triggerdef_ext: nothing,
  pg_get_ruledef: nothing,
  pg_get_ruledef_ext: nothing,
  pg_get_statisticsobjdef_columns: nothing,
  pg_get_partkeydef: nothing,
  pg_get_partition_constraintdef: nothing,
  pg_get_function_sqlbody: nothing,
};
