// Resolves a TypeName from the parse tree (`varchar(10)`, `pg_catalog.int4`, `text[]`,
// `timestamp(3) with time zone`) to a type OID and typmod, checking type modifiers as each
// type's typmodin function does.
import { builtins } from '../../catalog/builtins.js';
import { SqlState } from '../../errors.js';
import type { Node } from '../parser.js';
import { Oid, VARHDRSZ, numericTypmod } from '../types/oids.js';
import { enumOfArrayType } from '../types/enum-oids.js';
import type { ParseState } from './parse-state.js';
import { ROW_ARRAY_BASE, ROW_TYPE_BASE } from '../system/catalog-objects.js';

export interface ResolvedType {
  oid: number;
  typmod: number;
}

/** The string parts of a qualified name list ([{String:{sval}}...]). */
export function nameParts(list: Node[] | undefined): string[] {
  return (list ?? []).map((n: Node) => (n.String?.sval ?? '') as string);
}

function intTypmods(ps: ParseState, typeName: Node): number[] {
  const mods: Node[] = typeName.typmods ?? [];
  return mods.map((m: Node) => {
    const c = m.A_Const;
    if (c && (c.ival !== undefined || c.isnull === undefined) && !c.sval && !c.fval) return Number(c.ival?.ival ?? 0);
    throw ps.error(SqlState.SyntaxError, 'type modifiers must be simple constants or identifiers', typeName.location);
  });
}

/** Looks a type up by (possibly qualified) name. */
export function lookupTypeByName(names: string[]): number | undefined {
  const name = names[names.length - 1]!;
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  if (schema !== undefined && schema !== 'pg_catalog') return undefined;
  return builtins().typeByName.get(name)?.oid;
}

/** A user type (an enum, or a table's or view's row type) by name, along the search path. */
function lookupUserType(ps: ParseState, names: string[]): number | undefined {
  const env = ps.env;
  if (!env) return undefined;
  const name = names[names.length - 1]!;
  const schemas = names.length > 1 ? [names[names.length - 2]!] : env.session.searchPath(false);
  for (const schema of schemas) {
    const ns = env.catalog.namespaceByName(schema);
    const t = ns && env.catalog.typeByName(ns.oid, name);
    if (t) return t.oid;
    const arrayOf = name.startsWith('_') && ns ? env.catalog.typeByName(ns.oid, name.slice(1)) : undefined;
    if (arrayOf) return arrayOf.arrayOid;
    const relation = ns && env.catalog.relationByName(ns.oid, name);
    if (relation && (relation.relkind === 'r' || relation.relkind === 'v')) return ROW_TYPE_BASE + relation.oid;
  }
  return undefined;
}

/** PostgreSQL's typenameTypeIdAndMod. */
export function resolveTypeName(ps: ParseState, typeName: Node): ResolvedType {
  const names = nameParts(typeName.names);
  if (typeName.pct_type) throw ps.error(SqlState.FeatureNotSupported, '%TYPE references are not supported yet', typeName.location);
  if (typeName.setof) throw ps.error(SqlState.FeatureNotSupported, 'SETOF types are not supported here', typeName.location);
  const oid = lookupTypeByName(names) ?? lookupUserType(ps, names);
  if (oid === undefined) {
    throw ps.error(SqlState.UndefinedObject, `type "${names.join('.')}" does not exist`, typeName.location);
  }
  const user = ps.env?.catalog.get(enumOfArrayType(oid) || oid); // an enum, or the enum of an array type
  if (user?.kind === 'enum') {
    if (typeName.typmods) throw ps.error(SqlState.SyntaxError, `type modifier is not allowed for type "${user.name}"`, typeName.location);
    return { oid: typeName.arrayBounds?.length ? user.arrayOid : oid, typmod: -1 };
  }
  if (oid >= ROW_TYPE_BASE) {
    // a table's or view's row type
    if (typeName.typmods) throw ps.error(SqlState.SyntaxError, `type modifier is not allowed for type "${names[names.length - 1]}"`, typeName.location);
    return { oid: typeName.arrayBounds?.length ? oid - ROW_TYPE_BASE + ROW_ARRAY_BASE : oid, typmod: -1 };
  }
  const row = builtins().type(oid);
  if (row.typisdefined === false) {
    throw ps.error(SqlState.UndefinedObject, `type "${names.join('.')}" is only a shell`, typeName.location);
  }
  // an array type takes its element type's modifiers (_varchar(3) is varchar(3)[])
  const typmodType = row.typcategory === 'A' && row.typelem !== 0 && row.typmodin !== '-' ? row.typelem : oid;
  const typmod = typeName.typmods ? applyTypmodIn(ps, typmodType, intTypmods(ps, typeName), typeName.location) : -1;
  if (typeName.arrayBounds && typeName.arrayBounds.length > 0) {
    const arrayOid = row.typarray;
    if (!arrayOid) throw ps.error(SqlState.UndefinedObject, `type "${names.join('.')}[]" does not exist`, typeName.location);
    return { oid: arrayOid, typmod };
  }
  return { oid, typmod };
}

