// The text form of a value of any type, for functions that print their "any" arguments
// (concat, concat_ws, format). Common types are printed here directly; the rest go through the
// type's output function in the type registry.
// Requires: value is not null and has the representation of type `typeOid`.
import { DbError, SqlState } from '../../../errors.js';
import { typeIO } from '../../types/index.js';
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import type { EvalContext } from './registry.js';

export function valueText(value: Value, typeOid: number, ctx: EvalContext): string {
  switch (typeOid) {
    case Oid.text:
    case Oid.varchar:
    case Oid.bpchar:
    case Oid.name:
    case Oid.unknown:
      return value as string;
    case Oid.int2:
    case Oid.int4:
    case Oid.oid:
      return String(value);
    case Oid.int8:
      return (value as bigint).toString();
    case Oid.bool:
      return value ? 't' : 'f';
  }
  const io = typeIO(typeOid);
  if (!io) throw new DbError(SqlState.InternalError, `no output function for type ${typeOid}`);
  return io.output(value, ctx.types);
}
