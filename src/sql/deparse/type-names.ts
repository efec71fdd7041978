// Type names as PostgreSQL's format_type family prints them, for deparsed SQL and
// format_type(): SQL spellings ("integer", "character varying(10)"), a typmod only for types
// that have one (typmodout), interval field ranges, "[]" for arrays, and names of types outside
// the search path qualified with their schema. `typmodGiven` is format_type's distinction
// between a NULL typmod and -1: with a typmod given, bpchar and bit without one print as
// `bpchar` and `"bit"` (so they do not read back as character(1) / bit(1)).
import { builtins } from '../../catalog/builtins.js';
import { formatType, quoteIdentifierIfNeeded } from '../../catalog/format-type.js';
import { DbError, SqlState } from '../../errors.js';
import { Oid } from '../types/oids.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';

/** How user types (enums, row types) and schema visibility are resolved; absent: built-ins only. */
export interface TypeNaming {
  /** A user type's name, qualified when its schema is not on the search path; undefined if unknown. */
  userTypeName(oid: number): string | undefined;
  /** Whether a schema is on the search path. */
  schemaVisible(name: string): boolean;
}

const INTERVAL_RANGES = new Map<number, string>([
  [4, ' year'],
  [2, ' month'],
  [8, ' day'],
  [1024, ' hour'],
  [2048, ' minute'],
  [4096, ' second'],
  [6, ' year to month'],
  [1032, ' day to hour'],
  [3080, ' day to minute'],
  [7176, ' day to second'],
  [3072, ' hour to minute'],
  [7168, ' hour to second'],
  [6144, ' minute to second'],
  [0x7fff, ''],
]);

/** The types format_type spells the SQL way (format_type_extended's special cases). */
const SQL_SPELLED: ReadonlySet<number> = new Set([
  Oid.bit,
  Oid.bool,
  Oid.bpchar,
  Oid.float4,
  Oid.float8,
  Oid.int2,
  Oid.int4,
  Oid.int8,
  Oid.numeric,
  Oid.interval,
  Oid.time,
  Oid.timetz,
  Oid.timestamp,
  Oid.timestamptz,
  Oid.varbit,
  Oid.varchar,
]);

/** intervaltypmodout: the field range, then the precision. */
function intervalTypmod(typmod: number): string {
  const range = (typmod >> 16) & 0x7fff;
  const precision = typmod & 0xffff;
  const fields = INTERVAL_RANGES.get(range);
  if (fields === undefined || (precision !== 0xffff && precision > 6)) {
    throw new DbError(SqlState.InternalError, `invalid INTERVAL typmod: 0x${typmod.toString(16)}`);
  }
  return `${fields}${precision === 0xffff ? '' : `(${precision})`}`;
}

/** format_type_extended: `typmodGiven` false is format_type(oid, NULL). */
export function formatTypeName(oid: number, typmod: number, typmodGiven: boolean, naming?: TypeNaming): string {
  const row = builtins().typeByOid.get(oid);
  if (!row) return naming?.userTypeName(oid) ?? '???';
  if (row.typcategory === 'A' && row.typelem !== 0 && row.typlen === -1 && row.typstorage !== 'p') {
    return `${formatTypeName(row.typelem, typmod, typmodGiven, naming)}[]`;
  }
  const mod = row.typmodout === '-' ? -1 : typmod;
  if (mod < 0 && typmodGiven) {
    if (oid === Oid.bpchar) return 'bpchar';
    if (oid === Oid.bit) return '"bit"';
  }
  if (oid === Oid.interval && mod >= 0) return `interval${intervalTypmod(mod)}`;
  if (row.namespace !== 'pg_catalog' && !(naming?.schemaVisible(row.namespace) ?? false)) {
    return `${quoteIdentifierIfNeeded(row.namespace)}.${quoteIdentifierIfNeeded(row.typname)}`;
  }
  // types without an SQL spelling print as identifiers, quoted where needed ("any", "char")
  return SQL_SPELLED.has(oid) ? formatType(oid, mod) : quoteIdentifier(row.typname);
}
