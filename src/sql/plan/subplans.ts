// Plans the subqueries inside a query level's expressions (SubLinks). Columns of this level
// that a subquery (or a subquery inside it) reads become exec parameters: the subquery's
// plan reads parameter slots, and the SubLink evaluates the columns in the current row and
// fills the slots before each run. Subqueries that read no such column run once.
import { rewriteExprDeep, rewriteQueryDeep } from '../analyze/query-walk.js';
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
  const plan = planQuery(p, query);
  return { ...s, query, subplan: { plan: plan.root, params } };
}
