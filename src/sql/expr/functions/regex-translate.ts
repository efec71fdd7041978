// Translates a PostgreSQL advanced regular expression (ARE, the flavour of ~, regexp_replace,
// substring ... from) into a JS RegExp source with the 'u' flag, checking its syntax with
// PostgreSQL's error messages (2201B "invalid regular expression: ..."). Handled: ***: / ***=
// prefixes, embedded options (?inpwxqc...), escapes (\d \s \w \m \M \y \Y \A \Z \e \uXXXX \xHH
// octal, back references), POSIX bracket expressions with [:class:] [.coll.] [=equiv=], bounds
// {m,n} up to 255, lookaround, non-greedy quantifiers, expanded (x) syntax and the C locale's
// ASCII-only character classes and case folding (ASCII letters become [aA]).
// Invariant: capture groups keep PostgreSQL's numbering (parentheses inside lookaround do not
// capture). Not reproduced: POSIX leftmost-longest preference between alternatives (JS takes
// the first alternative that matches), and basic (BRE) syntax, which fails with 0A000.
import { notSupported } from '../../../errors.js';
import {
  CLASSES,
  COLLATING_NAMES,
  DUPMAX,
  E,
  JS_SYNTAX,
  MAX_CODE_POINT,
  NOT_DIGIT,
  NOT_SPACE,
  NOT_WORD,
  SPACE,
  applyRegexOption,
  caseSwappedRanges,
  classChar,
  hexValue,
  isAsciiAlnum,
  isAsciiLetter,
  isDigit,
  regexError,
  type RegexOptions,
} from './regex-syntax.js';

export interface TranslatedRegex {
  source: string;
  /** JS flags: always 'u'; 'm' for line anchors; 'i' only when back references need folding. */
  flags: string;
  /** Number of capturing groups (PostgreSQL's re_nsub). */
  groups: number;
}

type BracketElement = { kind: 'char'; cp: number } | { kind: 'class'; body: string };

class Translator {
  private readonly cps: number[];
  private i = 0;
  private out = '';
  private groups = 0;
  private readonly closed: boolean[] = [];
  private readonly stack: Array<{ capture: number; lookaround: boolean }> = [];
  private lookaroundDepth = 0;
  private canQuantify = false;
  private usesBackrefs = false;
  /** An error found inside the current bracket expression, reported when it closes. */
  private deferred: string | null = null;

  constructor(
    pattern: string,
    private readonly o: RegexOptions,
  ) {
    this.cps = Array.from(pattern, (c) => c.codePointAt(0)!);
  }

  private at(k = 0): number {
    return this.cps[this.i + k] ?? -1;
  }

  translate(): TranslatedRegex {
    this.prefixes();
    if (this.o.syntax === 'basic') throw notSupported('basic regular expressions (option b)');
    if (this.o.literal) {
      while (this.i < this.cps.length) this.literal(this.cps[this.i++]!);
    } else {
      this.body();
    }
    const flags = 'u' + (this.o.lineAnchors ? 'm' : '') + (this.o.icase && this.usesBackrefs ? 'i' : '');
    return { source: this.out, flags, groups: this.groups };
  }

  /** ***: and ***= directors, then embedded options (?xyz) at the very start. */
  private prefixes(): void {
    if (this.o.literal || this.o.syntax === 'basic') return;
    if (this.at() === 42 && this.at(1) === 42 && this.at(2) === 42) {
      if (this.at(3) === 58) {
        this.i = 4;
        this.o.syntax = 'advanced';
      } else if (this.at(3) === 61) {
        this.i = 4;
        this.o.literal = true;
        return;
      } else throw regexError(E.badrpt);
    }
    if (this.o.syntax === 'advanced' && this.at() === 40 && this.at(1) === 63 && isAsciiLetter(this.at(2))) {
      this.i += 2;
      while (isAsciiLetter(this.at())) {
        if (!applyRegexOption(this.o, String.fromCharCode(this.at()))) throw regexError(E.badopt);
        this.i++;
      }
      if (this.at() !== 41) throw regexError(E.badopt);
      this.i++;
    }
  }

  private skipExpanded(): void {
    if (!this.o.expanded) return;
    for (;;) {
      const c = this.at();
      if (c === 32 || (c >= 9 && c <= 13)) this.i++;
      else if (c === 35) {
        while (this.i < this.cps.length && this.at() !== 10) this.i++;
      } else return;
    }
  }

