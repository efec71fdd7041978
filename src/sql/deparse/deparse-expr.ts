// The expression deparser: turns an analyzed expression tree (expr/expr.ts) back into SQL text
// exactly as PostgreSQL's ruleutils prints it (pg_get_expr, pg_get_constraintdef,
// information_schema column defaults). Operators, casts and boolean forms are parenthesized
// in full unless `prettyParen` (the pretty flag of pg_get_expr & co.) asks for only the
// parentheses precedence needs; CASE goes on indented lines under `prettyIndent`. Names of
// columns, types, functions and subqueries come from a NameResolver, so the same printer serves
// catalog expressions (bare column names) and plan expressions (columns qualified with their
// FROM item's alias, for EXPLAIN).
// Invariant: what it prints reads back (in the same catalog) as an equivalent expression; the
// only node kinds it cannot print (subqueries without a resolver) fail with 0A000.
import { notSupported } from '../../errors.js';
import type { ProcRow } from '../../catalog/builtins.js';
import { quoteIdentifier } from '../expr/functions/string-format.js';
import type { CaseExpr, ColumnExpr, Expr, FuncExpr, SubLinkExpr, VarExpr } from '../expr/expr.js';
import type { TypeContext } from '../types/typeio.js';
import { Oid } from '../types/oids.js';
import { deparseConst } from './deparse-const.js';
import { isSimpleNode, normalize } from './paren-rules.js';

/** How names are printed. */
export interface NameResolver {
  /** A column reference (qualified with its FROM item's alias when the resolver wants that). */
  column(v: VarExpr): string;
  /** format_type_with_typemod. */
  typeName(oid: number, typmod: number): string;
  /** A function's name as a call would need it (qualified when not visible). */
  functionName?(proc: ProcRow): string;
  /** Writes a subquery's SELECT into the deparser (ruleutils' get_query_def at its indentation). */
  subquery?(link: SubLinkExpr, into: Deparser): void;
  /** Plan expressions (EXPLAIN): a column of the node's input row by position. */
  position?(c: ColumnExpr): string;
  /** Plan expressions: what an exec parameter stands for (the outer value), if known. */
  execParam?(slot: number): string | undefined;
  /** Plan expressions: a planned subquery as EXPLAIN names it ("(SubPlan 1)", "$0"). */
  subplan?(link: SubLinkExpr): string | undefined;
}

export interface DeparseOptions {
  /** PRETTYFLAG_PAREN: print only the parentheses operator precedence needs. */
  prettyParen: boolean;
  /** PRETTYFLAG_INDENT: CASE on indented lines. */
  prettyIndent: boolean;
  names: NameResolver;
  /** Settings constants are printed under (DateStyle, ...). */
  types: TypeContext;
}

const PRETTYINDENT_STD = 8;
const PRETTYINDENT_VAR = 4;
const PRETTYINDENT_LIMIT = 40;

/** Deparses an expression; `showImplicit` false hides a top-level implicit cast, as ruleutils does. */
export function deparseExpr(e: Expr, options: DeparseOptions, showImplicit = false): string {
  const d = new Deparser(options);
  d.expr(e, showImplicit);
  return d.out;
}

/** The printer's state: the text so far and the indentation (shared with the query printer). */
export class Deparser {
  out = '';
  indentLevel = 0;

  constructor(readonly o: DeparseOptions) {}

  /** appendContextKeyword: with indentation, a new line at the adjusted indentation first. */
  keyword(str: string, indentBefore: number, indentAfter: number, indentPlus: number): void {
    if (!this.o.prettyIndent) {
      this.out += str;
      return;
    }
    this.indentLevel += indentBefore;
    this.out = this.out.replace(/ +$/, '') + '\n';
    const amount =
      this.indentLevel < PRETTYINDENT_LIMIT
        ? Math.max(this.indentLevel, 0) + indentPlus
        : ((PRETTYINDENT_LIMIT + Math.trunc((this.indentLevel - PRETTYINDENT_LIMIT) / (PRETTYINDENT_STD / 2))) % PRETTYINDENT_LIMIT) + indentPlus;
    this.out += ' '.repeat(amount) + str;
    this.indentLevel = Math.max(0, this.indentLevel + indentAfter);
  }

  private open(): void {
    if (!this.o.prettyParen) this.out += '(';
  }

  private close(): void {
    if (!this.o.prettyParen) this.out += ')';
  }

  /** get_rule_expr_paren: parentheses in pretty mode where the node is not simple under its parent. */
  private paren(e: Expr, showImplicit: boolean, parent: Expr): void {
    const need = this.o.prettyParen && !isSimpleNode(normalize(e), normalize(parent), this.o.prettyParen);
    if (need) this.out += '(';
    this.expr(e, showImplicit);
    if (need) this.out += ')';
  }

  private list(items: readonly Expr[], showImplicit: boolean): void {
    items.forEach((x, i) => {
      if (i > 0) this.out += ', ';
      this.expr(x, showImplicit);
    });
  }

