// Text output of float4/float8 exactly as PostgreSQL 15 prints them. extra_float_digits > 0
// gives the shortest digits that read back to the same value (PostgreSQL's Ryu), fixed notation
// when the decimal exponent X is in [-4, 15) for float8 / [-4, 6) for float4, else d.ddde±XX;
// extra_float_digits <= 0 gives printf's %.{15+n}g / %.{6+n}g (exact value, ties to even).
// Invariant: shortest float4 output reads back through float4 input (Math.fround) unchanged.

/** Formats digits (no trailing zeros, first digit non-zero) with exponent of the first digit. */
function formatDigits(neg: boolean, d: string, x: number, fixedLimit: number): string {
  let out: string;
  if (x >= 0 && x < fixedLimit) {
    if (d.length <= x + 1) out = d + '0'.repeat(x + 1 - d.length);
    else out = d.slice(0, x + 1) + '.' + d.slice(x + 1);
  } else if (x < 0 && x >= -4) {
    out = '0.' + '0'.repeat(-x - 1) + d;
  } else {
    out = d.length > 1 ? d[0] + '.' + d.slice(1) : d;
    const ax = x < 0 ? -x : x;
    out += (x < 0 ? 'e-' : 'e+') + (ax < 10 ? '0' + ax : String(ax));
  }
  return neg ? '-' + out : out;
}

/** Splits JS exponential notation "-d.ddde+X" into digits and exponent. */
function splitExponential(s: string): { neg: boolean; digits: string; exp: number } {
  const neg = s.charCodeAt(0) === 45;
  const e = s.indexOf('e');
  let digits = s.slice(neg ? 1 : 0, e);
  if (digits.length > 1) digits = digits[0] + digits.slice(2); // drop the '.'
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { neg, digits: digits.slice(0, end), exp: Number(s.slice(e + 1)) };
}

function special(v: number): string | null {
  if (v !== v) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return null;
}

/** float8 output with the shortest round-trip digits. */
export function float8ShortestText(v: number): string {
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e15) return String(v); // JS prints these exactly as PostgreSQL
  const sp = special(v);
  if (sp !== null) return sp;
  let p = splitExponential(v.toExponential());
  if ((a >= 18014398509481984 && a !== Infinity) && isBound64(a, p.digits, p.exp)) {
    for (let prec = p.digits.length + 1; prec <= 17; prec++) {
      const q = splitExponential(v.toExponential(prec - 1));
      if (Number(v.toExponential(prec - 1)) === v && !isBound64(a, q.digits, q.exp)) {
        p = q;
        break;
      }
    }
  }
  return formatDigits(p.neg, p.digits, p.exp, 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The prec-digit decimal nearest v (or, above a power of two, the next one up) when it reads
 * back as v and is not an excluded interval end; else null.
 */
function float4Candidate(v: number, prec: number, powerOfTwo: boolean): string | null {
  const s = v.toExponential(prec - 1);
  if (Math.fround(Number(s)) === v && !isBound(v, s)) return s;
  if (powerOfTwo) {
    // The rounding interval is wider above a power of two: the next decimal up may fit.
    const p = splitExponential(s);
    const up = incrementDigits(p.digits.padEnd(prec, '0'));
    const exp = p.exp + (up.length > prec ? 1 : 0);
    const cand = (p.neg ? '-' : '') + up[0] + '.' + (up.slice(1, prec) || '0') + 'e' + exp;
    if (Math.fround(Number(cand)) === v && !isBound(v, cand)) return cand;
  }
  return null;
}

/** float4 output with the shortest digits that round-trip through float32. */
export function float4ShortestText(v: number): string {
  const sp = special(v);
  if (sp !== null) return sp;
  f32[0] = v;
  const powerOfTwo = (u32[0] & 0x7fffff) === 0;
  // Round-tripping is monotonic in the digit count: search from 7 digits, the common case.
  let prec = 7;
  let s = float4Candidate(v, prec, powerOfTwo);
  if (s !== null) {
    while (prec > 1) {
      const shorter = float4Candidate(v, prec - 1, powerOfTwo);
      if (shorter === null) break;
      s = shorter;
      prec--;
    }
  } else {
    while (s === null && prec < 9) s = float4Candidate(v, ++prec, powerOfTwo);
    if (s === null) return float8ShortestText(v); // unreachable: 9 digits always round-trip
  }
  const p = splitExponential(s);
  const tie = tieRoundedUp(v, prec);
  if (tie !== null && s === v.toExponential(prec - 1)) return formatDigits(p.neg, tie.digits, tie.exp, 6);
  return formatDigits(p.neg, p.digits, p.exp, 6);
}

/**
 * Ryu as built into PostgreSQL excludes both ends of the rounding interval (|v| -/+ half an
 * ulp), even where strtof's ties-to-even would read them back as v.
 */
function isBound(v: number, s: string): boolean {
  const a = v < 0 ? -v : v;
  f32[0] = a;
  const bits = u32[0];
  u32[0] = bits + 1;
  const next = f32[0];
  u32[0] = bits - 1;
  const prev = bits === 0 ? 0 : f32[0];
  const d = Math.abs(Number(s));
  const upper = a + (next - a) / 2; // exact in binary64
  const lower = a - (a - prev) / 2;
  if (d !== upper && d !== lower) return false;
  const ex = exactDecimal(d);
  const p = splitExponential(s);
  return ex.digits === p.digits && ex.exp === p.exp;
}

/** Same for binary64 values of magnitude >= 2^54, the only ones whose bounds can be shortest. */
function isBound64(a: number, digits: string, exp: number): boolean {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, a);
  const biased = (dv.getUint32(0) >>> 20) & 0x7ff;
  const mant = (BigInt(dv.getUint32(0) & 0xfffff) << 32n) | BigInt(dv.getUint32(4)) | (1n << 52n);
  const e2 = biased - 1075;
  if (e2 < 1) return false;
  const shift = exp - (digits.length - 1);
  if (shift < 0) return false;
  const value = BigInt(digits) * 10n ** BigInt(shift);
  const half = 1n << BigInt(e2 - 1);
  const x = mant << BigInt(e2);
  const lowerHalf = mant === 1n << 52n && biased > 1 ? half / 2n : half; // narrower below a power of 2
  return value === x + half || value === x - lowerHalf;
}

