// Constant folding at plan time (PostgreSQL's eval_const_expressions): immutable functions
// of constants are computed once, and AND/OR/CASE/COALESCE drop the branches constants
// decide. Like PostgreSQL, folding happens at planning, so `SELECT 1/0 WHERE false` fails,
// while branches that a constant condition rules out are never evaluated.
import type { Expr } from '../expr/expr.js';
import { makeConst } from '../expr/expr.js';
import { compileExpr, relabelValue, type RuntimeContext } from '../expr/compile.js';
import { lookupImplementation } from '../expr/function-impls.js';
import { typeCategory } from '../expr/coerce.js';
import { simplifyArrayNode } from './simplify-array.js';

/** Evaluates a constant expression (no columns, no parameters). */
function evaluate(e: Expr, ctx: RuntimeContext): Expr {
  return makeConst(e.type, compileExpr(e)([], ctx), e.typmod);
}

const allConst = (args: Expr[]) => args.every((a) => a.kind === 'const');

export function simplify(e: Expr, ctx: RuntimeContext): Expr {
  switch (e.kind) {
    case 'func': {
      const args = e.args.map((a) => simplify(a, ctx));
      const out = { ...e, args };
      if (e.proc.provolatile !== 'i' || e.proc.proretset || !allConst(args)) return out;
      if (e.proc.proisstrict && args.some((a) => a.kind === 'const' && a.value === null)) {
        return makeConst(e.type, null, e.typmod);
      }
      const impl = lookupImplementation(e.proc);
      if (!impl || impl.async) return out;
      return evaluate(out, ctx);
    }
    case 'relabel': {
      const arg = simplify(e.arg, ctx);
      if (arg.kind !== 'const') return { ...e, arg };
      const convert = relabelValue(arg.type, e.type);
      return makeConst(e.type, convert && arg.value !== null ? convert(arg.value) : arg.value, e.typmod);
    }
    case 'iocoerce': {
      const arg = simplify(e.arg, ctx);
      const out = { ...e, arg };
      const timeDependent = (t: number) => typeCategory(t) === 'D' || typeCategory(t) === 'T';
      if (arg.kind !== 'const' || timeDependent(arg.type) || timeDependent(e.type)) return out;
      return evaluate(out, ctx);
    }
    case 'and':
    case 'or': {
      const decisive = e.kind === 'or';
      const args: Expr[] = [];
      let sawNull = false;
      for (const raw of e.args) {
        const a = simplify(raw, ctx);
        if (a.kind === 'const') {
          if (a.value === null) sawNull = true;
          else if (a.value === decisive) return makeConst(e.type, decisive);
          continue;
        }
        args.push(a);
      }
      if (args.length === 0) return makeConst(e.type, sawNull ? null : !decisive);
      if (sawNull) args.push(makeConst(e.type, null));
      return args.length === 1 ? args[0]! : { ...e, args };
    }
    case 'not': {
      const arg = simplify(e.args[0]!, ctx);
      if (arg.kind === 'const') return makeConst(e.type, arg.value === null ? null : !arg.value);
      return { ...e, args: [arg] };
    }
    case 'case': {
      const arg = e.arg ? simplify(e.arg, ctx) : null;
      const whens: { when: Expr; then: Expr }[] = [];
      let otherwise: Expr | null = null;
      for (const w of e.whens) {
        // a simple CASE's conditions read the operand: fold only when it is constant
        const when = arg && arg.kind !== 'const' ? w.when : simplify(substituteCaseTest(w.when, arg), ctx);
        if (when.kind === 'const') {
          if (when.value !== true) continue;
          otherwise = simplify(w.then, ctx);
          break;
        }
        whens.push({ when, then: simplify(w.then, ctx) });
      }
      otherwise ??= simplify(e.otherwise, ctx);
      if (whens.length === 0) return otherwise;
      return { ...e, arg: arg && arg.kind === 'const' ? null : arg, whens, otherwise };
    }
    case 'coalesce': {
      const args: Expr[] = [];
      for (const raw of e.args) {
        const a = simplify(raw, ctx);
        if (a.kind === 'const' && a.value === null) continue;
        args.push(a);
        if (a.kind === 'const') break;
      }
      if (args.length === 0) return makeConst(e.type, null, e.typmod);
      if (args.length === 1 && args[0]!.kind === 'const') return args[0]!;
      return { ...e, args };
    }
    case 'greatest':
    case 'least': {
      const args = e.args.map((a) => simplify(a, ctx));
      const out = { ...e, args };
      return allConst(args) ? evaluate(out, ctx) : out;
    }
    case 'nullif': {
      const arg = simplify(e.arg, ctx);
      const equals = simplifyArgsOnly(e.equals, ctx);
      const out = { ...e, arg, equals: { ...equals, args: [arg, equals.args[1]!] } };
      return arg.kind === 'const' && equals.args[1]!.kind === 'const' ? evaluate(out, ctx) : out;
    }
    case 'distinct': {
      const equals = simplifyArgsOnly(e.equals, ctx);
      const out = { ...e, equals };
      return allConst(equals.args) ? evaluate(out, ctx) : out;
    }
    case 'nulltest':
    case 'booltest': {
      const arg = simplify(e.arg, ctx);
      const out = { ...e, arg };
      return arg.kind === 'const' ? evaluate(out, ctx) : out;
    }
    case 'inlist': {
      const comparisons = e.comparisons.map((c) => simplifyArgsOnly(c, ctx));
      const out = { ...e, comparisons };
      return comparisons.every((c) => allConst(c.args)) ? evaluate(out, ctx) : out;
    }
    case 'array':
    case 'subscript':
    case 'scalararrayop':
    case 'arraycoerce':
      return simplifyArrayNode(e, ctx, simplify);
    case 'row': {
      const args = e.args.map((a) => simplify(a, ctx));
      const out = { ...e, args };
      return allConst(args) && !e.absentWhenNull ? evaluate(out, ctx) : out;
    }
    case 'rowcompare': {
      const out = { ...e, largs: e.largs.map((a) => simplify(a, ctx)), rargs: e.rargs.map((a) => simplify(a, ctx)) };
      return allConst(out.largs) && allConst(out.rargs) ? evaluate(out, ctx) : out;
    }
    case 'fieldselect': {
      const arg = simplify(e.arg, ctx);
      // (ROW(a, b)).f2 is b
      if (arg.kind === 'row' && arg.absentWhenNull === undefined) return arg.args[e.field]!;
      const out = { ...e, arg };
      return arg.kind === 'const' ? evaluate(out, ctx) : out;
    }
    default:
      return e;
  }
}

function simplifyArgsOnly<T extends Extract<Expr, { kind: 'func' }>>(f: T, ctx: RuntimeContext): T {
  return { ...f, args: f.args.map((a) => simplify(a, ctx)) };
}

/** Replaces the CASE operand placeholder by a constant operand, so conditions can fold. */
function substituteCaseTest(e: Expr, arg: Expr | null): Expr {
  if (!arg) return e;
  if (e.kind === 'casetest') return arg;
  if (e.kind === 'func') return { ...e, args: e.args.map((a) => substituteCaseTest(a, arg)) };
  if (e.kind === 'relabel' || e.kind === 'iocoerce') return { ...e, arg: substituteCaseTest(e.arg, arg) };
  return e;
}
