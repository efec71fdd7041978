// to_number's side of PostgreSQL's NUM_processor (NUM_numpart_from_char and friends): walks the
// number template over the input text, collecting an optional sign, integer digits and at most
// as many fraction digits as the template has, skipping what the template marks as non-data.
// Invariant: the cursor only moves forward; every digit/decimal template position advances it
// by at least one character, as PostgreSQL's loop does. The result is "<sign><digits>" for
// numeric_in plus the number of fraction digits read (the scale to_number applies).
import { DbError, SqlState } from '../../../errors.js';
import { NodeKind, type FormatNode } from './formatting-nodes.js';
import { F_BRACKET, F_DECIMAL, F_EEEE, F_FILLMODE, F_LSIGN, F_MINUS, F_PLUS, F_ROMAN, type NumDesc } from './formatting-number.js';

const LSIGN_PRE = -1;

function isDigitChar(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

class Reader {
  p = 0;
  sign = ' ';
  digits = '';
  readPre = 0;
  readPost = 0;
  readDec = false;
  constructor(
    readonly num: NumDesc,
    readonly input: string,
  ) {}
  is(f: number): boolean {
    return (this.num.flag & f) !== 0;
  }
  /** OVERLOAD_TEST: the input is used up. */
  done(): boolean {
    return this.p >= this.input.length;
  }
  /** AMOUNT_TEST(n): at least n characters remain. */
  has(n: number): boolean {
    return this.p <= this.input.length - n;
  }
  ch(): string | undefined {
    return this.input[this.p];
  }
  /** Skips up to n characters that are not number data (NUM_eat_non_data_chars). */
  eatNonData(n: number): void {
    while (n-- > 0) {
      if (this.done()) break;
      if ('0123456789.,+-'.includes(this.ch()!)) break;
      this.p += this.input.codePointAt(this.p)! > 0xffff ? 2 : 1;
    }
  }
}

/** NUM_numpart_from_char: a digit or decimal-point position. */
function numpartFromChar(r: Reader, id: string): void {
  let isread = false;
  if (r.done()) return;
  if (r.ch() === ' ') r.p++;
  if (r.done()) return;
  if (r.sign === ' ' && (id === '0' || id === '9') && r.readPre + r.readPost === 0) {
    if (r.is(F_LSIGN) && r.num.lsign === LSIGN_PRE) {
      if (r.has(1) && r.ch() === '-') {
        r.p++;
        r.sign = '-';
      } else if (r.has(1) && r.ch() === '+') {
        r.p++;
        r.sign = '+';
      }
    } else if (r.ch() === '-' || (r.is(F_BRACKET) && r.ch() === '<')) {
      r.sign = '-';
      r.p++;
    } else if (r.ch() === '+') {
      r.sign = '+';
      r.p++;
    }
  }
  if (r.done()) return;
  if (isDigitChar(r.ch())) {
    if (r.readDec && r.readPost === r.num.post) return;
    r.digits += r.ch();
    if (r.readDec) r.readPost++;
    else r.readPre++;
    isread = true;
  } else if (r.is(F_DECIMAL) && !r.readDec) {
    if (r.has(1) && r.ch() === '.') {
      r.digits += '.';
      r.readDec = true;
      isread = true;
    }
  }
  if (r.done()) return;
  if (r.sign === ' ' && r.readPre + r.readPost > 0) {
    if (r.is(F_LSIGN) && isread && r.p + 1 < r.input.length && !isDigitChar(r.input[r.p + 1])) {
      const saved = r.p++;
      if (r.has(1) && r.ch() === '-') r.sign = '-';
      else if (r.has(1) && r.ch() === '+') r.sign = '+';
      if (r.sign === ' ') r.p = saved;
    } else if (!isread && !r.is(F_LSIGN) && (r.is(F_PLUS) || r.is(F_MINUS))) {
      if (r.ch() === '-' || r.ch() === '+') r.sign = r.ch()!;
    }
  }
}

/** NUM_processor in to_number mode: the sign + digits read, and the fraction digits read. */
export function readNumber(nodes: FormatNode[], desc: NumDesc, input: string): { text: string; post: number } {
  const num: NumDesc = { ...desc };
  if ((num.flag & F_EEEE) !== 0) throw new DbError(SqlState.FeatureNotSupported, '"EEEE" not supported for input');
  if ((num.flag & F_ROMAN) !== 0) throw new DbError(SqlState.FeatureNotSupported, '"RN" not supported for input');
  const r = new Reader(num, input);
  for (const n of nodes) {
    if (r.done()) break;
    if (n.kind !== NodeKind.Action) {
      r.p += r.input.codePointAt(r.p)! > 0xffff ? 2 : 1;
      continue;
    }
    switch (n.key!.id) {
      case '9': case '0': case '.': case 'D':
        numpartFromChar(r, n.key!.id);
        break;
      case ',': case 'G':
        if (r.is(F_FILLMODE)) continue;
        if (r.ch() !== ',') continue;
        break;
      case 'L':
        r.eatNonData(1);
        continue;
      case 'TH': case 'th':
        if (r.is(F_DECIMAL)) continue;
        r.eatNonData(2);
        continue;
      case 'MI':
        if (r.ch() !== '-') {
          r.eatNonData(1);
          continue;
        }
        r.sign = '-';
        break;
      case 'PL':
        if (r.ch() !== '+') {
          r.eatNonData(1);
          continue;
        }
        r.sign = '+';
        break;
      case 'SG':
        if (r.ch() !== '-' && r.ch() !== '+') {
          r.eatNonData(1);
          continue;
        }
        r.sign = r.ch()!;
        break;
      default:
        continue;
    }
    r.p++;
  }
  let digits = r.digits;
  if (digits.endsWith('.')) digits = digits.slice(0, -1);
  return { text: r.sign + digits, post: r.readPost };
}
