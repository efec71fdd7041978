// Keeps stored parse trees (views' queries, CHECK conditions) pointing at the right objects
// when a relation, a column or a schema is renamed or a relation moves to another schema.
// PostgreSQL stores OIDs and attribute numbers, so a rename cannot break a view there; Treeline
// stores names, so the names are rewritten instead. A view's query is walked with its scopes:
// FROM items are resolved as the view would resolve them now (WITH queries shadow tables), and a
// column reference is renamed when it resolves to the renamed column of the renamed relation —
// qualified by that relation's name or alias, or unqualified where that relation is the nearest
// FROM item with such a column. A select-list item whose name came from a renamed column keeps
// the old name (AS old), as PostgreSQL's view keeps its output column names.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { findRelation } from '../catalog-access.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';

export interface RelationChange {
  /** The relation whose references change. */
  oid: number;
  /** RENAME TO: its new name. */
  newName?: string;
  /** SET SCHEMA: references to it name this schema from now on. */
  newSchema?: string;
  /** RENAME COLUMN. */
  column?: { from: string; to: string };
}

interface Item {
  /** How column references qualify it: its alias or its name as written. */
  refName: string;
  aliased: boolean;
  target: boolean;
  /** Its column names, or null when unknown (subqueries, functions, WITH queries). */
  columns: ReadonlySet<string> | null;
  /** The renamed column is visible under its own name (no column alias hides it). */
  columnVisible: boolean;
}

interface Level {
  items: Item[];
  ctes: ReadonlySet<string>;
  parent: Level | null;
}

class QueryRenamer {
  constructor(
    private readonly session: Session,
    private readonly catalog: CatalogTxn,
    private readonly change: RelationChange,
  ) {}

  select(stmt: Node, parent: Level | null, outerCtes: ReadonlySet<string>): void {
    const ctes = new Set(outerCtes);
    for (const c of (stmt.withClause?.ctes ?? []) as Node[]) ctes.add(c.CommonTableExpr.ctename);
    for (const c of (stmt.withClause?.ctes ?? []) as Node[]) {
      const q = c.CommonTableExpr.ctequery;
      if (q?.SelectStmt) this.select(q.SelectStmt, parent, ctes);
    }
    if (stmt.op && stmt.op !== 'SETOP_NONE') {
      if (stmt.larg) this.select(stmt.larg, parent, ctes);
      if (stmt.rarg) this.select(stmt.rarg, parent, ctes);
      return;
    }
    const level: Level = { items: [], ctes, parent };
    const quals: Node[] = [];
    for (const item of (stmt.fromClause ?? []) as Node[]) this.fromItem(item, level, quals);
    for (const q of quals) this.expr(q, level);
    for (const t of (stmt.targetList ?? []) as Node[]) {
      const rt = t.ResTarget;
      if (!rt) continue;
      const renamed = this.expr(rt.val, level);
      if (renamed && rt.name === undefined && rt.val?.ColumnRef) rt.name = this.change.column!.from;
    }
    for (const key of ['whereClause', 'groupClause', 'havingClause', 'sortClause', 'distinctClause', 'valuesLists', 'windowClause', 'limitCount', 'limitOffset']) {
      if (stmt[key] !== undefined) this.expr(stmt[key], level);
    }
  }

  private fromItem(item: Node, level: Level, quals: Node[]): void {
    if (item.RangeVar) {
      level.items.push(this.rangeVar(item.RangeVar, level.ctes));
    } else if (item.JoinExpr) {
      const j = item.JoinExpr;
      this.fromItem(j.larg, level, quals);
      this.fromItem(j.rarg, level, quals);
      if (j.quals) quals.push(j.quals);
    } else if (item.RangeSubselect) {
      const r = item.RangeSubselect;
      this.select(r.subquery.SelectStmt, r.lateral ? level : level.parent, level.ctes);
      level.items.push({ refName: r.alias?.aliasname ?? '', aliased: true, target: false, columns: null, columnVisible: false });
    } else if (item.RangeFunction) {
      this.expr(item.RangeFunction.functions, level);
      const alias = item.RangeFunction.alias?.aliasname ?? '';
      level.items.push({ refName: alias, aliased: true, target: false, columns: null, columnVisible: false });
    }
  }

  private rangeVar(rv: Node, ctes: ReadonlySet<string>): Item {
    const written = rv.relname as string;
    const aliased = rv.alias?.aliasname !== undefined;
    const refName = (rv.alias?.aliasname as string | undefined) ?? written;
    if (!rv.schemaname && ctes.has(written)) return { refName, aliased, target: false, columns: null, columnVisible: false };
    const r: RelationRecord | undefined = findRelation(this.session, this.catalog, { schema: rv.schemaname, name: written });
    const target = r?.oid === this.change.oid;
    const aliasColumns = ((rv.alias?.colnames ?? []) as Node[]).map((n) => n.String.sval as string);
    const names = r ? r.columns.filter((c) => !c.dropped).map((c) => c.name) : null;
    const columns = names ? new Set(names.map((n, i) => aliasColumns[i] ?? n)) : null;
    let columnVisible = false;
    if (target) {
      if (this.change.newName !== undefined) rv.relname = this.change.newName;
      if (this.change.newSchema !== undefined) rv.schemaname = this.change.newSchema;
      const col = this.change.column;
      if (col && names) {
        const at = names.indexOf(col.from);
        columnVisible = at >= 0 && at >= aliasColumns.length;
      }
    }
    return { refName, aliased, target, columns, columnVisible };
  }

