// The OID alias types (regtype, regproc, regprocedure, regoper, regoperator, regclass,
// regnamespace, regrole): an OID that prints as the object's name and reads a name back, as
// PostgreSQL's reg*in/reg*out do. '-' is OID 0; an OID with no object prints as its number.
// Binary form is the OID (uint32), as for oid. Names are looked up in the built-in catalog.
import { builtins } from '../../catalog/builtins.js';
import { BOOTSTRAP_NAMESPACES, BOOTSTRAP_ROLES } from '../../catalog/bootstrap.js';
import { formatType, quoteIdentifierIfNeeded } from '../../catalog/format-type.js';
import { DbError, SqlState } from '../../errors.js';
import { oidIO } from './int.js';
import type { TypeContext, TypeIO } from './typeio.js';

/** Lookup by name for one reg* type: returns the OID or throws PostgreSQL's error. */
type NameLookup = (name: string) => number;
type OidName = (oid: number) => string | undefined;

type ContextLookup = (text: string, ctx: TypeContext) => number;
type ContextName = (oid: number, ctx: TypeContext) => string | undefined;

function regIO(lookup: NameLookup | ContextLookup, name: OidName | ContextName): TypeIO {
  return {
    input(text, _typmod, ctx) {
      const t = text.trim();
      if (t === '-') return 0;
      if (/^\d+$/.test(t)) return oidIO.input(t, -1, ctx);
      return (lookup as ContextLookup)(t, ctx);
    },
    output(value, ctx) {
      const oid = value as number;
      if (oid === 0) return '-';
      return (name as ContextName)(oid, ctx) ?? String(oid);
    },
    receive: oidIO.receive,
    send: oidIO.send,
  };
}

/** Splits an optionally quoted, optionally qualified name: `pg_catalog."Foo"` -> [pg_catalog, Foo]. */
function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = '';
      while (j < text.length) {
        if (text[j] === '"' && text[j + 1] === '"') {
          part += '"';
          j += 2;
        } else if (text[j] === '"') break;
        else part += text[j++];
      }
      parts.push(part);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.') j++;
      parts.push(text.slice(i, j).trim().toLowerCase());
      i = j;
    }
    if (text[i] === '.') i++;
  }
  return parts;
}

const SQL_TYPE_NAMES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  'double precision': 'float8',
  float: 'float8',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  decimal: 'numeric',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'bit varying': 'varbit',
};

/** regtypein: a type name as SQL writes it, typmod and array brackets allowed. */
function lookupType(text: string): number {
  let t = text.trim();
  let array = false;
  if (t.endsWith('[]')) {
    array = true;
    t = t.slice(0, -2).trim();
  }
  t = t.replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)/, '').replace(/\s+/g, ' ').trim();
  const lowered = t.toLowerCase();
  let name = SQL_TYPE_NAMES[lowered] ?? null;
  if (!name) {
    const parts = splitQualified(t);
    if (parts.length > 2 || parts.some((p) => p === '' || /\s/.test(p))) {
      throw new DbError(SqlState.SyntaxError, `invalid type name "${text}"`);
    }
    if (parts.length === 2 && parts[0] !== 'pg_catalog') throw new DbError(SqlState.UndefinedObject, `type "${text}" does not exist`);
    name = parts[parts.length - 1]!;
  }
  const row = builtins().typeByName.get(name);
  if (!row) throw new DbError(SqlState.UndefinedObject, `type "${text}" does not exist`);
  return array ? row.typarray : row.oid;
}

function lookupFunction(text: string): number {
  const parts = splitQualified(text);
  const name = parts[parts.length - 1]!;
  const procs = (builtins().procsByName.get(name) ?? []).filter((p) => parts.length === 1 || p.namespace === parts[0]);
  if (procs.length === 0) throw new DbError(SqlState.UndefinedFunction, `function "${text}" does not exist`);
  if (procs.length > 1) throw new DbError(SqlState.AmbiguousFunction, `more than one function named "${text}"`);
  return procs[0]!.oid;
}

/** regprocedurein: `name(type, type)`. */
function lookupFunctionWithArgs(text: string): number {
  const m = /^\s*(.+?)\s*\((.*)\)\s*$/.exec(text);
  if (!m) throw new DbError(SqlState.SyntaxError, 'expected a left parenthesis');
  const name = splitQualified(m[1]!).at(-1)!;
  const args = m[2]!.trim() === '' ? [] : m[2]!.split(',').map((a) => lookupType(a));
  const proc = (builtins().procsByName.get(name) ?? []).find(
    (p) => p.proargtypes.length === args.length && p.proargtypes.every((t, i) => t === args[i]),
  );
  if (!proc) throw new DbError(SqlState.UndefinedFunction, `function "${text}" does not exist`);
  return proc.oid;
}

