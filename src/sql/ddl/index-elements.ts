// The columns and WHERE of CREATE INDEX, checked as PostgreSQL's transformIndexStmt and
// DefineIndex check them: the predicate is analyzed first, then each expression (a bare column
// reference, even parenthesized, is a plain column); then the predicate and each expression
// must call only IMMUTABLE functions (42P17), and every column's type needs a btree ordering.
// Expressions and the predicate are kept as parse trees with column references unqualified
// (the table may be renamed); index columns are named as PostgreSQL names them: the column,
// the function ("lower"), else "expr", with a digit added to repeats ("expr1").
import type { ColumnRecord, IndexColumn, RelationRecord, StoredExpr } from '../../catalog/objects.js';
import { builtins } from '../../catalog/builtins.js';
import { formatType } from '../../catalog/format-type.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { figureColname } from '../analyze/figure-colname.js';
import type { ParseState } from '../analyze/parse-state.js';
import { tableScope } from '../analyze/stored-expr.js';
import { analyzeExpr, coerceToBoolean } from '../expr/analyze-expr.js';
import { anyExpr } from '../expr/expr-walk.js';
import type { Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { hasKeyOrdering } from './alter-column-type.js';
import { unlocated } from './alter-table-work.js';

export interface IndexElements {
  columns: IndexColumn[];
  /** The index's own columns (pg_attribute of the index). */
  columnRecords: ColumnRecord[];
  expressions: StoredExpr[];
  predicate: StoredExpr | undefined;
}

const COLLATIONS = new Set(['C', 'POSIX', 'default', 'pg_catalog.C', 'pg_catalog.POSIX', 'pg_catalog.default']);

/** Volatility of a built-in function by name ('v' when unknown, as for enums' enum_in/enum_out, which are stable). */
function volatilityOf(name: string | undefined): string {
  return (name && builtins().procsByName.get(name)?.[0]?.provolatile) || 'v';
}

/** Whether an expression calls anything not IMMUTABLE (contain_mutable_functions). */
export function containsMutable(e: Expr): boolean {
  const types = builtins().typeByOid;
  return anyExpr(e, (x) => {
    switch (x.kind) {
      case 'func':
      case 'scalararrayop':
        return x.proc.provolatile !== 'i';
      case 'sessionvalue':
        return true;
      case 'iocoerce':
        return volatilityOf(types.get(x.arg.type)?.typoutput) !== 'i' || volatilityOf(types.get(x.type)?.typinput) !== 'i';
      case 'inlist':
        return x.comparisons.some((c) => c.proc.provolatile !== 'i');
      case 'nullif':
      case 'distinct':
        return x.equals.proc.provolatile !== 'i';
      case 'greatest':
      case 'least':
        return x.compare !== undefined && x.compare.proc.provolatile !== 'i';
      default:
        return false;
    }
  });
}

/** A stored tree with column references reduced to their last name (`t.a` → `a`), locations dropped. */
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

/** ChooseIndexColumnNames: each name made unique by a digit. */
function uniqueNames(names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    let candidate = name;
    for (let i = 1; out.includes(candidate); i++) candidate = `${name}${i}`;
    out.push(candidate);
  }
  return out;
}

function keyColumnRecord(name: string, type: number, typmod: number): ColumnRecord {
  return { attnum: 0, name, typeOid: type, typmod, notNull: false, defaultExpr: null, identity: '', sequenceOid: 0, dropped: false };
}

/** Analyzes and checks the elements of CREATE INDEX on `table` with access method `method`. */
export function indexElements(ps: ParseState, table: RelationRecord, params: Node[], where: Node | undefined, method: string): IndexElements {
  const { catalog } = ps.requireEnv;
  const scope = tableScope(catalog, table);
  let predicate: Expr | null = null;
  if (where) {
    const cx = { ps, scope, clause: 'index predicate' };
    predicate = coerceToBoolean(cx, analyzeExpr(cx, where), 'WHERE');
  }
  const analyzed = params.map((p): { elem: Node; name: string; expr: Expr | null; attnum: number | null } => {
    const e = p.IndexElem;
    if (!e.expr) return { elem: e, name: e.name as string, expr: null, attnum: null };
    const fig = figureColname(e.expr);
    const expr = analyzeExpr({ ps, scope, clause: 'index expression' }, e.expr);
    // a bare column reference is a plain column
    if (expr.kind === 'var') return { elem: e, name: table.columns[expr.column]!.name, expr: null, attnum: expr.column + 1 };
    return { elem: e, name: fig === '?column?' ? 'expr' : fig, expr, attnum: null };
  });
  if (predicate && containsMutable(predicate)) throw new DbError(SqlState.InvalidObjectDefinition, 'functions in index predicate must be marked IMMUTABLE');

  const names = uniqueNames(analyzed.map((a) => a.name));
  const columns: IndexColumn[] = [];
  const columnRecords: ColumnRecord[] = [];
  const expressions: StoredExpr[] = [];
  analyzed.forEach(({ elem, expr, attnum: resolved }, i) => {
    if (elem.collation && !COLLATIONS.has((elem.collation as Node[]).map((n) => n.String.sval).join('.'))) {
      throw notSupported(`collation "${(elem.collation as Node[]).map((n) => n.String.sval).join('.')}"`);
    }
    let attnum = 0;
    let type: number;
    let typmod: number;
    if (expr) {
      if (containsMutable(expr)) throw new DbError(SqlState.InvalidObjectDefinition, 'functions in index expression must be marked IMMUTABLE');
      type = expr.type;
      typmod = expr.typmod;
      expressions.push(unqualified(elem.expr));
    } else {
      const named = resolved !== null ? table.columns[resolved - 1] : table.columns.find((c) => !c.dropped && c.name === elem.name);
      if (!named) throw new DbError(SqlState.UndefinedColumn, `column "${elem.name as string}" does not exist`);
      attnum = named.attnum;
      type = named.typeOid;
      typmod = named.typmod;
    }
    if (!hasKeyOrdering(type)) {
      throw new DbError(SqlState.UndefinedObject, `data type ${formatType(type, -1)} has no default operator class for access method "${method}"`, {
        hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
      });
    }
    const descending = elem.ordering === 'SORTBY_DESC';
    const nullsFirst = elem.nulls_ordering === 'SORTBY_NULLS_DEFAULT' ? descending : elem.nulls_ordering === 'SORTBY_NULLS_FIRST';
    columns.push({ attnum, descending, nullsFirst });
    columnRecords.push(keyColumnRecord(names[i]!, type, typmod));
  });
  return { columns, columnRecords, expressions, predicate: where ? unqualified(where) : undefined };
}