  private body(): void {
    for (;;) {
      this.skipExpanded();
      if (this.i >= this.cps.length) break;
      const c = this.at();
      switch (c) {
        case 124: // |
          this.emitConstraint('|');
          this.i++;
          break;
        case 40: // (
          this.openGroup();
          break;
        case 41: // )
          this.closeGroup();
          break;
        case 94: // ^
          this.emitConstraint('^');
          this.i++;
          break;
        case 36: // $
          this.emitConstraint('$');
          this.i++;
          break;
        case 46: // .
          this.emitAtom(this.o.dotExcludesNewline ? '[^\\n]' : '[^]');
          this.i++;
          break;
        case 91: // [
          this.bracket();
          break;
        case 92: // backslash
          this.escape();
          break;
        case 42: // *
        case 43: // +
        case 63: // ?
          this.i++;
          this.quantifier(String.fromCharCode(c));
          break;
        case 123: // {
          if (isDigit(this.nextSignificant(1))) this.bound();
          else {
            this.literal(c);
            this.i++;
          }
          break;
        default:
          this.literal(c);
          this.i++;
      }
    }
    if (this.stack.length > 0) throw regexError(E.paren);
  }

  /** The code point k positions ahead, skipping white space in expanded mode. */
  private nextSignificant(k: number): number {
    let j = this.i + k;
    if (this.o.expanded) while (this.cps[j] === 32 || (this.cps[j]! >= 9 && this.cps[j]! <= 13)) j++;
    return this.cps[j] ?? -1;
  }

  private emitAtom(js: string): void {
    this.out += js;
    this.canQuantify = true;
  }

  private emitConstraint(js: string): void {
    this.out += js;
    this.canQuantify = false;
  }

