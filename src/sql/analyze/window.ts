// The windows of one query level (PostgreSQL's p_windowdefs and transformWindowDefinitions).
// A level starts with its WINDOW clause entries; each OVER clause either names one of them
// (`OVER w`) or is matched against the definitions so far and appended when new, so equal
// OVER clauses share one window. After the rest of the SELECT is analyzed, every definition
// (used or not, in that order) becomes a WindowClause: PARTITION BY and ORDER BY items under
// SQL99 rules (select-list entries, junk ones added), the rules for copying a named window,
// and the frame offsets coerced as PostgreSQL coerces them (int8 for ROWS and GROUPS; for
// RANGE, the offset type of the ORDER BY column's in_range support function).
// Invariant: WindowFuncExpr.winref indexes both the definitions and the resulting clauses.
import { SqlState } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import { canCoerceTypes, coerceToTargetType } from '../expr/coerce.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import { findExpr } from '../expr/expr-walk.js';
import { exprLocation, type Expr } from '../expr/expr.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { FRAME_DEFAULTS, FRAME_END_OFFSET, FRAME_START_OFFSET, FrameOption, frameModeName } from './frame-options.js';
import type { SortClause, TargetEntry, WindowClause } from './query.js';
import { visitExprDeep } from './query-walk.js';
import { analyzeSortClause, findTargetSql99, orderingOperator, requireEquality } from './sort-group.js';

/** The raw WindowDef nodes of one query level: WINDOW clause entries first, then OVER clauses. */
export interface WindowDefs {
  defs: Node[];
}

/** Query levels by their column scope (the object every expression of the level sees). */
const levels = new WeakMap<object, WindowDefs>();

/** Starts a query level's window list with its WINDOW clause. */
export function openWindowDefs(scope: object, windowClause: Node[] | undefined): WindowDefs {
  const level: WindowDefs = { defs: (windowClause ?? []).map((n) => n.WindowDef as Node) };
  levels.set(scope, level);
  return level;
}

/** Structural equality of raw parse nodes, ignoring locations (PostgreSQL's equal()). */
function rawEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (k !== 'location' && !rawEqual(ao[k], bo[k])) return false;
  return true;
}

/** The window an OVER clause refers to, as an index into the level's definitions. */
export function windowRef(cx: ExprContext, over: Node): number {
  const level = cx.scope ? levels.get(cx.scope) : undefined;
  if (!level) throw cx.ps.error(SqlState.FeatureNotSupported, 'window functions are not supported here', over.location);
  if (over.name) {
    const i = level.defs.findIndex((d) => d.name === over.name);
    if (i < 0) throw cx.ps.error(SqlState.UndefinedObject, `window "${over.name}" does not exist`, over.location);
    return i;
  }
  const same = (d: Node) =>
    (d.refname ?? null) === (over.refname ?? null) &&
    rawEqual(d.partitionClause, over.partitionClause) &&
    rawEqual(d.orderClause, over.orderClause) &&
    d.frameOptions === over.frameOptions &&
    rawEqual(d.startOffset, over.startOffset) &&
    rawEqual(d.endOffset, over.endOffset);
  const i = level.defs.findIndex(same);
  if (i >= 0) return i;
  level.defs.push(over);
  return level.defs.length - 1;
}

