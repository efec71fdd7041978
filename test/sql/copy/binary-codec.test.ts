// COPY's binary format: tuples written with the PGCOPY header and trailer read back
// identically however the input is cut, and the header and tuple errors PostgreSQL 15 gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY_HEADER, BINARY_SIGNATURE, BINARY_TRAILER, BinaryTupleReader, binaryTuple } from '../../../src/sql/copy/binary-codec.js';
import { cut } from './chunks.js';

function readAll(chunks: Buffer[], width: number): (string | null)[][] {
  const reader = new BinaryTupleReader(width);
  const rows: (string | null)[][] = [];
  const take = (eof: boolean) => {
    for (let t = reader.next(eof); t; t = reader.next(eof)) {
      if (t.error) throw t.error;
      rows.push(t.fields.map((f) => (f === null ? null : f.toString('hex'))));
    }
  };
  for (const c of chunks) {
    reader.push(c);
    take(false);
  }
  take(true);
  return rows;
}

const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('binary format', () => {
  it('reads back what it writes, cut into chunks anywhere', () => {
    const value = fc.option(fc.uint8Array({ maxLength: 9 }).map((a) => Buffer.from(a)), { nil: null });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.array(value, { minLength: n, maxLength: n }), { maxLength: 8 }))),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        ([n, rows], trailer, cuts) => {
          const data = Buffer.concat([BINARY_HEADER, ...rows.map(binaryTuple), ...(trailer ? [BINARY_TRAILER] : [])]);
          const expected = rows.map((r) => r.map((f) => (f === null ? null : f.toString('hex'))));
          expect(readAll(cut(data, cuts.map((c) => c % (data.length + 1))), n)).toEqual(expected);
        },
      ),
    );
  });

  it('checks the header as PostgreSQL does', () => {
    const header = (flags: number, ext: Buffer) => Buffer.concat([BINARY_SIGNATURE, i32(flags), i32(ext.length), ext]);
    expect(() => readAll([], 1)).toThrow('COPY file signature not recognized');
    expect(() => readAll([Buffer.from('PGCOPX\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1')], 1)).toThrow('COPY file signature not recognized');
    expect(() => readAll([Buffer.concat([BINARY_SIGNATURE, Buffer.from([0, 0])])], 1)).toThrow('invalid COPY file header (missing flags)');
    expect(() => readAll([header(1 << 16, Buffer.alloc(0))], 1)).toThrow('invalid COPY file header (WITH OIDS)');
    expect(() => readAll([header(1 << 17, Buffer.alloc(0))], 1)).toThrow('unrecognized critical flags in COPY file header');
    expect(() => readAll([Buffer.concat([BINARY_SIGNATURE, i32(0), i32(-1)])], 1)).toThrow('invalid COPY file header (missing length)');
    expect(() => readAll([Buffer.concat([BINARY_SIGNATURE, i32(0), i32(30), Buffer.from('abc')])], 1)).toThrow('invalid COPY file header (wrong length)');
    expect(readAll([header(1, Buffer.from('ext')), binaryTuple([Buffer.from([5])]), BINARY_TRAILER], 1)).toEqual([['05']]);
  });

  it('checks tuples as PostgreSQL does', () => {
    expect(() => readAll([BINARY_HEADER, binaryTuple([null])], 2)).toThrow('row field count is 1, expected 2');
    expect(() => readAll([BINARY_HEADER, binaryTuple([null]), BINARY_TRAILER, Buffer.from('x')], 1)).toThrow('received copy data after EOF marker');
    expect(() => readAll([BINARY_HEADER, Buffer.from([0, 1]), i32(4), Buffer.from([0])], 1)).toThrow('unexpected EOF in COPY data');
    expect(() => readAll([BINARY_HEADER, Buffer.from([0, 1]), i32(-2)], 1)).toThrow('invalid field size');
    // a stray byte where a tuple would start is taken for the end of the data
    expect(readAll([BINARY_HEADER, Buffer.from([0])], 1)).toEqual([]);
  });
});
