// The reading half of to_timestamp / to_date (PostgreSQL's DCH_from_char): walks the datetime
// template over the input, filling a TmFromChar with the raw field values. Outside FX mode
// spaces are skipped before fields and a template separator matches one separator or space (or
// nothing); numbers are fixed-width unless FM is given or a non-digit follows in the template.
// Invariant: a field set twice must get the same value (22007 "conflicting values"); Gregorian
// and ISO-week fields cannot be mixed. Stops when the input or the template runs out.
import { DbError, SqlState } from '../../../errors.js';
import { NodeKind, S_FM, S_TH, S_th, type FormatNode } from './formatting-nodes.js';
import { DAY_NAMES, MONTH_NAMES, RM_UPPER } from './to-char-datetime.js';

/** TmFromChar: 0 means "not given" for every field. */
export interface FromChar {
  mode: number;
  hh: number; pm: number; mi: number; ss: number; ssss: number;
  d: number; dd: number; ddd: number; mm: number; ms: number;
  year: number; bc: number; ww: number; w: number; cc: number; j: number; us: number;
  yysz: number; clock12: boolean; tzsign: number; tzh: number; tzm: number; ff: number;
}

export function emptyFromChar(): FromChar {
  return {
    mode: 0, hh: 0, pm: 0, mi: 0, ss: 0, ssss: 0, d: 0, dd: 0, ddd: 0, mm: 0, ms: 0, year: 0, bc: 0,
    ww: 0, w: 0, cc: 0, j: 0, us: 0, yysz: 0, clock12: false, tzsign: 0, tzh: 0, tzm: 0, ff: 0,
  };
}

type IntField = 'hh' | 'pm' | 'mi' | 'ss' | 'ssss' | 'd' | 'dd' | 'ddd' | 'mm' | 'ms' | 'year' | 'bc' | 'ww' | 'w' | 'cc' | 'j' | 'us' | 'tzh' | 'tzm';

const AMPM = ['am', 'pm', 'AM', 'PM'];
const AMPM_LONG = ['a.m.', 'p.m.', 'A.M.', 'P.M.'];
const ADBC = ['ad', 'bc', 'AD', 'BC'];
const ADBC_LONG = ['a.d.', 'b.c.', 'A.D.', 'B.C.'];
const MONTHS_SHORT = MONTH_NAMES.map((m) => m.slice(0, 3));
const DAYS_SHORT = DAY_NAMES.map((d) => d.slice(0, 3));
const RM_LOWER = RM_UPPER.map((r) => r.toLowerCase());
const YEAR_LENGTHS: Record<string, number> = { YYYY: 4, IYYY: 4, YYY: 3, IYY: 3, YY: 2, IY: 2, Y: 1, I: 1 };

function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function isSeparator(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  return x > 0x20 && x < 0x7f && !/[A-Za-z0-9]/.test(c);
}

function formatError(message: string, fields: { detail?: string; hint?: string } = {}): DbError {
  return new DbError(SqlState.InvalidDatetimeFormat, message, fields);
}

const WIDTH_HINT = 'If your source string is not fixed-width, try using the "FM" modifier.';

class Parser {
  s = 0;
  /** Input spaces skipped beyond what the template asked for (DCH_from_char's extra_skip). */
  extraSkip = 0;
  constructor(
    readonly input: string,
    readonly nodes: FormatNode[],
    readonly out: FromChar,
  ) {}

  setInt(field: IntField, value: number, n: FormatNode): void {
    const cur = this.out[field];
    if (cur !== 0 && cur !== value) {
      throw formatError(`conflicting values for "${n.key!.name}" field in formatting string`, {
        detail: 'This value contradicts a previous setting for the same field type.',
      });
    }
    this.out[field] = value;
  }

  /** is_next_separator: may a number at node i run until a non-digit? */
  nextIsSeparator(i: number): boolean {
    const n = this.nodes[i]!;
    if ((n.suffix & (S_TH | S_th)) !== 0) return true;
    const next = this.nodes[i + 1];
    if (next === undefined) return true;
    if (next.kind === NodeKind.Action) return !next.key!.isDigit;
    return !(next.char >= '0' && next.char <= '9');
  }

  /** strtol from position i: [value, end]; end === i when there are no digits. */
  strtol(text: string, i: number): [number, number] {
    let k = i;
    while (isCSpace(text[k])) k++;
    let neg = false;
    if (text[k] === '+' || text[k] === '-') neg = text[k++] === '-';
    const start = k;
    let v = 0;
    while (k < text.length && text[k]! >= '0' && text[k]! <= '9') v = v * 10 + (text.charCodeAt(k++) - 48);
    if (k === start) return [0, i];
    return [neg ? -v : v, k];
  }

