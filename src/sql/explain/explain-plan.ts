// Turns a plan into the tree EXPLAIN prints, the way PostgreSQL shows the same work: a
// projection is folded into the node below it, a filter becomes that node's "Filter:" line
// (conditions an index scan answers become its "Index Cond:"), a hash join's right input
// sits under a "Hash" node, UNION is a HashAggregate over an Append, and subqueries in
// expressions become InitPlans ($n) or SubPlans. Expressions are printed by the deparser
// with column names taken from the input each one reads; names are qualified with their
// FROM item's alias where PostgreSQL qualifies them (scan conditions only under VERBOSE,
// everything else once the plan reads more than one relation), and an alias used twice gets
// a suffix (t, t_1), as PostgreSQL's set_rtable_names does. Joins are laid out in
// explain-joins.ts, set operations in explain-set-ops.ts, window functions in explain-window.ts.
import type { Session } from '../session.js';
import type { Instrumentation } from '../exec/instrument.js';
import { hashableType } from '../exec/subplan.js';
import type { Expr, SubLinkExpr } from '../expr/expr.js';
import { anyExpr, rewriteExpr } from '../expr/expr-walk.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';
import { outColumns } from '../expr/set-returning/index.js';
import { deparseExpr } from '../deparse/deparse-expr.js';
import { typeNaming } from '../deparse/catalog-exprs.js';
import { formatTypeName, type TypeNaming } from '../deparse/type-names.js';
import type { AggSpec, PlanNode, SortKey } from '../plan/nodes.js';
import { systemTableByOid } from '../system/index.js';
import { SEQUENCE_COLUMNS } from '../system/sequence-relation.js';
import type { Value } from '../types/value.js';
import { Oid } from '../types/oids.js';
import type { TableShape } from '../../txn/table-access.js';
import {
  CPU_INDEX_TUPLE_COST,
  CPU_OPERATOR_COST,
  CPU_TUPLE_COST,
  DEFAULT_FUNCTION_ROWS,
  DEFAULT_GROUPS,
  RANDOM_PAGE_COST,
  SEQ_PAGE_COST,
  clampRows,
  indexPathRows,
  operatorCount,
  selectivity,
  sortCost,
  tablePages,
  widthOf,
  type Estimate,
} from './estimates.js';
import { explainNode, type ExplainNode } from './explain-node.js';
import { explainHashJoin, explainNestLoop } from './explain-joins.js';
import { explainSetOperation } from './explain-set-ops.js';
import { explainGroupingSets, explainWindow } from './explain-window.js';
import { columnIndex, conjuncts, FLIP, foldInLists, seriesRows } from './qual-forms.js';
import { planChildren, planExprs, scanAlias } from './plan-walk.js';

/** An output column of a node: its name (qualified or not) and type. */
export interface Col {
  name: (prefix: boolean) => string;
  type: number;
  typmod: number;
}

export interface Built {
  en: ExplainNode;
  cols: Col[];
}

export class PlanExplainer {
  private nextSubplan = 1;
  private nextInitParam = 0;
  private readonly slotNames = new Map<number, string>();
  private readonly aliases = new Map<PlanNode, string>();
  private readonly cteNames = new Map<number, string>();
  private readonly subplanRefs = new Map<object, string>();
  private readonly scanNodes = new WeakSet<ExplainNode>();
  private readonly naming: TypeNaming;
  /** Whether conditions above the scans qualify column names (VERBOSE, or more than one relation read). */
  readonly upperPrefix: boolean;
  /** Whether output columns (VERBOSE) are qualified: more than one relation read. */
  private readonly outputPrefix: boolean;

  constructor(
    private readonly session: Session,
    private readonly inst: Instrumentation | null,
    readonly verbose: boolean,
    roots: readonly PlanNode[],
    /** The statement's parameter values: shown in place of $n, as PostgreSQL's custom plans show them. */
    private readonly params: readonly Value[] = [],
  ) {
    this.naming = typeNaming(session, session.transaction.catalog);
    const used = new Map<string, number>();
    let relations = 0;
    const visit = (n: PlanNode) => {
      if (n.kind === 'ctescope') n.ctes.forEach((c) => c.name !== undefined && this.cteNames.set(c.id, c.name));
      const base = scanAlias(n);
      if (base !== null) {
        relations++;
        let alias = base;
        if (used.has(base)) {
          let k = used.get(base)!;
          do alias = `${base}_${++k}`;
          while (used.has(alias));
          used.set(base, k);
        }
        used.set(alias, used.get(alias) ?? 0);
        this.aliases.set(n, alias);
      }
      for (const e of planExprs(n)) {
        anyExpr(e, (x) => {
          if (x.kind === 'sublink' && x.subplan) visit(x.subplan.plan);
          return false;
        });
      }
      planChildren(n).forEach(visit);
    };
    roots.forEach(visit);
    this.outputPrefix = relations > 1;
    this.upperPrefix = verbose || this.outputPrefix;
  }

