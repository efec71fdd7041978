// Splits a conformance case file (../shared/conformance/cases/*.sql) into statements and reads
// its `-- @directive` comments, by the rules of that harness's README: `;` ends a statement
// except inside quotes ('…', E'…', "…", $tag$…$tag$), comments (-- and nested /* */),
// parentheses, or a CREATE FUNCTION/PROCEDURE … BEGIN ATOMIC … END body. A statement's text runs
// from its first token to the character before its `;`, trailing whitespace removed, so it
// equals the `sql` recorded in ../shared/conformance/expected.
// Directives are line comments between statements: `-- @name [arg]` applies to the next
// statement, `-- @file: name [arg]` to all of them. Mistakes are returned as `errors`.

/** Directive name → [argument: 'none' | 'optional' | 'required', allowed with @file:]. */
const DIRECTIVES = {
  error: ['optional', false],
  ordered: ['none', true],
  unordered: ['none', true],
  'skip-protocol': ['required', true],
  'ignore-values': ['none', true],
  'ignore-types': ['none', true],
  'strict-messages': ['none', true],
  timeout: ['required', true],
};

const WHITESPACE = new Set([' ', '\t', '\r', '\n', '\f']);
const isWordStart = (c) => /[A-Za-z_\u0080-\uffff]/.test(c);
const isWordChar = (c) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const DOLLAR_QUOTE = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
/** Words that open a function or procedure definition, psql's test for BEGIN ATOMIC bodies. */
const FUNCTION_HEADS = [['CREATE', 'FUNCTION'], ['CREATE', 'PROCEDURE'], ['CREATE', 'OR', 'REPLACE', 'FUNCTION'], ['CREATE', 'OR', 'REPLACE', 'PROCEDURE']];
const HEAD_WORDS = new Set(['CREATE', 'OR', 'REPLACE', 'FUNCTION', 'PROCEDURE']);

/**
 * Reads one comment's text (after `--`) as a directive.
 * @param {string} text
 * @returns {null | { error: string } | { file: boolean, name: string, value: string | number | boolean }}
 */
export function readDirective(text) {
  const m = /^\s*@(file:)?\s*([a-z][a-z-]*)\s*(.*?)\s*$/.exec(text);
  if (!m) return null;
  const [, fileScope, name, arg] = m;
  const spec = DIRECTIVES[name];
  if (!spec) return { error: `unknown directive @${name}` };
  const [argRule, fileAllowed] = spec;
  if (fileScope && !fileAllowed) return { error: `@${name} cannot be used with @file:` };
  if (argRule === 'none' && arg !== '') return { error: `@${name} takes no argument (got "${arg}")` };
  if (argRule === 'required' && arg === '') return { error: `@${name} needs an argument` };
  let value = true;
  if (name === 'error' && arg !== '') {
    if (!/^[0-9A-Z]{5}$/.test(arg)) return { error: `@error argument must be a 5-character SQLSTATE, got "${arg}"` };
    value = arg;
  } else if (name === 'skip-protocol') {
    if (arg !== 'simple' && arg !== 'extended') return { error: `@skip-protocol takes simple or extended, got "${arg}"` };
    value = arg;
  } else if (name === 'timeout') {
    const seconds = Number(arg.replace(/s$/, ''));
    if (!(seconds > 0)) return { error: `@timeout takes a number of seconds, got "${arg}"` };
    value = seconds;
  }
  return { file: Boolean(fileScope), name, value };
}

/**
 * Adds a directive to a set: { error, ordered, skipProtocols, ignoreValues, ignoreTypes,
 * strictMessages, timeout }.
 */
