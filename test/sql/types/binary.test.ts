// Binary receive/send: byte layouts and the errors PostgreSQL 15 gives for malformed values
// (expectations checked against the real server with binary bind parameters).
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { defaultTypeContext, typeIO } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { Numeric } from '../../../src/sql/types/numeric.js';
import { Interval } from '../../../src/sql/types/value.js';

const ctx = defaultTypeContext();

function receiveError(oid: number, hex: string, typmod = -1): { code: string; message: string } {
  try {
    typeIO(oid)!.receive(Buffer.from(hex, 'hex'), typmod, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(DbError);
    return { code: (e as DbError).code, message: (e as DbError).message };
  }
  throw new Error('expected an error');
}

function received(oid: number, hex: string, typmod = -1): string {
  const io = typeIO(oid)!;
  return io.output(io.receive(Buffer.from(hex, 'hex'), typmod, ctx), ctx);
}

describe('binary receive errors', () => {
  it('short fixed-width values are 08P01 insufficient data', () => {
    expect(receiveError(Oid.int4, '000001')).toEqual({ code: '08P01', message: 'insufficient data left in message' });
    expect(receiveError(Oid.float8, '3ff0')).toEqual({ code: '08P01', message: 'insufficient data left in message' });
    expect(receiveError(Oid.uuid, '00')).toEqual({ code: '08P01', message: 'insufficient data left in message' });
    expect(receiveError(Oid.interval, '000000000000000100000002')).toEqual({ code: '08P01', message: 'insufficient data left in message' });
    expect(receiveError(Oid.char, '')).toEqual({ code: '08P01', message: 'no data left in message' });
  });
  it('left-over bytes are 22P03', () => {
    expect(receiveError(Oid.int4, '0000000100').code).toBe('22P03');
    expect(receiveError(Oid.bool, '0100').code).toBe('22P03');
    expect(receiveError(Oid.numeric, '00017fff0000000000010001').code).toBe('22P03');
  });
  it('numeric validation', () => {
    expect(receiveError(Oid.numeric, '0001000000000000ffff')).toEqual({ code: '22P03', message: 'invalid digit in external "numeric" value' });
    expect(receiveError(Oid.numeric, '000100000000000027100000').code).toBe('22P03');
    expect(receiveError(Oid.numeric, '0001000000010001000a')).toEqual({ code: '22P03', message: 'invalid sign in external "numeric" value' });
    expect(receiveError(Oid.numeric, '00000000000040000001'.slice(0, 16))).toEqual({ code: '22P03', message: 'invalid scale in external "numeric" value' });
  });
  it('date/time ranges', () => {
    expect(receiveError(Oid.time, 'ffffffffffffffff')).toEqual({ code: '22008', message: 'time out of range' });
    expect(receiveError(Oid.time, '000000141dd76001')).toEqual({ code: '22008', message: 'time out of range' });
    expect(receiveError(Oid.date, '80000001')).toEqual({ code: '22008', message: 'date out of range' });
    expect(receiveError(Oid.timestamp, '7ffffffffffffff0')).toEqual({ code: '22008', message: 'timestamp out of range' });
  });
  it('text must be valid UTF-8 without NUL', () => {
    const msg = (hex: string) => receiveError(Oid.text, hex).message;
    expect(receiveError(Oid.text, 'ff').code).toBe('22021');
    expect(msg('ff')).toBe('invalid byte sequence for encoding "UTF8": 0xff');
    expect(msg('61c328')).toBe('invalid byte sequence for encoding "UTF8": 0xc3 0x28');
    expect(msg('e282')).toBe('invalid byte sequence for encoding "UTF8": 0xe2 0x82');
    expect(msg('6100')).toBe('invalid byte sequence for encoding "UTF8": 0x00');
    expect(msg('eda080')).toBe('invalid byte sequence for encoding "UTF8": 0xed 0xa0 0x80');
    expect(msg('f4908080')).toBe('invalid byte sequence for encoding "UTF8": 0xf4 0x90 0x80 0x80');
    expect(msg('c0af')).toBe('invalid byte sequence for encoding "UTF8": 0xc0 0xaf');
  });
  it('name longer than 63 bytes is 42622', () => {
    const e = receiveError(Oid.name, '61'.repeat(64));
    expect(e).toEqual({ code: '42622', message: 'identifier too long' });
  });
  it('json is validated', () => {
    expect(receiveError(Oid.json, '7b')).toEqual({ code: '22P02', message: 'invalid input syntax for type json' });
  });
});

describe('binary receive values', () => {
  it('decodes as PostgreSQL does', () => {
    expect(received(Oid.bool, '02')).toBe('t');
    expect(received(Oid.numeric, '00020000000000010001270f')).toBe('1.9'); // digits beyond dscale are cut
    expect(received(Oid.numeric, '0000000000000000')).toBe('0');
    expect(received(Oid.numeric, '00000000c0000000')).toBe('NaN');
    expect(received(Oid.numeric, '00000000d0000000')).toBe('Infinity');
    expect(received(Oid.numeric, '00000000f0000005')).toBe('-Infinity');
    expect(received(Oid.date, '7fffffff')).toBe('infinity');
    expect(received(Oid.timestamp, '7fffffffffffffff')).toBe('infinity');
    expect(received(Oid.interval, '00000000000000010000000200000003')).toBe('3 mons 2 days 00:00:00.000001');
    expect(received(Oid.char, 'c3')).toBe('\\303');
    expect(received(Oid.uuid, '000102030405060708090a0b0c0d0e0f')).toBe('00010203-0405-0607-0809-0a0b0c0d0e0f');
  });
  it('applies typmods on receive', () => {
    expect(received(Oid.numeric, '000200000000000300010fa0', ((5 << 16) | 1) + 4)).toBe('1.4');
    expect(received(Oid.timestamp, '0000000000000001', 0)).toBe('2000-01-01 00:00:00');
  });
});

describe('numeric_send layout', () => {
  const send = (s: string) => typeIO(Oid.numeric)!.send(Numeric.parse(s), ctx).toString('hex');
  it('matches PostgreSQL byte for byte', () => {
    expect(send('0.00')).toBe('0000000000000002');
    expect(send('1.50')).toBe('000200000000000200011388');
    expect(send('-12345.678')).toBe('0003000140000003000109291a7c');
    expect(send('0.0001234')).toBe('0002ffff0000000700010924');
    expect(send('100000000')).toBe('00010002000000000001');
    expect(send('NaN')).toBe('00000000c0000000');
    expect(send('Infinity')).toBe('00000000d0000020');
    expect(send('-Infinity')).toBe('00000000f0000020');
    expect(send('1e-10')).toBe('0001fffd0000000a0064');
  });
});

describe('other layouts', () => {
  it('interval is micros, days, months', () => {
    expect(typeIO(Oid.interval)!.send(new Interval(3, 2, 1n), ctx).toString('hex')).toBe('00000000000000010000000200000003');
  });
  it('float NaN is the quiet NaN', () => {
    expect(typeIO(Oid.float8)!.send(NaN, ctx).toString('hex')).toBe('7ff8000000000000');
    expect(typeIO(Oid.float4)!.send(NaN, ctx).toString('hex')).toBe('7fc00000');
  });
});