/**
 * When v lies exactly halfway between two prec-digit decimals, JS rounds up but PostgreSQL's
 * Ryu picks the even one: returns the even candidate's digits then, else null.
 */
function tieRoundedUp(v: number, prec: number): { digits: string; exp: number } | null {
  const more = v.toExponential(prec);
  if (more.charCodeAt(more.indexOf('e') - 1) !== 53) return null; // next digit is not 5
  const ex = exactDecimal(v < 0 ? -v : v);
  if (ex.digits.length !== prec + 1 || ex.digits.charCodeAt(prec) !== 53) return null; // not exact
  if ((ex.digits.charCodeAt(prec - 1) & 1) === 1) return null; // odd: rounding up gives even
  let end = prec;
  while (end > 1 && ex.digits.charCodeAt(end - 1) === 48) end--;
  return { digits: ex.digits.slice(0, end), exp: ex.exp };
}

/** Adds one unit in the last place to a decimal digit string ("199" -> "200", "99" -> "100"). */
function incrementDigits(d: string): string {
  const a = d.split('');
  let i = a.length - 1;
  while (i >= 0 && a[i] === '9') a[i--] = '0';
  if (i < 0) return '1' + a.join('');
  a[i] = String.fromCharCode(a[i].charCodeAt(0) + 1);
  return a.join('');
}

/** Exact decimal expansion of a finite non-zero double: digits without trailing zeros. */
function exactDecimal(a: number): { digits: string; exp: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  let digits: string;
  let exp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    exp = digits.length - 1;
  } else {
    digits = (mant * 5n ** BigInt(-e2)).toString();
    exp = digits.length - 1 + e2;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), exp };
}

/** printf("%.{prec}g") of a double, as glibc does it (exact value, round half to even). */
export function formatG(v: number, prec: number): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (prec < 1) prec = 1;
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const neg = v < 0;
  let { digits, exp } = exactDecimal(neg ? -v : v);
  if (digits.length > prec) {
    const next = digits.charCodeAt(prec);
    const tie = next === 53 && digits.length === prec + 1;
    const roundUp = next > 53 || (next === 53 && !tie) || (tie && (digits.charCodeAt(prec - 1) & 1) === 1);
    digits = digits.slice(0, prec);
    if (roundUp) {
      digits = incrementDigits(digits);
      if (digits.length > prec) {
        digits = digits.slice(0, prec);
        exp++;
      }
    }
    let end = digits.length;
    while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
    digits = digits.slice(0, end);
  }
  // %g: exponential when X < -4 or X >= precision
  return formatDigits(neg, digits, exp, prec);
}

/** float8 text output under extra_float_digits. */
export function float8Text(v: number, extraFloatDigits: number): string {
  if (extraFloatDigits > 0) return float8ShortestText(v);
  return formatG(v, 15 + extraFloatDigits);
}

/** float4 text output under extra_float_digits. */
export function float4Text(v: number, extraFloatDigits: number): string {
  if (extraFloatDigits > 0) return float4ShortestText(v);
  return formatG(v, 6 + extraFloatDigits);
}
