// System catalog information functions: format_type, the visibility tests
// (pg_table_is_visible, ...), the to_reg* lookups that give NULL instead of an error,
// pg_get_userbyid, the encoding names, acldefault and the aclitem operators, and the server's
// start time. Names are looked up through the calling session's search path and catalog.
import { builtins } from '../../../catalog/builtins.js';
import { DbError, SqlState } from '../../../errors.js';
import { formatTypeName } from '../../deparse/type-names.js';
import { enumOfType, relationOfRowType } from '../../system/catalog-objects.js';
import { roleByName, roleByOid } from '../../system/roles.js';
import { ACL_RIGHTS, formatAclItem, roleName } from '../../types/aclitem.js';
import { typeIO, currentTimestamp } from '../../types/index.js';
import { Oid } from '../../types/oids.js';
import { ArrayValue, type Value } from '../../types/value.js';
import { catalogOf, catalogServices, sessionOf } from './catalog-context.js';
import type { EvalContext, FnImpl, FunctionTable } from './registry.js';

/** When the server (this process) started, microseconds since 2000-01-01. */
const SERVER_START = currentTimestamp();

const ENCODINGS =
  'SQL_ASCII EUC_JP EUC_CN EUC_KR EUC_TW EUC_JIS_2004 UTF8 MULE_INTERNAL LATIN1 LATIN2 LATIN3 LATIN4 LATIN5 LATIN6 LATIN7 ' +
  'LATIN8 LATIN9 LATIN10 WIN1256 WIN1258 WIN866 WIN874 KOI8R WIN1251 WIN1252 ISO_8859_5 ISO_8859_6 ISO_8859_7 ISO_8859_8 ' +
  'WIN1250 WIN1253 WIN1254 WIN1255 WIN1257 KOI8U SJIS BIG5 GBK UHC GB18030 JOHAB SHIFT_JIS_2004';
const ENCODING_NAMES = ENCODINGS.split(' ');

/** Encoding names compared as PostgreSQL does: letters and digits only, case-insensitive. */
const ENCODING_ALIASES: Record<string, string> = {
  unicode: 'UTF8',
  iso88591: 'LATIN1',
  iso88592: 'LATIN2',
  iso88593: 'LATIN3',
  iso88594: 'LATIN4',
  iso88599: 'LATIN5',
  iso885910: 'LATIN6',
  iso885913: 'LATIN7',
  iso885914: 'LATIN8',
  iso885915: 'LATIN9',
  iso885916: 'LATIN10',
  shiftjis: 'SJIS',
  mskanji: 'SJIS',
  win: 'WIN1251',
  alt: 'WIN866',
  koi8: 'KOI8R',
  tcvn: 'WIN1258',
  tcvn5712: 'WIN1258',
  vscii: 'WIN1258',
  abc: 'WIN1258',
};

const simplify = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function encodingNumber(name: string): number {
  const key = simplify(name);
  const canonical = ENCODING_ALIASES[key];
  const i = ENCODING_NAMES.findIndex((n) => simplify(n) === key || n === canonical);
  return i;
}

/** The visibility of a relation: the search path finds it by its name. */
function relationVisible(ctx: EvalContext, oid: number): Value {
  const catalog = catalogOf(ctx);
  const rel = catalogServices().relationByOid(catalog, oid);
  if (!rel) return null;
  return catalogServices().findRelation(sessionOf(ctx), catalog, { name: rel.name })?.oid === oid;
}

function typeVisible(ctx: EvalContext, oid: number): Value {
  const catalog = catalogOf(ctx);
  const builtin = builtins().typeByOid.get(oid);
  if (builtin) return builtin.namespace === 'pg_catalog' || sessionOf(ctx).searchPath(true).includes(builtin.namespace);
  const e = enumOfType(catalog, oid);
  if (e) return !catalogServices().typeNaming(sessionOf(ctx), catalog).userTypeName(oid)!.includes('.');
  const row = relationOfRowType(oid);
  if (row && catalogServices().relationByOid(catalog, row.relOid)) return relationVisible(ctx, row.relOid);
  return null;
}

/** A to_reg* function: the input of an OID alias type, NULL where it raises one of `missing`. */
function toReg(type: number, missing: readonly string[]): FnImpl {
  return (a, ctx) => {
    try {
      return typeIO(type)!.input(a[0] as string, -1, ctx.types);
    } catch (err) {
      if (err instanceof DbError && missing.includes(err.code)) return null;
      throw err;
    }
  };
}

