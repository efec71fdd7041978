// Test helper: calls a built-in implementation by prosrc with already-typed values, the way
// compiled expressions call it, and turns a DbError into "SQLSTATE message" for comparison
// with PostgreSQL's recorded errors.
import { DbError } from '../../../../src/errors.js';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import type { CallInfo, EvalContext } from '../../../../src/sql/expr/functions/registry.js';
import type { Value } from '../../../../src/sql/types/value.js';

export const CALL: CallInfo = { argTypes: [], resultType: 0, resultTypmod: -1, funcOid: 0 };

export function run(prosrc: string, ...args: Value[]): Value {
  const fn = functionImpl(prosrc);
  if (!fn) throw new Error(`${prosrc} is not implemented`);
  return fn(args, {} as EvalContext, CALL);
}

export function failure(prosrc: string, ...args: Value[]): string {
  try {
    run(prosrc, ...args);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  throw new Error(`${prosrc} did not fail`);
}
