// INSERT INTO t [(columns)] VALUES ... | SELECT ... | DEFAULT VALUES [RETURNING ...]
// (PostgreSQL's transformInsertStmt): each value is coerced to its column's type as an
// assignment (so '12' goes into an integer and 'abcd' into varchar(3) fails with 22001),
// missing columns get their defaults (serial and identity columns their sequence's next
// value), generated columns are computed (a value given for one fails with 428C9), then every
// row passes the NOT NULL and CHECK constraints and the unique keys.
import { DbError, SqlState } from '../../errors.js';
import { typeName } from '../catalog-access.js';
import type { ParseState } from '../analyze/parse-state.js';
import { analyzeSubquery } from '../analyze/select.js';
import type { Query } from '../analyze/query.js';
import { analyzeStoredExpr } from '../analyze/stored-expr.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import { compilePlan, drainSource } from '../exec/run-plan.js';
import type { Node } from '../parser.js';
import { planSelect } from '../plan/plan-select.js';
import { reportPlan } from '../plan/plan-observer.js';
import { simplify } from '../plan/simplify.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import { FromScope } from '../analyze/range-table.js';
import { analyzeWith } from '../analyze/with.js';
import type { CteDef } from '../analyze/query.js';
import { nextvalNode } from '../ddl/create-table.js';
import { analyzeOnConflict, findConflict, type OnConflict } from './on-conflict.js';
import { analyzeReturning, columnIndex, compileDmlExpr, compileViewCheck, defaultInsertColumns, compileReturning, RowChecks, targetTable, type Returning, type TargetTable } from './target-table.js';

export interface InsertQuery {
  kind: 'insert';
  target: TargetTable;
  /** Table column positions the source's values go to, in order. */
  columns: number[];
  /** VALUES rows (null cells: DEFAULT), or a query, or one row of defaults. */
  source: { kind: 'values'; rows: (Expr | null)[][] } | { kind: 'select'; query: Query; coercions: Expr[] } | { kind: 'defaults' };
  /** Each column's default (null: NULL). */
  defaults: (Expr | null)[];
  returning: Returning | null;
  onConflict: OnConflict | null;
  /** WITH queries the statement defines (run or registered before it). */
  ctes: CteDef[];
}

