// Row value I/O (record_out / record_in / record_send / record_recv) against answers recorded
// from PostgreSQL 15.18: the quoting of fields, literals of a table's row type (a, int; b, text)
// with their errors and DETAILs, the binary form, and the anonymous record type's refusal.
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { typeIO } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { isRowType, parseRecordText, quoteRecordField } from '../../../src/sql/types/record.js';
import { resolveTimeZone } from '../../../src/sql/types/timezone.js';
import type { TypeContext } from '../../../src/sql/types/typeio.js';
import { ArrayValue, RecordValue, type RecordDescriptor } from '../../../src/sql/types/value.js';

/** A table's row type, as pg_type derives it (sql/system/catalog-objects.ts). */
const PT = 0x80000000 + 16384;
const PT_FIELDS: RecordDescriptor = { names: ['a', 'b'], types: [Oid.int4, Oid.text], typmods: [-1, -1] };

const ctx: TypeContext = {
  dateStyle: 'ISO', dateOrder: 'MDY', intervalStyle: 'postgres', timeZone: resolveTimeZone('UTC')!,
  extraFloatDigits: 1, byteaOutput: 'hex', transactionStart: () => 0n,
  names: {
    relationName: () => undefined,
    relationOid: () => 0,
    typeName: (oid) => (oid === PT ? 'pt' : undefined),
    rowTypeFields: (oid) => (oid === PT ? PT_FIELDS : undefined),
  },
};

const anonymous = (...fields: RecordValue['fields'][number][]): RecordValue =>
  new RecordValue({ names: fields.map((_, i) => `f${i + 1}`), types: fields.map((f) => (typeof f === 'number' ? Oid.int4 : Oid.text)), typmods: fields.map(() => -1) }, fields);

function errorOf(fn: () => unknown): { code: string; message: string; detail?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DbError) return { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
    throw e;
  }
  throw new Error('no error');
}

describe('record_out', () => {
  it('quotes a field that is empty or holds " \\ ( ) , or white space, doubling " and \\', () => {
    const cases: [string, string][] = [
      ['abc', 'abc'],
      ['', '""'],
      ['a b', '"a b"'],
      ['x"y', '"x""y"'],
      ['a\\b', '"a\\\\b"'],
      ['(', '"("'],
      [')', '")"'],
      [',', '","'],
      ['\t', '"\t"'],
      ['{1,2}', '"{1,2}"'],
      ['NULL', 'NULL'],
    ];
    for (const [text, quoted] of cases) expect(quoteRecordField(text)).toBe(quoted);
  });

  it('prints fields with their types, NULL as nothing', () => {
    const io = typeIO(Oid.record)!;
    expect(io.output(anonymous(1, 'a b', null, ''), ctx)).toBe('(1,"a b",,"")');
    const nested = new RecordValue(
      { names: ['f1', 'f2', 'f3'], types: [Oid.int4, Oid.record, 1007], typmods: [-1, -1, -1] },
      [1, anonymous(1, 'z q'), new ArrayValue(Oid.int4, [1, 2], [2])],
    );
    expect(io.output(nested, ctx)).toBe('(1,"(1,""z q"")","{1,2}")');
    expect(io.output(new RecordValue({ names: [], types: [], typmods: [] }, []), ctx)).toBe('()');
  });
});

