// Comparisons of text, varchar, name and bpchar under the C collation: byte order of the UTF-8
// encoding, which is code point order. JS compares strings by UTF-16 unit, which differs only
// where a surrogate pair meets a unit in U+E000..U+FFFF, so the first differing units are
// remapped in that case. bpchar comparisons ignore trailing spaces; bt*cmp return -1, 0 or 1.
// Also the ~<~ family (pattern ops, the same byte order) and text/bpchar larger/smaller.
// Requires: no null arguments (all are strict).
import type { FnImpl, FunctionTable } from './registry.js';

/** A UTF-16 unit >= 0xD800 mapped so that surrogates sort above U+E000..U+FFFF. */
function codePointOrderUnit(c: number): number {
  return c >= 0xe000 ? c - 0x800 : c + 0x2000;
}

/** Compares a[0, aLen) with b[0, bLen) in code point order: -1, 0 or 1. */
function compareRange(a: string, aLen: number, b: string, bLen: number): number {
  const n = aLen < bLen ? aLen : bLen;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = codePointOrderUnit(x);
        y = codePointOrderUnit(y);
      }
      return x < y ? -1 : 1;
    }
  }
  return aLen === bLen ? 0 : aLen < bLen ? -1 : 1;
}

/** Text comparison under the C collation: -1, 0 or 1. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return compareRange(a, a.length, b, b.length);
}

/** Length of s without trailing spaces (bcTruelen). */
export function bpcharTrueLength(s: string): number {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 32) n--;
  return n;
}

/** bpchar comparison: trailing spaces do not count. */
export function compareBpchar(a: string, b: string): number {
  return compareRange(a, bpcharTrueLength(a), b, bpcharTrueLength(b));
}

function bpcharEqual(a: string, b: string): boolean {
  const la = bpcharTrueLength(a);
  return la === bpcharTrueLength(b) && compareRange(a, la, b, la) === 0;
}

const textOps: Record<string, FnImpl> = {
  eq: (a) => a[0] === a[1],
  ne: (a) => a[0] !== a[1],
  lt: (a) => compareText(a[0] as string, a[1] as string) < 0,
  le: (a) => compareText(a[0] as string, a[1] as string) <= 0,
  gt: (a) => compareText(a[0] as string, a[1] as string) > 0,
  ge: (a) => compareText(a[0] as string, a[1] as string) >= 0,
  cmp: (a) => compareText(a[0] as string, a[1] as string),
};

const bpcharOps: Record<string, FnImpl> = {
  eq: (a) => bpcharEqual(a[0] as string, a[1] as string),
  ne: (a) => !bpcharEqual(a[0] as string, a[1] as string),
  lt: (a) => compareBpchar(a[0] as string, a[1] as string) < 0,
  le: (a) => compareBpchar(a[0] as string, a[1] as string) <= 0,
  gt: (a) => compareBpchar(a[0] as string, a[1] as string) > 0,
  ge: (a) => compareBpchar(a[0] as string, a[1] as string) >= 0,
  cmp: (a) => compareBpchar(a[0] as string, a[1] as string),
};

function build(): FunctionTable {
  const t: FunctionTable = {};
  const family = (ops: Record<string, FnImpl>, names: Record<string, string>) => {
    for (const [op, name] of Object.entries(names)) t[name] = ops[op]!;
  };
  family(textOps, { eq: 'texteq', ne: 'textne', lt: 'text_lt', le: 'text_le', gt: 'text_gt', ge: 'text_ge', cmp: 'bttextcmp' });
  family(textOps, { eq: 'nameeq', ne: 'namene', lt: 'namelt', le: 'namele', gt: 'namegt', ge: 'namege', cmp: 'btnamecmp' });
  family(textOps, {
    eq: 'nameeqtext',
    ne: 'namenetext',
    lt: 'namelttext',
    le: 'nameletext',
    gt: 'namegttext',
    ge: 'namegetext',
    cmp: 'btnametextcmp',
  });
  family(textOps, {
    eq: 'texteqname',
    ne: 'textnename',
    lt: 'textltname',
    le: 'textlename',
    gt: 'textgtname',
    ge: 'textgename',
    cmp: 'bttextnamecmp',
  });
  family(textOps, {
    lt: 'text_pattern_lt',
    le: 'text_pattern_le',
    gt: 'text_pattern_gt',
    ge: 'text_pattern_ge',
    cmp: 'bttext_pattern_cmp',
  });
  family(bpcharOps, { eq: 'bpchareq', ne: 'bpcharne', lt: 'bpcharlt', le: 'bpcharle', gt: 'bpchargt', ge: 'bpcharge', cmp: 'bpcharcmp' });
  family(bpcharOps, {
    lt: 'bpchar_pattern_lt',
    le: 'bpchar_pattern_le',
    gt: 'bpchar_pattern_gt',
    ge: 'bpchar_pattern_ge',
    cmp: 'btbpchar_pattern_cmp',
  });
  return t;
}

export const textCompareFunctions: FunctionTable = {
  ...build(),
  text_larger: (a) => (compareText(a[0] as string, a[1] as string) > 0 ? a[0] : a[1]),
  text_smaller: (a) => (compareText(a[0] as string, a[1] as string) < 0 ? a[0] : a[1]),
  bpchar_larger: (a) => (compareBpchar(a[0] as string, a[1] as string) >= 0 ? a[0] : a[1]),
  bpchar_smaller: (a) => (compareBpchar(a[0] as string, a[1] as string) <= 0 ? a[0] : a[1]),
};
