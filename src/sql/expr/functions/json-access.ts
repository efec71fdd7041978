// Field and element access for json and jsonb: -> and ->> (text key or int subscript, negative
// subscripts from the end), #> and #>> (a text[] path), json(b)_typeof, json(b)_array_length.
// json (text) results are the sub-value's source text, exactly as written; jsonb results are
// sub-trees. ->> and #>> give a string's value, SQL NULL for a JSON null, else the JSON text.
// PostgreSQL's quirks kept: a jsonb scalar answers `-> 0` with itself (it is a one-element
// pseudo-array) but not a path; a path with a NULL element is NULL.
// Requires: no null arguments (all are strict).
import { DbError, SqlState } from '../../../errors.js';
import { jsonElement, jsonField, jsonPath, jsonSource, jsonTypeof, parseJsonTree, parseSubscript, type JsonTree } from '../../types/json-tree.js';
import { jsonbToText } from '../../types/jsonb-output.js';
import { Jsonb, JsonbObject, isScalar, jsonbKind, type JsonbNode } from '../../types/jsonb-value.js';
import type { ArrayValue, Value } from '../../types/value.js';
import type { FnImpl, FunctionTable } from './registry.js';

// ---- jsonb ----------------------------------------------------------------------------------

function objectField(root: JsonbNode, key: string): JsonbNode | undefined {
  return root instanceof JsonbObject ? root.get(key) : undefined;
}

/** jsonb_array_element's lookup: a raw scalar is a one-element array here. */
function arrayElement(root: JsonbNode, index: number): JsonbNode | undefined {
  const items = Array.isArray(root) ? root : isScalar(root) ? [root] : null;
  if (items === null) return undefined;
  const i = index < 0 ? items.length + index : index;
  return i >= 0 && i < items.length ? items[i] : undefined;
}

/** A node as ->> prints it: strings unquoted, JSON null as SQL NULL. */
export function jsonbNodeText(node: JsonbNode | undefined): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string') return node;
  return jsonbToText(node);
}

function asJsonb(node: JsonbNode | undefined): Jsonb | null {
  return node === undefined ? null : new Jsonb(node);
}

/** Path elements of a text[], or null when one of them is NULL. */
export function pathElements(path: ArrayValue): string[] | null {
  for (const e of path.elements) if (e === null) return null;
  return path.elements as string[];
}

/** jsonb_get_element: the node at a path (empty path: the whole value), or undefined. */
export function jsonbPath(root: JsonbNode, path: readonly string[]): JsonbNode | undefined {
  if (path.length === 0) return root;
  if (isScalar(root)) return undefined;
  let node: JsonbNode = root;
  for (const step of path) {
    if (node instanceof JsonbObject) {
      const next = node.get(step);
      if (next === undefined) return undefined;
      node = next;
    } else if (Array.isArray(node)) {
      const index = parseSubscript(step);
      if (index === null || index === -2147483648) return undefined;
      const i = index < 0 ? node.length + index : index;
      if (i < 0 || i >= node.length) return undefined;
      node = node[i]!;
    } else {
      return undefined;
    }
  }
  return node;
}

const jsonbPathFn =
  (asText: boolean): FnImpl =>
  (a) => {
    const path = pathElements(a[1] as ArrayValue);
    if (path === null) return null;
    const node = jsonbPath((a[0] as Jsonb).root, path);
    return asText ? jsonbNodeText(node) : asJsonb(node);
  };

function jsonbArrayLength(a: Value[]): Value {
  const root = (a[0] as Jsonb).root;
  if (isScalar(root)) throw invalidParameter('cannot get array length of a scalar');
  if (!Array.isArray(root)) throw invalidParameter('cannot get array length of a non-array');
  return root.length;
}

// ---- json -----------------------------------------------------------------------------------

/** A json sub-value as -> gives it: its source text. */
function jsonResult(text: string, node: JsonTree | undefined): string | null {
  return node === undefined ? null : jsonSource(text, node);
}

/** A json sub-value as ->> gives it: a string's value, NULL for null, else its source text. */
function jsonTextResult(text: string, node: JsonTree | undefined): string | null {
  if (node === undefined || node.kind === 'null') return null;
  return node.kind === 'string' ? node.value : jsonSource(text, node);
}

const jsonFieldFn =
  (asText: boolean): FnImpl =>
  (a) => {
    const text = a[0] as string;
    const node = jsonField(parseJsonTree(text), a[1] as string);
    return asText ? jsonTextResult(text, node) : jsonResult(text, node);
  };

const jsonElementFn =
  (asText: boolean): FnImpl =>
  (a) => {
    const text = a[0] as string;
    const node = jsonElement(parseJsonTree(text), a[1] as number);
    return asText ? jsonTextResult(text, node) : jsonResult(text, node);
  };

const jsonPathFn =
  (asText: boolean): FnImpl =>
  (a) => {
    const path = pathElements(a[1] as ArrayValue);
    if (path === null) return null;
    const text = a[0] as string;
    const node = jsonPath(parseJsonTree(text), path);
    return asText ? jsonTextResult(text, node) : jsonResult(text, node);
  };

function jsonArrayLength(a: Value[]): Value {
  const tree = parseJsonTree(a[0] as string, false);
  if (tree.kind === 'object') throw invalidParameter('cannot get array length of a non-array');
  if (tree.kind !== 'array') throw invalidParameter('cannot get array length of a scalar');
  return tree.items.length;
}

function invalidParameter(message: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, message);
}

export const jsonAccessFunctions: FunctionTable = {
  jsonb_object_field: (a) => asJsonb(objectField((a[0] as Jsonb).root, a[1] as string)),
  jsonb_object_field_text: (a) => jsonbNodeText(objectField((a[0] as Jsonb).root, a[1] as string)),
  jsonb_array_element: (a) => asJsonb(arrayElement((a[0] as Jsonb).root, a[1] as number)),
  jsonb_array_element_text: (a) => jsonbNodeText(arrayElement((a[0] as Jsonb).root, a[1] as number)),
  jsonb_extract_path: jsonbPathFn(false),
  jsonb_extract_path_text: jsonbPathFn(true),
  jsonb_typeof: (a) => jsonbKind((a[0] as Jsonb).root),
  jsonb_array_length: jsonbArrayLength,
  json_object_field: jsonFieldFn(false),
  json_object_field_text: jsonFieldFn(true),
  json_array_element: jsonElementFn(false),
  json_array_element_text: jsonElementFn(true),
  json_extract_path: jsonPathFn(false),
  json_extract_path_text: jsonPathFn(true),
  json_typeof: (a) => jsonTypeof(a[0] as string),
  json_array_length: jsonArrayLength,
};