  /** Marks a node as a scan (its conditions qualify column names only under VERBOSE). */
  markScan(en: ExplainNode): void {
    this.scanNodes.add(en);
  }

  /** Names executor parameter `slot` (a nested loop's outer value) for the expressions that read it. */
  nameSlot(slot: number, name: string): void {
    this.slotNames.set(slot, name);
  }

  stats(node: PlanNode) {
    return () => this.inst?.of(node);
  }

  /** A node's own condition lines are qualified under VERBOSE only when it scans a relation. */
  private prefixFor(en: ExplainNode): boolean {
    return this.scanNodes.has(en) ? this.verbose : this.upperPrefix;
  }

  /** An expression as EXPLAIN prints it, reading `cols`; subqueries in it are attached to `owner`. */
  text(e: Expr, cols: readonly Col[], prefix: boolean, owner: ExplainNode): string {
    const withValues = this.params.length === 0 ? e : rewriteExpr(e, (x) => (x.kind === 'param' && x.index < this.params.length ? { kind: 'const', type: x.type, typmod: x.typmod, value: this.params[x.index]!, location: -1 } : undefined));
    return deparseExpr(foldInLists(withValues), {
      prettyParen: false,
      prettyIndent: false,
      types: this.session.types,
      names: {
        column: (v) => `?column${v.column + 1}?`,
        typeName: (oid, typmod) => formatTypeName(oid, typmod, true, this.naming),
        position: (c) => cols[c.index]?.name(prefix) ?? '?',
        execParam: (slot) => this.slotNames.get(slot),
        subplan: (link) => this.subplanRef(link, cols, owner),
      },
    });
  }

  private subplanRef(link: SubLinkExpr, cols: readonly Col[], owner: ExplainNode): string | undefined {
    const sp = link.subplan;
    if (!sp) return undefined;
    const known = this.subplanRefs.get(sp.plan);
    if (known !== undefined) return known;
    const n = this.nextSubplan++;
    for (const p of sp.params) this.slotNames.set(p.slot, this.text(p.value, cols, true, owner));
    const child = this.build(sp.plan).en;
    let ref: string;
    const correlated = sp.params.length > 0 && !sp.hashedKeys;
    if (!correlated && link.linkType !== 'any' && link.linkType !== 'all' && !sp.hashedKeys) {
      const k = this.nextInitParam++;
      owner.initPlans.push({ label: `InitPlan ${n} (returns $${k})`, node: child });
      ref = `$${k}`;
    } else {
      owner.subPlans.push({ label: `SubPlan ${n}`, node: child });
      const hashed = sp.hashedKeys !== undefined || (!correlated && hashableType(link) !== null);
      ref = hashed ? `(hashed SubPlan ${n})` : `(SubPlan ${n})`;
    }
    this.subplanRefs.set(sp.plan, ref);
    return ref;
  }

  /** Adds conditions as the node's Filter (each AND-ed part once; parts in `skip` are left out). */
  private addQual(en: ExplainNode, qual: Expr, cols: readonly Col[], skip: ReadonlySet<string> = new Set()): void {
    const prefix = this.prefixFor(en);
    for (const c of conjuncts(qual)) {
      const t = this.text(c, cols, prefix, en);
      if (!skip.has(t)) en.quals.push(t);
    }
  }

  /** Subqueries in expressions a folded-in step computes belong to the node shown. */
  private attachSubplans(en: ExplainNode, exprs: readonly Expr[], cols: readonly Col[]): void {
    for (const e of exprs) {
      anyExpr(e, (x) => {
        if (x.kind === 'sublink' && x.subplan) this.subplanRef(x, cols, en);
        return false;
      });
    }
  }

