// ByteWriter: growth keeps written bytes, UTF-8 output matches Node's encoder for any UTF-16
// string (both the short-string loop and the native path), inversion and views.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteWriter } from '../../../src/storage/encoding/byte-writer.js';

const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 60 });

describe('ByteWriter', () => {
  it('writes UTF-8 exactly as Buffer.from does, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyUtf16, fc.string({ unit: 'binary', maxLength: 40 }))), (parts) => {
        const w = new ByteWriter(1);
        for (const p of parts) w.utf8(p);
        // each part on its own: a surrogate pair split across two parts is two lone halves
        expect(w.view().equals(Buffer.concat(parts.map((p) => Buffer.from(p, 'utf8'))))).toBe(true);
      }),
    );
  });

  it('writes int64 like the native encoders over the whole range', () => {
    const int64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), fc.bigInt({ min: -300n, max: 300n }));
    fc.assert(
      fc.property(int64, (v) => {
        const w = new ByteWriter();
        w.i64be(v);
        w.i64le(v);
        const want = Buffer.alloc(16);
        want.writeBigInt64BE(v, 0);
        want.writeBigInt64LE(v, 8);
        expect(w.view().equals(want)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps written bytes across growth and copies exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 })), (chunks) => {
        const w = new ByteWriter(1);
        for (const c of chunks) w.bytes(Buffer.from(c));
        const want = Buffer.concat(chunks.map((c) => Buffer.from(c)));
        expect(w.view().equals(want)).toBe(true);
        expect(w.copy().equals(want)).toBe(true);
        expect(w.copy().length).toBe(want.length);
      }),
    );
  });

  it('writes typed values and inverts a tail', () => {
    const w = new ByteWriter();
    w.u8(1);
    w.u16be(0x0203);
    w.u32be(0x04050607);
    const from = w.length;
    w.u64be(0x08090a0b0c0d0e0fn);
    w.invertFrom(from);
    expect([...w.view()]).toEqual([1, 2, 3, 4, 5, 6, 7, ...[8, 9, 10, 11, 12, 13, 14, 15].map((b) => 255 - b)]);
    w.reset();
    w.i16le(-2);
    w.i32le(-3);
    w.u32le(0xffffffff);
    w.i64le(-4n);
    w.f32le(1.5);
    w.f64le(-0);
    const v = w.view();
    expect([v.readInt16LE(0), v.readInt32LE(2), v.readUInt32LE(6), v.readBigInt64LE(10), v.readFloatLE(18)]).toEqual([-2, -3, 0xffffffff, -4n, 1.5]);
    expect(Object.is(v.readDoubleLE(22), -0)).toBe(true);
    const z = w.reserveZeroed(5);
    expect([...w.view().subarray(z)]).toEqual([0, 0, 0, 0, 0]);
  });
});
