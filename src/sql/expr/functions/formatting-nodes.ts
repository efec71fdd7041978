// The template parser shared by to_char / to_timestamp / to_date (datetime patterns) and
// to_char / to_number (number patterns), as PostgreSQL's parse_format: keywords are matched
// longest-first from a per-first-character list (case matters: "Month" and "MONTH" differ),
// datetime keywords take FM/TM prefixes and TH/th/SP suffixes, "..." quotes literal text and
// \" is a literal quote. Parsed templates are cached (they are pure functions of the text).
// Invariant: a node is either a keyword (key set) or one literal character (a code point).
import { DbError, SqlState } from '../../../errors.js';

export const enum NodeKind {
  Action,
  Char,
  Separator,
  Space,
}

export interface Keyword {
  /** The keyword as written in the table (error messages quote it). */
  readonly name: string;
  /** Which pattern it is: the upper-case spelling for case-insensitive ones ("hh24" -> "HH24"). */
  readonly id: string;
  readonly isDigit: boolean;
  /** Date convention for to_timestamp: 0 none, 1 Gregorian, 2 ISO week. */
  readonly dateMode: 0 | 1 | 2;
}

export interface FormatNode {
  readonly kind: NodeKind;
  readonly key: Keyword | null;
  /** The literal character of a non-keyword node. */
  readonly char: string;
  /** DCH_S_* flags. */
  readonly suffix: number;
}

export const S_FM = 0x01;
export const S_TH = 0x02;
export const S_th = 0x04;
export const S_SP = 0x08;
export const S_TM = 0x10;

/** [name, id, isDigit, dateMode]; table order is PostgreSQL's (longest match first). */
type Row = [string, string, boolean, 0 | 1 | 2];
const DCH_ROWS: Row[] = [
  ['A.D.', 'A.D.', false, 0], ['A.M.', 'A.M.', false, 0], ['AD', 'AD', false, 0], ['AM', 'AM', false, 0],
  ['B.C.', 'B.C.', false, 0], ['BC', 'BC', false, 0], ['CC', 'CC', true, 0],
  ['DAY', 'DAY', false, 0], ['DDD', 'DDD', true, 1], ['DD', 'DD', true, 1], ['DY', 'DY', false, 0],
  ['Day', 'Day', false, 0], ['Dy', 'Dy', false, 0], ['D', 'D', true, 1],
  ['FF1', 'FF1', false, 0], ['FF2', 'FF2', false, 0], ['FF3', 'FF3', false, 0], ['FF4', 'FF4', false, 0],
  ['FF5', 'FF5', false, 0], ['FF6', 'FF6', false, 0], ['FX', 'FX', false, 0],
  ['HH24', 'HH24', true, 0], ['HH12', 'HH12', true, 0], ['HH', 'HH', true, 0],
  ['IDDD', 'IDDD', true, 2], ['ID', 'ID', true, 2], ['IW', 'IW', true, 2], ['IYYY', 'IYYY', true, 2],
  ['IYY', 'IYY', true, 2], ['IY', 'IY', true, 2], ['I', 'I', true, 2], ['J', 'J', true, 0],
  ['MI', 'MI', true, 0], ['MM', 'MM', true, 1], ['MONTH', 'MONTH', false, 1], ['MON', 'MON', false, 1],
  ['MS', 'MS', true, 0], ['Month', 'Month', false, 1], ['Mon', 'Mon', false, 1], ['OF', 'OF', false, 0],
  ['P.M.', 'P.M.', false, 0], ['PM', 'PM', false, 0], ['Q', 'Q', true, 0], ['RM', 'RM', false, 1],
  ['SSSSS', 'SSSS', true, 0], ['SSSS', 'SSSS', true, 0], ['SS', 'SS', true, 0],
  ['TZH', 'TZH', false, 0], ['TZM', 'TZM', true, 0], ['TZ', 'TZ', false, 0], ['US', 'US', true, 0],
  ['WW', 'WW', true, 1], ['W', 'W', true, 1], ['Y,YYY', 'Y,YYY', true, 1], ['YYYY', 'YYYY', true, 1],
  ['YYY', 'YYY', true, 1], ['YY', 'YY', true, 1], ['Y', 'Y', true, 1],
  ['a.d.', 'a.d.', false, 0], ['a.m.', 'a.m.', false, 0], ['ad', 'ad', false, 0], ['am', 'am', false, 0],
  ['b.c.', 'b.c.', false, 0], ['bc', 'bc', false, 0], ['cc', 'CC', true, 0],
  ['day', 'day', false, 0], ['ddd', 'DDD', true, 1], ['dd', 'DD', true, 1], ['dy', 'dy', false, 0], ['d', 'D', true, 1],
  ['ff1', 'FF1', false, 0], ['ff2', 'FF2', false, 0], ['ff3', 'FF3', false, 0], ['ff4', 'FF4', false, 0],
  ['ff5', 'FF5', false, 0], ['ff6', 'FF6', false, 0], ['fx', 'FX', false, 0],
  ['hh24', 'HH24', true, 0], ['hh12', 'HH12', true, 0], ['hh', 'HH', true, 0],
  ['iddd', 'IDDD', true, 2], ['id', 'ID', true, 2], ['iw', 'IW', true, 2], ['iyyy', 'IYYY', true, 2],
  ['iyy', 'IYY', true, 2], ['iy', 'IY', true, 2], ['i', 'I', true, 2], ['j', 'J', true, 0],
  ['mi', 'MI', true, 0], ['mm', 'MM', true, 1], ['month', 'month', false, 1], ['mon', 'mon', false, 1],
  ['ms', 'MS', true, 0], ['p.m.', 'p.m.', false, 0], ['pm', 'pm', false, 0], ['q', 'Q', true, 0],
  ['rm', 'rm', false, 1], ['sssss', 'SSSS', true, 0], ['ssss', 'SSSS', true, 0], ['ss', 'SS', true, 0],
  ['tz', 'tz', false, 0], ['us', 'US', true, 0], ['ww', 'WW', true, 1], ['w', 'W', true, 1],
  ['y,yyy', 'Y,YYY', true, 1], ['yyyy', 'YYYY', true, 1], ['yyy', 'YYY', true, 1], ['yy', 'YY', true, 1],
  ['y', 'Y', true, 1],
];

