// Comparison of row values as whole values (PostgreSQL's record_eq / record_cmp behind the
// record operators = <> < <= > >= and btrecordcmp): fields are compared left to right with
// their type's `=` and `<` (array-element-ops.ts); two NULL fields are equal and a NULL field
// sorts after every value, so the result is never NULL. Both rows must have fields of the same
// types (42804 "cannot compare dissimilar column types"), and, when every compared field is
// equal, the same number of fields (42804). `unknown` fields (ROW(1, 'a')) have no operators.
// Requires: strict functions; arguments are RecordValues.
import { formatType } from '../../../catalog/format-type.js';
import { DbError, SqlState } from '../../../errors.js';
import { Oid } from '../../types/oids.js';
import type { RecordValue, Value } from '../../types/value.js';
import { elementOps } from './array-element-ops.js';
import type { EvalContext, FunctionTable } from './registry.js';

function typeName(oid: number, ctx: EvalContext): string {
  return formatType(oid, -1, (o) => ctx.types.names?.typeName(o));
}

/** The operators of field i, after checking both rows' field types agree. */
function fieldOps(a: RecordValue, b: RecordValue, i: number, what: string, ctx: EvalContext) {
  const ta = a.desc.types[i]!;
  const tb = b.desc.types[i]!;
  if (ta !== tb) {
    throw new DbError(SqlState.DatatypeMismatch, `cannot compare dissimilar column types ${typeName(ta, ctx)} and ${typeName(tb, ctx)} at record column ${i + 1}`);
  }
  if (ta === Oid.unknown) throw new DbError(SqlState.UndefinedFunction, `could not identify ${what} for type unknown`);
  return elementOps(ta);
}

function differentLengths(): DbError {
  return new DbError(SqlState.DatatypeMismatch, 'cannot compare record types with different numbers of columns');
}

/** record_eq. */
export function recordEquals(a: RecordValue, b: RecordValue, ctx: EvalContext): boolean {
  const n = Math.min(a.fields.length, b.fields.length);
  for (let i = 0; i < n; i++) {
    const ops = fieldOps(a, b, i, 'an equality operator', ctx);
    const x: Value = a.fields[i]!;
    const y: Value = b.fields[i]!;
    if (x === null && y === null) continue;
    if (x === null || y === null || !ops.equals(x, y, ctx)) return false;
  }
  if (a.fields.length !== b.fields.length) throw differentLengths();
  return true;
}

/** record_cmp: -1, 0 or 1. */
export function recordCompare(a: RecordValue, b: RecordValue, ctx: EvalContext): number {
  const n = Math.min(a.fields.length, b.fields.length);
  for (let i = 0; i < n; i++) {
    const ops = fieldOps(a, b, i, 'a comparison function', ctx);
    const x: Value = a.fields[i]!;
    const y: Value = b.fields[i]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return x === null ? 1 : -1;
    }
    const c = ops.compare(x, y, ctx);
    if (c !== 0) return c;
  }
  if (a.fields.length !== b.fields.length) throw differentLengths();
  return 0;
}

const rec = (v: Value) => v as RecordValue;

export const recordCompareFunctions: FunctionTable = {
  record_eq: (a, ctx) => recordEquals(rec(a[0]!), rec(a[1]!), ctx),
  record_ne: (a, ctx) => !recordEquals(rec(a[0]!), rec(a[1]!), ctx),
  record_lt: (a, ctx) => recordCompare(rec(a[0]!), rec(a[1]!), ctx) < 0,
  record_le: (a, ctx) => recordCompare(rec(a[0]!), rec(a[1]!), ctx) <= 0,
  record_gt: (a, ctx) => recordCompare(rec(a[0]!), rec(a[1]!), ctx) > 0,
  record_ge: (a, ctx) => recordCompare(rec(a[0]!), rec(a[1]!), ctx) >= 0,
  btrecordcmp: (a, ctx) => recordCompare(rec(a[0]!), rec(a[1]!), ctx),
};
