// Plans the subqueries inside a query level's expressions (SubLinks). Columns of this level
// that a subquery (or a subquery inside it) reads become exec parameters: the subquery's
// plan reads parameter slots, and the SubLink evaluates the columns in the current row and
// fills the slots before each run. Subqueries that read no such column run once.
import { rewriteExprDeep, rewriteQueryDeep } from '../analyze/query-walk.js';
import type { Query } from '../analyze/query.js';
import { Oid } from '../types/oids.js';
import type { Expr, ExecParamExpr, SubLinkExpr, VarExpr } from '../expr/expr.js';
import type { Planner } from './planner.js';
import { planQuery } from './plan-select.js';

/** `e` with each SubLink in it planned (SubLinks inside subqueries are planned with them). */
export function planSubLinks(p: Planner, e: Expr): Expr {
  return rewriteExprDeep(
    e,
    (x) => {
      if (x.kind !== 'sublink') return undefined;
      return planSubLink(p, { ...x, lhs: x.lhs.map((l) => planSubLinks(p, l)) });
    },
    0,
  );
}

function planSubLink(p: Planner, s: SubLinkExpr): Expr {
  const params: { slot: number; value: Expr }[] = [];
  const query = rewriteQueryDeep(
    s.query,
    (x, depth) => {
      // depth 0 here is the subquery itself; one level above it is the current query
      if (x.kind !== 'var' || x.levelsUp !== depth + 1) return undefined;
      const value: VarExpr = { ...x, levelsUp: 0 };
      let param = params.find((pp) => pp.value.kind === 'var' && pp.value.range === value.range && pp.value.column === value.column);
      if (!param) {
        param = { slot: p.nextSlot++, value };
        params.push(param);
      }
      return { kind: 'execparam', slot: param.slot, type: x.type, typmod: x.typmod } satisfies ExecParamExpr;
    },
    0,
  );
  const hashed = s.linkType === 'exists' && params.length > 0 ? hashedExists(query, params) : null;
  if (hashed) {
    const plan = planQuery(p, hashed.query);
    return { ...s, query, subplan: { plan: plan.root, params: hashed.params, hashedKeys: hashed.keyTypes } };
  }
  const plan = planQuery(p, query);
  return { ...s, query, subplan: { plan: plan.root, params } };
}

const INTEGERS = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);

/** Strips binary relabelling (varchar read as text). */
function strip(e: Expr): Expr {
  return e.kind === 'relabel' ? strip(e.arg) : e;
}

/**
 * EXISTS (SELECT ... FROM ... WHERE inner = outer AND <uncorrelated>): the same query without
 * the correlated equalities, returning the inner values, so one run answers every outer row.
 * Null when the subquery uses its parameters any other way, or is not a plain SELECT.
 */
function hashedExists(query: Query, params: { slot: number; value: Expr }[]): { query: Query; params: { slot: number; value: Expr }[]; keyTypes: number[] } | null {
  if (query.kind !== 'select' || query.grouped || query.distinct || query.limit || query.offset || query.ctes.length > 0 || !query.where) return null;
  const conds = query.where.kind === 'and' ? query.where.args : [query.where];
  const keys: { inner: Expr; slot: number; type: number }[] = [];
  const rest: Expr[] = [];
  const usesParam = (e: Expr) => {
    let found = false;
    rewriteExprDeep(
      e,
      (x) => {
        if (x.kind === 'execparam') found = true;
        return undefined;
      },
      0,
    );
    return found;
  };
  for (const c of conds) {
    if (c.kind === 'func' && c.operator?.oprname === '=' && c.operator.oprcanhash && c.args.length === 2) {
      const [a, b] = c.args.map(strip) as [Expr, Expr];
      const pair = a.kind === 'execparam' && !usesParam(b) ? { param: a, inner: b } : b.kind === 'execparam' && !usesParam(a) ? { param: b, inner: a } : null;
      const same = pair && (pair.param.type === pair.inner.type || (INTEGERS.has(pair.param.type) && INTEGERS.has(pair.inner.type)));
      if (pair && same && pair.param.kind === 'execparam') {
        keys.push({ inner: pair.inner, slot: pair.param.slot, type: INTEGERS.has(pair.inner.type) ? Oid.int8 : pair.inner.type });
        continue;
      }
    }
    rest.push(c);
  }
  if (keys.length === 0 || rest.some(usesParam)) return null;
  if (query.from.length === 0) return null;
  // parameters anywhere else (select list, FROM items, join conditions) cannot be lifted out
  let elsewhere = false;
  rewriteQueryDeep({ ...query, where: null }, (x) => {
    if (x.kind === 'execparam') elsewhere = true;
    return undefined;
  });
  if (elsewhere) return null;
  const where = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : ({ kind: 'and', args: rest, type: Oid.bool, typmod: -1 } as Expr);
  const targets = keys.map((k, i) => ({ expr: k.inner, name: `k${i}`, junk: false }));
  const byKey = keys.map((k) => params.find((pp) => pp.slot === k.slot)!);
  return { query: { ...query, where, targets, sort: [] }, params: byKey, keyTypes: keys.map((k) => k.type) };
}
