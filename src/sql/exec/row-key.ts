// Equality of values for grouping, DISTINCT and set operations, through the memcomparable key
// encoding: two values are equal as PostgreSQL's `=` says exactly when their encodings are
// equal (1.5 = 1.50, '1 day' = '24 hours', -0 = 0, NaN = NaN, trailing spaces of char(n)),
// and NULLs group together. A row's key is a string usable in a Map.
import { encodeKey, type KeyColumn } from '../../storage/encoding/key.js';
import type { Value } from '../types/value.js';

export type RowKey = (row: readonly Value[]) => string;

/** The key of the values at `indexes` of a row, with their types. */
export function rowKey(types: readonly number[], indexes: readonly number[]): RowKey {
  const columns: KeyColumn[] = types.map((type) => ({ type }));
  const values: Value[] = new Array(indexes.length);
  return (row) => {
    for (let i = 0; i < indexes.length; i++) values[i] = row[indexes[i]!] ?? null;
    return encodeKey(columns, values).toString('latin1');
  };
}

/** The key of a whole list of values with their types. */
export function valuesKey(types: readonly number[]): RowKey {
  const columns: KeyColumn[] = types.map((type) => ({ type }));
  return (values) => encodeKey(columns, values as Value[]).toString('latin1');
}
