// The shape rules of WITH RECURSIVE, checked on the raw parse tree as PostgreSQL's parse_cte.c
// checks them before analysis: which WITH items refer to which (a name defined by an inner WITH
// hides the outer one), the order items must be analyzed in (a recursive WITH may refer to later
// items; a cycle through two or more items is 0A000 "mutual recursion"), and where a recursive
// item may read itself: exactly once, in the recursive term of its top-level UNION, not inside a
// subquery, an outer join's nullable side, INTERSECT ALL or EXCEPT, and with no ORDER BY, LIMIT,
// OFFSET or FOR UPDATE on that UNION (42P19 / 0A000, positioned as PostgreSQL positions them).
import { SqlState } from '../../errors.js';
import type { Node } from '../parser.js';
import type { ParseState } from './parse-state.js';

type Context = 'ok' | 'nonrecursive' | 'sublink' | 'outerjoin' | 'intersect' | 'except';

const CONTEXT_WORDS: Record<Exclude<Context, 'ok'>, string> = {
  nonrecursive: 'within its non-recursive term',
  sublink: 'within a subquery',
  outerjoin: 'within an outer join',
  intersect: 'within INTERSECT',
  except: 'within EXCEPT',
};

/** Calls `found` for each RangeVar naming `name` (unqualified) that is not hidden by an inner WITH. */
function visitReferences(node: unknown, name: string, found: (rv: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) visitReferences(n, name, found);
    return;
  }
  const obj = node as Record<string, unknown>;
  const rv = obj.RangeVar as Node | undefined;
  if (rv) {
    if (rv.relname === name && !rv.schemaname) found(rv);
    return;
  }
  const withClause = obj.withClause as Node | undefined;
  if (withClause) {
    const ctes = (withClause.ctes ?? []) as Node[];
    const at = ctes.findIndex((c) => c.CommonTableExpr.ctename === name);
    if (at >= 0) {
      // an inner WITH item of the same name hides ours: in all of a RECURSIVE WITH, else after it
      if (!withClause.recursive) for (const c of ctes.slice(0, at + 1)) visitReferences(c.CommonTableExpr.ctequery, name, found);
      return;
    }
  }
  for (const v of Object.values(obj)) visitReferences(v, name, found);
}

/** Whether a WITH item's query refers to `name`. */
export function refersTo(query: unknown, name: string): boolean {
  let found = false;
  visitReferences(query, name, () => (found = true));
  return found;
}

/**
 * The order to analyze a WITH RECURSIVE clause's items in: each after the items it reads
 * (PostgreSQL's TopologicalSort); items keep their written order where they may.
 */
export function recursiveWithOrder(ps: ParseState, ctes: readonly Node[]): Node[] {
  const names = ctes.map((c) => c.CommonTableExpr.ctename as string);
  const deps = ctes.map((c, i) => new Set(names.map((n, j) => (j !== i && refersTo(c.CommonTableExpr.ctequery, n) ? j : -1)).filter((j) => j >= 0)));
  const done = new Set<number>();
  const order: Node[] = [];
  while (order.length < ctes.length) {
    const next = ctes.findIndex((_, i) => !done.has(i) && [...deps[i]!].every((j) => done.has(j)));
    if (next < 0) {
      const stuck = ctes.findIndex((_, i) => !done.has(i));
      throw ps.error(SqlState.FeatureNotSupported, 'mutual recursion between WITH items is not implemented', ctes[stuck]!.CommonTableExpr.location);
    }
    done.add(next);
    order.push(ctes[next]!);
  }
  return order;
}

/**
 * Checks a recursive WITH item `name` whose query is `select` (a UNION, already checked to be
 * one, whose left side has been found not to refer to it): where the recursive term reads it,
 * and what decorates the UNION.
 */
