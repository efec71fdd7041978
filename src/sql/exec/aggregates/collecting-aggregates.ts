// Aggregates that collect their inputs: string_agg (text and bytea, NULL values skipped, the
// delimiter before every value but the first), array_agg of scalars (NULLs kept) and of
// arrays (one dimension more; all inputs the same shape, none NULL or empty), and avg of
// intervals (sum and count, divided at the end as interval_div does).
import { DbError, SqlState } from '../../../errors.js';
import { builtins } from '../../../catalog/builtins.js';
import { intervalAdd, intervalDiv } from '../../types/interval-math.js';
import { ArrayValue, Interval, type Value } from '../../types/value.js';
import type { AggregateFactory, AggregateFunction } from './aggregate-function.js';

export const stringAgg: AggregateFactory = (): AggregateFunction<string[] | null> => ({
  init: () => null,
  add: (parts, args) => {
    const value = args[0];
    if (value === null || value === undefined) return parts;
    if (parts === null) return [value as string];
    const delimiter = args[1];
    if (delimiter !== null && delimiter !== undefined) parts.push(delimiter as string);
    parts.push(value as string);
    return parts;
  },
  final: (parts) => (parts === null ? null : parts.join('')),
});

export const byteaStringAgg: AggregateFactory = (): AggregateFunction<Buffer[] | null> => ({
  init: () => null,
  add: (parts, args) => {
    const value = args[0];
    if (value === null || value === undefined) return parts;
    if (parts === null) return [value as Buffer];
    const delimiter = args[1];
    if (delimiter !== null && delimiter !== undefined) parts.push(delimiter as Buffer);
    parts.push(value as Buffer);
    return parts;
  },
  final: (parts) => (parts === null ? null : Buffer.concat(parts)),
});

export const arrayAgg: AggregateFactory = (call): AggregateFunction<Value[] | null> => {
  const elementType = call.argTypes[0]!;
  return {
    init: () => null,
    add: (values, args) => {
      const list = values ?? [];
      list.push(args[0] ?? null);
      return list;
    },
    final: (values) => (values === null ? null : new ArrayValue(elementType, values, [values.length])),
  };
};

interface ArrayAccum {
  elements: Value[];
  dims: number[] | null;
  lowerBounds: number[];
  count: number;
}

export const arrayAggOfArrays: AggregateFactory = (call): AggregateFunction<ArrayAccum | null> => {
  const elementType = builtins().type(call.argTypes[0]!).typelem;
  return {
    init: () => null,
    add: (acc, args) => {
      const a = args[0];
      if (a === null || a === undefined) throw new DbError(SqlState.NullValueNotAllowed, 'cannot accumulate null arrays');
      const arr = a as ArrayValue;
      if (arr.dims.length === 0) throw new DbError(SqlState.ArraySubscriptError, 'cannot accumulate empty arrays');
      const state = acc ?? { elements: [], dims: null, lowerBounds: arr.lowerBounds, count: 0 };
      if (state.dims === null) state.dims = arr.dims.slice();
      else if (state.dims.length !== arr.dims.length || state.dims.some((d, i) => d !== arr.dims[i])) {
        throw new DbError(SqlState.ArraySubscriptError, 'cannot accumulate arrays of different dimensionality');
      }
      for (const e of arr.elements) state.elements.push(e);
      state.count++;
      return state;
    },
    final: (acc) => (acc === null ? null : new ArrayValue(elementType, acc.elements, [acc.count, ...acc.dims!], [1, ...acc.lowerBounds])),
  };
};

export const intervalAvg: AggregateFactory = (): AggregateFunction<{ sum: Interval; n: number }> => ({
  init: () => ({ sum: new Interval(0, 0, 0n), n: 0 }),
  add: (s, args) => {
    const v = args[0];
    if (v === null || v === undefined) return s;
    return { sum: intervalAdd(s.sum, v as Interval), n: s.n + 1 };
  },
  final: (s) => (s.n === 0 ? null : intervalDiv(s.sum, s.n)),
});
