// The number-template engine behind to_char(number) and to_number, ported from PostgreSQL's
// NUMDesc_prepare / NUM_processor: digit positions (9, 0), decimal point (., D), group
// separators (",", G), signs (S, MI, PL, SG, PR), FM fill mode, TH ordinals, V scaling, RN and
// EEEE, in the C locale ("." decimal, "," groups, "-"/"+" signs, " " currency).
// Invariant: the processor walks the template once, left to right; in to_char mode it consumes
// the prepared digit string `number` ("1234.50", or "###.##" on overflow) and emits text, in
// to_number mode it reads the input text into a sign + digit string. Cursors past the end read
// as "\0", as the C code's string terminators do.
import { NodeKind, templateError, ordinalSuffix, type FormatNode } from './formatting-nodes.js';

export const F_DECIMAL = 1 << 1;
export const F_LDECIMAL = 1 << 2;
export const F_ZERO = 1 << 3;
export const F_BLANK = 1 << 4;
export const F_FILLMODE = 1 << 5;
export const F_LSIGN = 1 << 6;
export const F_BRACKET = 1 << 7;
export const F_MINUS = 1 << 8;
export const F_PLUS = 1 << 9;
export const F_ROMAN = 1 << 10;
export const F_MULTI = 1 << 11;
export const F_PLUS_POST = 1 << 12;
export const F_MINUS_POST = 1 << 13;
export const F_EEEE = 1 << 14;

const LSIGN_PRE = -1;
const LSIGN_POST = 1;
const LSIGN_NONE = 0;

/** NUMDesc: what the template asks for. */
export interface NumDesc {
  pre: number;
  post: number;
  lsign: number;
  flag: number;
  preLsignNum: number;
  multi: number;
  zeroStart: number;
  zeroEnd: number;
}

/** NUMDesc_prepare over every keyword of the template. */
export function describeNumber(nodes: FormatNode[]): NumDesc {
  const num: NumDesc = { pre: 0, post: 0, lsign: LSIGN_NONE, flag: 0, preLsignNum: 0, multi: 0, zeroStart: 0, zeroEnd: 0 };
  const is = (f: number) => (num.flag & f) !== 0;
  for (const n of nodes) {
    if (n.kind !== NodeKind.Action) continue;
    const id = n.key!.id;
    if (is(F_EEEE) && id !== 'EEEE') throw templateError('"EEEE" must be the last pattern used');
    switch (id) {
      case '9':
        if (is(F_BRACKET)) throw templateError('"9" must be ahead of "PR"');
        if (is(F_MULTI)) num.multi++;
        else if (is(F_DECIMAL)) num.post++;
        else num.pre++;
        break;
      case '0':
        if (is(F_BRACKET)) throw templateError('"0" must be ahead of "PR"');
        if (!is(F_ZERO) && !is(F_DECIMAL)) {
          num.flag |= F_ZERO;
          num.zeroStart = num.pre + 1;
        }
        if (!is(F_DECIMAL)) num.pre++;
        else num.post++;
        num.zeroEnd = num.pre + num.post;
        break;
      case 'B':
        if (num.pre === 0 && num.post === 0 && !is(F_ZERO)) num.flag |= F_BLANK;
        break;
      case 'D':
      case '.':
        if (id === 'D') num.flag |= F_LDECIMAL;
        if (is(F_DECIMAL)) throw templateError('multiple decimal points');
        if (is(F_MULTI)) throw templateError('cannot use "V" and decimal point together');
        num.flag |= F_DECIMAL;
        break;
      case 'FM':
        num.flag |= F_FILLMODE;
        break;
      case 'S':
        if (is(F_LSIGN)) throw templateError('cannot use "S" twice');
        if (is(F_PLUS) || is(F_MINUS) || is(F_BRACKET)) throw templateError('cannot use "S" and "PL"/"MI"/"SG"/"PR" together');
        if (!is(F_DECIMAL)) {
          num.lsign = LSIGN_PRE;
          num.preLsignNum = num.pre;
          num.flag |= F_LSIGN;
        } else if (num.lsign === LSIGN_NONE) {
          num.lsign = LSIGN_POST;
          num.flag |= F_LSIGN;
        }
        break;
      case 'MI':
        if (is(F_LSIGN)) throw templateError('cannot use "S" and "MI" together');
        num.flag |= F_MINUS | (is(F_DECIMAL) ? F_MINUS_POST : 0);
        break;
      case 'PL':
        if (is(F_LSIGN)) throw templateError('cannot use "S" and "PL" together');
        num.flag |= F_PLUS | (is(F_DECIMAL) ? F_PLUS_POST : 0);
        break;
      case 'SG':
        if (is(F_LSIGN)) throw templateError('cannot use "S" and "SG" together');
        num.flag |= F_MINUS | F_PLUS;
        break;
      case 'PR':
        if (is(F_LSIGN) || is(F_PLUS) || is(F_MINUS)) throw templateError('cannot use "PR" and "S"/"PL"/"MI"/"SG" together');
        num.flag |= F_BRACKET;
        break;
      case 'RN':
      case 'rn':
        num.flag |= F_ROMAN;
        break;
      case 'V':
        if (is(F_DECIMAL)) throw templateError('cannot use "V" and decimal point together');
        num.flag |= F_MULTI;
        break;
      case 'EEEE':
        if (is(F_EEEE)) throw templateError('cannot use "EEEE" twice');
        if (is(F_BLANK) || is(F_FILLMODE) || is(F_LSIGN) || is(F_BRACKET) || is(F_MINUS) || is(F_PLUS) || is(F_ROMAN) || is(F_MULTI)) {
          throw templateError('"EEEE" is incompatible with other formats', '"EEEE" may only be used together with digit and decimal point patterns.');
        }
        num.flag |= F_EEEE;
        break;
    }
  }
  return num;
}

