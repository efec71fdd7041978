// The FROM clause as the analyzer sees it: a range table (one entry per table, VALUES list,
// subquery or join) and the scope that resolves column references against it, PostgreSQL's
// way: `col` must be unique among the visible columns, `t.col` names the item called t, and
// the columns merged by JOIN USING / NATURAL are visible unqualified only once.
// Columns of tables and subqueries are VarExpr (range, column); a join's columns are
// expressions over its inputs (a merged FULL JOIN column is COALESCE(left, right)). An item's
// name alone is its whole row (whole-row.ts); system columns such as tableoid are in
// system-columns.ts.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import type { TableShape } from '../../txn/table-access.js';
import type { ColumnScope } from '../expr/analyze-expr.js';
import type { Expr } from '../expr/expr.js';
import type { ParseState } from './parse-state.js';
import type { CteDef, Query } from './query.js';
import { Oid } from '../types/oids.js';
import { wholeRowExpr } from './whole-row.js';
import { isSystemColumnName, relationWithSystemColumns, systemColumnExpr } from './system-columns.js';

export type JoinType = 'inner' | 'left' | 'right' | 'full';

/** The column number under which a `withKey` item's rows carry their storage key. */
export const KEY_COLUMN = -1;
/** The column number under which a `withPresence` item's rows carry a constant true. */
export const PRESENCE_COLUMN = -2;

export interface RangeEntry {
  kind: 'table' | 'values' | 'subquery' | 'join' | 'function' | 'cte' | 'system';
  /** The name it is referred to by ('' for an unaliased join). */
  alias: string;
  columnNames: string[];
  columnTypes: number[];
  columnTypmods: number[];
  table?: { record: RelationRecord; shape: TableShape };
  subquery?: Query;
  values?: Expr[][];
  /** A join's columns as expressions over its inputs. */
  joinColumns?: Expr[];
  /** Functions in FROM (ROWS FROM may list several), and WITH ORDINALITY. */
  functions?: Expr[];
  ordinality?: boolean;
  /** A reference to a WITH query (by its id). */
  cteId?: number;
  /** A subquery written LATERAL (it may read the FROM items to its left). */
  lateral?: boolean;
  /** A system relation (pg_catalog, information_schema) or, with `sequence`, a sequence: its OID. */
  systemOid?: number;
  sequence?: boolean;
  /** A view read as a subquery: its OID. */
  viewOid?: number;
  /**
   * The target table of UPDATE ... FROM / DELETE ... USING: its rows carry their storage key
   * too, as column KEY_COLUMN (-1) of the item.
   */
  withKey?: boolean;
  /** An outer join may fill the item's columns with NULLs (its whole row is then NULL). */
  nullable?: boolean;
  /**
   * A subquery whose rows carry a constant true as column PRESENCE_COLUMN (-2), NULL in the rows
   * an outer join fills in: a whole-row reference to the nullable item reads it.
   */
  withPresence?: boolean;
  location: number;
}

/** The join tree: FROM items and the joins between them. */
export type FromNode =
  | { kind: 'range'; range: number }
  | { kind: 'join'; range: number; type: JoinType; left: FromNode; right: FromNode; quals: Expr | null };

/** An item of the scope: a range entry whose name and columns statements may use. */
export interface ScopeItem {
  range: number;
  /** Usable as `name.col` (false for an unaliased join). */
  qualified: boolean;
  /** Columns not visible unqualified (the USING columns of a join's inputs). */
  hidden: Set<number>;
  /** Columns visible unqualified at all (false for an unaliased join's non-merged columns). */
  unqualified: boolean;
  /** For a join item: only these columns are visible unqualified (the merged ones). */
  onlyColumns?: Set<number>;
}

export class FromScope implements ColumnScope {
  readonly items: ScopeItem[] = [];
  /** The WITH queries this query level defines (visible to it and to its subqueries). */
  ctes: CteDef[] = [];

  constructor(
    readonly ranges: RangeEntry[],
    /** The enclosing query's scope, for correlated subqueries. */
    readonly parent: FromScope | null = null,
  ) {}