  /** from_char_parse_int_len: returns the characters consumed (leading spaces included). */
  parseInt(field: IntField | null, len: number, i: number): number {
    const n = this.nodes[i]!;
    const init = this.s;
    while (isCSpace(this.input[this.s])) this.s++;
    const copy = this.input.slice(this.s, this.s + len);
    const remaining = this.input.length - this.s;
    let result: number;
    if ((n.suffix & S_FM) !== 0 || this.nextIsSeparator(i)) {
      [result, this.s] = this.strtol(this.input, init);
    } else {
      if (remaining < len) {
        throw formatError(`source string too short for "${n.key!.name}" formatting field`, {
          detail: `Field requires ${len} characters, but only ${remaining} remain.`,
          hint: WIDTH_HINT,
        });
      }
      const [v, end] = this.strtol(copy, 0);
      result = v;
      if (end > 0 && end < len) {
        throw formatError(`invalid value "${copy}" for "${n.key!.name}"`, {
          detail: `Field requires ${len} characters, but only ${end} could be parsed.`,
          hint: WIDTH_HINT,
        });
      }
      this.s += end;
    }
    if (this.s === init) throw formatError(`invalid value "${copy}" for "${n.key!.name}"`, { detail: 'Value must be an integer.' });
    if (result < -2147483648 || result > 2147483647) {
      throw new DbError(SqlState.DatetimeFieldOverflow, `value for "${n.key!.name}" in source string is out of range`, {
        detail: 'Value must be in the range -2147483648 to 2147483647.',
      });
    }
    if (field !== null) this.setInt(field, result, n);
    return this.s - init;
  }

  /** from_char_seq_search: case-insensitive prefix match against a word list; the index. */
  seqSearch(words: string[], n: FormatNode): number {
    const rest = this.input.slice(this.s);
    const lower = rest.toLowerCase();
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!.toLowerCase();
      if (lower.startsWith(w) && w.length > 0) {
        this.s += w.length;
        return k;
      }
    }
    let word = rest;
    const stop = word.search(/[ \t\n\r\f]/);
    if (stop >= 0) word = word.slice(0, stop);
    throw formatError(`invalid value "${word}" for "${n.key!.name}"`, {
      detail: 'The given value did not match any of the allowed values for this field.',
    });
  }

  skipTh(n: FormatNode): void {
    if ((n.suffix & (S_TH | S_th)) !== 0) this.s = Math.min(this.s + 2, this.input.length);
  }

  /** Y,YYY: sscanf("%d,%03d"): a number, a comma, then at most three more characters. */
  thousandsYear(n: FormatNode): void {
    const bad = () => formatError('invalid input string for "Y,YYY"');
    const [millennia, afterK] = this.strtol(this.input, this.s);
    if (afterK === this.s || this.input[afterK] !== ',') throw bad();
    let k = afterK + 1;
    while (isCSpace(this.input[k])) k++;
    const start = k;
    let neg = false;
    if (this.input[k] === '+' || this.input[k] === '-') neg = this.input[k++] === '-';
    const digitsStart = k;
    let years = 0;
    while (k - start < 3 && this.input[k] !== undefined && this.input[k]! >= '0' && this.input[k]! <= '9') {
      years = years * 10 + (this.input.charCodeAt(k++) - 48);
    }
    if (k === digitsStart) throw bad();
    this.setInt('year', (neg ? -years : years) + millennia * 1000, n);
    this.out.yysz = 4;
    this.s = k;
    this.skipTh(n);
  }
}

/** adjust_partial_year_to_2020: two- and three-digit years land near 2020. */
function adjustPartialYear(year: number): number {
  if (year < 70) return year + 2000;
  if (year < 100) return year + 1900;
  if (year < 520) return year + 2000;
  if (year < 1000) return year + 1000;
  return year;
}

