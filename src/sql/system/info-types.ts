// How information_schema describes a column's type (PostgreSQL's information_schema.sql helpers
// _pg_char_max_length, _pg_numeric_precision, ... and the data_type / udt_* columns):
// SQL-standard type names for built-in types, 'ARRAY' and 'USER-DEFINED' otherwise, lengths,
// precisions and scales from the typmod. The database encoding is UTF8, so a character's
// octet length is at most 4.
import { builtins } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { formatTypeName } from '../deparse/type-names.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';
import { enumOfType, relationOfRowType } from './catalog-objects.js';
import type { RowValues } from './columns.js';

const MAX_ENCODING_LENGTH = 4;

/** The schema and name of a type, as udt_schema / udt_name show them. */
export function typeSchemaAndName(catalog: CatalogTxn, type: number): [string | null, string | null] {
  const row = builtins().typeByOid.get(type);
  if (row) return [row.namespace, row.typname];
  const e = enumOfType(catalog, type);
  if (e) {
    const ns = catalog.get(e.namespaceOid);
    return [ns?.kind === 'namespace' ? ns.name : null, e.oid === type ? e.name : `_${e.name}`];
  }
  const rel = relationOfRowType(type);
  const r = rel && catalog.get(rel.relOid);
  if (r?.kind === 'relation') {
    const ns = catalog.get(r.namespaceOid);
    return [ns?.kind === 'namespace' ? ns.name : null, rel!.array ? `_${r.name}` : r.name];
  }
  return [null, null];
}

/** data_type: the SQL name of a pg_catalog type, 'ARRAY' for arrays, else 'USER-DEFINED'. */
export function dataType(catalog: CatalogTxn, type: number): string {
  const row = builtins().typeByOid.get(type);
  if (row && row.typelem !== 0 && row.typlen === -1) return 'ARRAY';
  if (row?.namespace === 'pg_catalog') return formatTypeName(type, -1, false);
  if (!row && (enumOfType(catalog, type)?.arrayOid === type || relationOfRowType(type)?.array)) return 'ARRAY';
  return 'USER-DEFINED';
}

function charMaxLength(type: number, typmod: number): Value {
  if (type === Oid.bpchar || type === Oid.varchar) return typmod === -1 ? null : typmod - 4;
  if (type === Oid.bit || type === Oid.varbit) return typmod === -1 ? null : typmod;
  return null;
}

function charOctetLength(type: number, typmod: number): Value {
  if (type !== Oid.bpchar && type !== Oid.varchar && type !== Oid.text) return null;
  return typmod === -1 ? 1073741824 : (typmod - 4) * MAX_ENCODING_LENGTH;
}

export function numericPrecision(type: number, typmod: number): Value {
  switch (type) {
    case Oid.int2:
      return 16;
    case Oid.int4:
      return 32;
    case Oid.int8:
      return 64;
    case Oid.numeric:
      return typmod === -1 ? null : ((typmod - 4) >> 16) & 65535;
    case Oid.float4:
      return 24;
    case Oid.float8:
      return 53;
    default:
      return null;
  }
}

function numericRadix(type: number): Value {
  if (type === Oid.int2 || type === Oid.int4 || type === Oid.int8 || type === Oid.float4 || type === Oid.float8) return 2;
  return type === Oid.numeric ? 10 : null;
}

function numericScale(type: number, typmod: number): Value {
  if (type === Oid.int2 || type === Oid.int4 || type === Oid.int8) return 0;
  if (type === Oid.numeric) return typmod === -1 ? null : (typmod - 4) & 65535;
  return null;
}

function datetimePrecision(type: number, typmod: number): Value {
  if (type === Oid.date) return 0;
  if (type === Oid.time || type === Oid.timetz || type === Oid.timestamp || type === Oid.timestamptz) return typmod === -1 ? 6 : typmod;
  if (type === Oid.interval) return typmod === -1 ? 6 : typmod & 65535;
  return null;
}

function intervalType(type: number, typmod: number): Value {
  if (type !== Oid.interval || typmod === -1) return null;
  const m = /^interval(?:\(\d+\))? (.*?)(?:\(\d+\))?$/.exec(formatTypeName(type, typmod, true));
  return m ? m[1]!.toUpperCase() : null;
}

/** The type columns of information_schema.columns (and the like) for a type and typmod. */
export function typeColumns(type: number, typmod: number): RowValues {
  return {
    character_maximum_length: charMaxLength(type, typmod),
    character_octet_length: charOctetLength(type, typmod),
    numeric_precision: numericPrecision(type, typmod),
    numeric_precision_radix: numericRadix(type),
    numeric_scale: numericScale(type, typmod),
    datetime_precision: datetimePrecision(type, typmod),
    interval_type: intervalType(type, typmod),
  };
}