  /**
   * The parent for a subquery in FROM or a WITH query: one query level (so outer references
   * count levels as in PostgreSQL) whose FROM items the subquery may not see, but whose WITH
   * queries it may.
   */
  barrier(): FromScope {
    const b = new FromScope([], this.parent);
    b.ctes = this.ctes;
    return b;
  }

  /** The WITH query a table name refers to, looking outwards. */
  findCte(name: string): CteDef | undefined {
    for (const s of scopeChain(this)) {
      const c = s.ctes.find((x) => x.name === name);
      if (c) return c;
    }
    return undefined;
  }

  add(item: ScopeItem): void {
    this.items.push(item);
  }

  /** The expression a column of a range entry stands for at `levelsUp`. */
  columnExpr(range: number, column: number, levelsUp: number, location: number): Expr {
    const r = this.ranges[range]!;
    if (r.kind === 'join') {
      const e = r.joinColumns![column]!;
      return levelsUp === 0 ? e : raiseLevels(e, levelsUp);
    }
    return { kind: 'var', range, column, levelsUp, type: r.columnTypes[column]!, typmod: r.columnTypmods[column]!, location };
  }

  /**
   * FROM items a LATERAL item may not reference: the left side of a RIGHT or FULL join it is
   * the right side of (PostgreSQL's 42P10).
   */
  lateralForbidden: ReadonlySet<number> = new Set();

  resolveColumn(ps: ParseState, names: string[], location: number): Expr | null {
    let level = 0;
    for (const scope of scopeChain(this)) {
      const found = scope.resolveHere(ps, names, location, level++);
      if (found) {
        if (found.kind === 'var' && scope.lateralForbidden.has(found.range)) {
          throw ps.error(SqlState.InvalidColumnReference, `invalid reference to FROM-clause entry for table "${scope.ranges[found.range]!.alias}"`, location, {
            detail: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.',
          });
        }
        return found;
      }
    }
    return null;
  }

  private resolveHere(ps: ParseState, names: string[], location: number, levelsUp: number): Expr | null {
    if (names.length === 1) {
      const name = names[0]!;
      let match: Expr | null = null;
      for (const item of this.items) {
        if (!item.unqualified) continue;
        const r = this.ranges[item.range]!;
        r.columnNames.forEach((c, i) => {
          if (c !== name || item.hidden.has(i) || (item.onlyColumns && !item.onlyColumns.has(i))) return;
          if (match) throw ps.error(SqlState.AmbiguousColumn, `column reference "${name}" is ambiguous`, location);
          match = this.columnExpr(item.range, i, levelsUp, location);
        });
      }
      return match ?? this.resolveSystemColumn(ps, name, location, levelsUp);
    }
    const [qualifier, column] = names.length === 2 ? [names[0]!, names[1]!] : [names[names.length - 2]!, names[names.length - 1]!];
    const item = this.findItem(ps, qualifier, location);
    if (!item) return null;
    const r = this.ranges[item.range]!;
    const i = r.columnNames.indexOf(column);
    if (i < 0) {
      const system = systemColumnExpr(ps, this.ranges, item.range, column, this.itemColumn(item.range, levelsUp, location), location);
      if (system) return system;
      throw ps.error(SqlState.UndefinedColumn, `column ${qualifier}.${column} does not exist`, location);
    }
    return this.columnExpr(item.range, i, levelsUp, location);
  }

  /** Column i of a range entry at `levelsUp`, KEY_COLUMN and PRESENCE_COLUMN included. */
  private itemColumn(range: number, levelsUp: number, location: number): (i: number) => Expr {
    return (i) =>
      i === KEY_COLUMN || i === PRESENCE_COLUMN
        ? { kind: 'var', range, column: i, levelsUp, type: i === KEY_COLUMN ? Oid.bytea : Oid.bool, typmod: -1, location }
        : this.columnExpr(range, i, levelsUp, location);
  }

