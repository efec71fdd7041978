// numeric text and binary I/O with typmod numeric(p,s) applied on input and receive.
// Binary layout (numeric_send), all big-endian:
//   | int16 ndigits | int16 weight | uint16 sign | uint16 dscale | int16 digit[ndigits] |
//   digits are base 10000, most significant first, value = sum digit[i] * 10000^(weight-i);
//   sign 0x0000 positive, 0x4000 negative, 0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity.
//   Leading and trailing zero digits are stripped; zero has ndigits 0, weight 0. PostgreSQL
//   sends dscale 32 for the infinities (an artifact of its header bits), and so do we.
import type { TypeIO } from './typeio.js';
import { Numeric, NumericKind, pow10 } from './numeric.js';
import { BinaryReader, badBinaryFormat } from './errors.js';

const SIGN_POS = 0x0000;
const SIGN_NEG = 0x4000;
const SIGN_NAN = 0xc000;
const SIGN_PINF = 0xd000;
const SIGN_NINF = 0xf000;

/** numeric_send. */
export function numericSend(n: Numeric): Buffer {
  if (n.kind !== NumericKind.Finite) {
    const b = Buffer.alloc(8);
    b.writeUInt16BE(n.kind === NumericKind.NaN ? SIGN_NAN : n.kind === NumericKind.PosInf ? SIGN_PINF : SIGN_NINF, 4);
    b.writeUInt16BE(n.kind === NumericKind.NaN ? 0 : 32, 6);
    return b;
  }
  const neg = n.unscaled < 0n;
  if (n.unscaled === 0n) {
    const b = Buffer.alloc(8);
    b.writeUInt16BE(n.scale, 6);
    return b;
  }
  const padFrac = (4 - (n.scale % 4)) % 4;
  let digits = (neg ? -n.unscaled : n.unscaled).toString() + '0'.repeat(padFrac);
  const fracGroups = (n.scale + padFrac) / 4;
  const lead = digits.length % 4;
  if (lead !== 0) digits = '0'.repeat(4 - lead) + digits;
  const groups: number[] = [];
  for (let i = 0; i < digits.length; i += 4) groups.push(Number(digits.slice(i, i + 4)));
  const weight = groups.length - fracGroups - 1;
  let end = groups.length;
  while (end > 0 && groups[end - 1] === 0) end--;
  const b = Buffer.allocUnsafe(8 + end * 2);
  b.writeInt16BE(end, 0);
  b.writeInt16BE(weight, 2);
  b.writeUInt16BE(neg ? SIGN_NEG : SIGN_POS, 4);
  b.writeUInt16BE(n.scale, 6);
  for (let i = 0; i < end; i++) b.writeInt16BE(groups[i], 8 + i * 2);
  return b;
}

/** numeric_recv: validates sign, scale and digits, truncates to dscale, applies the typmod. */
export function numericReceive(data: Buffer, typmod: number): Numeric {
  const r = new BinaryReader(data);
  const ndigits = r.uint16();
  const weight = r.int16();
  const sign = r.uint16();
  if (sign !== SIGN_POS && sign !== SIGN_NEG && sign !== SIGN_NAN && sign !== SIGN_PINF && sign !== SIGN_NINF) {
    throw badBinaryFormat('invalid sign in external "numeric" value');
  }
  const dscale = r.uint16();
  if ((dscale & 0x3fff) !== dscale) throw badBinaryFormat('invalid scale in external "numeric" value');
  let value = 0n;
  for (let i = 0; i < ndigits; i++) {
    const d = r.int16();
    if (d < 0 || d >= 10000) throw badBinaryFormat('invalid digit in external "numeric" value');
    value = value * 10000n + BigInt(d);
  }
  r.end();
  if (sign === SIGN_NAN) return Numeric.NaN.applyTypmod(typmod);
  if (sign === SIGN_PINF) return Numeric.Infinity.applyTypmod(typmod);
  if (sign === SIGN_NINF) return Numeric.NegativeInfinity.applyTypmod(typmod);
  const e10 = 4 * (weight - ndigits + 1); // value * 10^e10
  let unscaled: bigint;
  if (e10 >= 0) unscaled = value * pow10(e10 + dscale);
  else if (-e10 <= dscale) unscaled = value * pow10(dscale + e10);
  else unscaled = value / pow10(-e10 - dscale);
  if (sign === SIGN_NEG) unscaled = -unscaled;
  return Numeric.of(unscaled, dscale).applyTypmod(typmod);
}

export const numericIO: TypeIO = {
  input: (text, typmod) => Numeric.parse(text).applyTypmod(typmod),
  output: (value) => (value as Numeric).toString(),
  receive: (data, typmod) => numericReceive(data, typmod),
  send: (value) => numericSend(value as Numeric),
};
