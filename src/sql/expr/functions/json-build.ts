// Building JSON from SQL values: to_json / to_jsonb, array_to_json, row_to_json,
// json(b)_build_object and json(b)_build_array (variadic "any": argument types come from the
// call site) and json(b)_object from text arrays. json results use PostgreSQL's own spacing
// (`{"a" : 1, "b" : 2}`, `[1, 2]`); jsonb results are normalised like any jsonb.
// Requires: strict functions get no nulls; the build functions are not strict and do.
import { DbError, SqlState } from '../../../errors.js';
import { escapeJson } from '../../types/jsonb-output.js';
import { Jsonb, makeObject, type JsonbNode } from '../../types/jsonb-value.js';
import type { TypeContext } from '../../types/typeio.js';
import type { ArrayValue, RecordValue, Value } from '../../types/value.js';
import { arrayToJsonText, recordToJsonText, valueToJsonbNode, valueToJsonText } from './json-convert.js';
import type { CallInfo, FnImpl, FunctionTable } from './registry.js';

function evenArguments(fn: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, 'argument list must have even number of elements', {
    hint: `The arguments of ${fn}() must consist of alternating keys and values.`,
  });
}

const jsonBuildObject: FnImpl = (a, ctx, call) => {
  if (a.length % 2 !== 0) throw evenArguments('json_build_object');
  const parts: string[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const key = a[i]!;
    if (key === null) {
      throw new DbError(SqlState.InvalidParameterValue, `argument ${i + 1} cannot be null`, { hint: 'Object keys should be text.' });
    }
    const value = a[i + 1]!;
    const valueText = value === null ? 'null' : valueToJsonText(value, call.argTypes[i + 1]!, ctx.types);
    parts.push(valueToJsonText(key, call.argTypes[i]!, ctx.types, true) + ' : ' + valueText);
  }
  return '{' + parts.join(', ') + '}';
};

const jsonbBuildObject: FnImpl = (a, ctx, call) => {
  if (a.length % 2 !== 0) throw evenArguments('jsonb_build_object');
  const keys: string[] = [];
  const values: JsonbNode[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const key = a[i]!;
    if (key === null) throw new DbError(SqlState.InvalidParameterValue, `argument ${i + 1}: key must not be null`);
    keys.push(valueToJsonbNode(key, call.argTypes[i]!, ctx.types, true) as string);
    const value = a[i + 1]!;
    values.push(value === null ? null : valueToJsonbNode(value, call.argTypes[i + 1]!, ctx.types));
  }
  return new Jsonb(makeObject(keys, values));
};

const jsonBuildArray: FnImpl = (a, ctx, call) =>
  '[' + a.map((v, i) => (v === null ? 'null' : valueToJsonText(v, call.argTypes[i]!, ctx.types))).join(', ') + ']';

const jsonbBuildArray: FnImpl = (a, ctx, call) =>
  new Jsonb(a.map((v, i) => (v === null ? null : valueToJsonbNode(v, call.argTypes[i]!, ctx.types))));

function toJson(a: Value[], types: TypeContext, call: CallInfo): Value {
  return valueToJsonText(a[0]!, call.argTypes[0]!, types);
}

// ---- json_object / jsonb_object over text arrays ------------------------------------------

function subscriptError(message: string): DbError {
  return new DbError(SqlState.ArraySubscriptError, message);
}

/** The key/value pairs of json_object(text[]): a flat even list or an N×2 array. */
function pairsOfOneArray(arr: ArrayValue): [keys: Value[], values: Value[]] {
  switch (arr.dims.length) {
    case 0:
      return [[], []];
    case 1:
      if (arr.dims[0]! % 2 !== 0) throw subscriptError('array must have even number of elements');
      break;
    case 2:
      if (arr.dims[1] !== 2) throw subscriptError('array must have two columns');
      break;
    default:
      throw subscriptError('wrong number of array subscripts');
  }
  const keys: Value[] = [];
  const values: Value[] = [];
  for (let i = 0; i + 1 < arr.elements.length; i += 2) {
    keys.push(arr.elements[i]!);
    values.push(arr.elements[i + 1]!);
  }
  return [keys, values];
}

function pairsOfTwoArrays(keyArr: ArrayValue, valueArr: ArrayValue): [keys: Value[], values: Value[]] {
  if (keyArr.dims.length > 1 || keyArr.dims.length !== valueArr.dims.length) throw subscriptError('wrong number of array subscripts');
  if (keyArr.elements.length !== valueArr.elements.length) throw subscriptError('mismatched array dimensions');
  return [keyArr.elements, valueArr.elements];
}

function checkKeys(keys: Value[]): string[] {
  for (const k of keys) {
    if (k === null) throw new DbError(SqlState.NullValueNotAllowed, 'null value not allowed for object key');
  }
  return keys as string[];
}

function jsonObjectText([keys, values]: [Value[], Value[]]): string {
  const names = checkKeys(keys);
  const parts = names.map((k, i) => escapeJson(k) + ' : ' + (values[i] === null ? 'null' : escapeJson(values[i] as string)));
  return '{' + parts.join(', ') + '}';
}

function jsonbObjectValue([keys, values]: [Value[], Value[]]): Jsonb {
  return new Jsonb(makeObject(checkKeys(keys), values as (string | null)[]));
}

export const jsonBuildFunctions: FunctionTable = {
  to_json: (a, ctx, call) => toJson(a, ctx.types, call),
  to_jsonb: (a, ctx, call) => new Jsonb(valueToJsonbNode(a[0]!, call.argTypes[0]!, ctx.types)),
  array_to_json: (a, ctx, call) => toJson(a, ctx.types, call),
  array_to_json_pretty: (a, ctx) => arrayToJsonText(a[0] as ArrayValue, ctx.types, a[1] === true),
  row_to_json: (a, ctx) => recordToJsonText(a[0] as RecordValue, ctx.types, false),
  row_to_json_pretty: (a, ctx) => recordToJsonText(a[0] as RecordValue, ctx.types, a[1] === true),
  json_build_object: jsonBuildObject,
  json_build_object_noargs: () => '{}',
  jsonb_build_object: jsonbBuildObject,
  jsonb_build_object_noargs: () => new Jsonb(makeObject([], [])),
  json_build_array: jsonBuildArray,
  json_build_array_noargs: () => '[]',
  jsonb_build_array: jsonbBuildArray,
  jsonb_build_array_noargs: () => new Jsonb([]),
  json_object: (a) => jsonObjectText(pairsOfOneArray(a[0] as ArrayValue)),
  json_object_two_arg: (a) => jsonObjectText(pairsOfTwoArrays(a[0] as ArrayValue, a[1] as ArrayValue)),
  jsonb_object: (a) => jsonbObjectValue(pairsOfOneArray(a[0] as ArrayValue)),
  jsonb_object_two_arg: (a) => jsonbObjectValue(pairsOfTwoArrays(a[0] as ArrayValue, a[1] as ArrayValue)),
};
