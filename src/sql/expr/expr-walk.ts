// Generic traversal of expression trees, so that code which rewrites or searches expressions
// (placing columns, finding aggregates, comparing with GROUP BY keys) handles every node kind
// without its own switch. Subqueries are not entered: a SubLink's children are its left
// operands and, once planned, the values it passes to its subquery.
import type { Expr } from './expr.js';

/** A copy of `e` with each direct child replaced by `f(child)` (e itself when it has none). */
export function mapChildren(e: Expr, f: (child: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'const':
    case 'param':
    case 'var':
    case 'column':
    case 'casetest':
    case 'sessionvalue':
    case 'execparam':
      return e;
    case 'func':
    case 'and':
    case 'or':
    case 'not':
      return { ...e, args: e.args.map(f) };
    case 'coalesce':
    case 'greatest':
    case 'least':
      return { ...e, args: e.args.map(f) };
    case 'row':
      return e.absentWhenNull ? { ...e, args: e.args.map(f), absentWhenNull: f(e.absentWhenNull) } : { ...e, args: e.args.map(f) };
    case 'rowcompare':
      return { ...e, largs: e.largs.map(f), rargs: e.rargs.map(f) };
    case 'fieldselect':
      return { ...e, arg: f(e.arg) };
    case 'relabel':
    case 'iocoerce':
    case 'nulltest':
    case 'booltest':
      return { ...e, arg: f(e.arg) } as Expr;
    case 'case':
      return {
        ...e,
        arg: e.arg ? f(e.arg) : null,
        whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })),
        otherwise: f(e.otherwise),
      };
    case 'nullif':
      return { ...e, arg: f(e.arg), equals: { ...e.equals, args: [f(e.equals.args[0]!), f(e.equals.args[1]!)] } };
    case 'distinct':
      return { ...e, equals: { ...e.equals, args: e.equals.args.map(f) } };
    case 'inlist':
      return { ...e, comparisons: e.comparisons.map((c) => ({ ...c, args: c.args.map(f) })) };
    case 'array':
      return { ...e, elements: e.elements.map(f) };
    case 'subscript': {
      const out = { ...e, arg: f(e.arg), upper: e.upper.map((x) => x && f(x)), lower: e.lower && e.lower.map((x) => x && f(x)) };
      return e.assign ? { ...out, assign: f(e.assign) } : out;
    }
    case 'scalararrayop':
      return { ...e, args: [f(e.args[0]), f(e.args[1])] };
    case 'arraycoerce':
      return { ...e, arg: f(e.arg), elem: f(e.elem) };
    case 'agg':
      return {
        ...e,
        args: e.args.map(f),
        order: e.order.map((o) => ({ ...o, expr: f(o.expr) })),
        filter: e.filter ? f(e.filter) : null,
      };
    case 'window':
      return { ...e, args: e.args.map(f), filter: e.filter ? f(e.filter) : null };
    case 'groupingfunc':
      return { ...e, args: e.args.map(f) };
    case 'sublink':
      return {
        ...e,
        lhs: e.lhs.map(f),
        subplan: e.subplan ? { ...e.subplan, params: e.subplan.params.map((p) => ({ ...p, value: f(p.value) })) } : undefined,
      };
  }
}

/** Calls `f` on each direct child of `e`. */
export function forEachChild(e: Expr, f: (child: Expr) => void): void {
  mapChildren(e, (c) => {
    f(c);
    return c;
  });
}

/** Whether `pred` holds for `e` or any expression below it (not entering subqueries). */
export function anyExpr(e: Expr, pred: (x: Expr) => boolean): boolean {
  if (pred(e)) return true;
  let found = false;
  forEachChild(e, (c) => {
    if (!found && anyExpr(c, pred)) found = true;
  });
  return found;
}

/** The first expression (pre-order) at or below `e` for which `pred` holds, or null. */
export function findExpr(e: Expr, pred: (x: Expr) => boolean): Expr | null {
  if (pred(e)) return e;
  let found: Expr | null = null;
  forEachChild(e, (c) => {
    found ??= findExpr(c, pred);
  });
  return found;
}

/** Rewrites top-down: where `f` returns a replacement, that node is replaced (and not entered). */
export function rewriteExpr(e: Expr, f: (x: Expr) => Expr | undefined): Expr {
  const replaced = f(e);
  if (replaced !== undefined) return replaced;
  return mapChildren(e, (c) => rewriteExpr(c, f));
}

/** Structural equality of two expressions, ignoring locations (PostgreSQL's equal()). */
export function exprEquals(a: Expr, b: Expr): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'bigint' && typeof b === 'bigint' ? a === b : false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // catalog rows (pg_proc, pg_operator) are shared objects: compare by identity of oid
  if ('oid' in ao && 'oid' in bo && typeof ao.oid === 'number') return ao.oid === bo.oid;
  if (Object.getPrototypeOf(ao) !== Object.getPrototypeOf(bo)) return false;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (k === 'location') continue;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  return true;
}
