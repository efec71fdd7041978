// bytea functions and encode/decode/convert/md5/sha2 against PostgreSQL 15's results.
import { describe, expect, it } from 'vitest';
import { failure, run } from './invoke.js';
import type { Value } from '../../../../src/sql/types/value.js';


const hex = (s: string) => Buffer.from(s, 'hex');

describe('bytea functions', () => {
  it.each<[string, Value[], Value]>([
    ['byteaGetByte', [hex('0102'), 1], 2],
    ['byteaSetByte', [hex('0102'), 0, 511], hex('ff02')],
    ['byteaGetBit', [hex('0102'), 9n], 1],
    ['byteaSetBit', [hex('0102'), 0n, 0], hex('0002')],
    ['bytea_bit_count', [hex('ff01')], 9n],
    ['bytea_substr', [hex('0102030405'), 2, 2], hex('0203')],
    ['bytea_substr', [hex('0102030405'), 0, 2], hex('01')],
    ['bytea_substr_no_len', [hex('0102'), 3], hex('')],
    ['byteapos', [hex('010203'), hex('03')], 3],
    ['byteapos', [hex('010203'), hex('')], 1],
    ['byteapos', [hex('010203'), hex('04')], 0],
    ['byteatrim', [hex('0102010301'), hex('01')], hex('020103')],
    ['bytealtrim', [hex('0102'), hex('01')], hex('02')],
    ['byteartrim', [hex('0102'), hex('02')], hex('01')],
    ['byteaoverlay', [hex('010203'), hex('ff'), 2, 1], hex('01ff03')],
    ['byteaoverlay_no_len', [hex('010203'), hex('ffee'), 3], hex('0102ffee')],
    ['byteacat', [hex('01'), hex('02')], hex('0102')],
    ['byteaoctetlen', [hex('0102')], 2],
    ['bytealt', [hex('01'), hex('0100')], true],
    ['byteagt', [hex('02'), hex('0100')], true],
    ['byteaeq', [hex('0102'), hex('0102')], true],
    ['byteacmp', [hex('ff'), hex('01')], 1],
  ])('%s(%s)', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toEqual(expected);
  });

  it('never modifies its argument', () => {
    const b = hex('0102');
    run('byteaSetByte', b, 0, 9);
    run('byteaSetBit', b, 0n, 0);
    expect(b).toEqual(hex('0102'));
  });

  it.each<[string, Value[], string]>([
    ['byteaGetByte', [hex('0102'), 2], '2202E index 2 out of valid range, 0..1'],
    ['byteaGetByte', [hex(''), 0], '2202E index 0 out of valid range, 0..-1'],
    ['byteaGetBit', [hex('01'), 8n], '2202E index 8 out of valid range, 0..7'],
    ['byteaSetBit', [hex('01'), 0n, 2], '22023 new bit must be 0 or 1'],
    ['bytea_substr', [hex('01'), 1, -1], '22011 negative substring length not allowed'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});

describe('encode and decode', () => {
  it.each<[Value[], Value]>([
    [[Buffer.from('hello'), 'base64'], 'aGVsbG8='],
    [[hex('00ff5c41'), 'escape'], '\\000\\377\\\\A'],
    [[hex('00ff'), 'hex'], '00ff'],
    [[hex('00ff'), 'HEX'], '00ff'],
    [[Buffer.from('x'.repeat(60)), 'base64'], 'eHh4'.repeat(19) + '\neHh4'],
  ])('encode(%s) = %j', (args, expected) => {
    expect(run('binary_encode', ...args)).toBe(expected);
  });

  it('breaks base64 lines after 76 characters, even at the end', () => {
    expect((run('binary_encode', Buffer.alloc(57), 'base64') as string).length).toBe(77);
    expect((run('binary_encode', Buffer.alloc(114), 'base64') as string).length).toBe(154);
    expect((run('binary_encode', Buffer.alloc(58), 'base64') as string).length).toBe(81);
    expect((run('binary_encode', Buffer.alloc(56), 'base64') as string).length).toBe(76);
  });

  it.each<[Value[], Value]>([
    [['aGVsbG8=', 'base64'], Buffer.from('hello')],
    [['aGVs bG8=', 'base64'], Buffer.from('hello')],
    [['aGU=aGVs', 'base64'], hex('68656865')],
    [['aG==', 'base64'], hex('68')],
    [['aGVsbA==', 'base64'], hex('68656c6c')],
    [['', 'base64'], hex('')],
    [['00 ff', 'hex'], hex('00ff')],
    [['a\\\\b\\000', 'escape'], hex('615c6200')],
  ])('decode(%j)', (args, expected) => {
    expect(run('binary_decode', ...args)).toEqual(expected);
  });

  it.each<[Value[], string]>([
    [['aGVsbG8', 'base64'], '22023 invalid base64 end sequence'],
    [['aGVsbA=', 'base64'], '22023 invalid base64 end sequence'],
    [['aGV!bG8=', 'base64'], '22023 invalid symbol "!" found while decoding base64 sequence'],
    [['aGVé', 'base64'], '22023 invalid symbol "é" found while decoding base64 sequence'],
    [['a=b', 'base64'], '22023 unexpected "=" while decoding base64 sequence'],
    [['a===', 'base64'], '22023 unexpected "=" while decoding base64 sequence'],
    [['0', 'hex'], '22023 invalid hexadecimal data: odd number of digits'],
    [['0g', 'hex'], '22023 invalid hexadecimal digit: "g"'],
    [['0 0', 'hex'], '22023 invalid hexadecimal digit: " "'],
    [['é', 'hex'], '22023 invalid hexadecimal digit: "é"'],
    [['a\\', 'escape'], '22P02 invalid input syntax for type bytea'],
    [['x', 'foo'], '22023 unrecognized encoding: "foo"'],
  ])('decode(%j) fails with %s', (args, expected) => {
    expect(failure('binary_decode', ...args)).toBe(expected);
  });

  it('rejects unknown formats in encode', () => {
    expect(failure('binary_encode', Buffer.from('x'), 'foo')).toBe('22023 unrecognized encoding: "foo"');
  });
});

describe('digests', () => {
  it('match PostgreSQL', () => {
    expect(run('md5_text', 'abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(run('md5_bytea', Buffer.from('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(run('sha256_bytea', Buffer.from('abc'))).toEqual(hex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
    expect(run('sha224_bytea', Buffer.from(''))).toEqual(hex('d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f'));
  });
});

describe('convert_to, convert_from, convert, length(bytea, encoding)', () => {
  it.each<[string, Value[], Value]>([
    ['pg_convert_to', ['é', 'UTF8'], hex('c3a9')],
    ['pg_convert_to', ['é', 'LATIN1'], hex('e9')],
    ['pg_convert_to', ['é', 'utf_8'], hex('c3a9')],
    ['pg_convert_to', ['a', 'unicode'], hex('61')],
    ['pg_convert_to', ['é', 'SQL_ASCII'], hex('c3a9')],
    ['pg_convert_from', [hex('c3a9'), 'utf-8'], 'é'],
    ['pg_convert_from', [hex('e9'), 'LATIN1'], 'é'],
    ['pg_convert_from', [hex('41'), 'SQL_ASCII'], 'A'],
    ['pg_convert', [hex('e9'), 'LATIN1', 'UTF8'], hex('c3a9')],
    ['length_in_encoding', [hex('c3a9'), 'UTF8'], 1],
    ['length_in_encoding', [hex('c3a9'), 'LATIN1'], 2],
  ])('%s(%s)', (prosrc, args, expected) => {
    expect(run(prosrc, ...args)).toEqual(expected);
  });

  it.each<[string, Value[], string]>([
    ['pg_convert_to', ['€', 'LATIN1'], '22P05 character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"'],
    ['pg_convert_from', [hex('c3'), 'UTF8'], '22021 invalid byte sequence for encoding "UTF8": 0xc3'],
    ['pg_convert_from', [hex('e9'), 'SQL_ASCII'], '22021 invalid byte sequence for encoding "UTF8": 0xe9'],
    ['pg_convert_from', [hex('00'), 'LATIN1'], '22021 invalid byte sequence for encoding "LATIN1": 0x00'],
    ['pg_convert_to', ['x', 'foo'], '22023 invalid destination encoding name "foo"'],
    ['pg_convert_from', [hex('78'), 'foo'], '22023 invalid source encoding name "foo"'],
    ['length_in_encoding', [hex('c3'), 'UTF8'], '22021 invalid byte sequence for encoding "UTF8": 0xc3'],
    ['pg_convert_to', ['a', 'EUC_JP'], '0A000 encoding "EUC_JP" is not supported yet'],
  ])('%s(%s) fails with %s', (prosrc, args, expected) => {
    expect(failure(prosrc, ...args)).toBe(expected);
  });
});
