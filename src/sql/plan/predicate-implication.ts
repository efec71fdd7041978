// Whether AND-ed conditions imply a partial index's predicate (a part of PostgreSQL's
// predicate_implied_by): every conjunct of the predicate must follow from one condition — the
// same expression, `x IS NOT NULL` from a strict comparison of x, or a range from a narrower
// one on the same expression (`c > 5` implies `c > 0`, `c = 3` implies `c >= 1`) when both
// compare with constants of one integer, float or date/time kind.
// Invariant: it never answers true wrongly (a partial index would then miss rows); anything it
// cannot prove is false.
import { exprEquals } from '../expr/expr-walk.js';
import type { Expr } from '../expr/expr.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';

type Op = '=' | '<' | '<=' | '>' | '>=' | '<>';

const FLIPPED: Record<Op, Op> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', '<>': '<>' };

/** Types whose constants compare as JS numbers or bigints, by kind (values of one kind compare with each other). */
const KINDS = new Map<number, string>([
  [Oid.int2, 'integer'],
  [Oid.int4, 'integer'],
  [Oid.int8, 'integer'],
  [Oid.float4, 'float'],
  [Oid.float8, 'float'],
  [Oid.date, 'date'],
  [Oid.timestamp, 'timestamp'],
  [Oid.timestamptz, 'timestamptz'],
]);

/** The AND-ed parts of a condition. */
export function conjunctsOf(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjunctsOf) : [e];
}

function stripped(e: Expr): Expr {
  return e.kind === 'relabel' ? stripped(e.arg) : e;
}

function sameOperand(a: Expr, b: Expr): boolean {
  return exprEquals(stripped(a), stripped(b));
}

/** `x op constant` (either way round), for a built-in comparison of one kind of values. */
function comparison(e: Expr): { operand: Expr; op: Op; value: Value; kind: string } | null {
  if (e.kind !== 'func' || !e.operator || e.args.length !== 2) return null;
  const op = e.operator.oprname as Op;
  if (!(op in FLIPPED)) return null;
  const left = KINDS.get(e.operator.oprleft);
  if (!left || left !== KINDS.get(e.operator.oprright)) return null;
  const [l, r] = e.args as [Expr, Expr];
  if (r.kind === 'const' && r.value !== null && l.kind !== 'const') return { operand: l, op, value: r.value, kind: left };
  if (l.kind === 'const' && l.value !== null && r.kind !== 'const') return { operand: r, op: FLIPPED[op], value: l.value, kind: left };
  return null;
}

/** -1, 0 or 1; null when the values do not compare as plain numbers. */
function compare(a: Value, b: Value): number | null {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    if ((typeof a !== 'bigint' && typeof a !== 'number') || (typeof b !== 'bigint' && typeof b !== 'number')) return null;
    if (!Number.isInteger(a) && typeof a === 'number') return null;
    if (!Number.isInteger(b) && typeof b === 'number') return null;
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b)) return null;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `x opC kC` implies `x opP kP`, given cmp = compare(kC, kP). */
function rangeImplies(opC: Op, opP: Op, cmp: number): boolean {
  switch (opP) {
    case '=':
      return opC === '=' && cmp === 0;
    case '>':
      return (opC === '>' && cmp >= 0) || ((opC === '>=' || opC === '=') && cmp > 0);
    case '>=':
      return (opC === '>' || opC === '>=' || opC === '=') && cmp >= 0;
    case '<':
      return (opC === '<' && cmp <= 0) || ((opC === '<=' || opC === '=') && cmp < 0);
    case '<=':
      return (opC === '<' || opC === '<=' || opC === '=') && cmp <= 0;
    case '<>':
      return (opC === '=' && cmp !== 0) || (opC === '>' && cmp >= 0) || (opC === '>=' && cmp > 0) || (opC === '<' && cmp <= 0) || (opC === '<=' && cmp < 0);
  }
}

/** Whether condition `c` implies predicate conjunct `p`. */
function implies(c: Expr, p: Expr): boolean {
  if (exprEquals(c, p)) return true;
  if (p.kind === 'nulltest' && !p.isNull) {
    // a strict operator is not true on a NULL operand
    return c.kind === 'func' && c.operator !== undefined && c.proc.proisstrict && c.args.some((a) => sameOperand(a, p.arg));
  }
  const pc = comparison(p);
  const cc = pc && comparison(c);
  if (!pc || !cc || pc.kind !== cc.kind || !sameOperand(pc.operand, cc.operand)) return false;
  const cmp = compare(cc.value, pc.value);
  return cmp !== null && rangeImplies(cc.op, pc.op, cmp);
}

/** Whether the AND-ed conditions `conds` imply `predicate`. */
export function predicateImplied(predicate: Expr, conds: readonly Expr[]): boolean {
  const all = conds.flatMap(conjunctsOf);
  return conjunctsOf(predicate).every((p) => all.some((c) => implies(c, p)));
}