const NUM_ROWS: Row[] = [
  [',', ',', false, 0], ['.', '.', false, 0], ['0', '0', false, 0], ['9', '9', false, 0],
  ['B', 'B', false, 0], ['C', 'C', false, 0], ['D', 'D', false, 0], ['EEEE', 'EEEE', false, 0],
  ['FM', 'FM', false, 0], ['G', 'G', false, 0], ['L', 'L', false, 0], ['MI', 'MI', false, 0],
  ['PL', 'PL', false, 0], ['PR', 'PR', false, 0], ['RN', 'RN', false, 0], ['SG', 'SG', false, 0],
  ['SP', 'SP', false, 0], ['S', 'S', false, 0], ['TH', 'TH', false, 0], ['V', 'V', false, 0],
  ['b', 'B', false, 0], ['c', 'C', false, 0], ['d', 'D', false, 0], ['eeee', 'EEEE', false, 0],
  ['fm', 'FM', false, 0], ['g', 'G', false, 0], ['l', 'L', false, 0], ['mi', 'MI', false, 0],
  ['pl', 'PL', false, 0], ['pr', 'PR', false, 0], ['rn', 'rn', false, 0], ['sg', 'SG', false, 0],
  ['sp', 'SP', false, 0], ['s', 'S', false, 0], ['th', 'th', false, 0], ['v', 'V', false, 0],
];

/** Keywords grouped by first character, in table order (index_seq_search). */
function index(rows: Row[]): Map<string, Keyword[]> {
  const byFirst = new Map<string, Keyword[]>();
  for (const [name, id, isDigit, dateMode] of rows) {
    const list = byFirst.get(name[0]!) ?? [];
    list.push({ name, id, isDigit, dateMode });
    byFirst.set(name[0]!, list);
  }
  return byFirst;
}

