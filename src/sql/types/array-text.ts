// The text form of arrays, as PostgreSQL 15's array_in and array_out: `{1,2}`, `{{1,2},{3,4}}`,
// `[0:1]={a,b}`, `{"a b",NULL,"NULL",""}`. Input runs in PostgreSQL's three steps: optional
// explicit dimensions, a validating pass over the braces that finds the dimensions (ArrayCount,
// whose state machine decides which characters may follow which, and so which DETAIL an error
// carries), then a pass that cuts out, de-quotes and de-escapes each element and feeds it to the
// element type's input function (ReadArrayStr). Quirks of that state machine are kept on
// purpose (`{{1},{{2}}}` is accepted), since clients see PostgreSQL 15's answers.
// Output quotes an element when it is empty, spells NULL in any case, or holds a quote,
// backslash, brace, the delimiter or white space; dimensions are printed only when a lower
// bound is not 1.
import { DbError, SqlState } from '../../errors.js';
import { MAX_DIMS, checkBounds, checkedItemCount, emptyArray, malformedArray, tooManyDimensions } from './array.js';
import { isSpace } from './text-util.js';
import { ArrayValue, type Value } from './value.js';

/** Reads one element's text; null stands for an unquoted NULL. */
export type ElementInput = (text: string | null) => Value;
/** Writes one non-NULL element. */
export type ElementOutput = (value: Value) => string;

const LBRACE = 123;
const RBRACE = 125;
const QUOTE = 34;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const COLON = 58;

/** C's atoi over a run of digits and signs, as array_in applies it to bounds (wraps to int32). */
function atoi(s: string): number {
  const m = /^[+-]?\d+/.exec(s);
  if (!m) return 0;
  let v = BigInt(m[0]);
  const LONG_MAX = 2n ** 63n - 1n;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return Number(BigInt.asIntN(32, v));
}

function isBoundChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43;
}

/** array_in: parses the text form; elements go through `input` in storage order. */
export function parseArrayText(text: string, elementType: number, delimiter: string, input: ElementInput): ArrayValue {
  const dims: number[] = [];
  const lowerBounds: number[] = [];
  let p = 0;
  for (;;) {
    while (p < text.length && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== LBRACKET) break;
    p++;
    if (dims.length >= MAX_DIMS) throw tooManyDimensions(dims.length + 1);
    let q = p;
    while (q < text.length && isBoundChar(text.charCodeAt(q))) q++;
    if (q === p) throw malformedArray(text, '"[" must introduce explicitly-specified array dimensions.');
    let lower = 1;
    if (text.charCodeAt(q) === COLON) {
      lower = atoi(text.slice(p, q));
      p = q + 1;
      q = p;
      while (q < text.length && isBoundChar(text.charCodeAt(q))) q++;
      if (q === p) throw malformedArray(text, 'Missing array dimension value.');
    }
    if (text.charCodeAt(q) !== RBRACKET) throw malformedArray(text, 'Missing "]" after array dimensions.');
    const upper = atoi(text.slice(p, q));
    p = q + 1;
    if (upper < lower) throw new DbError(SqlState.ArraySubscriptError, 'upper bound cannot be less than lower bound');
    dims.push((upper - lower + 1) | 0);
    lowerBounds.push(lower);
  }
  if (dims.length === 0) {
    if (text.charCodeAt(p) !== LBRACE) throw malformedArray(text, 'Array value must start with "{" or dimension information.');
    const counted = countDimensions(text.slice(p), delimiter);
    for (const d of counted) {
      dims.push(d);
      lowerBounds.push(1);
    }
  } else {
    if (text.charCodeAt(p) !== 61) throw malformedArray(text, 'Missing "=" after array dimensions.');
    p++;
    while (p < text.length && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== LBRACE) throw malformedArray(text, 'Array contents must start with "{".');
    const counted = countDimensions(text.slice(p), delimiter);
    if (counted.length !== dims.length || counted.some((d, i) => d !== dims[i])) {
      throw malformedArray(text, 'Specified array dimensions do not match array contents.');
    }
  }
  const count = checkedItemCount(dims);
  checkBounds(dims, lowerBounds);
  if (count === 0) return emptyArray(elementType);
  const elements = readElements(text, p, count, dims, delimiter, input);
  return new ArrayValue(elementType, elements, dims, lowerBounds);
}

/** Where ArrayCount's state machine stands after the last character it read (PostgreSQL's
 * ARRAY_ELEM_COMPLETED is never entered there, so it is left out). */
