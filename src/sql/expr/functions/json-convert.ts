// SQL values as JSON, the way to_json / to_jsonb and the json(b)_build_* functions convert
// them (PostgreSQL's json_categorize_type + datum_to_json / datum_to_jsonb):
//   bool                        true / false
//   int2..int8, float, numeric  a JSON number; NaN and ±Infinity become strings
//   date, timestamp(tz)         ISO 8601 strings: "2024-01-02", "2024-01-02T03:04:05",
//                               "2024-01-02T03:04:05+00:00" (the session zone); "infinity"
//   json / jsonb                embedded as they are (jsonb gets json parsed)
//   arrays                      JSON arrays, nested per dimension
//   rows (record, composite)    JSON objects: field name → field value (composite_to_json)
//   anything else               its text output as a JSON string
// As an object key (`key` true) every value becomes a string, and json, jsonb, arrays and rows
// are refused with 22023. Unknown-type literals count as text.
// Requires: value is not null and has the representation of type `type`.
import { DbError, SqlState } from '../../../errors.js';
import { formatType } from '../../../catalog/format-type.js';
import { pad, formatSeconds } from '../../types/datetime-format.js';
import { timestampToFields, ymdFromDate } from '../../types/datetime-calendar.js';
import { Oid } from '../../types/oids.js';
import { escapeJson, jsonbToText } from '../../types/jsonb-output.js';
import { parseJsonbNode } from '../../types/jsonb.js';
import { Jsonb, makeObject, type JsonbNode } from '../../types/jsonb-value.js';
import { Numeric } from '../../types/numeric.js';
import { typeIO } from '../../types/index.js';
import type { TypeContext } from '../../types/typeio.js';
import { ArrayValue, DATE_NOBEGIN, DATE_NOEND, RecordValue, TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, type Value } from '../../types/value.js';

const NUMBER_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8, Oid.float4, Oid.float8, Oid.numeric]);

function keyMustBeScalar(): DbError {
  return new DbError(SqlState.InvalidParameterValue, 'key value must be scalar, not array, composite, or json');
}

/** The text output of any value, through its type's output function. */
function outputText(value: Value, type: number, ctx: TypeContext): string {
  if (type === Oid.unknown || type === Oid.text || type === Oid.varchar) return value as string;
  const io = typeIO(type);
  if (!io) throw new DbError(SqlState.FeatureNotSupported, `conversion of type ${formatType(type)} to json is not supported yet`);
  return io.output(value, ctx);
}

/** IsValidJsonNumber: does a numeric type's output read as a JSON number? */
function isJsonNumber(s: string): boolean {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(s);
}

function xsdOffset(east: number): string {
  const a = Math.abs(east);
  const hours = Math.floor(a / 3600);
  const minutes = Math.floor((a % 3600) / 60);
  const seconds = a % 60;
  const out = (east >= 0 ? '+' : '-') + pad(hours, 2) + ':' + pad(minutes, 2);
  return seconds !== 0 ? out + ':' + pad(seconds, 2) : out;
}

/** JsonEncodeDateTime for date, timestamp and timestamptz (XSD style). */
function encodeDateTime(value: Value, type: number, ctx: TypeContext): string {
  if (type === Oid.date) {
    const d = value as number;
    if (d === DATE_NOEND) return 'infinity';
    if (d === DATE_NOBEGIN) return '-infinity';
    const [year, month, day] = ymdFromDate(d);
    return pad(year > 0 ? year : 1 - year, 4) + '-' + pad(month, 2) + '-' + pad(day, 2) + (year <= 0 ? ' BC' : '');
  }
  const ts = value as bigint;
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  const offset = type === Oid.timestamptz ? ctx.timeZone.offsetAtUtc(ts) : null;
  const f = timestampToFields(offset === null ? ts : ts + BigInt(offset) * 1_000_000n);
  if (f === null) throw new DbError(SqlState.DatetimeFieldOverflow, 'timestamp out of range');
  const year = f.year > 0 ? f.year : 1 - f.year;
  let out = pad(year, 4) + '-' + pad(f.month, 2) + '-' + pad(f.day, 2) + 'T';
  out += pad(f.hour, 2) + ':' + pad(f.minute, 2) + ':' + formatSeconds(f.second, f.fsec);
  if (offset !== null) out += xsdOffset(offset);
  return f.year <= 0 ? out + ' BC' : out;
}

function isDateTime(type: number): boolean {
  return type === Oid.date || type === Oid.timestamp || type === Oid.timestamptz;
}

