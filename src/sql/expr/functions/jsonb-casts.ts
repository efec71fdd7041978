// The jsonb casts PostgreSQL 15 has as functions: jsonb -> numeric, int2, int4, int8, float4,
// float8 (from a number) and bool (from a boolean). Anything else fails with 22023
// "cannot cast jsonb <kind> to type <type>". Integer casts round as numeric does.
// (json <-> jsonb and jsonb -> text are I/O casts and need nothing here.)
// Requires: no null arguments (all are strict).
import { DbError, SqlState } from '../../../errors.js';
import { Numeric } from '../../types/numeric.js';
import { numericToFloat4, numericToFloat8, numericToInt2, numericToInt4, numericToInt8 } from '../../types/numeric-convert.js';
import { Jsonb, isScalar, jsonbKind, type JsonbNode } from '../../types/jsonb-value.js';
import type { FnImpl, FunctionTable } from './registry.js';

function cannotCast(root: JsonbNode, typeName: string): DbError {
  const kind = jsonbKind(root);
  const name = kind === 'number' ? 'numeric' : kind;
  return new DbError(SqlState.InvalidParameterValue, `cannot cast jsonb ${name} to type ${typeName}`);
}

function fromNumber<T>(typeName: string, convert: (n: Numeric) => T): FnImpl {
  return (a) => {
    const root = (a[0] as Jsonb).root;
    if (!(root instanceof Numeric)) throw cannotCast(root, typeName);
    return convert(root) as ReturnType<FnImpl>;
  };
}

const jsonbBool: FnImpl = (a) => {
  const root = (a[0] as Jsonb).root;
  if (typeof root !== 'boolean' || !isScalar(root)) throw cannotCast(root, 'boolean');
  return root;
};

export const jsonbCastFunctions: FunctionTable = {
  jsonb_numeric: fromNumber('numeric', (n) => n),
  jsonb_int2: fromNumber('smallint', numericToInt2),
  jsonb_int4: fromNumber('integer', numericToInt4),
  jsonb_int8: fromNumber('bigint', numericToInt8),
  jsonb_float4: fromNumber('real', numericToFloat4),
  jsonb_float8: fromNumber('double precision', numericToFloat8),
  jsonb_bool: jsonbBool,
};