  /** Walks an expression; returns whether it was a column reference that got renamed. */
  private expr(node: unknown, level: Level): boolean {
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node)) {
      for (const n of node) this.expr(n, level);
      return false;
    }
    const n = node as Node;
    if (n.ColumnRef) return this.columnRef(n.ColumnRef, level);
    if (n.SubLink) {
      if (n.SubLink.testexpr) this.expr(n.SubLink.testexpr, level);
      if (n.SubLink.subselect?.SelectStmt) this.select(n.SubLink.subselect.SelectStmt, level, level.ctes);
      return false;
    }
    if (n.SelectStmt) {
      this.select(n.SelectStmt, level, level.ctes);
      return false;
    }
    for (const v of Object.values(n)) this.expr(v, level);
    return false;
  }

  /** The innermost FROM item a qualifier names. */
  private qualified(level: Level, qual: string): Item | undefined {
    for (let l: Level | null = level; l; l = l.parent) {
      const it = l.items.find((i) => i.refName === qual);
      if (it) return it;
    }
    return undefined;
  }

  private columnRef(ref: Node, level: Level): boolean {
    const fields = ref.fields as Node[];
    const names = fields.map((f) => f.String?.sval as string | undefined);
    const last = names[names.length - 1];
    const change = this.change;
    if (names.length >= 2) {
      const qual = names[names.length - 2]!;
      const item = this.qualified(level, qual);
      if (!item?.target) return false;
      if (change.newName !== undefined && !item.aliased) fields[fields.length - 2] = { String: { sval: change.newName } };
      if (change.newSchema !== undefined && names.length === 3) fields[0] = { String: { sval: change.newSchema } };
      if (change.column && last === change.column.from && item.columnVisible) {
        fields[fields.length - 1] = { String: { sval: change.column.to } };
        return true;
      }
      return false;
    }
    if (!change.column || last !== change.column.from) return false;
    for (let l: Level | null = level; l; l = l.parent) {
      const target = l.items.find((i) => i.target && i.columnVisible);
      if (target) {
        fields[0] = { String: { sval: change.column.to } };
        return true;
      }
      // another FROM item of this level has (or may have) the column
      if (l.items.some((i) => i.columns === null || i.columns.has(last))) return false;
    }
    return false;
  }
}

/** A view's stored query with the references to a changed relation rewritten (a copy). */
export function renameInViewQuery(session: Session, catalog: CatalogTxn, tree: Node, change: RelationChange): Node {
  const copy = structuredClone(tree) as Node;
  if (copy?.SelectStmt) new QueryRenamer(session, catalog, change).select(copy.SelectStmt, null, new Set());
  return copy;
}

/** Rewrites the stored queries of the views that read relation `change.oid`. */
export function renameInViews(session: Session, catalog: CatalogTxn, change: RelationChange): void {
  for (const v of [...catalog.records()]) {
    if (v.kind !== 'relation' || v.relkind !== 'v' || !v.viewDeps?.includes(change.oid) || v.viewQuery === undefined) continue;
    catalog.put({ ...v, viewQuery: renameInViewQuery(session, catalog, v.viewQuery as Node, change) });
  }
}

/** A CHECK condition of table `table` with column `from` renamed `to` (a copy). */
export function renameColumnInCheck(tree: unknown, table: string, from: string, to: string): unknown {
  const walk = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(walk);
    const obj = n as Record<string, unknown>;
    if (obj.ColumnRef) {
      const ref = obj.ColumnRef as Node;
      const fields = ref.fields as Node[];
      const names = fields.map((f) => f.String?.sval as string | undefined);
      const qualifiedHere = names.length === 1 || names[names.length - 2] === table;
      if (qualifiedHere && names[names.length - 1] === from) {
        return { ColumnRef: { ...ref, fields: [...fields.slice(0, -1), { String: { sval: to } }] } };
      }
      return n;
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  return walk(tree);
}

/** A stored tree with schema `from` renamed `to` in qualified names (RangeVars, types, columns). */
export function renameSchemaInTree(tree: unknown, from: string, to: string): unknown {
  const walk = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(walk);
    const obj = Object.fromEntries(Object.entries(n as Record<string, unknown>).map(([k, v]) => [k, walk(v)])) as Record<string, unknown>;
    if (obj.RangeVar && (obj.RangeVar as Node).schemaname === from) obj.RangeVar = { ...(obj.RangeVar as Node), schemaname: to };
    if (obj.relname !== undefined && obj.schemaname === from) obj.schemaname = to;
    // a TypeName (wrapped or as a field such as TypeCast.typeName): [schema, name]
    const names = obj.names as Node[] | undefined;
    if (Array.isArray(names) && 'typemod' in obj && names.length === 2 && names[0]?.String?.sval === from) obj.names = [{ String: { sval: to } }, names[1]];
    const fields = (obj.ColumnRef as Node | undefined)?.fields as Node[] | undefined;
    if (fields && fields.length === 3 && fields[0]?.String?.sval === from) obj.ColumnRef = { ...(obj.ColumnRef as Node), fields: [{ String: { sval: to } }, ...fields.slice(1)] };
    return obj;
  };
  return walk(tree);
}
