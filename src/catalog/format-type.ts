// Type names as PostgreSQL prints them (format_type): SQL-standard spellings for the
// built-in types ("integer", "character varying(10)", "timestamp with time zone"), "[]" for
// arrays, the typname otherwise. Used in error messages and by format_type().
import { Oid, VARHDRSZ, numericTypmodParts } from '../sql/types/oids.js';
import { builtins } from './builtins.js';

const SQL_NAMES: Record<number, string> = {
  [Oid.bit]: 'bit',
  [Oid.bool]: 'boolean',
  [Oid.bpchar]: 'character',
  [Oid.float4]: 'real',
  [Oid.float8]: 'double precision',
  [Oid.int2]: 'smallint',
  [Oid.int4]: 'integer',
  [Oid.int8]: 'bigint',
  [Oid.numeric]: 'numeric',
  [Oid.interval]: 'interval',
  [Oid.time]: 'time without time zone',
  [Oid.timetz]: 'time with time zone',
  [Oid.timestamp]: 'timestamp without time zone',
  [Oid.timestamptz]: 'timestamp with time zone',
  [Oid.varbit]: 'bit varying',
  [Oid.varchar]: 'character varying',
};

/** A type's typmod as PostgreSQL appends it: "(10)", "(10,2)", "(3)". */
function typmodSuffix(oid: number, typmod: number): string {
  if (typmod < 0) return '';
  switch (oid) {
    case Oid.bpchar:
    case Oid.varchar:
      return `(${typmod - VARHDRSZ})`;
    case Oid.numeric: {
      const parts = numericTypmodParts(typmod);
      return parts ? `(${parts.precision},${parts.scale})` : '';
    }
    case Oid.bit:
    case Oid.varbit:
      return `(${typmod})`;
    default:
      return `(${typmod})`;
  }
}

/** Needs double quotes to be read back as the same identifier? */
export function quoteIdentifierIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * PostgreSQL's format_type: `typmod` -1 for none. Names of types a user created go through
 * `userTypeName` (the session's catalog), when given.
 */
export function formatType(oid: number, typmod = -1, userTypeName?: (oid: number) => string | undefined): string {
  const row = builtins().typeByOid.get(oid);
  if (!row) return userTypeName?.(oid) ?? '???';
  if (row.typcategory === 'A' && row.typelem !== 0 && row.typlen === -1 && row.typstorage !== 'p') {
    return `${formatType(row.typelem, typmod, userTypeName)}[]`;
  }
  const sqlName = SQL_NAMES[oid];
  if (sqlName) {
    if (typmod < 0) return sqlName;
    const suffix = typmodSuffix(oid, typmod);
    if (oid === Oid.time || oid === Oid.timetz || oid === Oid.timestamp || oid === Oid.timestamptz) {
      const [base, ...rest] = sqlName.split(' ');
      return `${base}${suffix} ${rest.join(' ')}`;
    }
    return `${sqlName}${suffix}`;
  }
  const name = row.typname === 'char' ? '"char"' : quoteIdentifierIfNeeded(row.typname);
  return typmod >= 0 ? `${name}${typmodSuffix(oid, typmod)}` : name;
}