const enum State {
  NoLevel,
  LevelStarted,
  ElemStarted,
  QuotedElemStarted,
  QuotedElemCompleted,
  ElemDelimited,
  LevelCompleted,
  LevelDelimited,
}

/**
 * ArrayCount: validates the brace structure of `str` (which starts at "{") and returns the
 * dimensions; [] for an empty array. Errors quote `str`, not the whole input, as PostgreSQL.
 */
function countDimensions(str: string, delimiter: string): number[] {
  const delim = delimiter.charCodeAt(0);
  const temp = new Array<number>(MAX_DIMS).fill(0);
  const nelems = new Array<number>(MAX_DIMS).fill(1);
  const nelemsLast = new Array<number>(MAX_DIMS).fill(0);
  const unexpected = (ch: string) => malformedArray(str, `Unexpected "${ch}" character.`);
  let nestLevel = 0;
  let ndim = 1;
  let inQuotes = false;
  let emptyArray = true;
  let state = State.NoLevel;
  let ptr = 0;
  let eoArray = false;
  while (!eoArray) {
    let itemDone = false;
    while (!itemDone) {
      if (state === State.ElemStarted || state === State.QuotedElemStarted) emptyArray = false;
      if (ptr >= str.length) throw malformedArray(str, 'Unexpected end of input.');
      const c = str.charCodeAt(ptr);
      if (c === BACKSLASH) {
        if (state !== State.LevelStarted && state !== State.ElemStarted && state !== State.QuotedElemStarted && state !== State.ElemDelimited) {
          throw unexpected('\\');
        }
        if (state !== State.QuotedElemStarted) state = State.ElemStarted;
        if (ptr + 1 < str.length) ptr++;
        else throw malformedArray(str, 'Unexpected end of input.');
      } else if (c === QUOTE) {
        if (state !== State.LevelStarted && state !== State.QuotedElemStarted && state !== State.ElemDelimited) {
          throw malformedArray(str, 'Unexpected array element.');
        }
        inQuotes = !inQuotes;
        state = inQuotes ? State.QuotedElemStarted : State.QuotedElemCompleted;
      } else if (c === LBRACE && !inQuotes) {
        if (state !== State.NoLevel && state !== State.LevelStarted && state !== State.LevelDelimited) throw unexpected('{');
        state = State.LevelStarted;
        if (nestLevel >= MAX_DIMS) throw tooManyDimensions(nestLevel + 1);
        temp[nestLevel] = 0;
        nestLevel++;
        if (ndim < nestLevel) ndim = nestLevel;
      } else if (c === RBRACE && !inQuotes) {
        if (
          state !== State.ElemStarted &&
          state !== State.QuotedElemCompleted &&
          state !== State.LevelCompleted &&
          !(nestLevel === 1 && state === State.LevelStarted)
        ) {
          throw unexpected('}');
        }
        state = State.LevelCompleted;
        if (nestLevel === 0) throw malformedArray(str, 'Unmatched "}" character.');
        nestLevel--;
        if (nelemsLast[nestLevel] !== 0 && nelems[nestLevel] !== nelemsLast[nestLevel]) {
          throw malformedArray(str, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
        }
        nelemsLast[nestLevel] = nelems[nestLevel]!;
        nelems[nestLevel] = 1;
        if (nestLevel === 0) eoArray = itemDone = true;
        else temp[nestLevel - 1]!++;
      } else if (!inQuotes && c === delim) {
        if (state !== State.ElemStarted && state !== State.QuotedElemCompleted && state !== State.LevelCompleted) {
          throw unexpected(delimiter);
        }
        state = state === State.LevelCompleted ? State.LevelDelimited : State.ElemDelimited;
        itemDone = true;
        nelems[nestLevel - 1]!++;
      } else if (!inQuotes && !isSpace(c) && c !== LBRACE && c !== RBRACE) {
        if (state !== State.LevelStarted && state !== State.ElemStarted && state !== State.ElemDelimited) {
          throw malformedArray(str, 'Unexpected array element.');
        }
        state = State.ElemStarted;
      }
      if (!itemDone) ptr++;
    }
    temp[ndim - 1]!++;
    ptr++;
  }
  for (; ptr < str.length; ptr++) {
    if (!isSpace(str.charCodeAt(ptr))) throw malformedArray(str, 'Junk after closing right brace.');
  }
  if (emptyArray) return [];
  return temp.slice(0, ndim);
}

/**
 * ReadArrayStr: cuts the elements out of text[start..] (validated by countDimensions) and
 * places each at its row-major position; positions no element reaches stay NULL.
 */
function readElements(text: string, start: number, count: number, dims: readonly number[], delimiter: string, input: ElementInput): Value[] {
  const ndim = dims.length;
  const delim = delimiter.charCodeAt(0);
  const prod = new Array<number>(ndim);
  prod[ndim - 1] = 1;
  for (let j = ndim - 2; j >= 0; j--) prod[j] = prod[j + 1]! * dims[j + 1]!;
  const indx = new Array<number>(ndim).fill(0);
  const offset = () => {
    let off = 0;
    for (let j = 0; j < ndim; j++) off += indx[j]! * prod[j]!;
    return off;
  };
  const elements = new Array<Value>(count).fill(null);
  let nestLevel = 0;
  let inQuotes = false;
  let src = start;
  let eoArray = false;
  while (!eoArray) {
    let itemDone = false;
    let leadingSpace = true;
    let hasQuoting = false;
    let i = -1;
    let item = '';
    let significant = 0; // length of item up to its last character that is not trailing space
    while (!itemDone) {
      if (src >= text.length) throw malformedArray(text);
      const c = text.charCodeAt(src);
      if (c === BACKSLASH) {
        src++;
        if (src >= text.length) throw malformedArray(text);
        item += text[src++];
        leadingSpace = false;
        significant = item.length;
        hasQuoting = true;
      } else if (c === QUOTE) {
        inQuotes = !inQuotes;
        if (inQuotes) leadingSpace = false;
        else significant = item.length;
        hasQuoting = true;
        src++;
      } else if (inQuotes) {
        item += text[src++];
      } else if (c === LBRACE) {
        if (nestLevel >= ndim) throw malformedArray(text);
        nestLevel++;
        indx[nestLevel - 1] = 0;
        src++;
      } else if (c === RBRACE) {
        if (nestLevel === 0) throw malformedArray(text);
        if (i === -1) i = offset();
        indx[nestLevel - 1] = 0;
        nestLevel--;
        if (nestLevel === 0) eoArray = itemDone = true;
        else indx[nestLevel - 1]!++;
        src++;
      } else if (c === delim) {
        if (i === -1) i = offset();
        itemDone = true;
        indx[ndim - 1]!++;
        src++;
      } else if (isSpace(c)) {
        if (!leadingSpace) item += text[src];
        src++;
      } else {
        item += text[src++];
        leadingSpace = false;
        significant = item.length;
      }
    }
    if (i < 0 || i >= count) throw malformedArray(text);
    const value = item.slice(0, significant);
    elements[i] = !hasQuoting && isNullWord(value) ? input(null) : input(value);
  }
  return elements;
}

/** "NULL" in any mix of ASCII case (pg_strcasecmp). */
function isNullWord(s: string): boolean {
  return s.length === 4 && /^[Nn][Uu][Ll][Ll]$/.test(s);
}

/** Whether array_out must quote an element's text. */
function needsQuotes(s: string, delim: number): boolean {
  if (s.length === 0) return true;
  if (isNullWord(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE || c === BACKSLASH || c === LBRACE || c === RBRACE || c === delim || isSpace(c)) return true;
  }
  return false;
}

function quoteElement(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"' || ch === '\\') out += '\\';
    out += ch;
  }
  return out + '"';
}

/** array_out: the text form of an array value. */
export function formatArrayText(a: ArrayValue, delimiter: string, output: ElementOutput): string {
  const n = a.elements.length;
  if (n === 0) return '{}';
  const delim = delimiter.charCodeAt(0);
  const texts = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const e = a.elements[i]!;
    if (e === null) {
      texts[i] = 'NULL';
      continue;
    }
    const s = output(e);
    texts[i] = needsQuotes(s, delim) ? quoteElement(s) : s;
  }
  let prefix = '';
  if (a.lowerBounds.some((lb) => lb !== 1)) {
    for (let d = 0; d < a.dims.length; d++) prefix += `[${a.lowerBounds[d]}:${a.lowerBounds[d]! + a.dims[d]! - 1}]`;
    prefix += '=';
  }
  let pos = 0;
  const level = (d: number): string => {
    const parts: string[] = [];
    const len = a.dims[d]!;
    for (let k = 0; k < len; k++) parts.push(d === a.dims.length - 1 ? texts[pos++]! : level(d + 1));
    return '{' + parts.join(delimiter) + '}';
  };
  return prefix + level(0);
}
