// A parsed json (text type) value for the json functions: every node keeps its span in the
// source text, because PostgreSQL's json operators return sub-values exactly as written
// (`'{"a": [1,  2]}'::json -> 'a'` is `[1,  2]`). Objects keep every pair in input order,
// duplicates included; strings are de-escaped (so \u0000 fails here, as in PostgreSQL).
// Invariant: text.slice(node.start, node.end) is the node's source text.
import { parseJson, type JsonBuilder } from './json-parse.js';

export type JsonTree =
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number' | 'boolean' | 'null'; start: number; end: number }
  | { kind: 'array'; start: number; end: number; items: JsonTree[] }
  | { kind: 'object'; start: number; end: number; keys: string[]; values: JsonTree[] };

const treeBuilder: JsonBuilder<JsonTree> = {
  string: (value, start, end) => ({ kind: 'string', start, end, value }),
  number: (_text, start, end) => ({ kind: 'number', start, end }),
  literal: (value, start, end) => ({ kind: value === null ? 'null' : 'boolean', start, end }),
  array: (items, start, end) => ({ kind: 'array', start, end, items }),
  object: (keys, values, start, end) => ({ kind: 'object', start, end, keys, values }),
};

/**
 * Parses json text; throws PostgreSQL's 22P02 / 22P05 errors. With `deEscape` false, string
 * values are left as written (for functions PostgreSQL runs without de-escaping, which
 * therefore accept \u0000).
 */
export function parseJsonTree(text: string, deEscape = true): JsonTree {
  return parseJson(text, treeBuilder, deEscape);
}

/** jsonb_typeof's names for the kind of a json text's value, from its first token. */
export function jsonTypeof(text: string): string {
  let i = 0;
  while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  switch (text[i]) {
    case '{':
      return 'object';
    case '[':
      return 'array';
    case '"':
      return 'string';
    case 't':
    case 'f':
      return 'boolean';
    case 'n':
      return 'null';
    default:
      return 'number';
  }
}

/** The value under `key` (the last of duplicate keys, as PostgreSQL's json -> finds it). */
export function jsonField(node: JsonTree, key: string): JsonTree | undefined {
  if (node.kind !== 'object') return undefined;
  for (let i = node.keys.length - 1; i >= 0; i--) if (node.keys[i] === key) return node.values[i];
  return undefined;
}

/** Element `index` of an array (negative counts from the end), or undefined. */
export function jsonElement(node: JsonTree, index: number): JsonTree | undefined {
  if (node.kind !== 'array') return undefined;
  const i = index < 0 ? node.items.length + index : index;
  return i >= 0 ? node.items[i] : undefined;
}

/**
 * The value at a path of keys and array subscripts, as PostgreSQL's json #> walks the text: a
 * key matches every pair with that name, and the last match found in document order wins.
 * A subscript that is not an integer matches nothing.
 */
export function jsonPath(node: JsonTree, path: readonly string[], from = 0): JsonTree | undefined {
  if (from === path.length) return node;
  const step = path[from]!;
  if (node.kind === 'object') {
    let found: JsonTree | undefined;
    for (let i = 0; i < node.keys.length; i++) {
      if (node.keys[i] !== step) continue;
      const r = jsonPath(node.values[i]!, path, from + 1);
      if (r !== undefined) found = r;
    }
    return found;
  }
  if (node.kind === 'array') {
    const index = parseSubscript(step);
    if (index === null) return undefined;
    const element = jsonElement(node, index);
    return element === undefined ? undefined : jsonPath(element, path, from + 1);
  }
  return undefined;
}

/**
 * A path element as an array subscript, as strtol reads it (leading whitespace and a sign
 * allowed, nothing after the digits), or null when it is not a 32-bit integer.
 */
export function parseSubscript(s: string): number | null {
  const m = /^[ \t\n\r\f\v]*([+-]?\d+)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  return n > 2147483647 || n < -2147483648 ? null : n;
}

/** Source text of a node. */
export function jsonSource(text: string, node: JsonTree): string {
  return text.slice(node.start, node.end);
}
