// Test helper for the recorded type-I/O cases: reads an input under the recorded settings and
// compares output text, send() bytes and the receive() round trip, or the error, with what
// PostgreSQL 15.18 answered.
import { expect } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { typeIO } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { resolveTimeZone } from '../../../src/sql/types/timezone.js';
import type { DateOrder, DateStyleName, IntervalStyle, TypeContext } from '../../../src/sql/types/typeio.js';

export type Settings = { datestyle?: string; intervalstyle?: string; timezone?: string; extra_float_digits?: string; bytea_output?: string };
export type Expected = string | { code: string; message: string; detail?: string; hint?: string };
export type RecordedCase = [keyof typeof Oid, number, string, Settings, Expected, string | null];

function contextFor(s: Settings): TypeContext {
  const [style, order] = (s.datestyle ?? 'ISO, MDY').split(',').map((x) => x.trim());
  return {
    dateStyle: style as DateStyleName,
    dateOrder: (order ?? 'MDY') as DateOrder,
    intervalStyle: (s.intervalstyle ?? 'postgres') as IntervalStyle,
    timeZone: resolveTimeZone(s.timezone ?? 'UTC')!,
    extraFloatDigits: Number(s.extra_float_digits ?? '1'),
    byteaOutput: (s.bytea_output ?? 'hex') as 'hex' | 'escape',
    transactionStart: () => 0n,
  };
}

export function checkRecorded([oidName, typmod, input, settings, expected, sendHex]: RecordedCase): void {
  const ctx = contextFor(settings);
  const io = typeIO(Oid[oidName])!;
  if (typeof expected === 'string') {
    const v = io.input(input, typmod, ctx);
    expect(io.output(v, ctx)).toBe(expected);
    const bytes = io.send(v, ctx);
    if (sendHex !== null) expect(bytes.toString('hex')).toBe(sendHex);
    expect(io.output(io.receive(bytes, typmod, ctx), ctx)).toBe(expected);
    return;
  }
  let err: unknown;
  try {
    io.input(input, typmod, ctx);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DbError);
  const e = err as DbError;
  expect({ code: e.code, message: e.message, detail: e.detail, hint: e.hint }).toEqual({ detail: undefined, hint: undefined, ...expected });
}