/** Mutable processor state (NUMProc). */
class Proc {
  signWrote = false;
  numCount = 0;
  numIn = false;
  numCurr = 0;
  outPreSpaces = 0;
  lastRelevant = -1;
  numberP = 0;
  out = '';
  constructor(
    readonly num: NumDesc,
    public number: string,
    public sign: string,
  ) {}
  is(f: number): boolean {
    return (this.num.flag & f) !== 0;
  }
  at(i: number): string {
    return i < this.number.length ? this.number[i]! : '\0';
  }
  predecSpace(): boolean {
    return !this.is(F_ZERO) && this.numberP === 0 && this.number[0] === '0' && this.num.post !== 0;
  }
  lastIsDot(): boolean {
    return this.lastRelevant >= 0 && this.at(this.lastRelevant) === '.';
  }
}

/** NUM_numpart_to_char: one digit / decimal point position, with any sign due before it. */
function numpartToChar(p: Proc, id: string): void {
  if (p.is(F_ROMAN)) return;
  p.numIn = false;
  const num = p.num;
  if (!p.signWrote && (p.numCurr >= p.outPreSpaces || (p.is(F_ZERO) && num.zeroStart === p.numCurr)) && (!p.predecSpace() || p.lastIsDot())) {
    if (p.is(F_LSIGN)) {
      if (num.lsign === LSIGN_PRE) {
        p.out += p.sign === '-' ? '-' : '+';
        p.signWrote = true;
      }
    } else if (p.is(F_BRACKET)) {
      p.out += p.sign === '+' ? ' ' : '<';
      p.signWrote = true;
    } else if (p.sign === '+') {
      if (!p.is(F_FILLMODE)) p.out += ' ';
      p.signWrote = true;
    } else if (p.sign === '-') {
      p.out += '-';
      p.signWrote = true;
    }
  }
  if (p.numCurr < p.outPreSpaces && (num.zeroStart > p.numCurr || !p.is(F_ZERO))) {
    if (!p.is(F_FILLMODE)) p.out += ' ';
  } else if (p.is(F_ZERO) && p.numCurr < p.outPreSpaces && num.zeroStart <= p.numCurr) {
    p.out += '0';
    p.numIn = true;
  } else {
    const c = p.at(p.numberP);
    if (c === '.') {
      if (!p.lastIsDot() || p.is(F_FILLMODE)) p.out += '.';
    } else if (p.lastRelevant >= 0 && p.numberP > p.lastRelevant && id !== '0') {
      // a trailing zero FM drops
    } else if (p.predecSpace()) {
      if (!p.is(F_FILLMODE)) p.out += ' ';
      else if (p.lastIsDot()) p.out += '0';
    } else {
      p.out += c; // at the end of `number` this writes C's terminator, cutting the output
      p.numIn = true;
    }
    if (c !== '\0') p.numberP++;
  }
  let end = p.numCount + (p.outPreSpaces ? 1 : 0) + (p.is(F_DECIMAL) ? 1 : 0);
  if (p.lastRelevant >= 0 && p.lastRelevant === p.numberP) end = p.numCurr;
  if (p.numCurr + 1 === end) {
    if (p.signWrote && p.is(F_BRACKET)) p.out += p.sign === '+' ? ' ' : '>';
    else if (p.is(F_LSIGN) && num.lsign === LSIGN_POST) p.out += p.sign === '-' ? '-' : '+';
  }
  p.numCurr++;
}

