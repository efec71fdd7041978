// Access privilege inquiry functions (has_table_privilege, has_schema_privilege, ...,
// pg_has_role) with PostgreSQL's signatures: the role by name or OID (or the current user),
// the object by name or OID, and a comma-separated list of privilege names, each optionally
// WITH GRANT OPTION. Treeline's objects all belong to the bootstrap superuser and nothing is
// granted, so a superuser has every privilege and any other role has what PostgreSQL grants
// PUBLIC by default (CONNECT and TEMP on databases, USAGE on the built-in schemas, EXECUTE on
// functions, SELECT on the system catalogs).
// Errors as PostgreSQL's: an object or role named that does not exist raises its error, one
// given by OID gives NULL; an unknown privilege name is 22023.
import { builtins } from '../../../catalog/builtins.js';
import { DbError, SqlState } from '../../../errors.js';
import { typeIO } from '../../types/index.js';
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { roleByName, roleByOid, ROLE_MEMBERSHIPS } from '../../system/roles.js';
import { catalogOf, catalogServices, sessionOf } from './catalog-context.js';
import type { EvalContext, FnImpl, FunctionTable } from './registry.js';

/** An object the privilege applies to, resolved; null when given by an OID that names nothing. */
type Resolved = { publicHas: (privilege: string) => boolean } | null;

/** Parses the privilege list into upper-case names (without WITH GRANT OPTION). */
function privilegesOf(text: string, allowed: readonly string[]): string[] {
  return text.split(',').map((part) => {
    const p = part.trim().toUpperCase().replace(/\s+WITH\s+GRANT\s+OPTION$/, '');
    if (!allowed.includes(p)) throw new DbError(SqlState.InvalidParameterValue, `unrecognized privilege type: "${part.trim()}"`);
    return p;
  });
}

function roleOid(role: Value, byName: boolean): number {
  if (!byName) return role as number;
  const r = roleByName(role as string);
  if (!r) throw new DbError(SqlState.UndefinedObject, `role "${role as string}" does not exist`);
  return r.oid;
}

function currentRole(ctx: EvalContext): number {
  return roleByName(ctx.session.user)?.oid ?? 10;
}

function isSuperuser(oid: number): boolean {
  return roleByOid(oid)?.superuser === true;
}

/** The six forms of an inquiry function: (role name|oid, object name|oid, priv), (object, priv). */
function inquiry(
  prefix: string,
  allowed: readonly string[],
  resolve: (ctx: EvalContext, target: Value, byName: boolean) => Resolved,
  never: readonly string[] = [],
): FunctionTable {
  const check = (role: number, target: Resolved, privText: string): Value => {
    const privileges = privilegesOf(privText, allowed);
    if (target === null) return null;
    return privileges.some((p) => !never.includes(p) && (isSuperuser(role) || target.publicHas(p)));
  };
  const make = (roleByNameArg: boolean | null, targetByName: boolean): FnImpl => (a, ctx) => {
    const withRole = roleByNameArg !== null;
    const role = withRole ? roleOid(a[0]!, roleByNameArg) : currentRole(ctx);
    const target = resolve(ctx, a[withRole ? 1 : 0]!, targetByName);
    return check(role, target, a[withRole ? 2 : 1] as string);
  };
  return {
    [`${prefix}_name_name`]: make(true, true),
    [`${prefix}_name_id`]: make(true, false),
    [`${prefix}_id_name`]: make(false, true),
    [`${prefix}_id_id`]: make(false, false),
    [`${prefix}_name`]: make(null, true),
    [`${prefix}_id`]: make(null, false),
  };
}

function relationTarget(ctx: EvalContext, target: Value, byName: boolean, sequence: boolean): Resolved {
  const session = sessionOf(ctx);
  const catalog = catalogOf(ctx);
  let rel;
  if (byName) {
    const name = catalogServices().parseQualifiedName(target as string);
    rel = catalogServices().findRelation(session, catalog, name);
    if (!rel) throw new DbError(SqlState.UndefinedTable, `relation "${target as string}" does not exist`);
  } else {
    rel = catalogServices().relationByOid(catalog, target as number);
    if (!rel) return null;
  }
  if (sequence && rel.relkind !== 'S') throw new DbError(SqlState.WrongObjectType, `"${rel.name}" is not a sequence`);
  const system = rel.system === true;
  return { publicHas: (p) => system && p === 'SELECT' };
}

function columnTarget(ctx: EvalContext, table: Value, tableByName: boolean, column: Value, columnByName: boolean): Resolved {
  const t = relationTarget(ctx, table, tableByName, false);
  if (t === null) return null;
  const rel = tableByName ? catalogServices().findRelation(sessionOf(ctx), catalogOf(ctx), catalogServices().parseQualifiedName(table as string))! : catalogServices().relationByOid(catalogOf(ctx), table as number)!;
  const col = columnByName ? rel.columns.find((c) => !c.dropped && c.name === column) : rel.columns.find((c) => !c.dropped && c.attnum === column);
  if (!col) {
    if (columnByName) throw new DbError(SqlState.UndefinedColumn, `column "${column as string}" of relation "${rel.name}" does not exist`);
    return null;
  }
  return t;
}