/** An assignment coercion of a value to a column, with PostgreSQL's 42804 when impossible. */
export function assignTo(ps: ParseState, e: Expr, target: TargetTable, column: number, location: number): Expr {
  const col = target.record.columns[column]!;
  const out = coerceToTargetType(ps, e, col.typeOid, col.typmod, 'assignment', location);
  if (!out) {
    const catalog = ps.requireEnv.catalog;
    throw ps.error(
      SqlState.DatatypeMismatch,
      `column "${col.name}" is of type ${typeName(catalog, col.typeOid)} but expression is of type ${typeName(catalog, e.type)}`,
      location,
      { hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  return out;
}

/** The default of every column: its DEFAULT, its identity sequence, or null. */
export function columnDefaults(ps: ParseState, target: TargetTable): (Expr | null)[] {
  const { session, catalog } = ps.requireEnv;
  return target.record.columns.map((col, i) => {
    if (col.dropped) return null;
    let node = col.defaultExpr;
    if (col.identity) node = nextvalNode(col.sequenceOid);
    if (node === null) return null;
    const e = analyzeStoredExpr(session, catalog, node);
    return assignTo(ps, e, target, i, -1);
  });
}

export function analyzeInsert(ps: ParseState, stmt: Node, parent: FromScope | null = null): InsertQuery {
  // WITH queries are visible to the whole statement (its source, conditions and subqueries)
  const withScope = new FromScope([], parent);
  const ctes = stmt.withClause ? analyzeWith({ ps, scope: withScope, clause: 'SELECT' }, stmt.withClause, withScope, parent === null) : [];
  const target = targetTable(ps, stmt.relation, 'insert', withScope);
  const table = target.record;
  const cx: ExprContext = { ps, scope: withScope, clause: 'VALUES' };
  // without a column list, the columns the values fill (known once the values are counted)
  const select = stmt.selectStmt?.SelectStmt;
  const given = select?.valuesLists ? (select.valuesLists as Node[]).reduce((m, l) => Math.max(m, (l.List.items as Node[]).length), 0) : (select?.targetList?.length ?? 0);
  const columns: number[] = stmt.cols
    ? (stmt.cols as Node[]).map((c) => {
        const rt = c.ResTarget;
        if (rt.indirection) throw ps.error(SqlState.FeatureNotSupported, 'assigning to subscripts or fields is not supported yet', rt.location);
        return columnIndex(ps, target, rt.name, rt.location, 'insert');
      })
    : defaultInsertColumns(target, target.view ? given : Infinity);
  const seen = new Set<number>();
  for (const [k, i] of columns.entries()) {
    if (seen.has(i)) throw ps.error(SqlState.DuplicateColumn, `column "${table.columns[i]!.name}" specified more than once`, stmt.cols?.[k]?.ResTarget?.location);
    seen.add(i);
  }
  const overriding = stmt.override as string;
  // a value given for a GENERATED ALWAYS column (other than DEFAULT) is refused
  const checkIdentity = (column: number) => {
    const col = table.columns[column]!;
    if (col.generated !== undefined) {
      throw ps.error(SqlState.GeneratedAlways, `cannot insert a non-DEFAULT value into column "${col.name}"`, undefined, {
        detail: `Column "${col.name}" is a generated column.`,
      });
    }
    if (col.identity === 'a' && overriding !== 'OVERRIDING_SYSTEM_VALUE') {
      throw ps.error(SqlState.GeneratedAlways, `cannot insert a non-DEFAULT value into column "${col.name}"`, undefined, {
        detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.`,
        hint: 'Use OVERRIDING SYSTEM VALUE to override.',
      });
    }
  };
  let source: InsertQuery['source'];
  if (!select) {
    source = { kind: 'defaults' };
  } else if (select.valuesLists && !select.sortClause && !select.limitCount && !select.limitOffset && !select.withClause) {
    const rows = (select.valuesLists as Node[]).map((list) => {
      const items = list.List.items as Node[];
      if (items.length > columns.length) throw ps.error(SqlState.SyntaxError, 'INSERT has more expressions than target columns', exprNodeLocation(items[columns.length]));
      if (items.length < columns.length && stmt.cols) throw ps.error(SqlState.SyntaxError, 'INSERT has more target columns than expressions', stmt.cols[items.length]?.ResTarget?.location);
      return items.map((item, k) => {
        if (item.SetToDefault) return null;
        const e = analyzeExpr(cx, item);
        checkIdentity(columns[k]!);
        return assignTo(ps, e, target, columns[k]!, exprLocation(e) >= 0 ? exprLocation(e) : exprNodeLocation(item));
      });
    });
    source = { kind: 'values', rows };
  } else {
    const query = analyzeSubquery(cx, select, target.scope.parent, { resolveUnknowns: false });
    const visible = query.targets.filter((t) => !t.junk);
    if (visible.length > columns.length) throw ps.error(SqlState.SyntaxError, 'INSERT has more expressions than target columns', -1);
    if (visible.length < columns.length && stmt.cols) throw ps.error(SqlState.SyntaxError, 'INSERT has more target columns than expressions', -1);
    const coercions = visible.map((t, k) => {
      checkIdentity(columns[k]!);
      const input: Expr = { kind: 'column', index: k, name: t.name, type: t.expr.type, typmod: t.expr.typmod };
      return assignTo(ps, input, target, columns[k]!, exprLocation(t.expr));
    });
    source = { kind: 'select', query, coercions };
  }
  const width = source.kind === 'values' ? Math.max(0, ...source.rows.map((r) => r.length)) : source.kind === 'select' ? source.coercions.length : 0;
  const onConflict = stmt.onConflictClause ? analyzeOnConflict(ps, target, stmt.onConflictClause) : null;
  return {
    kind: 'insert',
    ctes,
    target,
    columns: columns.slice(0, width),
    source,
    defaults: columnDefaults(ps, target),
    returning: analyzeReturning(cx, target, stmt.returningList),
    onConflict,
  };
}

/** Runs an INSERT: returns the count and the RETURNING rows. */
export function executeInsert(session: Session, q: InsertQuery, ctx: RuntimeContext): { count: number; rows: Value[][] } {
  const target = q.target;
  const access = ctx.table(target.shape);
  const checks = new RowChecks(session, session.transaction.catalog, target, ctx);
  const viewCheck = compileViewCheck(session, target, ctx);
  const returning = compileReturning(q.returning, target, ctx);
  // a default is compiled (and its constants folded) only when a row needs it, as PostgreSQL
  // adds defaults only for the columns an INSERT leaves out
  const compiled: (RowFn | null | undefined)[] = new Array(q.defaults.length);
  const defaultOf = (i: number): RowFn | null => {
    let f = compiled[i];
    if (f === undefined) {
      const d = q.defaults[i];
      f = compiled[i] = d ? compileDmlExpr(d, [], ctx) : null;
    }
    return f;
  };
  const width = target.record.columns.length;
  const out: Value[][] = [];
  let count = 0;
  const empty: Value[] = [];
  const conflict = q.onConflict ? compileConflict(q, target, ctx) : null;
  const insertRow = (given: (Value | undefined)[]) => {
    const row: Value[] = new Array(width);
    for (let i = 0; i < width; i++) {
      const v = given[i];
      row[i] = v !== undefined ? v : (defaultOf(i)?.(empty, ctx) ?? null);
    }
    checks.fillGenerated(row);
    checks.check(row, ctx);
    viewCheck?.(row);
    if (conflict) {
      const existing = findConflict(access, conflict.arbiters, row);
      if (existing) {
        const updated = conflict.resolve(existing, row, checks, access);
        if (updated) {
          count++;
          if (returning) out.push(returning(updated));
        }
        return;
      }
    }
    const key = access.insert(row);
    conflict?.touched.add(key.toString('latin1'));
    count++;
    if (returning) out.push(returning(row));
    if ((count & 0x3ff) === 0) ctx.checkCancel();
  };
  const source = q.source;
  if (source.kind === 'defaults') {
    insertRow([]);
  } else if (source.kind === 'values') {
    const rows = source.rows.map((r) => r.map((e) => (e ? compileDmlExpr(e, [], ctx) : null)));
    for (const r of rows) {
      const given: (Value | undefined)[] = new Array(width);
      r.forEach((f, k) => {
        if (f) given[q.columns[k]!] = f(empty, ctx);
      });
      insertRow(given);
    }
  } else {
    const plan = reportPlan(planSelect(source.query, ctx));
    const rows = compilePlan(plan.root)(ctx);
    if (rows.async) throw new DbError(SqlState.FeatureNotSupported, 'functions that wait (pg_sleep) are not supported in INSERT ... SELECT yet');
    const coerce = source.coercions.map((c) => compileExpr(simplify(c, ctx)));
    // read the whole source first, as PostgreSQL's snapshot would: rows inserted here are not read back
    const input = drainSource(rows.source, ctx);
    for (const r of input) {
      const given: (Value | undefined)[] = new Array(width);
      coerce.forEach((f, k) => (given[q.columns[k]!] = f(r, ctx)));
      insertRow(given);
    }
  }
  checks.foreignKeys.finish();
  return { count, rows: out };
}

/**
 * ON CONFLICT at run time: `resolve` handles a proposed row that collides with an existing
 * one (skipped for DO NOTHING; updated for DO UPDATE when its WHERE holds) and returns the
 * updated row, if any.
 */
function compileConflict(q: InsertQuery, target: TargetTable, ctx: RuntimeContext) {
  const oc = q.onConflict!;
  const width = target.record.columns.length;
  // DO UPDATE reads [existing row..., excluded row...]
  const layout = [...target.layout, ...target.layout.map((s) => ({ range: 1, column: s.column }))];
  const sets = oc.sets.map(({ column, value }) => {
    const e = value ?? q.defaults[column];
    return { column, fn: e ? compileDmlExpr(e, layout, ctx) : () => null };
  });
  const where = oc.where ? compileDmlExpr(oc.where, layout, ctx) : null;
  const touched = new Set<string>();
  return {
    arbiters: oc.arbiters,
    touched,
    resolve: (existing: { key: Buffer; row: Value[] }, proposed: Value[], checks: RowChecks, access: ReturnType<RuntimeContext['table']>): Value[] | null => {
      if (oc.action === 'nothing') return null;
      if (touched.has(existing.key.toString('latin1'))) {
        throw new DbError(SqlState.CardinalityViolation, 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
          hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
        });
      }
      const input = [...existing.row, ...proposed];
      if (where && where(input, ctx) !== true) return null;
      const next = existing.row.slice(0, width);
      for (const s of sets) next[s.column] = s.fn(input, ctx);
      checks.fillGenerated(next);
      checks.check(next, ctx, existing.row);
      const key = access.update(existing.key, existing.row, next);
      checks.foreignKeys.updated(target.record, existing.row, next);
      touched.add(key.toString('latin1'));
      return next;
    },
  };
}
