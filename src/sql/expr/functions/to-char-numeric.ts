// to_char(numeric | int4 | int8 | float4 | float8, template) and to_number(text, template):
// each type prepares its digit string as PostgreSQL's *_to_char does (numeric rounds to the
// template's fraction digits; floats print with C's %.*f limited to FLT_DIG / DBL_DIG
// significant digits; V multiplies by 10^n; EEEE uses %e or numeric_out_sci; RN converts to
// int4 first) and hands it to the template engine in formatting-number.ts.
// Invariant: an integer part wider than the template prints as '#' in every digit position.
import { Numeric } from '../../types/numeric.js';
import { numericPower } from '../../types/numeric-math.js';
import { numericToInt4 } from '../../types/numeric-convert.js';
import { numericTypmod } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { bigintOutOfRange, integerOutOfRange } from './errors.js';
import { numberFormat } from './formatting-nodes.js';
import { F_EEEE, F_MULTI, F_ROMAN, describeNumber, formatNumber, type NumDesc } from './formatting-number.js';
import { readNumber } from './formatting-number-input.js';
import { rint } from './math.js';
import type { FunctionTable } from './registry.js';

const RM1 = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
const RM10 = ['X', 'XX', 'XXX', 'XL', 'L', 'LX', 'LXX', 'LXXX', 'XC'];
const RM100 = ['C', 'CC', 'CCC', 'CD', 'D', 'DC', 'DCC', 'DCCC', 'CM'];

/** int_to_roman: 1..3999 in Roman numerals, else fifteen '#'. */
function toRoman(n: number): string {
  if (!(n >= 1 && n <= 3999)) return '#'.repeat(15);
  const s = String(n);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 49;
    if (d < 0) continue;
    const place = s.length - i;
    out += place === 4 ? 'M'.repeat(d + 1) : place === 3 ? RM100[d] : place === 2 ? RM10[d] : RM1[d];
  }
  return out;
}

/** round-half-even(|v| * 10^k) for a finite double, exactly. */
function scaledAbs(v: number, k: number): bigint {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(v));
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e2: number;
  if (expBits === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = expBits - 1075;
  }
  let num = mant * (e2 > 0 ? 1n << BigInt(e2) : 1n) * (k > 0 ? 10n ** BigInt(k) : 1n);
  const den = (e2 < 0 ? 1n << BigInt(-e2) : 1n) * (k < 0 ? 10n ** BigInt(-k) : 1n);
  const q = num / den;
  num -= q * den;
  const twice = num * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/** C's printf("%.*f"); NaN and infinities print as PostgreSQL's snprintf does. */
export function printfFixed(v: number, prec: number): string {
  if (v !== v) return 'NaN';
  if (v === Infinity || v === -Infinity) return v > 0 ? 'Infinity' : '-Infinity';
  let digits = scaledAbs(v, prec).toString();
  if (prec > 0) {
    if (digits.length <= prec) digits = '0'.repeat(prec - digits.length + 1) + digits;
    digits = digits.slice(0, digits.length - prec) + '.' + digits.slice(digits.length - prec);
  }
  return (isNegative(v) ? '-' : '') + digits;
}

/** C's printf("%+.*e") with the '+' of a positive number replaced by a space. */
function printfExp(v: number, prec: number): string {
  let e10 = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  let s = scaledAbs(v, prec - e10);
  const low = 10n ** BigInt(prec);
  if (v !== 0) {
    if (s >= low * 10n) s = scaledAbs(v, prec - ++e10);
    else if (s < low) s = scaledAbs(v, prec - --e10);
    if (s >= low * 10n) s = scaledAbs(v, prec - ++e10); // 9.99.. rounding up to 10
  }
  const digits = s.toString().padStart(prec + 1, '0');
  const mantissa = prec > 0 ? digits[0] + '.' + digits.slice(1) : digits;
  const exp = (e10 < 0 ? '-' : '+') + String(Math.abs(e10)).padStart(2, '0');
  return (isNegative(v) ? '-' : ' ') + mantissa + 'e' + exp;
}

