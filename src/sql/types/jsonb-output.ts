// Text forms of JSON values as PostgreSQL prints them: escape_json for strings, jsonb_out's
// normalised layout (`{"a": 1, "b": [1, 2]}`) and jsonb_pretty's indented one (4 spaces per
// level, `[` and `]` of an empty array on their own lines, as PostgreSQL does).
// Requires: nodes follow jsonb-value.ts's invariants.
import type { Numeric } from './numeric.js';
import { JsonbObject, type JsonbNode } from './jsonb-value.js';

const ESCAPES: Record<number, string> = { 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 34: '\\"', 92: '\\\\' };

/** A JSON string literal for s (PostgreSQL's escape_json). */
export function escapeJson(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) continue;
    out += s.slice(from, i) + (ESCAPES[c] ?? '\\u' + c.toString(16).padStart(4, '0'));
    from = i + 1;
  }
  return out + s.slice(from) + '"';
}

function scalarText(node: JsonbNode): string {
  if (node === null) return 'null';
  if (node === true) return 'true';
  if (node === false) return 'false';
  if (typeof node === 'string') return escapeJson(node);
  return (node as Numeric).toString();
}

/** jsonb_out: the canonical text of a node. */
export function jsonbToText(node: JsonbNode): string {
  if (Array.isArray(node)) {
    if (node.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < node.length; i++) out += (i === 0 ? '' : ', ') + jsonbToText(node[i]!);
    return out + ']';
  }
  if (node instanceof JsonbObject) {
    if (node.size === 0) return '{}';
    let out = '{';
    for (let i = 0; i < node.size; i++) {
      out += (i === 0 ? '' : ', ') + escapeJson(node.keys[i]!) + ': ' + jsonbToText(node.values[i]!);
    }
    return out + '}';
  }
  return scalarText(node);
}

/** jsonb_pretty: one element or pair per line, indented by nesting level. */
export function jsonbToPrettyText(node: JsonbNode): string {
  if (!Array.isArray(node) && !(node instanceof JsonbObject)) return scalarText(node);
  return pretty(node, 0);
}

function pretty(node: JsonbNode, level: number): string {
  const inner = '\n' + '    '.repeat(level + 1);
  const close = '\n' + '    '.repeat(level);
  if (Array.isArray(node)) {
    let out = '[';
    for (let i = 0; i < node.length; i++) out += (i === 0 ? '' : ',') + inner + pretty(node[i]!, level + 1);
    return out + close + ']';
  }
  if (node instanceof JsonbObject) {
    let out = '{';
    for (let i = 0; i < node.size; i++) {
      out += (i === 0 ? '' : ',') + inner + escapeJson(node.keys[i]!) + ': ' + pretty(node.values[i]!, level + 1);
    }
    return out + close + '}';
  }
  return scalarText(node);
}
