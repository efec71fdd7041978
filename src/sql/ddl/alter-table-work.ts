// The state of one ALTER TABLE statement on one table: its actions queued by pass, what the
// actions decided about the stored rows, and the last phase that acts on them (PostgreSQL's
// ATRewriteTables). The stored rows must be rewritten when a column's type changes, a column is
// added with a value to fill in (a default, serial, identity or generation expression), a key
// index is added, or the primary key changes (rows are keyed by it); rewritten rows get their
// generated columns computed afresh; otherwise new NOT NULL and CHECK constraints are
// verified by a scan. New foreign keys are verified last. Errors are PostgreSQL's: 23502
// "contains null values", 23514 "is violated by some row", 23505 "could not create unique
// index", 23503 as an INSERT would report it.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord, ConstraintRecord, RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { analyzeStoredExpr } from '../analyze/stored-expr.js';
import { ForeignKeys } from '../dml/foreign-keys.js';
import { compileDmlExpr } from '../dml/target-table.js';
import { compileGenerated } from '../dml/generated-values.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import { guardAgainstConcurrentWrites, rewriteTable, tableRows } from './table-rewrite.js';

/**
 * A copy of a parse tree without source locations: PostgreSQL analyzes most ALTER TABLE
 * expressions (defaults, CHECK conditions) without the statement's text, so their errors carry
 * no position.
 */
export function unlocated<T>(node: T): T {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(unlocated) as T;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'location' ? -1 : unlocated(v)])) as T;
}

/** PostgreSQL's AT_PASS_* order. */
export const Pass = {
  Drop: 0,
  AlterType: 1,
  AddColumn: 2,
  ColumnAttributes: 3,
  AddIndex: 4,
  AddConstraint: 5,
  AddOtherConstraint: 6,
  Misc: 7,
} as const;
export type Pass = (typeof Pass)[keyof typeof Pass];

export class AlterWork {
  readonly oid: number;
  /** The table as the statement found it (how its rows are stored). */
  readonly from: RelationRecord;
  /** The stored rows must be rewritten. */
  rewrite = false;
  /** The rows must be read to verify new NOT NULL or CHECK constraints. */
  verify = false;
  /** New values of columns (by position), computed from the old row. */
  readonly compute = new Map<number, (old: readonly Value[]) => Value>();
  /** New CHECK constraints to verify. */
  readonly checks: ConstraintRecord[] = [];
  /** New foreign keys to verify. */
  readonly foreignKeys: ConstraintRecord[] = [];
  /** Indexes the statement created. */
  readonly newIndexes = new Set<number>();
  /** Columns whose type the statement changed (attnums). */
  readonly retyped = new Set<number>();
  private readonly passes: (() => void)[][] = Object.values(Pass).map(() => []);
  private ctx: RuntimeContext | null = null;

  constructor(
    readonly session: Session,
    readonly catalog: CatalogTxn,
    table: RelationRecord,
    /** The statement's text (for error positions in expressions). */
    readonly text: string,
  ) {
    this.oid = table.oid;
    this.from = table;
  }

  /** The table as the statement has changed it so far. */
  get table(): RelationRecord {
    return this.catalog.get(this.oid) as RelationRecord;
  }

  put(table: RelationRecord): void {
    this.catalog.put(table);
  }

  /** Replaces one column's record. */
  putColumn(column: ColumnRecord): void {
    const t = this.table;
    this.put({ ...t, columns: t.columns.map((c) => (c.attnum === column.attnum ? column : c)) });
  }

  /** A live column by name: 42703 `column "x" of relation "t" does not exist` when missing. */
  column(name: string): ColumnRecord {
    const c = this.findColumn(name);
    if (!c) throw new DbError(SqlState.UndefinedColumn, `column "${name}" of relation "${this.table.name}" does not exist`);
    return c;
  }

  findColumn(name: string): ColumnRecord | undefined {
    return this.table.columns.find((c) => !c.dropped && c.name === name);
  }