/** One keyword of the template (the switch of DCH_from_char). Returns true for FX. */
function readField(p: Parser, i: number): boolean {
  const n = p.nodes[i]!;
  const id = n.key!.id;
  const out = p.out;
  switch (id) {
    case 'FX': return true;
    case 'A.M.': case 'P.M.': case 'a.m.': case 'p.m.':
    case 'AM': case 'PM': case 'am': case 'pm':
      p.setInt('pm', p.seqSearch(id.length === 4 ? AMPM_LONG : AMPM, n) % 2, n);
      out.clock12 = true;
      break;
    case 'HH': case 'HH12': case 'HH24':
      p.parseInt('hh', 2, i);
      if (id !== 'HH24') out.clock12 = true;
      p.skipTh(n);
      break;
    case 'MI': p.parseInt('mi', 2, i); p.skipTh(n); break;
    case 'SS': p.parseInt('ss', 2, i); p.skipTh(n); break;
    case 'MS': {
      const len = p.parseInt('ms', 3, i);
      out.ms *= len === 1 ? 100 : len === 2 ? 10 : 1;
      p.skipTh(n);
      break;
    }
    case 'FF1': case 'FF2': case 'FF3': case 'FF4': case 'FF5': case 'FF6': case 'US': {
      if (id !== 'US') out.ff = Number(id[2]);
      const len = p.parseInt('us', id === 'US' ? 6 : out.ff, i);
      out.us *= len === 1 ? 100000 : len === 2 ? 10000 : len === 3 ? 1000 : len === 4 ? 100 : len === 5 ? 10 : 1;
      p.skipTh(n);
      break;
    }
    case 'SSSS': p.parseInt('ssss', n.key!.name.length, i); p.skipTh(n); break;
    case 'tz': case 'TZ': case 'OF':
      throw new DbError(SqlState.FeatureNotSupported, `formatting field "${n.key!.name}" is only supported in to_char`);
    case 'TZH': {
      const c = p.input[p.s];
      if (c === '+' || c === '-' || c === ' ') {
        out.tzsign = c === '-' ? -1 : 1;
        p.s++;
      } else {
        out.tzsign = p.extraSkip > 0 && p.input[p.s - 1] === '-' ? -1 : 1;
      }
      p.parseInt('tzh', 2, i);
      break;
    }
    case 'TZM':
      if (!out.tzsign) out.tzsign = 1;
      p.parseInt('tzm', 2, i);
      break;
    case 'A.D.': case 'B.C.': case 'a.d.': case 'b.c.': case 'AD': case 'BC': case 'ad': case 'bc':
      p.setInt('bc', p.seqSearch(id.length === 4 ? ADBC_LONG : ADBC, n) % 2, n);
      break;
    case 'MONTH': case 'Month': case 'month': p.setInt('mm', p.seqSearch(MONTH_NAMES, n) + 1, n); break;
    case 'MON': case 'Mon': case 'mon': p.setInt('mm', p.seqSearch(MONTHS_SHORT, n) + 1, n); break;
    case 'MM': p.parseInt('mm', 2, i); p.skipTh(n); break;
    case 'DAY': case 'Day': case 'day':
      p.setInt('d', p.seqSearch(DAY_NAMES, n), n);
      out.d++;
      break;
    case 'DY': case 'Dy': case 'dy':
      p.setInt('d', p.seqSearch(DAYS_SHORT, n), n);
      out.d++;
      break;
    case 'DDD': case 'IDDD': p.parseInt('ddd', 3, i); p.skipTh(n); break;
    case 'DD': p.parseInt('dd', 2, i); p.skipTh(n); break;
    case 'D': p.parseInt('d', 1, i); p.skipTh(n); break;
    case 'ID':
      p.parseInt('d', 1, i);
      if (++out.d > 7) out.d = 1;
      p.skipTh(n);
      break;
    case 'WW': case 'IW': p.parseInt('ww', 2, i); p.skipTh(n); break;
    case 'Q': p.parseInt(null, 1, i); p.skipTh(n); break;
    case 'CC': p.parseInt('cc', 2, i); p.skipTh(n); break;
    case 'Y,YYY': p.thousandsYear(n); break;
    case 'RM': case 'rm': p.setInt('mm', 12 - p.seqSearch(RM_LOWER, n), n); break;
    case 'W': p.parseInt('w', 1, i); p.skipTh(n); break;
    case 'J': p.parseInt('j', 1, i); p.skipTh(n); break;
    default: {
      const len = p.parseInt('year', YEAR_LENGTHS[id]!, i);
      if (len < 4 && id !== 'YYYY' && id !== 'IYYY') out.year = adjustPartialYear(out.year);
      out.yysz = YEAR_LENGTHS[id]!;
      p.skipTh(n);
    }
  }
  return false;
}

/** DCH_from_char. */
export function readDatetime(nodes: FormatNode[], input: string): FromChar {
  const out = emptyFromChar();
  const p = new Parser(input, nodes, out);
  let fx = false;
  for (let i = 0; i < nodes.length && p.s < input.length; i++) {
    const n = nodes[i]!;
    const isAction = n.kind === NodeKind.Action;
    if (!fx && !(isAction && n.key!.id === 'FX') && (isAction || i === 0)) {
      while (p.s < input.length && isCSpace(input[p.s])) {
        p.s++;
        p.extraSkip++;
      }
    }
    if (n.kind === NodeKind.Space || n.kind === NodeKind.Separator) {
      if (!fx) {
        p.extraSkip--;
        if (isCSpace(input[p.s]) || isSeparator(input[p.s])) {
          p.s++;
          p.extraSkip++;
        }
      } else p.s += input.codePointAt(p.s)! > 0xffff ? 2 : 1;
      continue;
    }
    if (!isAction) {
      if (!fx && p.extraSkip > 0) p.extraSkip--;
      else p.s += input.codePointAt(p.s)! > 0xffff ? 2 : 1;
      continue;
    }
    if (n.key!.dateMode !== 0) {
      if (out.mode === 0) out.mode = n.key!.dateMode;
      else if (out.mode !== n.key!.dateMode) {
        throw formatError('invalid combination of date conventions', {
          hint: 'Do not mix Gregorian and ISO week date conventions in a formatting template.',
        });
      }
    }
    if (readField(p, i)) fx = true;
    if (!fx) {
      p.extraSkip = 0;
      while (p.s < input.length && isCSpace(input[p.s])) {
        p.s++;
        p.extraSkip++;
      }
    }
  }
  return out;
}