/** acldefault: the privileges an object of this kind has before any GRANT. */
function aclDefault(kind: string, owner: number): ArrayValue {
  const o = roleName(owner);
  const item = (grantee: string, rights: string) => formatAclItem(grantee, rights, '', o);
  const lists: Record<string, string[]> = {
    c: [],
    r: [item(o, 'arwdDxt')],
    s: [item(o, 'rwU')],
    f: [item('', 'X'), item(o, 'X')],
    l: [item('', 'U'), item(o, 'U')],
    L: [item(o, 'rw')],
    n: [item(o, 'UC')],
    t: [item(o, 'C')],
    F: [item(o, 'U')],
    S: [item(o, 'U')],
    T: [item('', 'U'), item(o, 'U')],
    d: [item('', 'Tc'), item(o, 'CTc')],
    p: [item(o, 'sA')],
  };
  const list = lists[kind];
  if (!list) throw new DbError(SqlState.InternalError, `unrecognized objtype abbreviation: ${kind}`);
  return new ArrayValue(1033, list, list.length > 0 ? [list.length] : []);
}

/** Whether an ACL item grants (at least) what another one does, as aclcontains checks. */
function aclItemCovers(item: string, wanted: string): boolean {
  const parse = (s: string) => {
    const m = /^(.*)=([A-Za-z*]*)\/(.*)$/.exec(s)!;
    return { grantee: m[1]!, privs: m[2]!, grantor: m[3]! };
  };
  const a = parse(item);
  const b = parse(wanted);
  if (a.grantee !== b.grantee || a.grantor !== b.grantor) return false;
  for (const c of ACL_RIGHTS) {
    const want = b.privs.indexOf(c);
    if (want < 0) continue;
    const have = a.privs.indexOf(c);
    if (have < 0) return false;
    if (b.privs[want + 1] === '*' && a.privs[have + 1] !== '*') return false;
  }
  return true;
}

export const catalogInfoFunctions: FunctionTable = {
  format_type(a, ctx) {
    if (a[0] === null) return null;
    const session = sessionOf(ctx);
    return formatTypeName(a[0] as number, a[1] === null ? -1 : (a[1] as number), a[1] !== null, catalogServices().typeNaming(session, catalogOf(ctx)));
  },
  pg_table_is_visible: (a, ctx) => relationVisible(ctx, a[0] as number),
  pg_type_is_visible: (a, ctx) => typeVisible(ctx, a[0] as number),
  pg_function_is_visible(a, ctx) {
    const proc = builtins().procByOid.get(a[0] as number);
    if (!proc) return null;
    return proc.namespace === 'pg_catalog' || sessionOf(ctx).searchPath(true).includes(proc.namespace);
  },
  pg_operator_is_visible: (a) => (builtins().operatorByOid.has(a[0] as number) ? true : null),
  pg_collation_is_visible: (a) => ([100, 950, 951, 12340, 12341].includes(a[0] as number) ? true : null),
  pg_opclass_is_visible: () => null,
  pg_conversion_is_visible: () => null,
  to_regclass(a, ctx) {
    const text = a[0] as string;
    if (text.split('.').length > 3 && !text.includes('"')) {
      throw new DbError(SqlState.SyntaxError, `improper relation name (too many dotted names): ${text}`);
    }
    const rel = catalogServices().findRelation(sessionOf(ctx), catalogOf(ctx), catalogServices().parseQualifiedName(text));
    return rel ? rel.oid : null;
  },
  to_regtype: toReg(Oid.regtype, [SqlState.UndefinedObject, SqlState.InvalidSchemaName]),
  to_regproc: toReg(Oid.regproc, [SqlState.UndefinedFunction, SqlState.AmbiguousFunction, SqlState.InvalidSchemaName]),
  to_regprocedure: toReg(Oid.regprocedure, [SqlState.UndefinedFunction, SqlState.InvalidSchemaName, SqlState.UndefinedObject]),
  to_regoper: toReg(Oid.regoper, [SqlState.UndefinedFunction, SqlState.AmbiguousFunction, SqlState.InvalidSchemaName]),
  to_regoperator: toReg(Oid.regoperator, [SqlState.UndefinedFunction, SqlState.InvalidSchemaName, SqlState.UndefinedObject]),
  text_regclass: (a, ctx) => typeIO(Oid.regclass)!.input(a[0] as string, -1, ctx.types),
  to_regnamespace: (a, ctx) => catalogOf(ctx).namespaceByName(a[0] as string)?.oid ?? null,
  to_regrole: (a) => roleByName(a[0] as string)?.oid ?? null,
  pg_get_userbyid: (a) => roleByOid(a[0] as number)?.name ?? `unknown (OID=${a[0] as number})`,
  PG_encoding_to_char: (a) => ENCODING_NAMES[a[0] as number] ?? '',
  PG_char_to_encoding: (a) => encodingNumber(a[0] as string),
  pg_postmaster_start_time: () => SERVER_START,
  pg_conf_load_time: () => SERVER_START,
  pg_tablespace_location: () => '',
  pg_relation_is_publishable(a, ctx) {
    const rel = catalogServices().relationByOid(catalogOf(ctx), a[0] as number);
    return rel ? rel.relkind === 'r' && !rel.system : null;
  },
  acldefault_sql: (a) => aclDefault(a[0] as string, a[1] as number),
  aclitem_eq: (a) => a[0] === a[1],
  aclcontains: (a) => (a[0] as ArrayValue).elements.some((item) => item !== null && aclItemCovers(item as string, a[1] as string)),
};