export function checkRecursiveTerm(ps: ParseState, name: string, select: Node): void {
  const checker = new RecursionChecker(ps, name);
  checker.select(select.larg, 'nonrecursive');
  checker.select(select.rarg, 'ok');
  if (select.withClause) checker.walk(select.withClause.ctes, 'sublink');
  const notImplemented = (what: string, node: Node | undefined, location: number | undefined) =>
    ps.error(SqlState.FeatureNotSupported, `${what} in a recursive query is not implemented`, location ?? nodeLocation(node));
  if (select.sortClause?.length) throw notImplemented('ORDER BY', select.sortClause[0].SortBy?.node, undefined);
  if (select.limitOffset) throw notImplemented('OFFSET', select.limitOffset, undefined);
  if (select.limitCount) throw notImplemented('LIMIT', select.limitCount, undefined);
  if (select.lockingClause?.length) throw notImplemented('FOR UPDATE/SHARE', undefined, -1);
}

/** The location of an expression node of the raw tree: its own, or its first operand's. */
function nodeLocation(node: Node | undefined): number {
  if (!node || typeof node !== 'object') return -1;
  const body = Object.values(node)[0] as Node | undefined;
  if (body && typeof body === 'object' && typeof body.location === 'number') return body.location;
  return -1;
}

class RecursionChecker {
  private references = 0;

  constructor(
    private readonly ps: ParseState,
    private readonly name: string,
  ) {}

  walk(node: unknown, context: Context): void {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) this.walk(n, context);
      return;
    }
    const obj = node as Record<string, unknown>;
    const [kind, body] = Object.entries(obj)[0] ?? [];
    if (kind === 'RangeVar') return this.reference(body as Node, context);
    if (kind === 'SelectStmt') return this.select(body as Node, context);
    if (kind === 'JoinExpr') return this.join(body as Node, context);
    if (kind === 'SubLink') {
      const link = body as Node;
      this.walk(link.testexpr, context);
      this.walk(link.subselect, 'sublink');
      return;
    }
    for (const v of Object.values(obj)) this.walk(v, context);
  }

  private reference(rv: Node, context: Context): void {
    if (rv.relname !== this.name || rv.schemaname) return;
    const position = rv.location as number;
    if (context !== 'ok') {
      throw this.ps.error(SqlState.InvalidRecursion, `recursive reference to query "${this.name}" must not appear ${CONTEXT_WORDS[context]}`, position);
    }
    if (++this.references > 1) throw this.ps.error(SqlState.InvalidRecursion, `recursive reference to query "${this.name}" must not appear more than once`, position);
  }

  /** A SELECT's body (set operations' arms are bodies without the SelectStmt wrapper). */
  select(stmt: Node, context: Context): void {
    const withClause = stmt.withClause as Node | undefined;
    if (withClause) {
      const ctes = (withClause.ctes ?? []) as Node[];
      const at = ctes.findIndex((c) => c.CommonTableExpr.ctename === this.name);
      if (at >= 0) {
        // hidden by an inner WITH item of the same name (everywhere in a RECURSIVE one)
        if (!withClause.recursive) for (const c of ctes.slice(0, at + 1)) this.walk(c.CommonTableExpr.ctequery, context);
        return;
      }
      for (const c of ctes) this.walk(c.CommonTableExpr.ctequery, context);
    }
    const { withClause: _with, larg, rarg, ...rest } = stmt;
    let left = context;
    let right = context;
    if (context === 'ok' && stmt.op === 'SETOP_INTERSECT' && stmt.all) left = right = 'intersect';
    if (context === 'ok' && stmt.op === 'SETOP_EXCEPT') {
      if (stmt.all) left = 'except';
      right = 'except';
    }
    if (larg) this.select(larg as Node, left);
    if (rarg) this.select(rarg as Node, right);
    for (const v of Object.values(rest)) this.walk(v, context);
  }

  private join(j: Node, context: Context): void {
    const outer = (...sides: unknown[]) => sides.forEach((s) => this.walk(s, 'outerjoin'));
    switch (j.jointype) {
      case 'JOIN_LEFT':
        this.walk(j.larg, context);
        outer(j.rarg);
        break;
      case 'JOIN_RIGHT':
        outer(j.larg);
        this.walk(j.rarg, context);
        break;
      case 'JOIN_FULL':
        outer(j.larg, j.rarg);
        break;
      default:
        this.walk(j.larg, context);
        this.walk(j.rarg, context);
    }
    this.walk(j.quals, context);
  }
}
