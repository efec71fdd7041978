// Functions that build a changed jsonb (or json) value: || (jsonb_concat), - (delete a key,
// string elements, an index or several keys), #- (delete a path), jsonb_set, jsonb_set_lax,
// jsonb_insert, json(b)_strip_nulls and jsonb_pretty, with PostgreSQL's errors
// (22023 "cannot delete from scalar", "cannot set path in scalar", 2202E for a path with more
// than one dimension, ...). Unchanged sub-trees are shared with the input.
// Requires: strict functions get no nulls; jsonb_set_lax is not strict and handles them.
import { DbError, SqlState } from '../../../errors.js';
import { parseJsonTree, type JsonTree } from '../../types/json-tree.js';
import { escapeJson, jsonbToPrettyText } from '../../types/jsonb-output.js';
import { Jsonb, JsonbObject, isScalar, makeObject, type JsonbNode } from '../../types/jsonb-value.js';
import type { ArrayValue, Value } from '../../types/value.js';
import { PathOp, setPath } from './jsonb-path-set.js';
import type { FnImpl, FunctionTable } from './registry.js';

function invalidParameter(message: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, message);
}

/** IteratorConcat: objects merge (right wins), anything else concatenates as arrays. */
function concat(a: Jsonb, b: Jsonb): Jsonb {
  const x = a.root;
  const y = b.root;
  const xObject = x instanceof JsonbObject;
  const yObject = y instanceof JsonbObject;
  if (xObject === yObject) {
    if (isEmpty(x) && !isScalar(y)) return b;
    if (isEmpty(y) && !isScalar(x)) return a;
  }
  if (xObject && yObject) return new Jsonb(makeObject([...x.keys, ...y.keys], [...x.values, ...y.values]));
  return new Jsonb([...asElements(x), ...asElements(y)]);
}

function isEmpty(node: JsonbNode): boolean {
  return Array.isArray(node) ? node.length === 0 : node instanceof JsonbObject && node.size === 0;
}

/** A root's elements when concatenated as an array: an object or scalar is one element. */
function asElements(node: JsonbNode): JsonbNode[] {
  return Array.isArray(node) ? node : [node];
}

/** jsonb - text[] (and - text): drops top-level keys, or string elements of an array. */
function deleteKeys(value: Jsonb, keys: readonly string[]): Jsonb {
  const root = value.root;
  if (isScalar(root)) throw invalidParameter('cannot delete from scalar');
  if (isEmpty(root) || keys.length === 0) return value;
  const drop = new Set(keys);
  if (root instanceof JsonbObject) {
    const kept = root.keys.map((_, i) => i).filter((i) => !drop.has(root.keys[i]!));
    if (kept.length === root.size) return value;
    return new Jsonb(new JsonbObject(kept.map((i) => root.keys[i]!), kept.map((i) => root.values[i]!)));
  }
  return new Jsonb((root as JsonbNode[]).filter((e) => !(typeof e === 'string' && drop.has(e))));
}

function deleteIndex(value: Jsonb, index: number): Jsonb {
  const root = value.root;
  if (isScalar(root)) throw invalidParameter('cannot delete from scalar');
  if (root instanceof JsonbObject) throw invalidParameter('cannot delete from object using integer index');
  const arr = root as JsonbNode[];
  const n = arr.length;
  const i = index < 0 ? (-index > n ? n : n + index) : index;
  if (i >= n) return value;
  return new Jsonb(arr.filter((_, k) => k !== i));
}

/** The elements of a path argument; 2202E unless it has at most one dimension. */
function pathOf(a: Value): (string | null)[] {
  const path = a as ArrayValue;
  if (path.dims.length > 1) throw new DbError(SqlState.ArraySubscriptError, 'wrong number of array subscripts');
  return path.elements as (string | null)[];
}

function deletePath(value: Jsonb, pathArg: Value): Jsonb {
  const path = pathOf(pathArg);
  if (isScalar(value.root)) throw invalidParameter('cannot delete path in scalar');
  if (isEmpty(value.root) || path.length === 0) return value;
  return new Jsonb(setPath(value.root, path, null, PathOp.Delete));
}

function jsonbSet(value: Jsonb, pathArg: Value, newValue: Jsonb, create: boolean): Jsonb {
  const path = pathOf(pathArg);
  if (isScalar(value.root)) throw invalidParameter('cannot set path in scalar');
  if ((isEmpty(value.root) && !create) || path.length === 0) return value;
  return new Jsonb(setPath(value.root, path, newValue.root, create ? PathOp.Create : PathOp.Replace));
}