describe('record_in of a table row type', () => {
  const io = typeIO(PT)!;
  const read = (text: string) => io.output(io.input(text, -1, ctx), ctx);

  it('reads quoted, escaped and empty fields as PostgreSQL does', () => {
    expect(read(' ( 5 , "a\\"b" ) ')).toBe('(5," a""b ")');
    expect(read('(,)')).toBe('(,)');
    expect(read('(,"")')).toBe('(,"")');
    expect(read('(1,a""b)')).toBe('(1,ab)');
    expect(read('("1",\\x)')).toBe('(1,x)');
    expect((io.input('(,"")', -1, ctx) as RecordValue).fields).toEqual([null, '']);
  });

  it('refuses malformed literals with their DETAIL', () => {
    const malformed = (text: string, detail: string) => ({ code: '22P02', message: `malformed record literal: "${text}"`, detail });
    expect(errorOf(() => io.input('(5', -1, ctx))).toEqual(malformed('(5', 'Unexpected end of input.'));
    expect(errorOf(() => io.input('5,x)', -1, ctx))).toEqual(malformed('5,x)', 'Missing left parenthesis.'));
    expect(errorOf(() => io.input('(5,x,7)', -1, ctx))).toEqual(malformed('(5,x,7)', 'Too many columns.'));
    expect(errorOf(() => io.input('(5,x) j', -1, ctx))).toEqual(malformed('(5,x) j', 'Junk after right parenthesis.'));
    expect(errorOf(() => io.input('(5,"x', -1, ctx))).toEqual(malformed('(5,"x', 'Unexpected end of input.'));
    expect(errorOf(() => io.input('(5,a\\', -1, ctx))).toEqual(malformed('(5,a\\', 'Unexpected end of input.'));
    expect(errorOf(() => io.input('()', -1, ctx))).toEqual(malformed('()', 'Too few columns.'));
    expect(errorOf(() => io.input('(1)', -1, ctx))).toEqual(malformed('(1)', 'Too few columns.'));
    expect(errorOf(() => io.input('(x,y)', -1, ctx))).toEqual({ code: '22P02', message: 'invalid input syntax for type integer: "x"' });
  });

  it('splits fields without knowing their types', () => {
    expect(parseRecordText('(a,,"","b""c")', 4)).toEqual(['a', null, '', 'b"c']);
  });

  it('has no input for the anonymous record type', () => {
    expect(errorOf(() => typeIO(Oid.record)!.input('(1,2)', -1, ctx))).toEqual({ code: '0A000', message: 'input of anonymous composite types is not implemented' });
  });
});

describe('record_send / record_recv', () => {
  it('sends the field count, then each field type, length and bytes (-1 for NULL)', () => {
    const io = typeIO(Oid.record)!;
    // PostgreSQL 15: SELECT ROW(1, 'a'::text) and ROW(1, NULL::text) in binary
    expect(io.send(anonymous(1, 'a'), ctx).toString('hex')).toBe('00000002' + '00000017' + '00000004' + '00000001' + '00000019' + '00000001' + '61');
    expect(io.send(anonymous(1, null), ctx).toString('hex')).toBe('00000002' + '00000017' + '00000004' + '00000001' + '00000019' + 'ffffffff');
  });

  it('receives a table row type, checking the field count and types', () => {
    const io = typeIO(PT)!;
    const bytes = io.send(new RecordValue(PT_FIELDS, [7, null]), ctx);
    expect((io.receive(bytes, -1, ctx) as RecordValue).fields).toEqual([7, null]);
    const wrongCount = Buffer.from('00000001000000170000000400000001', 'hex');
    expect(errorOf(() => io.receive(wrongCount, -1, ctx))).toEqual({ code: '42804', message: 'wrong number of columns: 1, expected 2' });
    const wrongType = Buffer.from('00000002' + '00000019' + '00000001' + '61' + '00000019' + '00000001' + '61', 'hex');
    expect(errorOf(() => io.receive(wrongType, -1, ctx))).toEqual({ code: '42804', message: 'wrong data type: 25, expected 23' });
  });
});

describe('row types', () => {
  it('are record, the derived table row types and the catalog row types', () => {
    expect(isRowType(Oid.record)).toBe(true);
    expect(isRowType(PT)).toBe(true);
    expect(isRowType(71)).toBe(true); // pg_type's row type
    expect(isRowType(Oid.int4)).toBe(false);
    expect(isRowType(0xc0000000 + 16384)).toBe(false); // a row type's array type
  });
});
