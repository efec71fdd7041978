// Generated columns at definition time (GENERATED ALWAYS AS (expr) STORED, PostgreSQL's
// cookDefault for a generated column): the expression is analyzed over the table's columns and
// must not read system columns (42P10) or other generated columns (42P17), nor call anything
// that is not IMMUTABLE (42P17); aggregates, window functions, set-returning functions and
// subqueries are refused by the clause rules. It must be assignable to the column's type (42804).
// Invariant: the stored tree names columns unqualified and without positions, so renaming the
// table leaves it valid and renaming a column rewrites it (rename.ts).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord, RelationRecord, StoredExpr } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { tableScope } from '../analyze/stored-expr.js';
import { typeName } from '../catalog-access.js';
import { analyzeExpr } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { anyExpr } from '../expr/expr-walk.js';
import type { Node } from '../parser.js';
import { unlocated } from './alter-table-work.js';
import { containsMutable } from './index-elements.js';

const SYSTEM_COLUMNS = new Set(['tableoid', 'cmax', 'xmax', 'cmin', 'xmin', 'ctid']);

/** The column references of a parse tree: their last name and position. */
function columnRefs(tree: unknown, out: { name: string; location: number }[] = []): { name: string; location: number }[] {
  if (tree === null || typeof tree !== 'object') return out;
  if (Array.isArray(tree)) {
    for (const n of tree) columnRefs(n, out);
    return out;
  }
  const ref = (tree as Node).ColumnRef;
  if (ref) {
    const fields = ref.fields as Node[];
    const name = fields[fields.length - 1]?.String?.sval;
    if (typeof name === 'string') out.push({ name, location: ref.location ?? -1 });
    return out;
  }
  for (const v of Object.values(tree)) columnRefs(v, out);
  return out;
}

/** A stored tree with column references reduced to their last name (`t.a` → `a`), positions dropped. */
function unqualified(tree: Node): StoredExpr {
  const walk = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(walk);
    const obj = n as Record<string, unknown>;
    const ref = obj.ColumnRef as Node | undefined;
    if (ref) return { ColumnRef: { ...ref, fields: (ref.fields as Node[]).slice(-1) } };
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  return walk(unlocated(tree));
}

/**
 * Checks the generation expression of `column` of `table` (whose columns, the generated ones
 * marked, are all known) and returns it as it is stored.
 */
export function analyzeGeneration(ps: ParseState, catalog: CatalogTxn, table: RelationRecord, column: ColumnRecord, raw: Node): StoredExpr {
  for (const ref of columnRefs(raw)) {
    if (SYSTEM_COLUMNS.has(ref.name) && !table.columns.some((c) => !c.dropped && c.name === ref.name)) {
      throw ps.error(SqlState.InvalidColumnReference, `cannot use system column "${ref.name}" in column generation expression`, ref.location);
    }
  }
  const e = analyzeExpr({ ps, scope: tableScope(catalog, table), clause: 'GENERATED' }, raw);
  anyExpr(e, (x) => {
    if (x.kind !== 'var' || x.levelsUp !== 0) return false;
    const other = table.columns[x.column]!;
    if (other.generated === undefined) return false;
    throw ps.error(SqlState.InvalidObjectDefinition, `cannot use generated column "${other.name}" in column generation expression`, x.location, {
      detail: 'A generated column cannot reference another generated column.',
    });
  });
  if (containsMutable(e)) throw new DbError(SqlState.InvalidObjectDefinition, 'generation expression is not immutable');
  if (!coerceToTargetType(ps, e, column.typeOid, column.typmod, 'assignment', -1)) {
    throw new DbError(
      SqlState.DatatypeMismatch,
      `column "${column.name}" is of type ${typeName(catalog, column.typeOid)} but default expression is of type ${typeName(catalog, e.type)}`,
      { hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  return unqualified(raw);
}

/** The columns (attnums) a stored generation expression reads. */
export function generationInputs(table: RelationRecord, stored: StoredExpr): number[] {
  const names = new Set(columnRefs(stored).map((r) => r.name));
  return table.columns.filter((c) => !c.dropped && names.has(c.name)).map((c) => c.attnum);
}

/** The generated columns of `table` that read column `attnum`. */
export function generatedColumnsReading(table: RelationRecord, attnum: number): ColumnRecord[] {
  return table.columns.filter((c) => !c.dropped && c.generated !== undefined && generationInputs(table, c.generated).includes(attnum));
}

/**
 * The checks a column definition's clauses get together (PostgreSQL's transformColumnDefinition):
 * one generation clause, and not with a default or an identity; the error points at `location`
 * (the clause PostgreSQL was looking at: the repeated one, or the column's last).
 */
export function generationClauseError(ps: ParseState, what: 'multiple' | 'default' | 'identity', column: string, table: string, location: number): DbError {
  const message =
    what === 'multiple'
      ? `multiple generation clauses specified for column "${column}" of table "${table}"`
      : `both ${what} and generation expression specified for column "${column}" of table "${table}"`;
  return ps.error(SqlState.SyntaxError, message, location);
}