function jsonbInsert(value: Jsonb, pathArg: Value, newValue: Jsonb, after: boolean): Jsonb {
  const path = pathOf(pathArg);
  if (isScalar(value.root)) throw invalidParameter('cannot set path in scalar');
  if (path.length === 0) return value;
  return new Jsonb(setPath(value.root, path, newValue.root, after ? PathOp.InsertAfter : PathOp.InsertBefore));
}

const TREATMENTS = 'null_value_treatment must be "delete_key", "return_target", "use_json_null", or "raise_exception"';

/** jsonb_set_lax(target, path, new, create, null_value_treatment): not strict. */
const jsonbSetLax: FnImpl = (a) => {
  const [target, path, newValue, create, treatment] = a;
  if (target === null || path === null || create === null) return null;
  if (treatment === null) throw invalidParameter(TREATMENTS);
  if (newValue !== null) return jsonbSet(target as Jsonb, path, newValue as Jsonb, create as boolean);
  switch (treatment) {
    case 'raise_exception':
      throw new DbError(SqlState.NullValueNotAllowed, 'JSON value must not be null', {
        detail: 'Exception was raised because null_value_treatment is "raise_exception".',
        hint: 'To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.',
      });
    case 'use_json_null':
      return jsonbSet(target as Jsonb, path, new Jsonb(null), create as boolean);
    case 'delete_key':
      return deletePath(target as Jsonb, path);
    case 'return_target':
      return target;
    default:
      throw invalidParameter(TREATMENTS);
  }
};

function stripNulls(node: JsonbNode): JsonbNode {
  if (Array.isArray(node)) {
    const out: JsonbNode[] = new Array<JsonbNode>(node.length);
    for (let i = 0; i < node.length; i++) out[i] = stripNulls(node[i]!);
    return out;
  }
  if (!(node instanceof JsonbObject)) return node;
  const keys: string[] = [];
  const values: JsonbNode[] = [];
  for (let i = 0; i < node.size; i++) {
    if (node.values[i] === null) continue;
    keys.push(node.keys[i]!);
    values.push(stripNulls(node.values[i]!));
  }
  return new JsonbObject(keys, values);
}

/** json_strip_nulls: the json re-written without whitespace and without null-valued fields. */
function stripJsonNulls(text: string, node: JsonTree): string {
  switch (node.kind) {
    case 'object': {
      const parts: string[] = [];
      for (let i = 0; i < node.keys.length; i++) {
        const v = node.values[i]!;
        if (v.kind !== 'null') parts.push(escapeJson(node.keys[i]!) + ':' + stripJsonNulls(text, v));
      }
      return '{' + parts.join(',') + '}';
    }
    case 'array': {
      let out = '[';
      for (let i = 0; i < node.items.length; i++) out += (i === 0 ? '' : ',') + stripJsonNulls(text, node.items[i]!);
      return out + ']';
    }
    case 'string':
      return escapeJson(node.value);
    default:
      return text.slice(node.start, node.end);
  }
}

export const jsonbModifyFunctions: FunctionTable = {
  jsonb_concat: (a) => concat(a[0] as Jsonb, a[1] as Jsonb),
  jsonb_delete: (a) => deleteKeys(a[0] as Jsonb, [a[1] as string]),
  jsonb_delete_idx: (a) => deleteIndex(a[0] as Jsonb, a[1] as number),
  jsonb_delete_array: (a) => deleteKeys(a[0] as Jsonb, (a[1] as ArrayValue).elements.filter((e): e is string => e !== null)),
  jsonb_delete_path: (a) => deletePath(a[0] as Jsonb, a[1]!),
  jsonb_set: (a) => jsonbSet(a[0] as Jsonb, a[1]!, a[2] as Jsonb, a[3] as boolean),
  jsonb_set_lax: jsonbSetLax,
  jsonb_insert: (a) => jsonbInsert(a[0] as Jsonb, a[1]!, a[2] as Jsonb, a[3] as boolean),
  jsonb_strip_nulls: (a) => new Jsonb(stripNulls((a[0] as Jsonb).root)),
  json_strip_nulls: (a) => stripJsonNulls(a[0] as string, parseJsonTree(a[0] as string)),
  jsonb_pretty: (a) => jsonbToPrettyText((a[0] as Jsonb).root),
};