  expr(input: Expr, showImplicit: boolean): void {
    const e = normalize(input);
    switch (e.kind) {
      case 'const':
        this.out += deparseConst(e, 0, this.o.types, this.o.names.typeName);
        return;
      case 'param':
        this.out += `$${e.index + 1}`;
        return;
      case 'execparam':
        this.out += this.o.names.execParam?.(e.slot) ?? `$${e.slot + 1}`;
        return;
      case 'var':
        this.out += this.o.names.column(e);
        return;
      case 'column':
        this.out += this.o.names.position ? this.o.names.position(e) : quoteIdentifier(e.name);
        return;
      case 'func':
        this.func(e, showImplicit);
        return;
      case 'relabel':
      case 'iocoerce':
      case 'arraycoerce':
        if (!showImplicit) this.paren(e.arg, false, e);
        else this.coercion(e.arg, e.type, e.kind === 'iocoerce' ? -1 : e.typmod, e);
        return;
      case 'and':
      case 'or': {
        this.open();
        e.args.forEach((a, i) => {
          if (i > 0) this.out += e.kind === 'and' ? ' AND ' : ' OR ';
          this.paren(a, false, e);
        });
        this.close();
        return;
      }
      case 'not':
        this.open();
        this.out += 'NOT ';
        this.paren(e.args[0]!, false, e);
        this.close();
        return;
      case 'case':
        this.caseExpr(e);
        return;
      case 'casetest':
        this.out += 'CASE_TEST_EXPR';
        return;
      case 'coalesce':
      case 'greatest':
      case 'least':
        this.out += `${e.kind.toUpperCase()}(`;
        this.list(e.args, true);
        this.out += ')';
        return;
      case 'nullif':
        this.out += 'NULLIF(';
        this.list(e.equals.args, true);
        this.out += ')';
        return;
      case 'distinct':
        this.open();
        this.paren(e.equals.args[0]!, true, e);
        this.out += ' IS DISTINCT FROM ';
        this.paren(e.equals.args[1]!, true, e);
        this.close();
        return;
      case 'nulltest':
        this.open();
        this.paren(e.arg, true, e);
        this.out += e.isNull ? ' IS NULL' : ' IS NOT NULL';
        this.close();
        return;
      case 'booltest':
        this.open();
        this.paren(e.arg, false, e);
        this.out += ` ${e.test.replaceAll('_', ' ')}`;
        this.close();
        return;
      case 'inlist': {
        const first = e.comparisons[0]!;
        this.open();
        this.paren(first.args[0]!, true, e);
        this.out += ` ${first.operator?.oprname ?? first.proc.proname} ${e.any ? 'ANY' : 'ALL'} (ARRAY[`;
        this.list(
          e.comparisons.map((c) => c.args[1]!),
          true,
        );
        this.out += '])';
        this.close();
        return;
      }
      case 'scalararrayop':
        this.open();
        this.paren(e.args[0], true, e);
        this.out += ` ${e.operator.oprname} ${e.any ? 'ANY' : 'ALL'} (`;
        this.paren(e.args[1], true, e);
        this.out += ')';
        this.close();
        return;
      case 'sessionvalue':
        this.out += e.name.toUpperCase() + (e.typmod >= 0 && /time/.test(e.name) ? `(${e.typmod})` : '');
        return;
      case 'array':
        this.out += 'ARRAY[';
        this.list(e.elements, true);
        this.out += ']';
        if (e.elements.length === 0) this.out += `::${this.o.names.typeName(e.type, -1)}`;
        return;
      case 'subscript': {
        const bare = normalize(e.arg).kind === 'var';
        if (!bare) this.out += '(';
        this.expr(e.arg, showImplicit);
        if (!bare) this.out += ')';
        e.upper.forEach((u, i) => {
          this.out += '[';
          const lower = e.lower?.[i];
          if (e.lower) {
            if (lower) this.expr(lower, false);
            this.out += ':';
          }
          if (u) this.expr(u, false);
          this.out += ']';
        });
        return;
      }
      case 'agg':
        this.aggregate(e);
        return;
      case 'sublink':
        this.sublink(e);
        return;
      case 'row':
        // a whole-row reference prints as the ROW() of its columns
        this.out += 'ROW(';
        this.list(e.args, true);
        this.out += ')';
        if (e.type !== Oid.record && !e.wholeRow) this.out += `::${this.o.names.typeName(e.type, -1)}`;
        return;
      case 'rowcompare': {
        const op = e.compare[0]!.operator?.oprname ?? e.strategy;
        this.out += '(ROW(';
        this.list(e.largs, true);
        this.out += `) ${op} ROW(`;
        this.list(e.rargs, true);
        this.out += '))';
        return;
      }
      case 'fieldselect': {
        const desc = e.arg.kind === 'row' ? e.arg.desc : undefined;
        this.out += '(';
        this.expr(e.arg, true);
        this.out += `).${quoteIdentifier(desc?.names[e.field] ?? `f${e.field + 1}`)}`;
        return;
      }
    }
  }

