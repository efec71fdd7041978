// When pretty-printed expressions need parentheses (ruleutils' isSimpleNode): a node is
// "simple" under its parent when printing it bare cannot change how the text reads back.
// Single words and function-like forms are always simple; operators, IS [NOT] NULL and the
// like are simple inside constructs that separate them (function calls, AND/OR, CASE, ARRAY[]);
// among arithmetic operators, precedence decides (* / % bind tighter than + -, and the left
// operand of an operator of the same priority needs none).
// Treeline's nodes map onto PostgreSQL's node types through nodeTag() after normalize(), which
// rewrites the forms Treeline keeps differently (a one-element IN list, IS NOT DISTINCT FROM).
import { Oid } from '../types/oids.js';
import type { Expr } from '../expr/expr.js';

/** The node as PostgreSQL's parser would have built it. */
export function normalize(e: Expr): Expr {
  if (e.kind === 'inlist' && e.comparisons.length === 1) return e.comparisons[0]!;
  if (e.kind === 'distinct' && e.not) return { kind: 'not', args: [{ ...e, not: false }], type: Oid.bool, typmod: -1 };
  return e;
}

export type NodeTag =
  | 'Var'
  | 'OpExpr'
  | 'FuncCall'
  | 'Cast'
  | 'Coerce'
  | 'BoolExpr'
  | 'FunctionLike'
  | 'CaseExpr'
  | 'Predicate'
  | 'ScalarArrayOpExpr'
  | 'SubscriptingRef'
  | 'Other';

/** PostgreSQL's node type of a (normalized) Treeline node, as far as parenthesizing cares. */
export function nodeTag(e: Expr): NodeTag {
  switch (e.kind) {
    case 'const':
    case 'param':
    case 'execparam':
    case 'var':
    case 'column':
      return 'Var';
    case 'func':
      return e.format === 'operator' ? 'OpExpr' : e.format === 'call' ? 'FuncCall' : 'Cast';
    case 'relabel':
    case 'iocoerce':
    case 'arraycoerce':
      return 'Coerce';
    case 'and':
    case 'or':
    case 'not':
      return 'BoolExpr';
    case 'array':
    case 'coalesce':
    case 'greatest':
    case 'least':
    case 'sessionvalue':
    case 'nullif':
    case 'agg':
      return 'FunctionLike';
    case 'subscript':
      return 'SubscriptingRef';
    case 'case':
      return 'CaseExpr';
    case 'sublink':
    case 'nulltest':
    case 'booltest':
    case 'distinct':
      return 'Predicate';
    case 'inlist':
    case 'scalararrayop':
      return 'ScalarArrayOpExpr';
    default:
      return 'Other';
  }
}

/** The operator's name when it is a binary operator of one character (get_simple_binary_op_name). */
function simpleBinaryOp(e: Expr): string | null {
  if (e.kind !== 'func' || e.format !== 'operator' || e.args.length !== 2) return null;
  const name = e.operator?.oprname ?? '';
  return name.length === 1 ? name : null;
}

/** Parents inside which an operator or predicate needs no parentheses of its own. */
function separatesChildren(parent: Expr): boolean {
  const tag = nodeTag(parent);
  if (tag === 'FuncCall') return true;
  if (tag === 'Cast') return false;
  return tag === 'BoolExpr' || tag === 'SubscriptingRef' || tag === 'FunctionLike' || tag === 'CaseExpr';
}

export function isSimpleNode(node: Expr, parent: Expr, prettyParen: boolean): boolean {
  const tag = nodeTag(node);
  switch (tag) {
    case 'Var':
    case 'FuncCall':
    case 'FunctionLike':
    case 'SubscriptingRef':
    case 'CaseExpr':
      return true;
    case 'Cast':
      // a cast prints as a function-like `x::type`
      return true;
    case 'Coerce':
      return isSimpleNode(normalize((node as { arg: Expr }).arg), node, prettyParen);
    case 'OpExpr':
      if (prettyParen && nodeTag(parent) === 'OpExpr') {
        const op = simpleBinaryOp(node);
        if (!op) return false;
        const lowOp = '+-'.includes(op);
        const highOp = '*/%'.includes(op);
        if (!lowOp && !highOp) return false;
        const parentOp = simpleBinaryOp(parent);
        if (!parentOp) return false;
        const lowParent = '+-'.includes(parentOp);
        const highParent = '*/%'.includes(parentOp);
        if (!lowParent && !highParent) return false;
        if (highOp && lowParent) return true;
        if (lowOp && highParent) return false;
        return parent.kind === 'func' && parent.args[0] === node;
      }
      return separatesChildren(parent);
    case 'Predicate':
      return separatesChildren(parent);
    case 'BoolExpr':
      if (nodeTag(parent) === 'BoolExpr') {
        if (!prettyParen) return false;
        const kind = node.kind;
        const parentKind = parent.kind;
        if ((kind === 'not' || kind === 'and') && (parentKind === 'and' || parentKind === 'or')) return true;
        return kind === 'or' && parentKind === 'or';
      }
      return separatesChildren(parent);
    default:
      return false;
  }
}
