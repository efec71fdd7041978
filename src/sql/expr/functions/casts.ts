// Cast functions (pg_cast castmethod 'f') among bool, int2, int4, int8, oid, float4, float8,
// "char", name, text, varchar and bpchar, and the typmod "length coercion" functions
// varchar(varchar, int4, bool) and bpchar(bpchar, int4, bool).
// Invariant: float to integer casts round half to even (rint) before the range check; an
// implicit or assignment length coercion fails with 22001 unless only spaces are cut, an
// explicit one truncates silently; char(n) pads with spaces. Typmods are n + 4 (VARHDRSZ).
// "char" is a string of zero or one UTF-16 unit whose code is the byte (0..255).
import { DbError, SqlState } from '../../../errors.js';
import { Oid } from '../../types/oids.js';
import { charInput } from '../../types/text.js';
import type { Value } from '../../types/value.js';
import { bigintOutOfRange, floatOverflow, floatUnderflow, integerOutOfRange, smallintOutOfRange } from './errors.js';
import { rint } from './math.js';
import type { FnImpl, FunctionTable } from './registry.js';
import { charCount, charOffset, clipUtf8, firstUtf8Byte } from './text-chars.js';

const TWO_POW_63 = 9223372036854775808; // 2^63 as a double
const NAMEDATALEN = 64;

/** A float rounded (rint) and checked into [min, max]. */
function floatToInt(min: number, max: number, error: () => DbError): FnImpl {
  return (a) => {
    const r = rint(a[0] as number);
    if (!(r >= min && r <= max)) throw error(); // NaN fails too
    return r + 0;
  };
}

const floatToInt8: FnImpl = (a) => {
  const r = rint(a[0] as number);
  if (!(r >= -TWO_POW_63 && r < TWO_POW_63)) throw bigintOutOfRange();
  return BigInt(r);
};

const TWO_POW_53 = 2n ** 53n;

/** int8 to float4 with a single rounding (Number() first would round twice). */
export function int8ToFloat4(v: bigint): number {
  if (v >= -TWO_POW_53 && v <= TWO_POW_53) return Math.fround(Number(v));
  const negative = v < 0n;
  const m = negative ? -v : v;
  const shift = BigInt(m.toString(2).length - 53);
  let q = m >> shift;
  if (q << shift !== m) q |= 1n; // round to odd keeps the final rounding correct
  const d = Number(q) * 2 ** Number(shift);
  return Math.fround(negative ? -d : d);
}

function int8ToNumber(min: bigint, max: bigint, error: () => DbError): FnImpl {
  return (a) => {
    const v = a[0] as bigint;
    if (v < min || v > max) throw error();
    return Number(v);
  };
}

function charOutOfRange(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, '"char" out of range');
}

/** A "char" byte as text, the way charout prints it: high-bit bytes as \ooo. */
function charToText(a: Value[]): Value {
  const s = a[0] as string;
  if (s.length === 0) return '';
  const c = s.charCodeAt(0);
  return c < 0x80 ? s : '\\' + c.toString(8).padStart(3, '0');
}

function lengthCoercionError(typeName: string, max: number): DbError {
  return new DbError(SqlState.StringDataRightTruncation, `value too long for type ${typeName}(${max})`);
}

/** True when s[from..] is all spaces. */
function onlySpacesFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

/** varchar(n) length coercion: args (value, typmod, isExplicit). */
export function varcharCoerce(s: string, typmod: number, isExplicit: boolean): string {
  const max = typmod - 4;
  if (max < 0 || s.length <= max) return s; // UTF-16 length bounds the character count
  const cut = charOffset(s, max);
  if (cut >= s.length) return s;
  if (!isExplicit && !onlySpacesFrom(s, cut)) throw lengthCoercionError('character varying', max);
  return s.slice(0, cut);
}

/** char(n) length coercion: cut (spaces only unless explicit), then pad to n characters. */
export function bpcharCoerce(s: string, typmod: number, isExplicit: boolean): string {
  if (typmod < 4) return s;
  const max = typmod - 4;
  const len = charCount(s);
  if (len === max) return s;
  if (len < max) return s + ' '.repeat(max - len);
  const cut = charOffset(s, max);
  if (!isExplicit && !onlySpacesFrom(s, cut)) throw lengthCoercionError('character', max);
  return s.slice(0, cut);
}