  /** get_coercion_expr: `arg::type`, a constant of the target type printed bare before the label. */
  private coercion(arg: Expr, type: number, typmod: number, parent: Expr): void {
    const a = normalize(arg);
    if (a.kind === 'const' && a.type === type && a.typmod === -1) {
      this.out += deparseConst(a, -1, this.o.types, this.o.names.typeName);
    } else {
      this.open();
      this.paren(arg, false, parent);
      this.close();
    }
    this.out += `::${this.o.names.typeName(type, typmod)}`;
  }

  private func(e: FuncExpr, showImplicit: boolean): void {
    if (e.format === 'operator') {
      this.open();
      if (e.args.length === 2) {
        this.paren(e.args[0]!, true, e);
        this.out += ` ${e.operator!.oprname} `;
        this.paren(e.args[1]!, true, e);
      } else {
        this.out += `${e.operator!.oprname} `;
        this.paren(e.args[0]!, true, e);
      }
      this.close();
      return;
    }
    if (e.format === 'cast' || e.format === 'implicit') {
      if (!showImplicit) this.paren(e.args[0]!, false, e);
      else this.coercion(e.args[0]!, e.type, e.typmod, e);
      return;
    }
    this.out += `${this.o.names.functionName?.(e.proc) ?? quoteIdentifier(e.proc.proname)}(`;
    this.list(e.args, true);
    this.out += ')';
  }

  private caseExpr(e: CaseExpr): void {
    this.keyword('CASE', 0, PRETTYINDENT_VAR, 0);
    if (e.arg) {
      this.out += ' ';
      this.expr(e.arg, true);
    }
    for (const w of e.whens) {
      let cond = w.when;
      if (e.arg && cond.kind === 'func' && cond.format === 'operator' && cond.args.length === 2 && stripImplicit(cond.args[0]!).kind === 'casetest') {
        cond = cond.args[1]!;
      }
      if (!this.o.prettyIndent) this.out += ' ';
      this.keyword('WHEN ', 0, 0, 0);
      this.expr(cond, false);
      this.out += ' THEN ';
      this.expr(w.then, true);
    }
    if (!this.o.prettyIndent) this.out += ' ';
    this.keyword('ELSE ', 0, 0, 0);
    this.expr(e.otherwise, true);
    if (!this.o.prettyIndent) this.out += ' ';
    this.keyword('END', -PRETTYINDENT_VAR, 0, 0);
  }

  private aggregate(e: Extract<Expr, { kind: 'agg' }>): void {
    this.out += `${this.o.names.functionName?.(e.proc) ?? quoteIdentifier(e.proc.proname)}(${e.distinct ? 'DISTINCT ' : ''}`;
    if (e.star) this.out += '*';
    else this.list(e.args, true);
    if (e.order.length > 0) {
      this.out += ' ORDER BY ';
      e.order.forEach((k, i) => {
        if (i > 0) this.out += ', ';
        this.expr(k.expr, false);
        if (k.descending) this.out += ' DESC';
        if (k.nullsFirst !== k.descending) this.out += k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
      });
    }
    if (e.filter) {
      this.out += ') FILTER (WHERE ';
      this.expr(e.filter, false);
    }
    this.out += ')';
  }

  /** get_sublink_expr: `(x IN ( SELECT ...))`, `(EXISTS ( SELECT ...))`, `( SELECT ...)`. */
  private sublink(e: SubLinkExpr): void {
    const planned = this.o.names.subplan?.(e);
    if (planned !== undefined) {
      this.out += planned;
      return;
    }
    const subquery = this.o.names.subquery;
    if (!subquery) throw notSupported('deparsing a subquery');
    this.out += e.linkType === 'array' ? 'ARRAY(' : '(';
    let op = '';
    if (e.lhs.length === 1) {
      this.expr(e.lhs[0]!, true);
      op = e.compare[0]?.operator?.oprname ?? '=';
    } else if (e.lhs.length > 1) {
      this.out += '(';
      this.list(e.lhs, true);
      this.out += ')';
      op = e.compare[0]?.operator?.oprname ?? '=';
    }
    let paren = true;
    if (e.linkType === 'exists') this.out += 'EXISTS ';
    else if (e.linkType === 'any') this.out += op === '=' ? ' IN ' : ` ${op} ANY `;
    else if (e.linkType === 'all') this.out += ` ${op} ALL `;
    else if (e.linkType === 'rowcompare') this.out += ` ${op} `;
    else paren = false;
    if (paren) this.out += '(';
    subquery(e, this);
    this.out += paren ? '))' : ')';
  }
}

/** strip_implicit_coercions: casts Treeline cannot tell apart from implicit ones. */
function stripImplicit(e: Expr): Expr {
  if (e.kind === 'relabel' || e.kind === 'iocoerce' || e.kind === 'arraycoerce') return stripImplicit(e.arg);
  if (e.kind === 'func' && (e.format === 'cast' || e.format === 'implicit')) return stripImplicit(e.args[0]!);
  return e;
}