function lookupOperator(text: string): number {
  const ops = builtins().operatorsByName.get(splitQualified(text).at(-1)!) ?? [];
  if (ops.length === 0) throw new DbError(SqlState.UndefinedFunction, `operator does not exist: ${text}`);
  if (ops.length > 1) throw new DbError(SqlState.AmbiguousFunction, `more than one operator named ${text}`);
  return ops[0]!.oid;
}

function lookupOperatorWithArgs(text: string): number {
  const m = /^\s*(.+?)\s*\((.*)\)\s*$/.exec(text);
  if (!m) throw new DbError(SqlState.SyntaxError, 'expected a left parenthesis');
  const [left, right] = m[2]!.split(',').map((a) => a.trim());
  const l = !left || left.toLowerCase() === 'none' ? 0 : lookupType(left);
  const r = !right || right.toLowerCase() === 'none' ? 0 : lookupType(right);
  const op = (builtins().operatorsByName.get(m[1]!) ?? []).find((o) => o.oprleft === l && o.oprright === r);
  if (!op) throw new DbError(SqlState.UndefinedFunction, `operator does not exist: ${text}`);
  return op.oid;
}

function procName(oid: number): string | undefined {
  return builtins().procByOid.get(oid)?.proname;
}

function procSignature(oid: number): string | undefined {
  const p = builtins().procByOid.get(oid);
  if (!p) return undefined;
  return `${quoteIdentifierIfNeeded(p.proname)}(${p.proargtypes.map((t) => formatType(t)).join(',')})`;
}

function operatorName(oid: number): string | undefined {
  const o = builtins().operatorByOid.get(oid);
  if (!o) return undefined;
  const unique = (builtins().operatorsByName.get(o.oprname) ?? []).length === 1;
  return unique ? o.oprname : `pg_catalog.${o.oprname}`;
}

function operatorSignature(oid: number): string | undefined {
  const o = builtins().operatorByOid.get(oid);
  if (!o) return undefined;
  const side = (t: number) => (t === 0 ? 'NONE' : formatType(t));
  return `${o.oprname}(${side(o.oprleft)},${side(o.oprright)})`;
}

function byName(list: readonly { oid: number; name: string }[], what: string, code: string) {
  return {
    lookup: (text: string) => {
      const name = splitQualified(text)[0]!;
      const found = list.find((e) => e.name === name);
      if (!found) throw new DbError(code, `${what} "${name}" does not exist`);
      return found.oid;
    },
    name: (oid: number) => {
      const found = list.find((e) => e.oid === oid);
      return found ? quoteIdentifierIfNeeded(found.name) : undefined;
    },
  };
}

const namespaces = byName(BOOTSTRAP_NAMESPACES, 'schema', SqlState.InvalidSchemaName);
const roles = byName(BOOTSTRAP_ROLES, 'role', SqlState.UndefinedObject);

export const regtypeIO = regIO((text, ctx) => ctx?.names?.typeOid?.(text) ?? lookupType(text), (oid, ctx) => (builtins().typeByOid.has(oid) ? formatType(oid) : ctx?.names?.typeName(oid)));
export const regprocIO = regIO(lookupFunction, procName);
export const regprocedureIO = regIO(lookupFunctionWithArgs, procSignature);
export const regoperIO = regIO(lookupOperator, operatorName);
export const regoperatorIO = regIO(lookupOperatorWithArgs, operatorSignature);
export const regclassIO = regIO(
  (text, ctx) => {
    if (!ctx?.names) throw new DbError(SqlState.UndefinedTable, `relation "${text}" does not exist`);
    return ctx.names.relationOid(text);
  },
  (oid, ctx) => ctx?.names?.relationName(oid),
);
export const regnamespaceIO = regIO(
  (text, ctx) => ctx?.names?.namespaceOid?.(splitQualified(text)[0]!) ?? namespaces.lookup(text),
  (oid, ctx) => namespaces.name(oid) ?? ctx?.names?.namespaceName?.(oid),
);
export const regroleIO = regIO(roles.lookup, roles.name);


