// Turning JSON objects into SQL rows, as json(b)_to_record(set) do with a column definition
// list (PostgreSQL's populate_record_field): each column takes the object member of its exact
// name (a missing member or a JSON null gives NULL; of duplicate json keys the last wins):
//   json / jsonb columns    the member as JSON (a json string is re-escaped, jsonb kept)
//   array columns           a JSON array, nested per dimension (sub-arrays must match in
//                           length); a JSON string is read by the array type's input instead
//   other columns           the type's input function with the column's typmod, given a
//                           string's value, or else the member's JSON text
// json (text) and jsonb sources are read through one small view, so both follow one algorithm.
// The scalar forms of json(b)_to_record cannot say which columns they return; called outside
// FROM they fail as in PostgreSQL.
import { DbError, SqlState } from '../../../errors.js';
import { formatType } from '../../../catalog/format-type.js';
import { arrayTypeInfo, MAX_DIMS, tooManyDimensions } from '../../types/array.js';
import { typeIO } from '../../types/index.js';
import { jsonSource, parseJsonTree, type JsonTree } from '../../types/json-tree.js';
import { parseJsonb } from '../../types/jsonb.js';
import { escapeJson, jsonbToText } from '../../types/jsonb-output.js';
import { Jsonb, JsonbObject, jsonbKind, type JsonbKind, type JsonbNode } from '../../types/jsonb-value.js';
import { Oid } from '../../types/oids.js';
import type { TypeContext } from '../../types/typeio.js';
import { ArrayValue, type Value } from '../../types/value.js';
import type { FunctionTable } from './registry.js';

/** One JSON value, from json text or from jsonb. */
export interface JsonView {
  readonly kind: JsonbKind;
  /** Elements of an array. */
  items(): JsonView[];
  /** A member of an object (the last of duplicate keys), or undefined. */
  field(key: string): JsonView | undefined;
  /** Input for a scalar column: a string's value, else the JSON text. */
  scalarText(): string;
  /** The value as a json column holds it. */
  asJson(): string;
  asJsonb(): Jsonb;
}

/** A column a record is populated into. */
export interface PopulateColumn {
  name: string;
  type: number;
  typmod: number;
}

// ---- views ----------------------------------------------------------------------------------

/** A view of a node of parsed json text. */
export function jsonTreeView(text: string, node: JsonTree): JsonView {
  return {
    kind: node.kind,
    items: () => (node.kind === 'array' ? node.items.map((n) => jsonTreeView(text, n)) : []),
    field: (key) => {
      if (node.kind !== 'object') return undefined;
      for (let i = node.keys.length - 1; i >= 0; i--) if (node.keys[i] === key) return jsonTreeView(text, node.values[i]!);
      return undefined;
    },
    scalarText: () => (node.kind === 'string' ? node.value : jsonSource(text, node)),
    asJson: () => (node.kind === 'string' ? escapeJson(node.value) : jsonSource(text, node)),
    asJsonb: () => parseJsonb(node.kind === 'string' ? escapeJson(node.value) : jsonSource(text, node)),
  };
}

/** A view of a jsonb node. */
export function jsonbView(node: JsonbNode): JsonView {
  return {
    kind: jsonbKind(node),
    items: () => (Array.isArray(node) ? node.map(jsonbView) : []),
    field: (key) => {
      const v = node instanceof JsonbObject ? node.get(key) : undefined;
      return v === undefined ? undefined : jsonbView(v);
    },
    scalarText: () => (typeof node === 'string' ? node : jsonbToText(node)),
    asJson: () => jsonbToText(node),
    asJsonb: () => new Jsonb(node),
  };
}

/** The view of a json argument (parsed, strings de-escaped). */
export function parseJsonView(text: string): JsonView {
  return jsonTreeView(text, parseJsonTree(text));
}

// ---- population -----------------------------------------------------------------------------

/** populate_record_field: one JSON value as a value of `type`. */
export function populateField(v: JsonView, type: number, typmod: number, colname: string, ctx: TypeContext): Value {
  if (v.kind === 'null') return null;
  if (type === Oid.json) return v.asJson();
  if (type === Oid.jsonb) return v.asJsonb();
  const array = arrayTypeInfo(type);
  if (array && v.kind !== 'string') return populateArray(v, array.elementType, typmod, colname, ctx);
  const io = typeIO(type);
  if (!io) throw new DbError(SqlState.FeatureNotSupported, `conversion of json to type ${formatType(type)} is not supported yet`);
  return io.input(v.scalarText(), typmod, ctx);
}

/** A row of `columns` from a JSON object. Requires: obj.kind is 'object'. */
export function populateRecord(obj: JsonView, columns: readonly PopulateColumn[], ctx: TypeContext): Value[] {
  return columns.map((c) => {
    const v = obj.field(c.name);
    return v === undefined ? null : populateField(v, c.type, c.typmod, c.name, ctx);
  });
}

/** populate_array: nested JSON arrays as a (multi-dimensional) SQL array. */
function populateArray(v: JsonView, elementType: number, typmod: number, colname: string, ctx: TypeContext): ArrayValue {
  let ndims = 0;
  let dims: number[] = [];
  let sizes: number[] = [];
  const elements: Value[] = [];

  const expectedArray = (ndim: number): DbError => {
    const where = ndim <= 0 ? 'value' : 'array element ' + sizes.slice(0, ndim).map((s) => `[${s}]`).join('');
    return new DbError(SqlState.InvalidTextRepresentation, 'expected JSON array', { hint: `See the ${where} of key "${colname}".` });
  };
  const assignNdims = (n: number): void => {
    if (n > MAX_DIMS) throw tooManyDimensions(n);
    ndims = n;
    dims = new Array<number>(n).fill(-1);
    sizes = new Array<number>(n).fill(0);
  };
  const checkDimension = (ndim: number): void => {
    const size = sizes[ndim]!;
    if (dims[ndim] === -1) dims[ndim] = size;
    else if (dims[ndim] !== size) {
      throw new DbError(SqlState.InvalidTextRepresentation, 'malformed JSON array', {
        detail: 'Multidimensional arrays must have sub-arrays with matching dimensions.',
      });
    }
    sizes[ndim] = 0;
    if (ndim > 0) sizes[ndim - 1]!++;
  };
  const dimension = (sub: JsonView, ndim: number): void => {
    if (sub.kind !== 'array') throw expectedArray(ndim - 1);
    const items = sub.items();
    if (ndims <= 0 && (items.length === 0 || items[0]!.kind !== 'array')) assignNdims(ndim);
    for (const item of items) {
      if (ndims > 0 && ndim >= ndims) {
        elements.push(populateField(item, elementType, typmod, colname, ctx));
        sizes[ndim - 1]!++;
      } else {
        dimension(item, ndim + 1);
        checkDimension(ndim);
      }
    }
  };

  dimension(v, 1);
  dims[0] = sizes[0]!;
  if (elements.length === 0) return new ArrayValue(elementType, [], []);
  return new ArrayValue(elementType, elements, dims);
}

/** The error of json(b)_to_record(set) called where no column definition list applies. */
export function rowTypeUnknown(fn: string): DbError {
  return new DbError(SqlState.FeatureNotSupported, `could not determine row type for result of ${fn}`, {
    hint: 'Provide a non-null record argument, or call the function in the FROM clause using a column definition list.',
  });
}

export const jsonPopulateFunctions: FunctionTable = {
  json_to_record: () => {
    throw rowTypeUnknown('json_to_record');
  },
  jsonb_to_record: () => {
    throw rowTypeUnknown('jsonb_to_record');
  },
};