  /** The runtime context expressions of the statement run with. */
  runtime(): RuntimeContext {
    if (!this.ctx) this.ctx = this.session.runtime([]);
    return this.ctx;
  }

  schedule(pass: Pass, action: () => void): void {
    this.passes[pass]!.push(action);
  }

  /** Runs the queued actions pass by pass (an action may queue more, in its pass or later). */
  run(): void {
    for (const actions of this.passes) {
      for (let i = 0; i < actions.length; i++) actions[i]!();
    }
  }

  /** The last phase: rewrite or scan the rows, then verify new foreign keys. */
  finish(): void {
    const ctx = this.runtime();
    ctx.withoutYield(() => {
      const table = this.table;
      const verify = this.rowVerifier(table, ctx);
      if (this.rewrite) {
        const compute = [...this.compute];
        // generated columns are computed afresh from each rewritten row (an added one too)
        const generated = compileGenerated(this.session, this.catalog, table, ctx);
        rewriteTable(this.session, this.catalog, this.oid, {
          from: this.from,
          transform: (old) => {
            const row = table.columns.map((c, i) => (c.dropped ? null : (old[i] ?? null)));
            for (const [i, f] of compute) row[i] = f(old);
            generated?.(row);
            return row;
          },
          verify,
          newIndexes: this.newIndexes,
          keysFirst: this.newIndexes.size > 0,
        });
      } else if (this.verify) {
        guardAgainstConcurrentWrites(this.session, this.oid, 'a constraint was being validated');
        for (const row of tableRows(this.session, table)) verify(table.columns.map((_, i) => row[i] ?? null));
      }
      if (this.foreignKeys.length > 0) this.verifyForeignKeys(this.table, ctx);
    });
  }

  /** NOT NULL of every column and the new CHECK constraints, as PostgreSQL checks a rewritten row. */
  private rowVerifier(table: RelationRecord, ctx: RuntimeContext): (row: readonly Value[]) => void {
    const notNull = table.columns.filter((c) => c.notNull && !c.dropped);
    const layout = table.columns.map((_, column) => ({ range: 0, column }));
    const ns = this.catalog.get(table.namespaceOid);
    const schema = ns?.kind === 'namespace' ? ns.name : undefined;
    const checks = this.checks.map((c) => ({
      name: c.name,
      fn: compileDmlExpr(analyzeStoredExpr(this.session, this.catalog, unlocated(c.checkExpr), table, 'CHECK'), layout, ctx),
    }));
    return (row) => {
      for (const c of notNull) {
        if ((row[c.attnum - 1] ?? null) === null) {
          throw new DbError(SqlState.NotNullViolation, `column "${c.name}" of relation "${table.name}" contains null values`, {
            schema,
            table: table.name,
            column: c.name,
          });
        }
      }
      for (const check of checks) {
        if (check.fn(row, ctx) === false) {
          throw new DbError(SqlState.CheckViolation, `check constraint "${check.name}" of relation "${table.name}" is violated by some row`, {
            schema,
            table: table.name,
            constraint: check.name,
          });
        }
      }
    };
  }

  /** Every row must find the rows its new foreign keys reference (checked again at commit). */
  private verifyForeignKeys(table: RelationRecord, ctx: RuntimeContext): void {
    guardAgainstConcurrentWrites(this.session, this.oid, 'a foreign key was being validated');
    for (const fk of this.foreignKeys) {
      const checker = new OneForeignKey(this.session, this.catalog, ctx, fk);
      for (const row of tableRows(this.session, table)) checker.checkReferences(table, table.columns.map((_, i) => row[i] ?? null));
    }
  }
}

/** The referencing-side checks of one foreign key only. */
class OneForeignKey extends ForeignKeys {
  constructor(
    session: Session,
    catalog: CatalogTxn,
    ctx: RuntimeContext,
    private readonly fk: ConstraintRecord,
  ) {
    super(session, catalog, ctx);
  }

  override outgoing(): ConstraintRecord[] {
    return [this.fk];
  }
}
