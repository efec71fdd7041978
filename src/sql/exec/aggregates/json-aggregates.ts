// The JSON aggregates, with PostgreSQL's exact text layout:
//   json_agg(x)            `[1, null, 3]`; an array or row value after the first element starts
//                          on a new line (`[[1,2], null, \n [3]]`), as json_agg_transfn writes it
//   json_object_agg(k, v)  `{ "a" : 1, "b" : null }`, every pair kept, duplicates included
//   jsonb_agg(x)           a jsonb array
//   jsonb_object_agg(k, v) a jsonb object (of duplicate keys the last wins)
// NULL values become JSON null; a NULL key fails with 22023 "field name must not be null";
// values convert as to_json / to_jsonb convert them. No input rows give NULL.
import { DbError, SqlState } from '../../../errors.js';
import { valueToJsonbNode, valueToJsonText } from '../../expr/functions/json-convert.js';
import { Jsonb, makeObject, type JsonbNode } from '../../types/jsonb-value.js';
import { ArrayValue, RecordValue, type Value } from '../../types/value.js';
import type { AggregateFactory, AggregateFunction } from './aggregate-function.js';

function nullKey(): DbError {
  return new DbError(SqlState.InvalidParameterValue, 'field name must not be null');
}

export const jsonAgg: AggregateFactory = (call): AggregateFunction<string | null> => {
  const type = call.argTypes[0]!;
  const types = call.ctx.types;
  return {
    init: () => null,
    add: (text, args) => {
      const value = args[0] ?? null;
      let out = text === null ? '[' : text + ', ';
      if (value === null) return out + 'null';
      if (text !== null && (value instanceof ArrayValue || value instanceof RecordValue)) out += '\n ';
      return out + valueToJsonText(value, type, types);
    },
    final: (text) => (text === null ? null : text + ']'),
  };
};

export const jsonObjectAgg: AggregateFactory = (call): AggregateFunction<string | null> => {
  const [keyType, valueType] = call.argTypes as [number, number];
  const types = call.ctx.types;
  return {
    init: () => null,
    add: (text, args) => {
      const out = text === null ? '{ ' : text + ', ';
      const key = args[0] ?? null;
      if (key === null) throw nullKey();
      const value = args[1] ?? null;
      const valueText = value === null ? 'null' : valueToJsonText(value, valueType, types);
      return out + valueToJsonText(key, keyType, types, true) + ' : ' + valueText;
    },
    final: (text) => (text === null ? null : text + ' }'),
  };
};

export const jsonbAgg: AggregateFactory = (call): AggregateFunction<JsonbNode[] | null> => {
  const type = call.argTypes[0]!;
  const types = call.ctx.types;
  return {
    init: () => null,
    add: (items, args) => {
      const list = items ?? [];
      const value = args[0] ?? null;
      list.push(value === null ? null : valueToJsonbNode(value, type, types));
      return list;
    },
    final: (items) => (items === null ? null : new Jsonb(items.slice())),
  };
};

interface ObjectPairs {
  keys: string[];
  values: JsonbNode[];
}

export const jsonbObjectAgg: AggregateFactory = (call): AggregateFunction<ObjectPairs | null> => {
  const [keyType, valueType] = call.argTypes as [number, number];
  const types = call.ctx.types;
  return {
    init: () => null,
    add: (pairs, args) => {
      const state = pairs ?? { keys: [], values: [] };
      const key = args[0] ?? null;
      if (key === null) throw nullKey();
      const value: Value = args[1] ?? null;
      state.keys.push(valueToJsonbNode(key, keyType, types, true) as string);
      state.values.push(value === null ? null : valueToJsonbNode(value, valueType, types));
      return state;
    },
    // makeObject takes the arrays over: copies, so a state read twice stays intact
    final: (pairs) => (pairs === null ? null : new Jsonb(makeObject(pairs.keys.slice(), pairs.values.slice()))),
  };
};
