// Which columns of its input row a plan node's expressions read, so that a table scan under a
// node that builds new rows (Project, Agg) decodes only those columns (storage/encoding/row.ts
// reads one column without the others; the rest of the row is NULL). Conservative: anything
// that might read the row other than through a ColumnExpr (a subquery, an unplanned Var or
// aggregate) makes the answer null, meaning every column.
import type { Expr } from '../expr/expr.js';
import type { AggSpec } from '../plan/nodes.js';

/** Kinds of expression after which the columns read are not known from the tree alone. */
const OPAQUE = new Set(['sublink', 'var', 'agg', 'window', 'groupingfunc']);
/** Fields that hold catalog rows, never expressions. */
const CATALOG_FIELDS = new Set(['proc', 'operator']);

/** The input columns the expressions (or aggregate specs) read, or null when that is unknown. */
export function columnsRead(items: readonly (Expr | AggSpec | readonly Expr[] | null)[]): Set<number> | null {
  const found = new Set<number>();
  const seen = new Set<object>();
  const visit = (v: unknown): boolean => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return true;
    seen.add(v);
    if (Array.isArray(v)) return v.every(visit);
    if (Buffer.isBuffer(v)) return true;
    const o = v as Record<string, unknown>;
    if (typeof o.kind === 'string') {
      if (OPAQUE.has(o.kind)) return false;
      if (o.kind === 'column') {
        if (typeof o.index !== 'number') return false;
        found.add(o.index);
        return true;
      }
    }
    for (const [k, x] of Object.entries(o)) if (!CATALOG_FIELDS.has(k) && !visit(x)) return false;
    return true;
  };
  return visit(items) ? found : null;
}

/** Both sets' columns (null, every column, when either is null). */
export function unionColumns(a: Set<number> | null, b: Set<number> | null): Set<number> | null {
  return a && b ? new Set([...a, ...b]) : null;
}
