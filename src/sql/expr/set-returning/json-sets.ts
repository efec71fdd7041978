// Set-returning functions that take JSON apart: json(b)_each and json(b)_each_text (one
// (key, value) row per object member), json(b)_array_elements(_text) (one row per element)
// and json(b)_object_keys (one row per key).
// json (text) results are sub-values exactly as written, and an object's members come in input
// order with duplicate keys kept; jsonb results come from the normalised tree (keys unique and
// sorted). The _text variants give a string's value, SQL NULL for a JSON null, else JSON text.
// Wrong shapes fail with PostgreSQL's 22023 messages, which differ between json and jsonb.
// Requires: no null arguments (all are strict).
import { invalidParameter } from '../functions/errors.js';
import { jsonbNodeText } from '../functions/json-access.js';
import { jsonSource, parseJsonTree, type JsonTree } from '../../types/json-tree.js';
import { Jsonb, JsonbObject, isScalar, type JsonbNode } from '../../types/jsonb-value.js';
import type { Value } from '../../types/value.js';
import type { SetReturningTable } from './registry.js';

// ---- jsonb ----------------------------------------------------------------------------------

function jsonbObjectOf(value: Value, fn: string): JsonbObject {
  const root = (value as Jsonb).root;
  if (!(root instanceof JsonbObject)) throw invalidParameter(`cannot call ${fn} on a non-object`);
  return root;
}

function* jsonbEach(value: Value, fn: string, asText: boolean): Generator<Value[]> {
  const obj = jsonbObjectOf(value, fn);
  for (let i = 0; i < obj.size; i++) {
    const v = obj.values[i]!;
    yield [obj.keys[i]!, asText ? jsonbNodeText(v) : new Jsonb(v)];
  }
}

function jsonbElements(value: Value): JsonbNode[] {
  const root = (value as Jsonb).root;
  if (isScalar(root)) throw invalidParameter('cannot extract elements from a scalar');
  if (!Array.isArray(root)) throw invalidParameter('cannot extract elements from an object');
  return root;
}

function* jsonbArrayElements(value: Value, asText: boolean): Generator<Value> {
  for (const e of jsonbElements(value)) yield asText ? jsonbNodeText(e) : new Jsonb(e);
}

function jsonbObjectKeys(value: Value): readonly string[] {
  const root = (value as Jsonb).root;
  if (Array.isArray(root)) throw invalidParameter('cannot call jsonb_object_keys on an array');
  if (!(root instanceof JsonbObject)) throw invalidParameter('cannot call jsonb_object_keys on a scalar');
  return root.keys;
}

// ---- json -----------------------------------------------------------------------------------

/** A json sub-value as the _text variants give it. */
function jsonText(text: string, node: JsonTree): Value {
  if (node.kind === 'null') return null;
  return node.kind === 'string' ? node.value : jsonSource(text, node);
}

function* jsonEach(value: Value, asText: boolean): Generator<Value[]> {
  const text = value as string;
  const tree = parseJsonTree(text);
  if (tree.kind === 'array') throw invalidParameter('cannot deconstruct an array as an object');
  if (tree.kind !== 'object') throw invalidParameter('cannot deconstruct a scalar');
  for (let i = 0; i < tree.keys.length; i++) {
    const v = tree.values[i]!;
    yield [tree.keys[i]!, asText ? jsonText(text, v) : jsonSource(text, v)];
  }
}

function* jsonArrayElements(value: Value, fn: string, asText: boolean): Generator<Value> {
  const text = value as string;
  // PostgreSQL de-escapes strings here only for the _text variant (so \u0000 passes otherwise)
  const tree = parseJsonTree(text, asText);
  if (tree.kind === 'object') throw invalidParameter(`cannot call ${fn} on a non-array`);
  if (tree.kind !== 'array') throw invalidParameter(`cannot call ${fn} on a scalar`);
  for (const e of tree.items) yield asText ? jsonText(text, e) : jsonSource(text, e);
}

function jsonObjectKeys(value: Value): string[] {
  const tree = parseJsonTree(value as string);
  if (tree.kind === 'array') throw invalidParameter('cannot call json_object_keys on an array');
  if (tree.kind !== 'object') throw invalidParameter('cannot call json_object_keys on a scalar');
  return tree.keys;
}

export const jsonSetFunctions: SetReturningTable = {
  jsonb_each: (a) => jsonbEach(a[0]!, 'jsonb_each', false),
  jsonb_each_text: (a) => jsonbEach(a[0]!, 'jsonb_each_text', true),
  jsonb_array_elements: (a) => jsonbArrayElements(a[0]!, false),
  jsonb_array_elements_text: (a) => jsonbArrayElements(a[0]!, true),
  jsonb_object_keys: (a) => jsonbObjectKeys(a[0]!),
  json_each: (a) => jsonEach(a[0]!, false),
  json_each_text: (a) => jsonEach(a[0]!, true),
  json_array_elements: (a) => jsonArrayElements(a[0]!, 'json_array_elements', false),
  json_array_elements_text: (a) => jsonArrayElements(a[0]!, 'json_array_elements_text', true),
  json_object_keys: (a) => jsonObjectKeys(a[0]!),
};