  private literal(cp: number): void {
    if (cp > MAX_CODE_POINT) this.emitAtom('[]'); // no such character can occur in text
    else if (this.o.icase && isAsciiLetter(cp)) {
      const lower = String.fromCharCode(cp | 0x20);
      this.emitAtom(`[${lower}${lower.toUpperCase()}]`);
    } else if (JS_SYNTAX.has(cp)) this.emitAtom('\\' + String.fromCharCode(cp));
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) this.emitAtom(`\\u{${cp.toString(16)}}`);
    else this.emitAtom(String.fromCodePoint(cp));
  }

  private quantifier(q: string): void {
    if (!this.canQuantify) throw regexError(E.badrpt);
    if (this.at() === 63) {
      q += '?';
      this.i++;
    }
    this.emitConstraint(q);
  }

  /** {m}, {m,}, {m,n}: the current position is at '{' followed by a digit. */
  private bound(): void {
    if (!this.canQuantify) throw regexError(E.badrpt);
    this.i++;
    const readNumber = (): number => {
      this.skipExpanded();
      let v = 0;
      let digits = 0;
      while (isDigit(this.at())) {
        v = Math.min(v * 10 + this.at() - 48, DUPMAX + 1);
        this.i++;
        digits++;
      }
      this.skipExpanded();
      return digits === 0 ? -1 : v;
    };
    const min = readNumber();
    let max = min;
    if (this.at() === 44) {
      this.i++;
      max = readNumber();
      if (max < 0) max = Infinity;
    }
    if (this.i >= this.cps.length) throw regexError(E.brace);
    if (this.at() !== 125) throw regexError(E.badbr);
    this.i++;
    if (min > DUPMAX || max < min || (max !== Infinity && max > DUPMAX)) throw regexError(E.badbr);
    this.quantifier(max === Infinity ? `{${min},}` : max === min ? `{${min}}` : `{${min},${max}}`);
  }

  private openGroup(): void {
    this.i++;
    if (this.at() === 63) {
      const k = this.at(1);
      let js: string;
      let lookaround = true;
      if (k === 58) js = '(?:';
      else if (k === 61) js = '(?=';
      else if (k === 33) js = '(?!';
      else if (k === 60 && (this.at(2) === 61 || this.at(2) === 33)) js = this.at(2) === 61 ? '(?<=' : '(?<!';
      else if (k === 35) {
        // (?#comment); an unterminated one runs to the end of the pattern
        while (this.i < this.cps.length && this.at() !== 41) this.i++;
        this.i++;
        return;
      } else throw regexError(E.badrpt);
      if (k === 58) lookaround = false;
      this.i += js.length - 1;
      this.stack.push({ capture: 0, lookaround });
      if (lookaround) this.lookaroundDepth++;
      this.emitConstraint(js);
      return;
    }
    if (this.lookaroundDepth > 0) {
      this.stack.push({ capture: 0, lookaround: false });
      this.emitConstraint('(?:');
      return;
    }
    this.groups++;
    this.stack.push({ capture: this.groups, lookaround: false });
    this.emitConstraint('(');
  }

  private closeGroup(): void {
    const group = this.stack.pop();
    if (!group) throw regexError(E.paren);
    this.i++;
    this.out += ')';
    if (group.capture > 0) this.closed[group.capture] = true;
    if (group.lookaround) this.lookaroundDepth--;
    this.canQuantify = !group.lookaround;
  }

  private backref(n: number): void {
    if (n > this.groups || !this.closed[n] || this.lookaroundDepth > 0) throw regexError(E.subreg);
    this.usesBackrefs = true;
    this.emitAtom(`(?:\\${n})`);
  }

  /** Reads 1..maxDigits octal digits; drops the last one if the value exceeds 0xff. */
  private octal(maxDigits: number): number {
    const start = this.i;
    let v = 0;
    while (this.i - start < maxDigits && this.at() >= 48 && this.at() <= 55) {
      v = v * 8 + this.at() - 48;
      this.i++;
    }
    if (this.i === start) throw regexError(E.escape);
    if (v > 0xff) {
      this.i--;
      v >>= 3;
    }
    return v;
  }

  /** Reads exactly `count` hex digits (count 0: one or more). */
  private hex(count: number): number {
    let v = 0;
    let digits = 0;
    while ((count === 0 || digits < count) && hexValue(this.at()) >= 0) {
      v = Math.min(v * 16 + hexValue(this.at()), 0x7fffffff);
      this.i++;
      digits++;
    }
    if (digits === 0 || (count > 0 && digits < count)) throw regexError(E.escape);
    return v;
  }

  /** Character-entry escapes shared by both contexts; -1 when c is not one. */
  private characterEscape(c: number): number {
    switch (c) {
      case 97: return 7; // \a
      case 98: return 8; // \b backspace
      case 66: return 92; // \B backslash
      case 101: return 27; // \e
      case 102: return 12; // \f
      case 110: return 10; // \n
      case 114: return 13; // \r
      case 116: return 9; // \t
      case 118: return 11; // \v
      case 99: // \cX
        if (this.i >= this.cps.length) throw regexError(E.escape);
        return this.cps[this.i++]! & 0x1f;
      case 117: return this.hex(4); // \uXXXX
      case 85: return this.hex(8); // \UXXXXXXXX
      case 120: return this.hex(0); // \xhhh
      default: return -1;
    }
  }

  private escape(): void {
    this.i++;
    if (this.i >= this.cps.length) throw regexError(E.escape);
    const c = this.cps[this.i++]!;
    const ch = this.characterEscape(c);
    if (ch >= 0) return this.literal(ch);
    switch (c) {
      case 100: return this.emitAtom('[0-9]'); // \d
      case 68: return this.emitAtom('[^0-9]'); // \D
      case 115: return this.emitAtom(`[${SPACE}]`); // \s
      case 83: return this.emitAtom(`[^${SPACE}]`); // \S
      case 119: return this.emitAtom(`[${CLASSES.word}]`); // \w
      case 87: return this.emitAtom(`[^${CLASSES.word}]`); // \W
      case 65: return this.emitConstraint('(?<![^])'); // \A start of string
      case 90: return this.emitConstraint('(?![^])'); // \Z end of string
      case 109: return this.emitConstraint('\\b(?=\\w)'); // \m start of word
      case 77: return this.emitConstraint('\\b(?<=\\w)'); // \M end of word
      case 121: return this.emitConstraint('\\b'); // \y
      case 89: return this.emitConstraint('\\B'); // \Y
    }
    if (c === 48) {
      this.i--;
      return this.literal(this.octal(3));
    }
    if (c >= 49 && c <= 57) {
      // one digit is always a back reference; more digits are one if the number is in range
      const start = this.i - 1;
      let n = c - 48;
      while (isDigit(this.at())) n = Math.min(n * 10 + this.cps[this.i++]! - 48, 100000);
      if (this.i - start === 1 || n <= this.groups) return this.backref(n);
      this.i = start;
      return this.literal(this.octal(3));
    }
    if (isAsciiAlnum(c)) throw regexError(E.escape);
    this.literal(c);
  }

  private bracket(): void {
    for (const [text, js] of [
      ['[[:<:]]', '\\b(?=\\w)'],
      ['[[:>:]]', '\\b(?<=\\w)'],
    ] as const) {
      if (this.i + 7 <= this.cps.length && this.cps.slice(this.i, this.i + 7).every((cp, k) => cp === text.charCodeAt(k))) {
        this.i += 7;
        return this.emitConstraint(js);
      }
    }
    this.i++;
    let negate = false;
    if (this.at() === 94) {
      negate = true;
      this.i++;
    }
    let body = '';
    // PostgreSQL reports a reversed range or an unknown class name only after reading the
    // next token, so at the end of the pattern "brackets [] not balanced" wins.
    this.deferred = null;
    const addChar = (cp: number) => {
      if (cp > MAX_CODE_POINT) return;
      body += classChar(cp);
      if (this.o.icase && isAsciiLetter(cp)) body += String.fromCharCode(cp ^ 0x20);
    };
    const isRangeDash = () => this.at() === 45 && this.i + 1 < this.cps.length && this.at(1) !== 93;
    let first = true;
    for (;;) {
      if (this.i >= this.cps.length) throw regexError(E.brack);
      if (this.deferred !== null) {
        // PostgreSQL lexes the next token first: a bad escape or an unterminated [: wins
        const next = this.at(1);
        if (this.at() === 92 && this.o.syntax === 'advanced') this.bracketElement();
        else if (this.at() === 91 && (next === -1 || next === 58 || next === 46 || next === 61)) {
          if (next === -1) throw regexError(E.brack);
          this.bracketElement();
        }
        throw regexError(this.deferred);
      }
      if (this.at() === 93 && !first) {
        this.i++;
        break;
      }
      first = false;
      const start = this.bracketElement();
      if (start.kind === 'class') {
        if (isRangeDash()) throw regexError(E.range);
        body += start.body;
        continue;
      }
      if (!isRangeDash()) {
        addChar(start.cp);
        continue;
      }
      this.i++;
      const end = this.bracketElement();
      if (end.kind === 'class') throw regexError(E.range);
      if (isRangeDash()) throw regexError(E.range);
      if (end.cp < start.cp) {
        this.deferred ??= E.range;
        continue;
      }
      const hi = Math.min(end.cp, MAX_CODE_POINT);
      if (start.cp <= hi) body += `${classChar(start.cp)}-${classChar(hi)}`;
      if (this.o.icase) body += caseSwappedRanges(start.cp, hi);
    }
    if (negate) this.emitAtom(`[^${body}${this.o.dotExcludesNewline ? '\\n' : ''}]`);
    else this.emitAtom(`[${body}]`);
  }

  /** One element of a bracket expression: a character, or a class that cannot end a range. */
  private bracketElement(): BracketElement {
    const c = this.at();
    const k = this.at(1);
    if (c === 91 && (k === 58 || k === 46 || k === 61)) {
      const name = this.delimited(k);
      if (k === 58) {
        const cls = this.o.icase && (name === 'upper' || name === 'lower') ? 'alpha' : name;
        const body = Object.hasOwn(CLASSES, cls) ? CLASSES[cls] : undefined;
        if (body === undefined) this.deferred ??= E.ctype;
        return { kind: 'class', body: body ?? '' };
      }
      const nameChars = Array.from(name);
      let cp: number;
      if (nameChars.length === 1) cp = name.codePointAt(0)!;
      else if (k === 46 && Object.hasOwn(COLLATING_NAMES, name)) cp = COLLATING_NAMES[name]!;
      else {
        this.deferred ??= E.collate;
        return { kind: 'class', body: '' };
      }
      if (k === 61) {
        const swapped = this.o.icase && isAsciiLetter(cp) ? String.fromCharCode(cp ^ 0x20) : '';
        return { kind: 'class', body: classChar(cp) + swapped };
      }
      return { kind: 'char', cp };
    }
    this.i++;
    if (c === 92 && this.o.syntax === 'advanced') {
      if (this.i >= this.cps.length) throw regexError(E.escape);
      const e = this.cps[this.i++]!;
      const ch = this.characterEscape(e);
      if (ch >= 0) return { kind: 'char', cp: ch };
      switch (e) {
        case 100: return { kind: 'class', body: CLASSES.digit! };
        case 68: return { kind: 'class', body: NOT_DIGIT };
        case 115: return { kind: 'class', body: SPACE };
        case 83: return { kind: 'class', body: NOT_SPACE };
        case 119: return { kind: 'class', body: CLASSES.word! };
        case 87: return { kind: 'class', body: NOT_WORD };
      }
      if (e === 48) {
        this.i--;
        return { kind: 'char', cp: this.octal(3) };
      }
      if (e >= 49 && e <= 57) {
        // what would be a back reference outside is an error here; other digit runs are octal
        const start = this.i - 1;
        let n = e - 48;
        while (isDigit(this.at())) n = Math.min(n * 10 + this.cps[this.i++]! - 48, 100000);
        if (this.i - start === 1 || n <= this.groups) throw regexError(E.escape);
        this.i = start;
        return { kind: 'char', cp: this.octal(3) };
      }
      if (isAsciiAlnum(e)) throw regexError(E.escape);
      return { kind: 'char', cp: e };
    }
    return { kind: 'char', cp: c };
  }

  /** The text of [:name:], [.name.] or [=name=] starting at '['; leaves i after the close. */
  private delimited(delimiter: number): string {
    const start = this.i + 2;
    for (let j = start; j + 1 < this.cps.length; j++) {
      if (this.cps[j] === delimiter && this.cps[j + 1] === 93) {
        this.i = j + 2;
        return String.fromCodePoint(...this.cps.slice(start, j));
      }
    }
    throw regexError(E.brack);
  }
}

/** Translates `pattern` under `options` (which embedded options may change). */
export function translateRegex(pattern: string, options: RegexOptions): TranslatedRegex {
  return new Translator(pattern, { ...options }).translate();
}
