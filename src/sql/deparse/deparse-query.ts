// The query deparser: prints an analyzed SELECT the way PostgreSQL 15's ruleutils prints a view
// (pg_get_viewdef): one select-list item per line (or wrapped at `wrapColumn`), FROM, WHERE,
// GROUP BY, HAVING, ORDER BY, OFFSET and LIMIT (or FETCH FIRST ... WITH TIES) on lines of
// their own, columns qualified with their FROM item's name (a view's range table always has
// several entries in PostgreSQL 15), subqueries indented under the clause they appear in.
// Expressions go through deparse-expr.ts.
// Requires: a SELECT over tables, views, subqueries and joins with ON conditions; set
// operations, WITH, VALUES and functions in FROM fail with 0A000 (the caller falls back).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { notSupported } from '../../errors.js';
import type { FromNode, RangeEntry } from '../analyze/range-table.js';
import type { Query, SelectQuery, TargetEntry } from '../analyze/query.js';
import { relationByOid } from '../catalog-access.js';
import type { Expr } from '../expr/expr.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';
import type { Session } from '../session.js';
import { typeNaming } from './catalog-exprs.js';
import { Deparser } from './deparse-expr.js';
import { relationName } from './object-defs.js';
import { formatTypeName } from './type-names.js';

const STD = 8;
const VAR = 4;
const JOIN = 4;

export interface QueryDeparseOptions {
  prettyParen: boolean;
  /** Wrap the select list at this column (0: one item per line; negative: never). */
  wrapColumn: number;
}

class QueryPrinter {
  private readonly stack: SelectQuery[] = [];
  readonly d: Deparser;

  constructor(
    private readonly session: Session,
    private readonly catalog: CatalogTxn,
    private readonly o: QueryDeparseOptions,
  ) {
    const naming = typeNaming(session, catalog);
    this.d = new Deparser({
      prettyParen: o.prettyParen,
      prettyIndent: true,
      types: session.types,
      names: {
        column: (v) => {
          const q = this.stack[this.stack.length - 1 - v.levelsUp];
          const r = q?.ranges[v.range];
          if (!r) throw notSupported('deparsing this column reference');
          return `${quoteIdentifier(r.alias)}.${quoteIdentifier(r.columnNames[v.column]!)}`;
        },
        typeName: (oid, typmod) => formatTypeName(oid, typmod, true, naming),
        subquery: (link) => this.query(link.query, null, this.d.indentLevel),
      },
    });
  }

  query(q: Query, outputNames: readonly string[] | null, startIndent: number): void {
    if (q.kind !== 'select' || q.ctes.length > 0) throw notSupported('deparsing set operations and WITH');
    const d = this.d;
    const saved = d.indentLevel;
    d.indentLevel = startIndent;
    this.stack.push(q);
    d.indentLevel += STD;
    d.out += ' SELECT';
    if (q.distinct) {
      if (q.distinct.on) {
        d.out += ' DISTINCT ON (';
        q.distinct.on.forEach((t, i) => {
          if (i > 0) d.out += ', ';
          d.expr(q.targets[t]!.expr, false);
        });
        d.out += ')';
      } else d.out += ' DISTINCT';
    }
    this.targetList(q.targets, outputNames);
    q.from.forEach((node, i) => {
      if (i === 0) d.keyword(' FROM ', -STD, STD, 2);
      else d.out += ', ';
      this.fromItem(q, node);
    });
    if (q.where) {
      d.keyword(' WHERE ', -STD, STD, 1);
      d.expr(q.where, false);
    }
    if (q.groupBy.length > 0) {
      d.keyword(' GROUP BY ', -STD, STD, 1);
      q.groupBy.forEach((t, i) => {
        if (i > 0) d.out += ', ';
        this.sortGroupItem(q.targets[t]!.expr);
      });
    }
    if (q.having) {
      d.keyword(' HAVING ', -STD, STD, 0);
      d.expr(q.having, false);
    }
    if (q.sort.length > 0) {
      d.keyword(' ORDER BY ', -STD, STD, 1);
      q.sort.forEach((s, i) => {
        if (i > 0) d.out += ', ';
        this.sortGroupItem(q.targets[s.target]!.expr);
        if (s.descending) d.out += s.nullsFirst ? ' DESC' : ' DESC NULLS LAST';
        else if (s.nullsFirst) d.out += ' NULLS FIRST';
      });
    }
    if (q.offset) {
      d.keyword(' OFFSET ', -STD, STD, 0);
      d.expr(q.offset, false);
    }
    if (q.limit && q.withTies) {
      d.keyword(' FETCH FIRST ', -STD, STD, 0);
      d.out += '(';
      d.expr(q.limit, false);
      d.out += ') ROWS WITH TIES';
    } else if (q.limit) {
      d.keyword(' LIMIT ', -STD, STD, 0);
      d.expr(q.limit, false);
    }
    this.stack.pop();
    d.indentLevel = saved;
  }