  exprCol(e: Expr, cols: readonly Col[], owner: ExplainNode): Col {
    if (e.kind === 'column' && cols[e.index]) return cols[e.index]!;
    const texts = new Map<boolean, string>();
    return {
      name: (prefix) => {
        if (!texts.has(prefix)) texts.set(prefix, this.text(e, cols, prefix, owner));
        return texts.get(prefix)!;
      },
      type: e.type,
      typmod: e.typmod,
    };
  }

  /** A sequence read as a relation: one row, one page, as PostgreSQL estimates it. */
  private sequenceScan(node: Extract<PlanNode, { kind: 'systemscan' }>): Built {
    const cols = this.namedCols(
      node,
      SEQUENCE_COLUMNS.map((c) => c.name),
      SEQUENCE_COLUMNS.map((c) => ({ type: c.type, typmod: -1 })),
    );
    const record = this.session.transaction.catalog.get(node.oid);
    const relation = record?.kind === 'relation' ? this.relationName(record.name, record.namespaceOid) : node.alias;
    const width = widthOf(cols);
    const en = explainNode(this.scanTitle('Seq Scan', relation, node), { startup: 0, total: tablePages(1, width) * SEQ_PAGE_COST + CPU_TUPLE_COST, rows: 1, width }, this.stats(node));
    this.scanNodes.add(en);
    return { en, cols };
  }

  private relationName(shapeName: string, namespaceOid: number | null): string {
    if (!this.verbose || namespaceOid === null) return quoteIdentifier(shapeName);
    const ns = this.session.transaction.catalog.get(namespaceOid);
    return ns?.kind === 'namespace' ? `${quoteIdentifier(ns.name)}.${quoteIdentifier(shapeName)}` : quoteIdentifier(shapeName);
  }

  private scanTitle(kind: string, relation: string, node: PlanNode): string {
    const alias = this.aliases.get(node) ?? relation;
    const bare = relation.includes('.') ? relation.slice(relation.lastIndexOf('.') + 1) : relation;
    return `${kind} on ${relation}${alias !== bare.replace(/^"|"$/g, '') ? ` ${quoteIdentifier(alias)}` : ''}`;
  }

  private namedCols(node: PlanNode, names: readonly string[], types: readonly { type: number; typmod: number }[]): Col[] {
    const alias = quoteIdentifier(this.aliases.get(node) ?? '');
    return names.map((n, i) => ({
      name: (prefix: boolean) => (prefix && alias !== '""' ? `${alias}.${quoteIdentifier(n)}` : quoteIdentifier(n)),
      type: types[i]?.type ?? Oid.text,
      typmod: types[i]?.typmod ?? -1,
    }));
  }

  private tableCols(node: PlanNode, table: TableShape, emitKey: boolean | undefined): Col[] {
    const record = this.session.transaction.catalog.get(table.oid);
    const typmods = record?.kind === 'relation' ? record.columns.map((c) => c.typmod) : [];
    const cols = this.namedCols(
      node,
      table.columnNames,
      table.columnTypes.map((type, i) => ({ type, typmod: typmods[i] ?? -1 })),
    );
    if (emitKey) cols.push(...this.namedCols(node, ['ctid'], [{ type: Oid.tid, typmod: -1 }]));
    return cols;
  }

  private tableRows(table: TableShape): number {
    try {
      return this.session.cluster.relations.tree(table.dbOid, table.relfilenode).count();
    } catch {
      return 0;
    }
  }

  private namespaceOf(table: TableShape): number | null {
    const record = this.session.transaction.catalog.get(table.oid);
    return record?.kind === 'relation' ? record.namespaceOid : null;
  }

  build(node: PlanNode): Built {
    const built = this.buildNode(node);
    if (this.verbose && built.en.output === null) built.en.output = built.cols.map((c) => c.name(this.outputPrefix));
    return built;
  }