/** The typmodin functions of the built-in types. */
function applyTypmodIn(ps: ParseState, oid: number, mods: number[], location: number): number {
  switch (oid) {
    case Oid.varchar:
    case Oid.bpchar: {
      const label = oid === Oid.varchar ? 'varchar' : 'char';
      if (mods.length !== 1) throw ps.error(SqlState.InvalidParameterValue, 'invalid type modifier', location);
      const n = mods[0]!;
      if (n < 1) throw ps.error(SqlState.InvalidParameterValue, `length for type ${label} must be at least 1`, location);
      if (n > 10485760) throw ps.error(SqlState.InvalidParameterValue, `length for type ${label} cannot exceed 10485760`, location);
      return n + VARHDRSZ;
    }
    case Oid.numeric: {
      if (mods.length < 1 || mods.length > 2) throw ps.error(SqlState.InvalidParameterValue, 'invalid NUMERIC type modifier', location);
      const [precision, scale = 0] = mods as [number, number?];
      if (precision < 1 || precision > 1000) {
        throw ps.error(SqlState.InvalidParameterValue, `NUMERIC precision ${precision} must be between 1 and 1000`, location);
      }
      if (scale < -1000 || scale > 1000) {
        throw ps.error(SqlState.InvalidParameterValue, `NUMERIC scale ${scale} must be between -1000 and 1000`, location);
      }
      return numericTypmod(precision, scale);
    }
    case Oid.time:
    case Oid.timetz:
    case Oid.timestamp:
    case Oid.timestamptz: {
      const label = oid === Oid.time || oid === Oid.timetz ? 'TIME' : 'TIMESTAMP';
      const tz = oid === Oid.timetz || oid === Oid.timestamptz ? ' WITH TIME ZONE' : '';
      if (mods.length !== 1) throw ps.error(SqlState.InvalidParameterValue, 'invalid type modifier', location);
      const p = mods[0]!;
      if (p < 0) throw ps.error(SqlState.InvalidParameterValue, `${label}(${p})${tz} precision must not be negative`, location);
      if (p > 6) ps.warning(`${label}(${p})${tz} precision reduced to maximal allowed, 6`, location);
      return Math.min(p, 6);
    }
    case Oid.interval: {
      // the grammar passes [fields mask] or [fields mask, precision]
      const range = mods[0] ?? 0x7fff;
      const precision = mods.length > 1 ? mods[1]! : 0xffff;
      if (mods.length > 1 && (precision < 0)) {
        throw ps.error(SqlState.InvalidParameterValue, `INTERVAL(${precision}) precision must not be negative`, location);
      }
      return ((range & 0x7fff) << 16) | (Math.min(precision, 6) & 0xffff);
    }
    case Oid.bit:
    case Oid.varbit: {
      if (mods.length !== 1 || mods[0]! < 1) {
        throw ps.error(SqlState.InvalidParameterValue, `length for type ${oid === Oid.bit ? 'bit' : 'varbit'} must be at least 1`, location);
      }
      return mods[0]!;
    }
    default:
      throw ps.error(SqlState.SyntaxError, `type modifier is not allowed for type "${builtins().type(oid).typname}"`, location);
  }
}
