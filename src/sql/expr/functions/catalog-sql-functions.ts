// Catalog functions that PostgreSQL defines in SQL (pg_proc.prolang = sql), keyed by name and
// argument types like the other SQL-language built-ins (sql-functions.ts): the comment lookups
// obj_description, col_description and shobj_description (queries of pg_description /
// pg_shdescription), and pg_relation_size(regclass) (the main fork's size).
import { builtins } from '../../../catalog/builtins.js';
import { descriptionOf } from '../../system/pg-description.js';
import type { Value } from '../../types/value.js';
import { catalogOf } from './catalog-context.js';
import { objectSizeFunctions } from './object-size.js';
import type { EvalContext, FunctionTable } from './registry.js';

/** The OID of a pg_catalog relation by name (pg_description's classoid), or undefined. */
function catalogRelationOid(name: string): number | undefined {
  const row = builtins().types.find((t) => t.typtype === 'c' && t.namespace === 'pg_catalog' && t.typname === name);
  return row?.typrelid;
}

function comment(ctx: EvalContext, objOid: Value, classOid: number | undefined, subId: number): Value {
  if (classOid === undefined) return null;
  return descriptionOf(catalogOf(ctx), classOid, objOid as number, subId);
}

export const catalogSqlFunctions: FunctionTable = {
  'obj_description(oid,name)': (a, ctx) => comment(ctx, a[0]!, catalogRelationOid(a[1] as string), 0),
  'obj_description(oid)'(a, ctx) {
    const catalog = catalogOf(ctx);
    for (const c of catalog.allComments()) if (c.objOid === a[0] && c.subId === 0) return c.text;
    return descriptionOf(catalog, 1255, a[0] as number, 0);
  },
  'col_description(oid,int4)': (a, ctx) => comment(ctx, a[0]!, 1259, a[1] as number),
  'shobj_description(oid,name)': (a, ctx) => comment(ctx, a[0]!, catalogRelationOid(a[1] as string), 0),
  'pg_relation_size(regclass)': (a, ctx, call) => objectSizeFunctions.pg_relation_size!([a[0]!, 'main'], ctx, call),
};