  /** get_target_list, with ruleutils' line wrapping. */
  private targetList(targets: readonly TargetEntry[], outputNames: readonly string[] | null): void {
    const d = this.d;
    let sep = ' ';
    let colno = 0;
    let lastMultiline = false;
    for (const t of targets) {
      if (t.junk) continue;
      d.out += sep;
      sep = ', ';
      colno++;
      const before = d.out;
      d.out = '';
      d.expr(t.expr, true);
      const attname = t.expr.kind === 'var' ? this.columnName(t.expr) : '?column?';
      const colname = outputNames?.[colno - 1] ?? t.name;
      if (attname !== colname) d.out += ` AS ${quoteIdentifier(colname)}`;
      const item = d.out;
      d.out = before;
      if (this.o.wrapColumn >= 0) {
        if (item.startsWith('\n')) d.out = d.out.replace(/ +$/, '');
        else {
          const line = d.out.slice(d.out.lastIndexOf('\n') + 1);
          if (colno > 1 && (line.length + item.length > this.o.wrapColumn || lastMultiline)) d.keyword('', -STD, STD, VAR);
        }
        lastMultiline = item.slice(item.startsWith('\n') ? 1 : 0).includes('\n');
      }
      d.out += item;
    }
  }

  private columnName(v: Extract<Expr, { kind: 'var' }>): string {
    const q = this.stack[this.stack.length - 1 - v.levelsUp]!;
    return q.ranges[v.range]!.columnNames[v.column]!;
  }

  /** get_rule_sortgroupclause: a constant is labelled, a non-column expression parenthesized when pretty. */
  private sortGroupItem(e: Expr): void {
    const d = this.d;
    if (e.kind === 'const' || e.kind === 'var') {
      d.expr(e, true);
      return;
    }
    const paren = this.o.prettyParen || (e.kind === 'func' && e.format === 'call') || e.kind === 'agg';
    if (paren) d.out += '(';
    d.expr(e, true);
    if (paren) d.out += ')';
  }

  private fromItem(q: SelectQuery, node: FromNode): void {
    const d = this.d;
    const range = q.ranges[node.range]!;
    if (node.kind === 'range') {
      this.rangeItem(range);
      return;
    }
    const parenRight = this.o.prettyParen && node.right.kind !== 'range';
    if (!this.o.prettyParen) d.out += '(';
    this.fromItem(q, node.left);
    const kind = node.type === 'inner' ? (node.quals ? ' JOIN ' : ' CROSS JOIN ') : ` ${node.type.toUpperCase()} JOIN `;
    d.keyword(kind, -STD, STD, JOIN);
    if (parenRight) d.out += '(';
    this.fromItem(q, node.right);
    if (parenRight) d.out += ')';
    if (node.quals) {
      d.out += ' ON ';
      if (!this.o.prettyParen) d.out += '(';
      d.expr(node.quals, false);
      if (!this.o.prettyParen) d.out += ')';
    } else if (node.type !== 'inner') d.out += ' ON TRUE';
    if (!this.o.prettyParen) d.out += ')';
  }

  private rangeItem(r: RangeEntry): void {
    const d = this.d;
    let name: string;
    const relOid = r.table?.record.oid ?? r.viewOid ?? r.systemOid;
    if (relOid !== undefined) {
      const rel = relationByOid(this.catalog, relOid);
      if (!rel) throw notSupported('deparsing a dropped relation');
      d.out += relationName(this.session, this.catalog, rel);
      name = rel.name;
    } else if (r.kind === 'subquery' && r.subquery) {
      d.out += '(';
      this.query(r.subquery, null, d.indentLevel);
      d.out += ')';
      name = '';
    } else throw notSupported(`deparsing a FROM item of kind ${r.kind}`);
    if (r.alias !== name) d.out += ` ${quoteIdentifier(r.alias)}`;
  }
}

/** The text of a query as pg_get_viewdef prints it (without the final ';'). */
export function deparseQuery(session: Session, catalog: CatalogTxn, q: Query, outputNames: readonly string[] | null, o: QueryDeparseOptions): string {
  const printer = new QueryPrinter(session, catalog, o);
  printer.query(q, outputNames, 0);
  return printer.d.out;
}