  private buildNode(node: PlanNode): Built {
    switch (node.kind) {
      case 'seqscan': {
        const cols = this.tableCols(node, node.table, node.emitKey);
        const rows = this.tableRows(node.table);
        const width = widthOf(cols);
        const estimate = { startup: 0, total: tablePages(rows, width) * SEQ_PAGE_COST + rows * CPU_TUPLE_COST, rows: clampRows(rows), width };
        const en = explainNode(this.scanTitle('Seq Scan', this.relationName(node.table.name, this.namespaceOf(node.table)), node), estimate, this.stats(node));
        this.scanNodes.add(en);
        return { en, cols };
      }
      case 'indexscan':
        return this.indexScan(node, null);
      case 'systemscan': {
        if (node.sequence) return this.sequenceScan(node);
        const t = systemTableByOid(node.oid);
        const names = t?.columns.map((c) => c.name) ?? [];
        const cols = this.namedCols(
          node,
          names,
          (t?.columns ?? []).map((c) => ({ type: c.type, typmod: c.typmod ?? -1 })),
        );
        const rows = 100;
        const width = widthOf(cols);
        const relation = this.verbose && t ? `${t.namespaceOid === 11 ? 'pg_catalog' : 'information_schema'}.${t.name}` : (t?.name ?? 'system');
        const en = explainNode(this.scanTitle('Seq Scan', relation, node), { startup: 0, total: tablePages(rows, width) + rows * CPU_TUPLE_COST, rows, width }, this.stats(node));
        this.scanNodes.add(en);
        return { en, cols };
      }
      case 'functionscan':
        return this.functionScan(node);
      case 'values': {
        const width = node.rows[0]?.length ?? 0;
        const names = Array.from({ length: width }, (_, i) => `column${i + 1}`);
        const cols = this.namedCols(node, names, node.rows[0]?.map((e) => ({ type: e.type, typmod: e.typmod })) ?? []);
        const rows = node.rows.length;
        const estimate = { startup: 0, total: rows * (CPU_TUPLE_COST + CPU_OPERATOR_COST * width), rows, width: widthOf(cols) };
        const en = explainNode(this.scanTitle('Values Scan', '"*VALUES*"', node), estimate, this.stats(node));
        this.scanNodes.add(en);
        for (const row of node.rows) this.attachSubplans(en, row, []);
        return { en, cols };
      }
      case 'ctescan':
      case 'worktablescan': {
        const name = this.cteNames.get(node.id) ?? node.alias ?? 'cte';
        const names = node.columnNames ?? [];
        const cols = this.namedCols(node, names, names.map(() => ({ type: Oid.text, typmod: -1 })));
        const rows = node.kind === 'ctescan' ? DEFAULT_GROUPS * 5 : DEFAULT_GROUPS / 20;
        const estimate = { startup: 0, total: rows * 2 * CPU_TUPLE_COST, rows, width: 32 * names.length };
        const en = explainNode(this.scanTitle(node.kind === 'ctescan' ? 'CTE Scan' : 'WorkTable Scan', quoteIdentifier(name), node), estimate, this.stats(node));
        this.scanNodes.add(en);
        return { en, cols };
      }
      case 'result': {
        const cols: Col[] = [];
        const en = explainNode('Result', { startup: 0, total: 0.01, rows: 1, width: 0 }, this.stats(node));
        for (const e of node.exprs) cols.push(this.exprCol(e, [], en));
        this.attachSubplans(en, node.exprs, []);
        en.estimate.width = widthOf(cols);
        if (node.qual) {
          en.qualLabel = 'One-Time Filter';
          this.addQual(en, node.qual, []);
        }
        return { en, cols };
      }
      case 'filter': {
        if (node.input.kind === 'indexscan') return this.indexScan(node.input, node);
        const b = this.build(node.input);
        this.addQual(b.en, node.qual, b.cols);
        this.filtered(b.en, node, node.input, node.qual);
        return b;
      }
      case 'project': {
        const b = this.build(node.input);
        const cols = node.exprs.map((e) => this.exprCol(e, b.cols, b.en));
        this.attachSubplans(b.en, node.exprs, b.cols);
        b.en.stats = this.stats(node);
        b.en.estimate = { ...b.en.estimate, width: widthOf(cols) };
        if (this.verbose) b.en.output = cols.map((c) => c.name(this.outputPrefix));
        return { en: b.en, cols };
      }
      case 'nestloop':
        return explainNestLoop(this, node);
      case 'hashjoin':
        return explainHashJoin(this, node);
      case 'projectset': {
        const b = this.build(node.input);
        const en = explainNode('ProjectSet', { ...b.en.estimate }, this.stats(node), [b.en]);
        const cols = [...b.cols, ...node.functions.map((f) => this.exprCol(f, b.cols, en))];
        const rows = node.functions.reduce((m, f) => Math.max(m, seriesRows(f) ?? DEFAULT_FUNCTION_ROWS / 100), 1);
        en.estimate = { startup: b.en.estimate.startup, total: b.en.estimate.total + b.en.estimate.rows * rows * CPU_TUPLE_COST, rows: clampRows(b.en.estimate.rows * rows), width: widthOf(cols) };
        this.attachSubplans(en, node.functions, b.cols);
        return { en, cols };
      }
      case 'sort': {
        const b = this.build(node.input);
        const en = explainNode('Sort', sortCost(b.en.estimate), this.stats(node), [b.en]);
        en.details.push(`Sort Key: ${node.keys.map((k) => this.sortKeyText(k, b.cols)).join(', ')}`);
        return { en, cols: b.cols };
      }
      case 'lockrows': {
        const b = this.build(node.input);
        const input = b.en.estimate;
        const en = explainNode('LockRows', { ...input, total: input.total + input.rows * CPU_TUPLE_COST }, this.stats(node), [b.en]);
        return { en, cols: b.cols };
      }
      case 'limit': {
        const b = this.build(node.input);
        const count = node.count?.kind === 'const' && node.count.value !== null ? Number(node.count.value) : null;
        const offset = node.offset?.kind === 'const' && node.offset.value !== null ? Number(node.offset.value) : 0;
        const input = b.en.estimate;
        const rows = count === null ? Math.max(0, input.rows - offset) : Math.min(count, Math.max(0, input.rows - offset));
        const per = input.rows > 0 ? (input.total - input.startup) / input.rows : 0;
        const estimate = { startup: input.startup + per * offset, total: input.startup + per * (offset + rows), rows: clampRows(rows), width: input.width };
        const en = explainNode('Limit', estimate, this.stats(node), [b.en]);
        if (node.count) this.attachSubplans(en, [node.count], []);
        if (node.offset) this.attachSubplans(en, [node.offset], []);
        return { en, cols: b.cols };
      }
      case 'agg':
        return this.aggregate(node);
      case 'distinct': {
        const b = this.build(node.input);
        const unique = node.input.kind === 'sort';
        const input = b.en.estimate;
        const rows = clampRows(Math.min(input.rows, DEFAULT_GROUPS));
        const startup = input.total + input.rows * CPU_OPERATOR_COST * node.keys.length;
        const en = explainNode(unique ? 'Unique' : 'HashAggregate', { startup: unique ? input.startup : startup, total: startup + rows * CPU_TUPLE_COST, rows, width: input.width }, this.stats(node), [b.en]);
        if (!unique) en.details.push(`Group Key: ${node.keys.map((k) => b.cols[k]?.name(this.upperPrefix) ?? '?').join(', ')}`);
        return { en, cols: b.cols };
      }
      case 'setop':
        return explainSetOperation(this, node);
      case 'window':
        return explainWindow(this, node, this.build(node.input));
      case 'groupingsets':
        return explainGroupingSets(this, node, this.build(node.input));
      case 'ctescope': {
        const ctes = node.ctes.map((c) => ({ name: c.name ?? 'cte', b: this.build(c.plan) }));
        const b = this.build(node.input);
        b.en.initPlans.unshift(...ctes.map((c) => ({ label: `CTE ${quoteIdentifier(c.name)}`, node: c.b.en })));
        return b;
      }
      case 'recursiveunion': {
        const left = this.build(node.nonRecursive);
        const right = this.build(node.recursive);
        const l = left.en.estimate;
        const r = right.en.estimate;
        const rows = clampRows(l.rows + 10 * r.rows);
        const en = explainNode('Recursive Union', { startup: 0, total: l.total + 10 * r.total, rows, width: Math.max(l.width, r.width) }, this.stats(node), [left.en, right.en]);
        return { en, cols: left.cols };
      }
      default: {
        // every kind has its case; a kind added later still prints, under its own name
        node satisfies never;
        const children = planChildren(node).map((c) => this.build(c));
        const first = children[0];
        const estimate = first ? { ...first.en.estimate } : { startup: 0, total: 0, rows: 1, width: 0 };
        const title = (node as PlanNode).kind.replace(/^./, (c: string) => c.toUpperCase());
        return { en: explainNode(title, estimate, this.stats(node), children.map((c) => c.en)), cols: first?.cols ?? [] };
      }
    }
  }