function addDirective(set, d) {
  if (d.name === 'skip-protocol') set.skipProtocols = [...new Set([...(set.skipProtocols ?? []), d.value])];
  else if (d.name === 'ordered' || d.name === 'unordered') set.ordered = d.name === 'ordered';
  else set[d.name.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = d.value;
}

/**
 * @param {string} src a case file's text
 * @returns {{ statements: { line: number, sql: string, directives: object, topLevelOrderBy: boolean }[],
 *   fileDirectives: object, errors: { line: number, message: string }[] }}
 */
export function splitStatements(src) {
  const statements = [];
  const errors = [];
  const fileDirectives = {};
  let pending = {};
  let pendingLine = 0;
  let line = 1;
  let pos = 0;
  /** The statement being read, or null between statements. */
  let st = null;

  const newlinesIn = (from, to) => {
    for (let k = from; k < to; k++) if (src[k] === '\n') line++;
  };
  /** End of a '…' or "…" section opening at `pos` (doubled quotes stay inside). */
  const quotedEnd = (quote, backslashes) => {
    for (let k = pos + 1; k < src.length; k++) {
      if (backslashes && src[k] === '\\') k++;
      else if (src[k] === quote) {
        if (src[k + 1] !== quote) return k + 1;
        k++;
      }
    }
    errors.push({ line: st?.line ?? line, message: `unterminated ${quote === '"' ? 'quoted identifier' : 'string'}` });
    return src.length;
  };
  const skipTo = (end) => {
    newlinesIn(pos, end);
    pos = end;
  };

  while (pos < src.length) {
    const c = src[pos];
    if (WHITESPACE.has(c)) {
      if (c === '\n') line++;
      pos++;
    } else if (c === '-' && src[pos + 1] === '-') {
      const eol = src.indexOf('\n', pos) < 0 ? src.length : src.indexOf('\n', pos);
      const d = readDirective(src.slice(pos + 2, eol));
      if (d?.error) errors.push({ line, message: d.error });
      else if (d && st) errors.push({ line, message: `directive @${d.name} inside a statement (directives must precede the statement)` });
      else if (d?.file) addDirective(fileDirectives, d);
      else if (d) {
        addDirective(pending, d);
        if (!pendingLine) pendingLine = line;
      }
      pos = eol;
    } else if (c === '/' && src[pos + 1] === '*') {
      let depth = 0;
      let k = pos;
      do {
        if (src.startsWith('/*', k)) { depth++; k += 2; }
        else if (src.startsWith('*/', k)) { depth--; k += 2; }
        else k++;
      } while (depth > 0 && k < src.length);
      if (depth > 0) errors.push({ line, message: 'unterminated /* comment' });
      skipTo(k);
    } else if (c === ';' && !st) {
      pos++;
    } else {
      if (!st) st = { start: pos, line, parens: 0, atomic: 0, words: 0, head: [], prevWord: null, wordEnd: -1, orderBy: false };
      scanToken();
    }
  }
  if (st) finish(src.length);
  if (Object.keys(pending).length > 0) errors.push({ line: pendingLine, message: 'directive at the end of the file applies to no statement' });
  return { statements, fileDirectives, errors };

  function finish(end) {
    statements.push({ line: st.line, sql: src.slice(st.start, end).trimEnd(), directives: pending, topLevelOrderBy: st.orderBy });
    st = null;
    pending = {};
    pendingLine = 0;
  }

  /** One token of a statement: `;`, a quoted section, a word, a parenthesis or another character. */
  function scanToken() {
    const c = src[pos];
    if (c === ';') {
      if (st.parens <= 0 && st.atomic === 0) finish(pos);
      pos++;
    } else if (c === "'") {
      skipTo(quotedEnd("'", st.prevWord === 'E' && st.wordEnd === pos));
      st.prevWord = null;
    } else if (c === '"') {
      skipTo(quotedEnd('"', false));
      st.prevWord = null;
    } else if (c === '$') {
      DOLLAR_QUOTE.lastIndex = pos;
      const tag = DOLLAR_QUOTE.exec(src)?.[0];
      if (tag === undefined) {
        pos++; // a parameter like $1: its digits follow as a word
        return;
      }
      const close = src.indexOf(tag, pos + tag.length);
      if (close < 0) errors.push({ line, message: `unterminated dollar-quoted string ${tag}` });
      skipTo(close < 0 ? src.length : close + tag.length);
      st.prevWord = null;
    } else if (isWordChar(c)) {
      let end = pos + 1;
      while (end < src.length && isWordChar(src[end])) end++;
      readWord(src.slice(pos, end).toUpperCase(), isWordStart(c));
      st.wordEnd = end;
      pos = end;
    } else {
      if (c === '(') st.parens++;
      else if (c === ')') st.parens--;
      st.prevWord = null;
      pos++;
    }
  }

  /** Tracks a top-level ORDER BY and the BEGIN … END nesting of function bodies. */
  function readWord(word, isIdentifier) {
    if (!isIdentifier) {
      st.prevWord = null; // a number
      return;
    }
    if (st.parens === 0 && word === 'BY' && st.prevWord === 'ORDER') st.orderBy = true;
    if (st.words < 5 && HEAD_WORDS.has(word)) st.head.push(word);
    st.words++;
    const inFunction = FUNCTION_HEADS.some((h) => h.every((w, k) => st.head[k] === w));
    if (inFunction && st.parens === 0) {
      if (word === 'BEGIN' || (word === 'CASE' && st.atomic > 0)) st.atomic++;
      else if (word === 'END' && st.atomic > 0) st.atomic--;
    }
    st.prevWord = word;
  }
}
