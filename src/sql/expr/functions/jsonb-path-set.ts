// PostgreSQL's setPath / setPathObject / setPathArray: the one walk behind jsonb_set,
// jsonb_set_lax, jsonb_insert and #- (delete path). It follows the path from the root, copying
// the containers it passes through (untouched sub-trees are shared, not copied), and at the
// last step replaces, creates, inserts before/after or deletes.
// Semantics kept from PostgreSQL: a NULL path element met on the way is 22004; an array step
// that is not an integer is 22P02; a subscript past the end appends when creating and a
// negative one before the start prepends; a path through a scalar or a missing key changes
// nothing; jsonb_insert refuses to replace an existing key (22023).
import { DbError, SqlState } from '../../../errors.js';
import { parseSubscript } from '../../types/json-tree.js';
import { JsonbObject, makeObject, type JsonbNode } from '../../types/jsonb-value.js';

export const enum PathOp {
  Create = 0x01,
  Delete = 0x02,
  Replace = 0x04,
  InsertBefore = 0x08,
  InsertAfter = 0x10,
}

const CREATE_OR_INSERT = PathOp.Create | PathOp.InsertBefore | PathOp.InsertAfter;
const INT_MIN = -2147483648;

/** The root with the path applied. Requires: root is an array or object, path non-empty. */
export function setPath(root: JsonbNode, path: readonly (string | null)[], newValue: JsonbNode, op: PathOp): JsonbNode {
  return descend(root, path, 0, newValue, op);
}

/** setPath at one level: the step's NULL check, then the container's walk (one frame). */
function descend(node: JsonbNode, path: readonly (string | null)[], level: number, newValue: JsonbNode, op: PathOp): JsonbNode {
  const step = path[level];
  if (step === null) throw new DbError(SqlState.NullValueNotAllowed, `path element at position ${level + 1} is null`);
  if (node instanceof JsonbObject) return walkObject(node, step!, path, level, newValue, op);
  if (Array.isArray(node)) return walkArray(node, step!, path, level, newValue, op);
  return node;
}

function walkObject(obj: JsonbObject, key: string, path: readonly (string | null)[], level: number, newValue: JsonbNode, op: PathOp): JsonbNode {
  const last = level === path.length - 1;
  const i = obj.indexOf(key);
  if (i < 0) {
    if (last && op & CREATE_OR_INSERT) return makeObject([...obj.keys, key], [...obj.values, newValue]);
    return obj;
  }
  if (!last) {
    const values = obj.values.slice();
    values[i] = descend(values[i]!, path, level + 1, newValue, op);
    return new JsonbObject(obj.keys, values);
  }
  if (op & (PathOp.InsertBefore | PathOp.InsertAfter)) {
    throw new DbError(SqlState.InvalidParameterValue, 'cannot replace existing key', {
      hint: 'Try using the function jsonb_set to replace key value.',
    });
  }
  if (op & PathOp.Delete) {
    return new JsonbObject(obj.keys.filter((_, k) => k !== i), obj.values.filter((_, k) => k !== i));
  }
  const values = obj.values.slice();
  values[i] = newValue;
  return new JsonbObject(obj.keys, values);
}

function walkArray(arr: JsonbNode[], step: string, path: readonly (string | null)[], level: number, newValue: JsonbNode, op: PathOp): JsonbNode {
  const n = arr.length;
  const last = level === path.length - 1;
  let idx = parseSubscript(step);
  if (idx === null) {
    throw new DbError(SqlState.InvalidTextRepresentation, `path element at position ${level + 1} is not an integer: "${step}"`);
  }
  if (idx < 0) idx = -idx > n ? INT_MIN : n + idx;
  if (idx > n) idx = n;
  const out: JsonbNode[] = [];
  let done = false;
  if ((idx === INT_MIN || n === 0) && last && op & CREATE_OR_INSERT) {
    out.push(newValue);
    done = true;
  }
  for (let i = 0; i < n; i++) {
    if (i !== idx) {
      out.push(arr[i]!);
      continue;
    }
    done = true;
    if (!last) {
      out.push(descend(arr[i]!, path, level + 1, newValue, op));
      continue;
    }
    if (op & (PathOp.InsertBefore | PathOp.Create)) out.push(newValue);
    if (op & (PathOp.InsertBefore | PathOp.InsertAfter)) out.push(arr[i]!);
    if (op & (PathOp.InsertAfter | PathOp.Replace)) out.push(newValue);
  }
  if (!done && last && op & CREATE_OR_INSERT) out.push(newValue);
  return out;
}