function columnInquiry(): FunctionTable {
  const allowed = ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'];
  const out: FunctionTable = {};
  for (const role of ['name', 'id', null] as const) {
    for (const table of ['name', 'id'] as const) {
      for (const column of ['name', 'attnum'] as const) {
        const key = ['has_column_privilege', role, table, column].filter((x) => x !== null).join('_');
        out[key] = (a, ctx) => {
          const i = role === null ? 0 : 1;
          const r = role === null ? currentRole(ctx) : roleOid(a[0]!, role === 'name');
          const target = columnTarget(ctx, a[i]!, table === 'name', a[i + 1]!, column === 'name');
          const privileges = privilegesOf(a[i + 2] as string, allowed);
          if (target === null) return null;
          return privileges.some((p) => isSuperuser(r) || target.publicHas(p));
        };
      }
    }
  }
  return out;
}

function schemaTarget(ctx: EvalContext, target: Value, byName: boolean): Resolved {
  const catalog = catalogOf(ctx);
  const ns = byName ? catalog.namespaceByName(target as string) : catalog.get(target as number);
  if (!ns || ns.kind !== 'namespace') {
    if (byName) throw new DbError(SqlState.InvalidSchemaName, `schema "${target as string}" does not exist`);
    return null;
  }
  const builtin = ns.oid === 11 || ns.oid === 13207 || ns.oid === 2200;
  return { publicHas: (p) => builtin && p === 'USAGE' };
}

function databaseTarget(ctx: EvalContext, target: Value, byName: boolean): Resolved {
  const catalog = catalogOf(ctx);
  const db = byName ? catalog.databaseByName(target as string) : catalog.database(target as number);
  if (!db) {
    if (byName) throw new DbError(SqlState.InvalidCatalogName, `database "${target as string}" does not exist`);
    return null;
  }
  const template = db.oid === 1 || db.oid === 4;
  return { publicHas: (p) => p === 'CONNECT' || (!template && (p === 'TEMP' || p === 'TEMPORARY')) };
}

function functionTarget(ctx: EvalContext, target: Value, byName: boolean): Resolved {
  const oid = byName ? (typeIO(Oid.regprocedure)!.input(target as string, -1, ctx.types) as number) : (target as number);
  if (!builtins().procByOid.has(oid)) return null;
  return { publicHas: (p) => p === 'EXECUTE' };
}

function tablespaceTarget(_ctx: EvalContext, target: Value, byName: boolean): Resolved {
  const known = byName ? ['pg_default', 'pg_global'].includes(target as string) : target === 1663 || target === 1664;
  if (!known) {
    if (byName) throw new DbError(SqlState.UndefinedObject, `tablespace "${target as string}" does not exist`);
    return null;
  }
  return { publicHas: () => false };
}

/** Whether `member` is (directly or through other roles) a member of `role`. */
function isMemberOf(member: number, role: number): boolean {
  if (member === role || isSuperuser(member)) return true;
  return ROLE_MEMBERSHIPS.some((m) => m.member === member && isMemberOf(m.roleid, role));
}

function roleInquiry(): FunctionTable {
  const out: FunctionTable = {};
  const forms: [string, boolean | null, boolean][] = [
    ['name_name', true, true],
    ['name_id', true, false],
    ['id_name', false, true],
    ['id_id', false, false],
    ['name', null, true],
    ['id', null, false],
  ];
  for (const [suffix, userByName, roleIsName] of forms) {
    out[`pg_has_role_${suffix}`] = (a, ctx) => {
      const withUser = userByName !== null;
      const user = withUser ? roleOid(a[0]!, userByName) : currentRole(ctx);
      const role = roleOid(a[withUser ? 1 : 0]!, roleIsName);
      const privileges = privilegesOf(a[withUser ? 2 : 1] as string, ['MEMBER', 'USAGE', 'SET']);
      if (!roleByOid(role)) return null;
      return privileges.some(() => isMemberOf(user, role));
    };
  }
  return out;
}

const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'RULE'];

export const privilegeFunctions: FunctionTable = {
  ...inquiry('has_table_privilege', TABLE_PRIVILEGES, (ctx, t, byName) => relationTarget(ctx, t, byName, false), ['RULE']),
  ...inquiry('has_any_column_privilege', ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'], (ctx, t, byName) => relationTarget(ctx, t, byName, false)),
  ...inquiry('has_sequence_privilege', ['USAGE', 'SELECT', 'UPDATE'], (ctx, t, byName) => relationTarget(ctx, t, byName, true)),
  ...inquiry('has_schema_privilege', ['CREATE', 'USAGE'], schemaTarget),
  ...inquiry('has_database_privilege', ['CREATE', 'CONNECT', 'TEMPORARY', 'TEMP'], databaseTarget),
  ...inquiry('has_function_privilege', ['EXECUTE'], functionTarget),
  ...inquiry('has_tablespace_privilege', ['CREATE'], tablespaceTarget),
  ...columnInquiry(),
  ...roleInquiry(),
};
