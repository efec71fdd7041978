// The rows UPDATE ... FROM and DELETE ... USING change: the target table joined with the
// other FROM items under the WHERE condition, planned like a SELECT (indexes, hash joins),
// each target row once (with the first joined row found, as PostgreSQL leaves it open which),
// together with its storage key and the joined items' columns.
import type { FromNode } from '../analyze/range-table.js';
import { KEY_COLUMN } from '../analyze/range-table.js';
import type { SelectQuery, TargetEntry } from '../analyze/query.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr, VarExpr } from '../expr/expr.js';
import { compilePlan, drainSource } from '../exec/run-plan.js';
import type { Layout } from '../plan/place-vars.js';
import { planSelect } from '../plan/plan-select.js';
import type { Plan } from '../plan/nodes.js';
import { reportPlan } from '../plan/plan-observer.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';
import type { TargetTable } from './target-table.js';

export interface JoinedRow {
  key: Buffer;
  row: Value[];
  /** Values of the other FROM items' columns, in `JoinedRows.layout` order. */
  extra: Value[];
}

/** The layout of the other FROM items' columns that joined rows carry. */
export function joinedLayout(target: TargetTable): Layout {
  const out: { range: number; column: number }[] = [];
  target.scope.ranges.forEach((r, range) => {
    if (range === 0 || r.kind === 'join') return;
    r.columnNames.forEach((_, column) => out.push({ range, column }));
  });
  return out;
}

function varOf(range: number, column: number, type: number, typmod: number): VarExpr {
  return { kind: 'var', range, column, levelsUp: 0, type, typmod, location: -1 };
}

export function joinedRows(target: TargetTable, from: FromNode[], where: Expr | null, ctx: RuntimeContext): JoinedRow[] {
  const width = target.record.columns.length;
  const plan = reportPlan(joinedRowsPlan(target, from, where, ctx));
  const source = compilePlan(plan.root)(ctx);
  if (source.async) throw new Error('a join for UPDATE ... FROM cannot wait');
  const seen = new Set<string>();
  const out: JoinedRow[] = [];
  for (const r of drainSource(source.source, ctx)) {
    const key = r[0] as Buffer;
    const id = key.toString('latin1');
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ key, row: r.slice(1, 1 + width), extra: r.slice(1 + width) });
  }
  return out;
}

/** The plan of the join: rows [storage key, target columns..., other items' columns...]. */
export function joinedRowsPlan(target: TargetTable, from: FromNode[], where: Expr | null, ctx: RuntimeContext): Plan {
  const ranges = target.scope.ranges;
  const extra = joinedLayout(target);
  const targets: TargetEntry[] = [
    { expr: varOf(0, KEY_COLUMN, Oid.bytea, -1), name: 'key', junk: false },
    ...target.record.columns.map((c, i) => ({ expr: varOf(0, i, c.typeOid, c.typmod), name: c.name, junk: false })),
    ...extra.map((s) => ({ expr: varOf(s.range, s.column, ranges[s.range]!.columnTypes[s.column]!, ranges[s.range]!.columnTypmods[s.column]!), name: '', junk: false })),
  ];
  const query: SelectQuery = {
    kind: 'select',
    ranges,
    from: [{ kind: 'range', range: 0 }, ...from],
    targets,
    where,
    groupBy: [],
    having: null,
    grouped: false,
    distinct: null,
    sort: [],
    limit: null,
    offset: null,
    ctes: [],
  };
  return planSelect(query, ctx);
}