const DCH_INDEX = index(DCH_ROWS);
const NUM_INDEX = index(NUM_ROWS);

function keywordAt(str: string, i: number, table: Map<string, Keyword[]>): Keyword | null {
  const list = table.get(str[i]!);
  if (list === undefined) return null;
  for (const k of list) if (str.startsWith(k.name, i)) return k;
  return null;
}

function prefixAt(str: string, i: number): number {
  const two = str.slice(i, i + 2);
  if (two === 'FM' || two === 'fm') return S_FM;
  if (two === 'TM' || two === 'tm') return S_TM;
  return 0;
}

function postfixAt(str: string, i: number): number {
  const two = str.slice(i, i + 2);
  if (two === 'TH') return S_TH;
  if (two === 'th') return S_th;
  if (two === 'SP') return S_SP;
  return 0;
}

/** ASCII printable, but not a letter or digit (is_separator_char). */
function isSeparatorChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && !((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57));
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** parse_format for datetime (dch) or number templates. */
function parse(str: string, dch: boolean): FormatNode[] {
  const table = dch ? DCH_INDEX : NUM_INDEX;
  const nodes: FormatNode[] = [];
  let i = 0;
  while (i < str.length) {
    let suffix = 0;
    if (dch) {
      const p = prefixAt(str, i);
      if (p !== 0) {
        suffix |= p;
        i += 2;
      }
    }
    const key = i < str.length ? keywordAt(str, i, table) : null;
    if (key !== null) {
      i += key.name.length;
      if (dch && i < str.length) {
        const p = postfixAt(str, i);
        if (p !== 0) {
          suffix |= p;
          i += 2;
        }
      }
      nodes.push({ kind: NodeKind.Action, key, char: '', suffix });
    } else if (i < str.length) {
      if (str[i] === '"') {
        i++;
        while (i < str.length) {
          if (str[i] === '"') {
            i++;
            break;
          }
          if (str[i] === '\\' && i + 1 < str.length) i++;
          const ch = String.fromCodePoint(str.codePointAt(i)!);
          nodes.push({ kind: NodeKind.Char, key: null, char: ch, suffix: 0 });
          i += ch.length;
        }
      } else {
        if (str[i] === '\\' && str[i + 1] === '"') i++;
        const ch = String.fromCodePoint(str.codePointAt(i)!);
        const c = ch.charCodeAt(0);
        const kind = dch && isSeparatorChar(c) ? NodeKind.Separator : isCSpace(c) ? NodeKind.Space : NodeKind.Char;
        nodes.push({ kind, key: null, char: ch, suffix: 0 });
        i += ch.length;
      }
    }
  }
  return nodes;
}

const dchCache = new Map<string, FormatNode[]>();
const numCache = new Map<string, FormatNode[]>();

function cached(cache: Map<string, FormatNode[]>, str: string, dch: boolean): FormatNode[] {
  let nodes = cache.get(str);
  if (nodes === undefined) {
    nodes = parse(str, dch);
    if (cache.size > 200) cache.clear();
    cache.set(str, nodes);
  }
  return nodes;
}

/** A parsed datetime template. */
export function datetimeFormat(str: string): FormatNode[] {
  return cached(dchCache, str, true);
}

/** A parsed number template. */
export function numberFormat(str: string): FormatNode[] {
  return cached(numCache, str, false);
}

/** 42601, as PostgreSQL reports malformed number templates. */
export function templateError(message: string, detail?: string): DbError {
  return new DbError(SqlState.SyntaxError, message, detail === undefined ? {} : { detail });
}

/** The English ordinal suffix of a digit string (get_th): "1" -> "st", "12" -> "th". */
export function ordinalSuffix(num: string, upper: boolean): string {
  const last = num.charCodeAt(num.length - 1);
  if (!(last >= 48 && last <= 57)) throw new DbError(SqlState.InvalidTextRepresentation, `"${num}" is not a number`);
  const teen = num.length > 1 && num[num.length - 2] === '1';
  const s = teen ? 'th' : last === 49 ? 'st' : last === 50 ? 'nd' : last === 51 ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}