  /** Statistics after the filter, and how many rows it removed; the estimate scaled by its selectivity. */
  private filtered(en: ExplainNode, filter: PlanNode, input: PlanNode, qual: Expr | null): void {
    const below = this.stats(input);
    const above = this.stats(filter);
    en.stats = above;
    en.removedByFilter = () => (below()?.rows ?? 0) - (above()?.rows ?? 0);
    if (qual) {
      const e = en.estimate;
      en.estimate = { ...e, total: e.total + e.rows * CPU_OPERATOR_COST * Math.max(1, operatorCount(qual)), rows: clampRows(e.rows * selectivity(qual)) };
    }
  }

  private sortKeyText(k: SortKey, cols: readonly Col[]): string {
    const col = cols[k.index];
    let t = col ? col.name(this.upperPrefix) : '?';
    if (!/^[\w."]+$/.test(t)) t = `(${t})`;
    if (k.descending) t += ' DESC';
    if (k.nullsFirst !== k.descending) t += k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    return t;
  }

  private indexScan(node: Extract<PlanNode, { kind: 'indexscan' }>, filter: Extract<PlanNode, { kind: 'filter' }> | null): Built {
    const table = node.table;
    const path = node.path;
    const cols = this.tableCols(node, table, node.emitKey);
    const keyCols = path.index ? path.index.columns : (table.primaryKey ?? []);
    const indexName = path.index ? path.index.name : (table.primaryKeyName ?? `${table.name}_pkey`);
    const title = this.scanTitle(`Index Scan${path.reverse ? ' Backward' : ''} using ${quoteIdentifier(indexName)}`, this.relationName(table.name, this.namespaceOf(table)), node);
    const rows = this.tableRows(table);
    const width = widthOf(cols);
    const unique = path.index ? path.index.unique : table.primaryKey !== null;
    const found = indexPathRows(rows, {
      equal: path.equal.length,
      anyOf: path.anyOf?.length ?? null,
      lower: path.lower !== null,
      upper: path.upper !== null,
      unique,
      keyColumns: keyCols.length,
    });
    const pages = tablePages(rows, width);
    const fetched = Math.min(pages, Math.max(1, Math.ceil((found * (width + 28)) / 8192)));
    const startup = path.used > 0 || rows > 0 ? 0.29 : 0;
    const estimate: Estimate = { startup, total: startup + RANDOM_PAGE_COST * (1 + fetched) + found * (CPU_TUPLE_COST + CPU_INDEX_TUPLE_COST), rows: clampRows(found), width };
    const en = explainNode(title, estimate, this.stats(node));
    this.scanNodes.add(en);
    const prefix = this.verbose;
    // an expression column prints as the expression
    const colName = (k: number) => {
      const e = path.keyExprs?.[k];
      return e ? this.text(e, cols, prefix, en) : (cols[keyCols[k]!]?.name(prefix) ?? '?');
    };
    // the conditions the path answers, as the matching parts of the filter print them
    const parts: string[] = [];
    const consumed = new Set<string>();
    const conds = filter ? conjuncts(filter.qual) : [];
    const condTexts = conds.map((c) => this.text(c, cols, prefix, en));
    const take = (col: string, op: string, value: Expr) => {
      const v = this.text(value, [], prefix, en);
      const forms = [`(${col} ${op} ${v})`, `(${v} ${FLIP[op]} ${col})`];
      const i = condTexts.findIndex((t) => forms.includes(t));
      parts.push(forms[0]!);
      if (i >= 0) consumed.add(condTexts[i]!);
    };
    path.equal.forEach((v, k) => take(colName(k), '=', v));
    const next = path.equal.length;
    if (path.anyOf) {
      const onKey = (x: Expr) => (path.keyExprs?.[next] ? this.text(x, cols, prefix, en) === colName(next) : columnIndex(x) === keyCols[next]);
      const i = conds.findIndex((c) => c.kind === 'inlist' && c.any && onKey(c.comparisons[0]!.args[0]!));
      if (i >= 0) {
        parts.push(condTexts[i]!);
        consumed.add(condTexts[i]!);
      } else {
        parts.push(`(${colName(next)} = ANY (ARRAY[${path.anyOf.map((v) => this.text(v, [], prefix, en)).join(', ')}]))`);
      }
    }
    if (path.lower) take(colName(next), path.lower.inclusive ? '>=' : '>', path.lower.value);
    if (path.upper) take(colName(next), path.upper.inclusive ? '<=' : '<', path.upper.value);
    if (parts.length > 0) en.details.push(`Index Cond: ${parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`}`);
    if (filter) {
      condTexts.forEach((t) => {
        if (!consumed.has(t)) en.quals.push(t);
      });
      const rest = conds.filter((_, i) => !consumed.has(condTexts[i]!));
      this.filtered(en, filter, node, rest.length > 0 ? { kind: 'and', args: rest, type: Oid.bool, typmod: -1 } : null);
    }
    return { en, cols };
  }

  private functionScan(node: Extract<PlanNode, { kind: 'functionscan' }>): Built {
    const first = node.functions[0];
    const fname = first?.kind === 'func' ? first.proc.proname : 'function';
    const names = node.columnNames ?? [];
    const types: { type: number; typmod: number }[] = [];
    node.functions.forEach((f) => {
      const outs = f.kind === 'func' && f.proc.proretset ? outColumns(f.proc) : null;
      if (outs) types.push(...outs.map((o) => ({ type: o.type, typmod: -1 })));
      else types.push({ type: f.type, typmod: f.typmod });
    });
    if (node.ordinality) types.push({ type: Oid.int8, typmod: -1 });
    const cols = this.namedCols(node, names, types);
    const rows = node.functions.reduce((m, f) => Math.max(m, f.kind === 'func' && f.proc.proretset ? (seriesRows(f) ?? DEFAULT_FUNCTION_ROWS) : 1), 1);
    const estimate = { startup: 0, total: rows * CPU_TUPLE_COST, rows, width: widthOf(cols) };
    const title = node.functions.length > 1 ? 'Function Scan on "rows from"' : this.scanTitle('Function Scan', this.verbose && first?.kind === 'func' ? `${first.proc.namespace}.${quoteIdentifier(fname)}` : quoteIdentifier(fname), node);
    const en = explainNode(title, estimate, this.stats(node));
    this.scanNodes.add(en);
    this.attachSubplans(en, node.functions, []);
    return { en, cols };
  }

  private aggregate(node: Extract<PlanNode, { kind: 'agg' }>): Built {
    const b = this.build(node.input);
    const input = b.en.estimate;
    const rows = node.grouped ? clampRows(Math.min(input.rows, node.keys.length === 0 ? 1 : DEFAULT_GROUPS)) : 1;
    const startup = input.total + input.rows * CPU_OPERATOR_COST * (node.keys.length + node.aggs.length);
    const hashed = node.grouped && node.keys.length > 0;
    const en = explainNode(hashed ? 'HashAggregate' : 'Aggregate', { startup, total: startup + rows * CPU_TUPLE_COST, rows, width: 0 }, this.stats(node), [b.en]);
    const keyCols = node.keys.map((k) => this.exprCol(k, b.cols, en));
    if (hashed) en.details.push(`Group Key: ${keyCols.map((c) => c.name(this.upperPrefix)).join(', ')}`);
    const aggCols = node.aggs.map((a) => this.aggCol(a, b.cols, en));
    const cols = [...keyCols, ...aggCols];
    en.estimate.width = widthOf(cols);
    return { en, cols };
  }

  aggCol(a: AggSpec, cols: readonly Col[], owner: ExplainNode): Col {
    return {
      name: (prefix) => {
        const args = a.args.length === 0 && a.proc.proname === 'count' ? '*' : a.args.map((x) => this.text(x, cols, prefix, owner)).join(', ');
        const order = a.order.length
          ? ` ORDER BY ${a.order.map((o) => `${this.text(o.expr, cols, prefix, owner)}${o.descending ? ' DESC' : ''}${o.nullsFirst !== o.descending ? (o.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`).join(', ')}`
          : '';
        const filter = a.filter ? ` FILTER (WHERE ${this.text(a.filter, cols, prefix, owner)})` : '';
        return `${quoteIdentifier(a.proc.proname)}(${a.distinct ? 'DISTINCT ' : ''}${args}${order})${filter}`;
      },
      type: a.resultType,
      typmod: -1,
    };
  }
}