/** text to name: at most NAMEDATALEN - 1 bytes, cut at a character boundary. */
function toName(s: string): string {
  return clipUtf8(s, NAMEDATALEN - 1);
}

export const castFunctions: FunctionTable = {
  // integer widening and narrowing
  int28: (a) => BigInt(a[0] as number),
  int48: (a) => BigInt(a[0] as number),
  // i2toi4 also implements int2 -> oid, whose value is the unsigned reinterpretation
  i2toi4: (a, _ctx, call) => (call.resultType === Oid.oid ? (a[0] as number) >>> 0 : a[0]),
  i4toi2: (a) => {
    const v = a[0] as number;
    if (v < -32768 || v > 32767) throw smallintOutOfRange();
    return v;
  },
  int82: int8ToNumber(-32768n, 32767n, smallintOutOfRange),
  int84: int8ToNumber(-2147483648n, 2147483647n, integerOutOfRange),
  i8tooid: int8ToNumber(0n, 4294967295n, () => new DbError(SqlState.NumericValueOutOfRange, 'OID out of range')),
  oidtoi8: (a) => BigInt(a[0] as number),
  // integer to float
  i2tod: (a) => a[0],
  i4tod: (a) => a[0],
  i8tod: (a) => Number(a[0] as bigint),
  i2tof: (a) => Math.fround(a[0] as number),
  i4tof: (a) => Math.fround(a[0] as number),
  i8tof: (a) => int8ToFloat4(a[0] as bigint),
  // float to integer: rint, then range check
  dtoi2: floatToInt(-32768, 32767, smallintOutOfRange),
  dtoi4: floatToInt(-2147483648, 2147483647, integerOutOfRange),
  dtoi8: floatToInt8,
  ftoi2: floatToInt(-32768, 32767, smallintOutOfRange),
  ftoi4: floatToInt(-2147483648, 2147483647, integerOutOfRange),
  ftoi8: floatToInt8,
  ftod: (a) => a[0],
  dtof: (a) => {
    const v = a[0] as number;
    const r = Math.fround(v);
    if ((r === Infinity || r === -Infinity) && v !== r) throw floatOverflow();
    if (r === 0 && v !== 0) throw floatUnderflow();
    return r;
  },
  // bool
  int4_bool: (a) => (a[0] as number) !== 0,
  bool_int4: (a) => (a[0] ? 1 : 0),
  booltext: (a) => (a[0] ? 'true' : 'false'),
  // "char": signed byte as int4; int4 -128..127 to "char"; text's first byte to "char"
  chartoi4: (a) => {
    const s = a[0] as string;
    const c = s.length === 0 ? 0 : s.charCodeAt(0);
    return c >= 0x80 ? c - 0x100 : c;
  },
  i4tochar: (a) => {
    const v = a[0] as number;
    if (v < -128 || v > 127) throw charOutOfRange();
    return v === 0 ? '' : String.fromCharCode(v & 0xff);
  },
  text_char: (a) => {
    const s = a[0] as string;
    // a \ooo octal escape is one byte, as in charin (PostgreSQL 15)
    if (s.length === 4 && s.charCodeAt(0) === 92 && /^\\[0-7]{3}$/.test(s)) return charInput(s);
    const b = firstUtf8Byte(s);
    return b === 0 ? '' : String.fromCharCode(b);
  },
  char_text: charToText,
  // PostgreSQL copies the raw byte into the bpchar (invalid UTF-8 for high-bit bytes);
  // Treeline returns charout's form instead, as for text.
  char_bpchar: charToText,
  // name
  name_text: (a) => a[0],
  name_bpchar: (a) => a[0],
  text_name: (a) => toName(a[0] as string),
  bpchar_name: (a) => toName(a[0] as string).replace(/ +$/, ''),
  // length coercion for typmods
  varchar: (a) => varcharCoerce(a[0] as string, a[1] as number, a[2] as boolean),
  bpchar: (a) => bpcharCoerce(a[0] as string, a[1] as number, a[2] as boolean),
};
