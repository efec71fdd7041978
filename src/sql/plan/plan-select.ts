// Plans an analyzed SELECT: the row source (one computed row, or a VALUES list), the WHERE
// filter, the projection of the select list (sort keys included), sort, and LIMIT/OFFSET.
// Constants are folded here, at plan time, as PostgreSQL's planner does.
import type { SelectQuery } from '../analyze/select.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { OutputColumn, Plan, PlanNode } from './nodes.js';
import { simplify } from './simplify.js';

export function planSelect(q: SelectQuery, ctx: RuntimeContext): Plan {
  const fold = (e: Expr) => simplify(e, ctx);
  const exprs = q.targets.map((t) => fold(t.expr));
  let root: PlanNode;
  if (q.values) {
    root = { kind: 'values', rows: q.values.map((row) => row.map(fold)) };
    if (q.where) root = { kind: 'filter', input: root, qual: fold(q.where) };
    root = { kind: 'project', input: root, exprs };
  } else {
    root = { kind: 'result', exprs, qual: q.where ? fold(q.where) : null };
  }
  if (q.sort.length > 0) {
    root = {
      kind: 'sort',
      input: root,
      keys: q.sort.map((s) => ({ index: s.target, less: s.less, descending: s.descending, nullsFirst: s.nullsFirst })),
    };
  }
  if (q.limit || q.offset) {
    root = { kind: 'limit', input: root, count: q.limit ? fold(q.limit) : null, offset: q.offset ? fold(q.offset) : null };
  }
  const columns: OutputColumn[] = q.targets
    .filter((t) => !t.junk)
    .map((t, i) => ({ name: t.name, type: exprs[i]!.type, typmod: exprs[i]!.typmod, tableOid: 0, columnNumber: 0 }));
  return { root, columns };
}
