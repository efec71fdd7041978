// array_to_string and string_to_array, as PostgreSQL 15: elements printed with their type's
// output function joined by the separator (NULL elements skipped, or printed as the null
// string when one is given); text split on a separator (a NULL separator splits into
// characters, an empty one keeps the whole text as one field), fields equal to the null
// string becoming NULL, and the empty text giving the empty array.
// Requires: the strict 2-argument array_to_string gets no NULLs; the others (non-strict in
// pg_proc) check for NULL themselves.
import { notSupported } from '../../../errors.js';
import { emptyArray, oneDimArray } from '../../types/array.js';
import { typeIO } from '../../types/index.js';
import { Oid } from '../../types/oids.js';
import type { ArrayValue, Value } from '../../types/value.js';
import { elementTypeOf } from './array.js';
import type { CallInfo, EvalContext, FunctionTable } from './registry.js';

/** array_to_text_internal. */
function arrayToText(a: ArrayValue, separator: string, nullString: string | null, ctx: EvalContext, call: CallInfo): string {
  if (a.elements.length === 0) return '';
  const elementType = elementTypeOf(call, 0, a);
  const io = typeIO(elementType);
  if (!io) throw notSupported(`output of type OID ${elementType}`);
  const parts: string[] = [];
  for (const e of a.elements) {
    if (e === null) {
      if (nullString !== null) parts.push(nullString);
    } else {
      parts.push(io.output(e, ctx.types));
    }
  }
  return parts.join(separator);
}

/** split_text: the fields of `input` as a text[]. */
function textToArray(input: string, separator: string | null, nullString: string | null): ArrayValue {
  if (input.length === 0) return emptyArray(Oid.text);
  let fields: string[];
  if (separator === null) fields = [...input];
  else if (separator.length === 0) fields = [input];
  else fields = input.split(separator);
  const values: Value[] = fields.map((f) => (nullString !== null && f === nullString ? null : f));
  return oneDimArray(Oid.text, values);
}

export const arrayStringFunctions: FunctionTable = {
  array_to_text: (a, ctx, call) => arrayToText(a[0] as ArrayValue, a[1] as string, null, ctx, call),
  array_to_text_null(a, ctx, call) {
    if (a[0] === null || a[1] === null) return null;
    return arrayToText(a[0] as ArrayValue, a[1] as string, a[2] as string | null, ctx, call);
  },
  text_to_array: (a) => (a[0] === null ? null : textToArray(a[0] as string, a[1] as string | null, null)),
  text_to_array_null: (a) => (a[0] === null ? null : textToArray(a[0] as string, a[1] as string | null, a[2] as string | null)),
};