/** Analyzes every window definition of a level (after the rest of its SELECT). */
export function analyzeWindowDefinitions(cx: ExprContext, level: WindowDefs, targets: TargetEntry[]): WindowClause[] {
  const out: WindowClause[] = [];
  for (const def of level.defs) {
    const location: number = def.location ?? -1;
    if (def.name && out.some((w) => w.name === def.name)) {
      throw cx.ps.error(SqlState.WindowingError, `window "${def.name}" is already defined`, location);
    }
    let ref: WindowClause | undefined;
    if (def.refname) {
      ref = out.find((w) => w.name === def.refname);
      if (!ref) throw cx.ps.error(SqlState.UndefinedObject, `window "${def.refname}" does not exist`, location);
    }
    const orderBy = analyzeSortClause({ ...cx, clause: 'window ORDER BY' }, def.orderClause ?? [], targets, true);
    const partitionBy = analyzePartition(cx, def.partitionClause ?? [], targets, orderBy);
    if (ref && partitionBy.length > 0) {
      throw cx.ps.error(SqlState.WindowingError, `cannot override PARTITION BY clause of window "${def.refname}"`, location);
    }
    if (ref && orderBy.length > 0 && ref.orderBy.length > 0) {
      throw cx.ps.error(SqlState.WindowingError, `cannot override ORDER BY clause of window "${def.refname}"`, location);
    }
    const frameOptions: number = def.frameOptions ?? FRAME_DEFAULTS;
    if (ref && ref.frameOptions !== FRAME_DEFAULTS) {
      const bare = !def.name && orderBy.length === 0 && frameOptions === FRAME_DEFAULTS;
      throw cx.ps.error(SqlState.WindowingError, `cannot copy window "${def.refname}" because it has a frame clause`, location, {
        hint: bare ? 'Omit the parentheses in this OVER clause.' : undefined,
      });
    }
    const clause: WindowClause = {
      name: def.name ?? null,
      partitionBy: ref ? ref.partitionBy : partitionBy,
      orderBy: ref && orderBy.length === 0 ? ref.orderBy : orderBy,
      frameOptions,
      startOffset: null,
      endOffset: null,
      inRange: null,
    };
    const offsets = (frameOptions & (FRAME_START_OFFSET | FRAME_END_OFFSET)) !== 0;
    if (frameOptions & FrameOption.RANGE && offsets) {
      if (clause.orderBy.length !== 1) {
        throw cx.ps.error(SqlState.WindowingError, 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column', location);
      }
    }
    if (frameOptions & FrameOption.GROUPS && clause.orderBy.length === 0) {
      throw cx.ps.error(SqlState.WindowingError, 'GROUPS mode requires an ORDER BY clause', location);
    }
    if (def.startOffset) clause.startOffset = frameOffset(cx, clause, def.startOffset);
    if (def.endOffset) clause.endOffset = frameOffset(cx, clause, def.endOffset);
    checkNoSetReturning(cx, clause, targets);
    out.push(clause);
  }
  return out;
}

/**
 * PARTITION BY items (SQL99 rules, duplicates dropped); they must support sorting, and sort
 * as the window's ORDER BY sorts the same item, else ascending.
 */
function analyzePartition(cx: ExprContext, items: Node[], targets: TargetEntry[], orderBy: SortClause[]): SortClause[] {
  const out: SortClause[] = [];
  for (const item of items) {
    const target = findTargetSql99(cx, item, targets, 'window PARTITION BY');
    const expr = targets[target]!.expr;
    requireEquality(cx, expr, exprNodeLocation(item));
    let less;
    try {
      less = orderingOperator(cx, expr, exprNodeLocation(item));
    } catch {
      throw cx.ps.error(SqlState.FeatureNotSupported, 'could not implement window PARTITION BY', undefined, {
        detail: 'Window partitioning columns must be of sortable datatypes.',
      });
    }
    if (out.some((p) => p.target === target)) continue;
    out.push(orderBy.find((o) => o.target === target) ?? { target, less, descending: false, nullsFirst: false });
  }
  return out;
}

/** The window's keys are computed below the select list's set-returning functions. */
function checkNoSetReturning(cx: ExprContext, w: WindowClause, targets: TargetEntry[]): void {
  for (const t of [...w.partitionBy, ...w.orderBy].map((s) => s.target)) {
    const srf = findExpr(targets[t]!.expr, (x) => x.kind === 'func' && x.proc.proretset);
    if (srf) throw cx.ps.error(SqlState.FeatureNotSupported, 'set-returning functions in window definitions are not supported yet', exprLocation(srf));
  }
}

/**
 * The offset types of the in_range support functions (btree support 3) for each sort column
 * type, as pg_amproc lists them for PostgreSQL 15's btree operator families.
 */
const IN_RANGE_OFFSET_TYPES: ReadonlyMap<number, readonly number[]> = new Map([
  [Oid.int2, [Oid.int8, Oid.int4, Oid.int2]],
  [Oid.int4, [Oid.int8, Oid.int4, Oid.int2]],
  [Oid.int8, [Oid.int8]],
  [Oid.float4, [Oid.float8]],
  [Oid.float8, [Oid.float8]],
  [Oid.numeric, [Oid.numeric]],
  [Oid.date, [Oid.interval]],
  [Oid.time, [Oid.interval]],
  [Oid.timestamp, [Oid.interval]],
  [Oid.timestamptz, [Oid.interval]],
  [Oid.interval, [Oid.interval]],
]);

/** A frame offset (transformFrameOffset): coerced, constant for the query, free of columns. */
function frameOffset(cx: ExprContext, w: WindowClause, node: Node): Expr {
  const mode = frameModeName(w.frameOptions);
  const ocx: ExprContext = { ...cx, clause: `window ${mode}` };
  const raw = analyzeExpr(ocx, node);
  let target: number = Oid.int8;
  if (mode === 'RANGE') {
    const sort: SortClause = w.orderBy[0]!;
    const columnType = sort.less.proc.proargtypes[0]!;
    const offsetTypes = IN_RANGE_OFFSET_TYPES.get(columnType) ?? [];
    const at = exprLocation(raw);
    if (offsetTypes.length === 0) {
      throw cx.ps.error(SqlState.FeatureNotSupported, `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${formatType(columnType)}`, at);
    }
    const preferred = raw.type !== Oid.unknown ? raw.type : columnType;
    const matches = offsetTypes.filter((t) => canCoerceTypes([raw.type], [t], 'implicit'));
    if (matches.length === 0) {
      throw cx.ps.error(
        SqlState.FeatureNotSupported,
        `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${formatType(columnType)} and offset type ${formatType(raw.type)}`,
        at,
        { hint: 'Cast the offset value to an appropriate type.' },
      );
    }
    if (matches.length > 1 && !matches.includes(preferred)) {
      throw cx.ps.error(
        SqlState.FeatureNotSupported,
        `RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for column type ${formatType(columnType)} and offset type ${formatType(raw.type)}`,
        at,
        { hint: 'Cast the offset value to the exact intended type.' },
      );
    }
    target = matches.includes(preferred) ? preferred : matches[0]!;
    w.inRange = { columnType, offsetType: target };
  }
  const e = coerceToTargetType(cx.ps, raw, target, -1, 'assignment', exprNodeLocation(node));
  if (!e) {
    throw cx.ps.error(SqlState.DatatypeMismatch, `argument of ${mode} must be type ${formatType(target)}, not type ${formatType(raw.type)}`, exprLocation(raw));
  }
  // columns of this query, also inside subqueries (contain_vars_of_level)
  let own: Expr | null = null;
  let outer = false;
  visitExprDeep(
    e,
    (x, depth) => {
      if (x.kind !== 'var') return;
      if (x.levelsUp === depth) own ??= x;
      else if (x.levelsUp > depth) outer = true;
    },
    0,
  );
  if (own) throw cx.ps.error(SqlState.InvalidColumnReference, `argument of ${mode} must not contain variables`, exprLocation(own));
  if (outer) throw cx.ps.error(SqlState.FeatureNotSupported, 'frame offsets that use columns of an outer query are not supported yet', exprLocation(raw));
  return e;
}