/** get_last_relevant_decnum: index of the last non-zero fraction digit, or of '.'; -1 without one. */
function lastRelevantDecimal(s: string): number {
  const dot = s.indexOf('.');
  if (dot < 0) return -1;
  let r = dot;
  for (let i = dot + 1; i < s.length; i++) if (s[i] !== '0') r = i;
  return r;
}

/**
 * NUM_processor in to_char mode. `number` is the unsigned digit string (or "###.##"),
 * `sign` '+', '-' or '' (none: roman numerals and EEEE), `outPreSpaces` the unused integer
 * positions of the template.
 */
export function formatNumber(nodes: FormatNode[], desc: NumDesc, number: string, outPreSpaces: number, sign: string): string {
  const num: NumDesc = { ...desc };
  if (num.zeroStart) num.zeroStart--;
  if ((num.flag & F_EEEE) !== 0) return number;
  if ((num.flag & F_ROMAN) !== 0) {
    num.lsign = num.preLsignNum = num.post = num.pre = 0;
    outPreSpaces = 0;
    sign = '';
    num.flag = ((num.flag & F_FILLMODE) !== 0 ? F_FILLMODE : 0) | F_ROMAN;
  }
  const p = new Proc(num, number, sign);
  if (p.is(F_PLUS) || p.is(F_MINUS)) {
    p.signWrote = !(p.is(F_PLUS) && !p.is(F_MINUS));
  } else {
    if (sign !== '-' && p.is(F_FILLMODE)) num.flag &= ~F_BRACKET;
    p.signWrote = sign === '+' && p.is(F_FILLMODE) && !p.is(F_LSIGN);
    if (num.lsign === LSIGN_PRE && num.pre === num.preLsignNum) num.lsign = LSIGN_POST;
  }
  p.numCount = num.post + num.pre - 1;
  p.outPreSpaces = outPreSpaces;
  if (p.is(F_FILLMODE) && p.is(F_DECIMAL)) {
    p.lastRelevant = lastRelevantDecimal(number);
    if (p.lastRelevant >= 0 && num.zeroEnd > outPreSpaces) {
      const lastZero = Math.min(number.length - 1, num.zeroEnd - outPreSpaces);
      if (p.lastRelevant < lastZero) p.lastRelevant = lastZero;
    }
  }
  if (!p.signWrote && outPreSpaces === 0) p.numCount++;
  for (const n of nodes) {
    if (n.kind !== NodeKind.Action) {
      p.out += n.char;
      continue;
    }
    const fill = p.is(F_FILLMODE);
    switch (n.key!.id) {
      case '9': case '0': case '.': case 'D':
        numpartToChar(p, n.key!.id);
        break;
      case ',': case 'G':
        if (p.numIn) p.out += ',';
        else if (!fill) p.out += ' ';
        break;
      case 'L':
        p.out += ' ';
        break;
      case 'RN': case 'rn': {
        const r = n.key!.id === 'RN' ? number : number.toLowerCase();
        p.out += fill ? r : r.padStart(15, ' ');
        break;
      }
      case 'TH': case 'th':
        if (p.is(F_ROMAN) || number[0] === '#' || p.sign === '-' || p.is(F_DECIMAL)) break;
        p.out += ordinalSuffix(number, n.key!.id === 'TH');
        break;
      case 'MI':
        if (p.sign === '-') p.out += '-';
        else if (!fill) p.out += ' ';
        break;
      case 'PL':
        if (p.sign === '+') p.out += '+';
        else if (!fill) p.out += ' ';
        break;
      case 'SG':
        p.out += p.sign === '' ? '\0' : p.sign;
        break;
    }
  }
  const end = p.out.indexOf('\0');
  return end < 0 ? p.out : p.out.slice(0, end);
}