/** datum_to_json: a value as json text (arrays without spaces, as array_to_json prints them). */
export function valueToJsonText(value: Value, type: number, ctx: TypeContext, key = false): string {
  if (value instanceof ArrayValue) {
    if (key) throw keyMustBeScalar();
    return arrayToJsonText(value, ctx, false);
  }
  if (value instanceof RecordValue) {
    if (key) throw keyMustBeScalar();
    return recordToJsonText(value, ctx, false);
  }
  if (key && (type === Oid.json || type === Oid.jsonb)) throw keyMustBeScalar();
  if (type === Oid.bool) return key ? escapeJson(value ? 'true' : 'false') : value ? 'true' : 'false';
  if (NUMBER_TYPES.has(type)) {
    const text = outputText(value, type, ctx);
    return !key && isJsonNumber(text) ? text : escapeJson(text);
  }
  if (isDateTime(type)) return escapeJson(encodeDateTime(value, type, ctx));
  if (type === Oid.json) return value as string;
  if (type === Oid.jsonb) return jsonbToText((value as Jsonb).root);
  return escapeJson(outputText(value, type, ctx));
}

/** datum_to_jsonb: a value as a jsonb node (an object key always as a string). */
export function valueToJsonbNode(value: Value, type: number, ctx: TypeContext, key = false): JsonbNode {
  if (value instanceof ArrayValue) {
    if (key) throw keyMustBeScalar();
    return arrayToJsonb(value, ctx);
  }
  if (value instanceof RecordValue) {
    if (key) throw keyMustBeScalar();
    const values = value.fields.map((v, i) => (v === null ? null : valueToJsonbNode(v, value.desc.types[i]!, ctx)));
    return makeObject(value.desc.names.slice(), values);
  }
  if (key) {
    if (type === Oid.json || type === Oid.jsonb) throw keyMustBeScalar();
    if (type === Oid.bool) return value ? 'true' : 'false';
    return isDateTime(type) ? encodeDateTime(value, type, ctx) : outputText(value, type, ctx);
  }
  if (type === Oid.bool) return value as boolean;
  if (NUMBER_TYPES.has(type)) {
    if (type === Oid.numeric && (value as Numeric).isFinite()) return value as Numeric;
    const text = outputText(value, type, ctx);
    return /[nN]/.test(text) ? text : Numeric.parse(text);
  }
  if (isDateTime(type)) return encodeDateTime(value, type, ctx);
  if (type === Oid.json) return parseJsonbNode(value as string);
  if (type === Oid.jsonb) return (value as Jsonb).root;
  return outputText(value, type, ctx);
}

/**
 * array_to_json: nested per dimension, no spaces; with `lineFeeds` the outermost dimension's
 * elements are separated by ",\n " (array_to_json(a, true)).
 */
export function arrayToJsonText(a: ArrayValue, ctx: TypeContext, lineFeeds: boolean): string {
  if (a.dims.length === 0) return '[]';
  let next = 0;
  const level = (d: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < a.dims[d]!; i++) {
      if (d + 1 < a.dims.length) parts.push(level(d + 1));
      else {
        const e = a.elements[next++]!;
        parts.push(e === null ? 'null' : valueToJsonText(e, a.elementType, ctx));
      }
    }
    return '[' + parts.join(d === 0 && lineFeeds ? ',\n ' : ',') + ']';
  };
  return level(0);
}

/**
 * composite_to_json: `{"name":value,...}`, no spaces; with `lineFeeds` the fields are separated
 * by ",\n " (row_to_json(r, true)).
 */
export function recordToJsonText(r: RecordValue, ctx: TypeContext, lineFeeds: boolean): string {
  const parts = r.fields.map((v, i) => escapeJson(r.desc.names[i]!) + ':' + (v === null ? 'null' : valueToJsonText(v, r.desc.types[i]!, ctx)));
  return '{' + parts.join(lineFeeds ? ',\n ' : ',') + '}';
}

function arrayToJsonb(a: ArrayValue, ctx: TypeContext): JsonbNode[] {
  if (a.dims.length === 0) return [];
  let next = 0;
  const level = (d: number): JsonbNode[] => {
    const out: JsonbNode[] = [];
    for (let i = 0; i < a.dims[d]!; i++) {
      if (d + 1 < a.dims.length) out.push(level(d + 1));
      else {
        const e = a.elements[next++]!;
        out.push(e === null ? null : valueToJsonbNode(e, a.elementType, ctx));
      }
    }
    return out;
  };
  return level(0);
}