  /** An unqualified system column (`tableoid`): it must name exactly one visible item's. */
  private resolveSystemColumn(ps: ParseState, name: string, location: number, levelsUp: number): Expr | null {
    if (!isSystemColumnName(name)) return null;
    const owners = this.items.filter((item) => item.unqualified && relationWithSystemColumns(this.ranges[item.range]!) !== null);
    if (owners.length > 1) throw ps.error(SqlState.AmbiguousColumn, `column reference "${name}" is ambiguous`, location);
    if (owners.length === 0) return null;
    const range = owners[0]!.range;
    return systemColumnExpr(ps, this.ranges, range, name, this.itemColumn(range, levelsUp, location), location);
  }

  /** A FROM item's whole row (`t` alone as a value), looking outwards; null when no item is so named. */
  resolveWholeRow(ps: ParseState, name: string, location: number): Expr | null {
    let level = 0;
    for (const scope of scopeChain(this)) {
      const levelsUp = level++;
      const item = scope.findItem(ps, name, location);
      if (!item) continue;
      const r = scope.ranges[item.range]!;
      return wholeRowExpr(ps, r, scope.itemColumn(item.range, levelsUp, location), location);
    }
    return null;
  }

  /** The item a qualifier names; PostgreSQL refuses a name that two items share. */
  findItem(ps: ParseState, qualifier: string, location: number): ScopeItem | null {
    let found: ScopeItem | null = null;
    for (const item of this.items) {
      if (!item.qualified || this.ranges[item.range]!.alias !== qualifier) continue;
      if (found) throw ps.error(SqlState.AmbiguousAlias, `table reference "${qualifier}" is ambiguous`, location);
      found = item;
    }
    return found;
  }

  /**
   * The error for a qualifier no item is called by: PostgreSQL tells apart a table that is in
   * FROM under an alias ("invalid reference ... Perhaps you meant to reference the table alias").
   */
  missingEntry(ps: ParseState, qualifier: string, location: number): DbError {
    for (const s of scopeChain(this)) {
      for (const item of s.items) {
        const r = s.ranges[item.range]!;
        if (r.kind === 'table' && r.table!.record.name === qualifier && r.alias !== qualifier) {
          return ps.error(SqlState.UndefinedTable, `invalid reference to FROM-clause entry for table "${qualifier}"`, location, {
            hint: `Perhaps you meant to reference the table alias "${r.alias}".`,
          });
        }
      }
    }
    return ps.error(SqlState.UndefinedTable, `missing FROM-clause entry for table "${qualifier}"`, location);
  }

  /** FROM items of one level may not share a name (42712). */
  checkNameConflicts(ps: ParseState): void {
    const seen = new Set<string>();
    for (const item of this.items) {
      if (!item.qualified) continue;
      const r = this.ranges[item.range]!;
      if (seen.has(r.alias)) throw ps.error(SqlState.DuplicateAlias, `table name "${r.alias}" specified more than once`);
      seen.add(r.alias);
    }
  }
}

/** A scope and its enclosing scopes, innermost first. */
function* scopeChain(first: FromScope): IterableIterator<FromScope> {
  for (let s: FromScope | null = first; s; s = s.parent) yield s;
}

/** A join column expression seen from a subquery `levels` deeper. */
function raiseLevels(e: Expr, levels: number): Expr {
  if (e.kind === 'var') return { ...e, levelsUp: e.levelsUp + levels };
  if (e.kind === 'coalesce') return { ...e, args: e.args.map((a) => raiseLevels(a, levels)) };
  if (e.kind === 'relabel' || e.kind === 'iocoerce') return { ...e, arg: raiseLevels(e.arg, levels) };
  if (e.kind === 'func') return { ...e, args: e.args.map((a) => raiseLevels(a, levels)) };
  return e;
}

/** PostgreSQL reports this one without a position (buildRelationAliases). */
export function tooManyColumns(ps: ParseState, alias: string, have: number, given: number): DbError {
  return ps.error(SqlState.InvalidColumnReference, `table "${alias}" has ${have} columns available but ${given} columns specified`, -1);
}
