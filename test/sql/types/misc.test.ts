// Behaviour that the recorded cases do not cover: typmods of the character types, JSON error
// context lines, the special date/time words that depend on the transaction time, and the
// registry. Expectations are PostgreSQL 15's (checked against the real server).
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { defaultTypeContext, typeIO } from '../../../src/sql/types/index.js';
import { Oid, VARHDRSZ } from '../../../src/sql/types/oids.js';
import { resolveTimeZone } from '../../../src/sql/types/timezone.js';
import { validateJson } from '../../../src/sql/types/json.js';

const ctx = defaultTypeContext();

function error(fn: () => unknown): DbError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DbError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('character typmods', () => {
  const varchar = typeIO(Oid.varchar)!;
  const bpchar = typeIO(Oid.bpchar)!;
  it('varchar(n) rejects long input unless the excess is spaces', () => {
    expect(varchar.input('abc', 3 + VARHDRSZ, ctx)).toBe('abc');
    expect(varchar.input('ab  ', 3 + VARHDRSZ, ctx)).toBe('ab ');
    expect(varchar.input('abc   ', 3 + VARHDRSZ, ctx)).toBe('abc');
    const e = error(() => varchar.input('abcd', 3 + VARHDRSZ, ctx));
    expect([e.code, e.message]).toEqual(['22001', 'value too long for type character varying(3)']);
    expect(varchar.input('ééé', 3 + VARHDRSZ, ctx)).toBe('ééé'); // characters, not bytes
  });
  it('char(n) pads and keeps the padding on output', () => {
    expect(bpchar.output(bpchar.input('ab', 4 + VARHDRSZ, ctx), ctx)).toBe('ab  ');
    expect(bpchar.input('abcd   ', 4 + VARHDRSZ, ctx)).toBe('abcd');
    const e = error(() => bpchar.input('abcde', 4 + VARHDRSZ, ctx));
    expect([e.code, e.message]).toEqual(['22001', 'value too long for type character(4)']);
    expect(bpchar.input('ab', -1, ctx)).toBe('ab');
  });
  it('name cuts at 63 bytes on a character boundary', () => {
    const name = typeIO(Oid.name)!;
    expect(name.input('é'.repeat(40), -1, ctx)).toBe('é'.repeat(31));
    expect(name.input('a'.repeat(70), -1, ctx)).toBe('a'.repeat(63));
  });
});

describe('json error context', () => {
  const where = (text: string) => error(() => validateJson(text)).where;
  it('matches PostgreSQL', () => {
    expect(where('[1,2')).toBe('JSON data, line 1: [1,2');
    expect(where('{"a":1,\\n "b" x}')).toBe('JSON data, line 1: {"a":1,\\...');
    expect(where('"\\u00"')).toBe('JSON data, line 1: "\\u00"');
    expect(where('"a\nb"')).toBe('JSON data, line 1: "a');
    expect(where('{"a" 2}')).toBe('JSON data, line 1: {"a" 2...');
    expect(where('a'.repeat(77))).toBe('JSON data, line 1: ...' + 'a'.repeat(49));
    expect(where('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30, x]')).toBe(
      'JSON data, line 1: ...5,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30, x...',
    );
    expect(where('[1,\n2,\n x]')).toBe('JSON data, line 3:  x...');
    expect(where('["\\u12x4"]')).toBe('JSON data, line 1: ["\\u12x...');
  });
  it('accepts what PostgreSQL json accepts', () => {
    expect(() => validateJson('"\\ud800"')).not.toThrow(); // json (not jsonb) keeps lone surrogates
    expect(() => validateJson(' {"a" : [1, 2.5e3, true, null, "x\\u00e9"]} ')).not.toThrow();
  });
});

describe('words that depend on the transaction time', () => {
  // 2024-07-15 03:30:00 UTC = 2024-07-14 23:30:00 in New York
  const start = 774329400_000000n;
  const ny = { ...ctx, timeZone: resolveTimeZone('America/New_York')!, transactionStart: () => start };
  const date = typeIO(Oid.date)!;
  const tstz = typeIO(Oid.timestamptz)!;
  const ts = typeIO(Oid.timestamp)!;
  const time = typeIO(Oid.time)!;
  it('now, today, tomorrow, yesterday use the session zone', () => {
    expect(tstz.input('now', -1, ny)).toBe(start);
    expect(ts.output(ts.input('now', -1, ny), ny)).toBe('2024-07-14 23:30:00');
    expect(date.output(date.input('today', -1, ny), ny)).toBe('2024-07-14');
    expect(date.output(date.input('tomorrow', -1, ny), ny)).toBe('2024-07-15');
    expect(date.output(date.input('yesterday', -1, ny), ny)).toBe('2024-07-13');
    expect(tstz.output(tstz.input('today', -1, ny), ny)).toBe('2024-07-14 00:00:00-04');
    expect(time.output(time.input('now', -1, ny), ny)).toBe('23:30:00');
  });
  it('epoch, infinity and allballs', () => {
    expect(tstz.output(tstz.input('epoch', -1, ny), ny)).toBe('1969-12-31 19:00:00-05');
    expect(ts.output(ts.input('epoch', -1, ny), ny)).toBe('1970-01-01 00:00:00');
    expect(date.output(date.input('-infinity', -1, ny), ny)).toBe('-infinity');
    expect(time.output(time.input('allballs', -1, ny), ny)).toBe('00:00:00');
  });
});

describe('registry', () => {
  it('covers the built-in scalar types', () => {
    for (const oid of [
      Oid.bool, Oid.int2, Oid.int4, Oid.int8, Oid.oid, Oid.float4, Oid.float8, Oid.numeric, Oid.text, Oid.varchar,
      Oid.bpchar, Oid.name, Oid.char, Oid.bytea, Oid.date, Oid.time, Oid.timestamp, Oid.timestamptz, Oid.interval,
      Oid.uuid, Oid.json, Oid.unknown, Oid.void, Oid.cstring,
    ]) {
      expect(typeIO(oid), String(oid)).toBeDefined();
    }
    // arrays get I/O from their element type: none for arrays of a type without I/O (xml[])
    expect(typeIO(Oid.int4Array)).toBeDefined();
    expect(typeIO(Oid.xml)).toBeUndefined();
    expect(typeIO(143)).toBeUndefined();
  });
  it('void prints nothing', () => {
    expect(typeIO(Oid.void)!.output('', ctx)).toBe('');
    expect(typeIO(Oid.void)!.send('', ctx).length).toBe(0);
  });
  it('the default context is a fresh PostgreSQL session', () => {
    const c = defaultTypeContext();
    expect([c.dateStyle, c.dateOrder, c.intervalStyle, c.timeZone.name, c.extraFloatDigits, c.byteaOutput]).toEqual([
      'ISO', 'MDY', 'postgres', 'UTC', 1, 'hex',
    ]);
  });
});
