// Plans an analyzed SELECT: scans for the FROM items (tables, VALUES lists, subqueries),
// nested-loop joins for the join tree and the cross product of the FROM list, the WHERE
// filter, the projection of the select list (sort keys included), sort, and LIMIT/OFFSET.
// Constants are folded here, at plan time, as PostgreSQL's planner does.
import type { FromNode } from '../analyze/range-table.js';
import type { SelectQuery } from '../analyze/select.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { OutputColumn, Plan, PlanNode } from './nodes.js';
import { placeVars, type Layout } from './place-vars.js';
import { simplify } from './simplify.js';

interface Planned {
  node: PlanNode;
  layout: Layout;
}

export function planSelect(q: SelectQuery, ctx: RuntimeContext): Plan {
  const fold = (e: Expr) => simplify(e, ctx);
  let root: PlanNode;
  if (q.from.length === 0) {
    root = { kind: 'result', exprs: q.targets.map((t) => fold(t.expr)), qual: q.where ? fold(q.where) : null };
  } else {
    let input = q.from.map((f) => planFrom(q, f, ctx)).reduce((left, right) => join(left, right, 'inner', null, ctx));
    if (q.where) input = { node: { kind: 'filter', input: input.node, qual: fold(placeVars(q.where, input.layout)) }, layout: input.layout };
    root = { kind: 'project', input: input.node, exprs: q.targets.map((t) => fold(placeVars(t.expr, input.layout))) };
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
    .map((t) => {
      const origin = t.expr.kind === 'var' && t.expr.levelsUp === 0 ? q.ranges[t.expr.range] : undefined;
      const fromTable = origin?.kind === 'table' && t.expr.kind === 'var';
      return {
        name: t.name,
        type: t.expr.type,
        typmod: t.expr.typmod,
        tableOid: fromTable ? origin!.table!.record.oid : 0,
        columnNumber: fromTable && t.expr.kind === 'var' ? t.expr.column + 1 : 0,
      };
    });
  return { root, columns };
}

function planFrom(q: SelectQuery, f: FromNode, ctx: RuntimeContext): Planned {
  const fold = (e: Expr) => simplify(e, ctx);
  const r = q.ranges[f.range]!;
  if (f.kind === 'join') {
    const left = planFrom(q, f.left, ctx);
    const right = planFrom(q, f.right, ctx);
    return join(left, right, f.type, f.quals, ctx);
  }
  const layout: Layout = r.columnNames.map((_, column) => ({ range: f.range, column }));
  switch (r.kind) {
    case 'table':
      return { node: { kind: 'seqscan', table: r.table!.shape, alias: r.alias }, layout };
    case 'values':
      return { node: { kind: 'values', rows: r.values!.map((row) => row.map(fold)) }, layout };
    case 'subquery': {
      const plan = planSelect(r.subquery!, ctx);
      // the subquery's rows may carry sort keys after its visible columns: drop them
      const visible = plan.columns.length;
      const node: PlanNode = {
        kind: 'project',
        input: plan.root,
        exprs: plan.columns.map((c, i) => ({ kind: 'column', index: i, name: c.name, type: c.type, typmod: c.typmod })),
      };
      return { node: visible === r.columnNames.length ? node : plan.root, layout };
    }
    default:
      throw new Error(`cannot plan FROM item ${r.kind}`);
  }
}

function join(left: Planned, right: Planned, type: 'inner' | 'left' | 'right' | 'full', quals: Expr | null, ctx: RuntimeContext): Planned {
  const layout = [...left.layout, ...right.layout];
  const qual = quals ? simplify(placeVars(quals, layout), ctx) : null;
  return {
    node: { kind: 'nestloop', left: left.node, right: right.node, type, qual, leftWidth: left.layout.length, rightWidth: right.layout.length },
    layout,
  };
}