/** numeric_out_sci: d.ddd (scale digits) e±XX, without renormalising a rounded-up 10.0. */
function numericSci(n: Numeric, scale: number): string {
  if (!n.isFinite()) return n.toString();
  const exponent = n.isZero() ? 0 : n.decimalWeight();
  const significand = Numeric.rounded(n.unscaled, n.scale + exponent, scale);
  return `${significand.toString()}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** The '#' placeholder of an overflowed or special value: "###.##". */
function hashes(desc: NumDesc): string {
  const s = '#'.repeat(desc.pre + desc.post + 1);
  return s.slice(0, desc.pre) + '.' + s.slice(desc.pre + 1);
}

/** Sign, digit string and leading blank count of an already rounded decimal string. */
function layout(text: string, desc: NumDesc): { number: string; sign: string; pre: number } {
  const sign = text[0] === '-' ? '-' : '+';
  const number = sign === '-' ? text.slice(1) : text;
  const dot = number.indexOf('.');
  const preLen = dot < 0 ? number.length : dot;
  if (preLen < desc.pre) return { number, sign, pre: desc.pre - preLen };
  if (preLen > desc.pre) return { number: hashes(desc), sign, pre: 0 };
  return { number, sign, pre: 0 };
}

/** Runs a number template over a value prepared by `prepare` (given a private NumDesc copy). */
function toChar(fmt: string, prepare: (desc: NumDesc) => { number: string; sign: string; pre: number }): Value {
  if (fmt.length === 0) return '';
  const nodes = numberFormat(fmt);
  const desc = describeNumber(nodes);
  const r = prepare(desc);
  return formatNumber(nodes, desc, r.number, r.pre, r.sign);
}

/** EEEE text of a special value: " #.##e+##"-shaped '#'s. */
function specialSci(desc: NumDesc): string {
  const s = '#'.repeat(desc.pre + desc.post + 6).split('');
  s[0] = ' ';
  s[desc.pre + 1] = '.';
  return s.join('');
}

function numericToChar(value: Numeric, fmt: string): Value {
  return toChar(fmt, (desc) => {
    if (desc.flag & F_ROMAN) return { number: toRoman(numericToInt4(value)), sign: '', pre: 0 };
    if (desc.flag & F_EEEE) {
      const s = numericSci(value, desc.post);
      if (!value.isFinite()) return { number: specialSci(desc), sign: '', pre: 0 };
      return { number: s[0] === '-' ? s : ' ' + s, sign: '', pre: 0 };
    }
    let v = value;
    if (desc.flag & F_MULTI) {
      v = v.mul(numericPower(Numeric.fromInt(10), Numeric.fromInt(desc.multi)));
      desc.pre += desc.multi;
    }
    return layout(v.round(desc.post).toString(), desc);
  });
}

/** int4/int8 to_char: digits, then ".000" for the template's fraction positions. */
function integerToChar(value: bigint, fmt: string, isInt8: boolean): Value {
  return toChar(fmt, (desc) => {
    if (desc.flag & F_ROMAN) {
      if (isInt8 && (value > 2147483647n || value < -2147483648n)) throw integerOutOfRange();
      return { number: toRoman(Number(value)), sign: '', pre: 0 };
    }
    if (desc.flag & F_EEEE) {
      if (isInt8) {
        const s = numericSci(Numeric.fromInt(value), desc.post);
        return { number: s[0] === '-' ? s : ' ' + s, sign: '', pre: 0 };
      }
      return { number: printfExp(Number(value), desc.post), sign: '', pre: 0 };
    }
    let v = value;
    if (desc.flag & F_MULTI) {
      const factor = 10 ** desc.multi;
      // int4 multiplies in wrapping int32 arithmetic; int8 goes through dtoi8 and int8mul
      if (isInt8) {
        if (!(factor < 9223372036854775808)) throw bigintOutOfRange();
        v = v * BigInt(rint(factor));
        if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) throw bigintOutOfRange();
      } else {
        v = BigInt(Math.imul(Number(v), factor < 2147483648 ? factor : -2147483648));
      }
      desc.pre += desc.multi;
    }
    const text = v.toString();
    const digits = text[0] === '-' ? text.slice(1) : text;
    const withFraction = desc.post > 0 ? digits + '.' + '0'.repeat(desc.post) : digits;
    const r = layout((text[0] === '-' ? '-' : '') + withFraction, desc);
    return r;
  });
}

/** float4/float8 to_char: %.*f with at most FLT_DIG / DBL_DIG significant digits. */
function floatToChar(value: number, fmt: string, isFloat4: boolean): Value {
  return toChar(fmt, (desc) => {
    if (desc.flag & F_ROMAN) {
      const r = rint(value);
      return { number: toRoman(r >= -2147483648 && r < 2147483648 ? r : -2147483648), sign: '', pre: 0 };
    }
    if (desc.flag & F_EEEE) {
      if (value !== value || value === Infinity || value === -Infinity) return { number: specialSci(desc), sign: '', pre: 0 };
      return { number: printfExp(value, desc.post), sign: '', pre: 0 };
    }
    let v = value;
    if (desc.flag & F_MULTI) {
      const factor = 10 ** desc.multi;
      v = isFloat4 ? Math.fround(value * Math.fround(factor)) : value * factor;
      desc.pre += desc.multi;
    }
    const maxDigits = isFloat4 ? 6 : 15;
    const intLen = printfFixed(Math.abs(v), 0).length;
    if (intLen >= maxDigits) desc.post = 0;
    else if (intLen + desc.post > maxDigits) desc.post = maxDigits - intLen;
    return layout(printfFixed(v, desc.post), desc);
  });
}

/** to_number(text, template). */
function toNumber(input: string, fmt: string): Value {
  if (fmt.length === 0) return null;
  const nodes = numberFormat(fmt);
  const desc = describeNumber(nodes);
  const { text, post } = readNumber(nodes, desc, input);
  const precision = desc.pre + desc.multi + post;
  let result = Numeric.parse(text).applyTypmod(numericTypmod(precision, post));
  if (desc.flag & F_MULTI) result = result.mul(numericPower(Numeric.fromInt(10), Numeric.fromInt(-desc.multi)));
  return result;
}

export const toCharNumericFunctions: FunctionTable = {
  numeric_to_char: (a) => numericToChar(a[0] as Numeric, a[1] as string),
  int4_to_char: (a) => integerToChar(BigInt(a[0] as number), a[1] as string, false),
  int8_to_char: (a) => integerToChar(a[0] as bigint, a[1] as string, true),
  float4_to_char: (a) => floatToChar(a[0] as number, a[1] as string, true),
  float8_to_char: (a) => floatToChar(a[0] as number, a[1] as string, false),
  numeric_to_number: (a) => toNumber(a[0] as string, a[1] as string),
};
