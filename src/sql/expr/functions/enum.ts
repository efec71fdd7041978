// The enum support functions (PostgreSQL's enum.c) over anyenum: the comparison operators and
// enum_cmp, enum_larger / enum_smaller (max and min), enum_first, enum_last and enum_range, and
// the hash functions. An enum value is its label's sort order (types/enum.ts), so comparing
// two values of one type is comparing numbers; the functions that list labels read them from
// the session's catalog through ctx.types, and refuse labels added by the running transaction
// (55P04) as PostgreSQL does.
// Requires: the comparison functions get no nulls (they are strict); enum_first, enum_last
// and enum_range are not strict and take the enum type from their resolved result type.
import { DbError, SqlState } from '../../../errors.js';
import { emptyArray, oneDimArray } from '../../types/array.js';
import { checkSafeEnumLabel, enumTypeName, requireEnumLabels, type EnumLabel } from '../../types/enum.js';
import { enumOfArrayType } from '../../types/enum-oids.js';
import { hashUint32Extended } from '../../types/hash-bytes.js';
import type { Value } from '../../types/value.js';
import type { CallInfo, EvalContext, FnImpl, FunctionTable } from './registry.js';

const num = (v: Value): number => v as number;

const cmp: FnImpl = (a) => {
  const x = num(a[0]!);
  const y = num(a[1]!);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** enum_first / enum_last: the type's first or last label (55000 when it has none). */
function endpoint(last: boolean): FnImpl {
  return (_args, ctx, call) => {
    const labels = requireEnumLabels(ctx.types, call.resultType).labels;
    const label = labels[last ? labels.length - 1 : 0];
    if (!label) throw new DbError(SqlState.ObjectNotInPrerequisiteState, `enum ${enumTypeName(ctx.types, call.resultType)} contains no values`);
    checkSafeEnumLabel(ctx.types, call.resultType, label);
    return label.sortOrder;
  };
}

/** enum_range(lower, upper): labels from lower through upper (open ends for NULL), as an array. */
function range(ctx: EvalContext, call: CallInfo, lower: Value, upper: Value): Value {
  const type = enumOfArrayType(call.resultType);
  const picked: EnumLabel[] = [];
  for (const label of requireEnumLabels(ctx.types, type).labels) {
    if (lower !== null && label.sortOrder < num(lower)) continue;
    if (upper !== null && label.sortOrder > num(upper)) break;
    picked.push(label);
  }
  if (picked.length === 0) return emptyArray(type);
  for (const label of picked) checkSafeEnumLabel(ctx.types, type, label);
  return oneDimArray(
    type,
    picked.map((l) => l.sortOrder),
  );
}

/** The pg_enum OID of a value's label, which PostgreSQL's hash functions hash. */
function labelOid(v: Value, ctx: EvalContext, call: CallInfo): number {
  const label = requireEnumLabels(ctx.types, call.argTypes[0]!).ofValue(num(v));
  if (!label) throw new DbError(SqlState.InvalidBinaryRepresentation, `invalid internal value for enum: ${String(v)}`);
  return label.oid;
}

export const enumFunctions: FunctionTable = {
  enum_eq: (a) => num(a[0]!) === num(a[1]!),
  enum_ne: (a) => num(a[0]!) !== num(a[1]!),
  enum_lt: (a) => num(a[0]!) < num(a[1]!),
  enum_le: (a) => num(a[0]!) <= num(a[1]!),
  enum_gt: (a) => num(a[0]!) > num(a[1]!),
  enum_ge: (a) => num(a[0]!) >= num(a[1]!),
  enum_cmp: cmp,
  enum_larger: (a) => (num(a[0]!) > num(a[1]!) ? a[0]! : a[1]!),
  enum_smaller: (a) => (num(a[0]!) < num(a[1]!) ? a[0]! : a[1]!),
  enum_first: endpoint(false),
  enum_last: endpoint(true),
  enum_range_all: (_a, ctx, call) => range(ctx, call, null, null),
  enum_range_bounds: (a, ctx, call) => range(ctx, call, a[0] ?? null, a[1] ?? null),
  hashenum: (a, ctx, call) => Number(BigInt.asIntN(32, hashUint32Extended(labelOid(a[0]!, ctx, call), 0n))),
  hashenumextended: (a, ctx, call) => BigInt.asIntN(64, hashUint32Extended(labelOid(a[0]!, ctx, call), a[1] as bigint)),
};
