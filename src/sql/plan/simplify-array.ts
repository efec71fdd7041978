// Constant folding of the array expression nodes, as PostgreSQL's eval_const_expressions does
// for ArrayExpr, SubscriptingRef, ScalarArrayOpExpr and ArrayCoerceExpr: once their inputs are
// constants they are computed at plan time (so `ARRAY[1/0]` fails even when no row is read).
// A ScalarArrayOpExpr folds only with an immutable operator, an ArrayCoerceExpr only when its
// element conversion is immutable (no time-dependent text conversions, no stable functions).
import { typeCategory } from '../expr/coerce.js';
import { compileExpr, type RuntimeContext } from '../expr/compile.js';
import type { ArrayNode } from '../expr/compile-array.js';
import { anyExpr, mapChildren } from '../expr/expr-walk.js';
import { makeConst, type Expr } from '../expr/expr.js';

function timeDependent(type: number): boolean {
  const c = typeCategory(type);
  return c === 'D' || c === 'T';
}

/** Whether an element conversion gives the same answer whenever it runs. */
function immutableConversion(elem: Expr): boolean {
  return !anyExpr(elem, (x) => {
    if (x.kind === 'func') return x.proc.provolatile !== 'i';
    if (x.kind === 'iocoerce') return timeDependent(x.type) || timeDependent(x.arg.type);
    return x.kind !== 'casetest' && x.kind !== 'relabel' && x.kind !== 'const' && x.kind !== 'arraycoerce';
  });
}

export function simplifyArrayNode(e: ArrayNode, ctx: RuntimeContext, simplify: (e: Expr, ctx: RuntimeContext) => Expr): Expr {
  const out = mapChildren(e, (c) => simplify(c, ctx)) as ArrayNode;
  let foldable: boolean;
  switch (out.kind) {
    case 'array':
      foldable = out.elements.every((x) => x.kind === 'const');
      break;
    case 'subscript':
      foldable = out.arg.kind === 'const' && [...out.upper, ...(out.lower ?? []), out.assign ?? null].every((x) => x === null || x.kind === 'const');
      break;
    case 'scalararrayop':
      foldable = out.proc.provolatile === 'i' && out.args.every((x) => x.kind === 'const');
      break;
    case 'arraycoerce':
      foldable = out.arg.kind === 'const' && immutableConversion(out.elem);
      break;
  }
  return foldable ? makeConst(out.type, compileExpr(out)([], ctx), out.typmod) : out;
}
