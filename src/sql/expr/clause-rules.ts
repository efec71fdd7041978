// What an expression may contain depends on where it appears (PostgreSQL's ParseExprKind):
// no column references in a DEFAULT, no subqueries in a DEFAULT, CHECK or generation
// expression (GENERATED), no aggregates in WHERE, JOIN conditions, VALUES, defaults and constraints. These give PostgreSQL's errors.
import { SqlState } from '../../errors.js';
import type { ExprContext } from './analyze-expr.js';

/** How PostgreSQL names a clause in "aggregate functions are not allowed in ...". */
const AGGREGATE_PLACES: Record<string, string> = {
  DEFAULT: 'DEFAULT expressions',
  CHECK: 'check constraints',
  WHERE: 'WHERE',
  'JOIN/ON': 'JOIN conditions',
  VALUES: 'VALUES',
  UPDATE: 'UPDATE',
  DELETE: 'WHERE',
  RETURNING: 'RETURNING',
  LIMIT: 'LIMIT',
  OFFSET: 'OFFSET',
  'GROUP BY': 'GROUP BY',
  'index expression': 'index expressions',
  'index predicate': 'index predicates',
  GENERATED: 'column generation expressions',
  'EXECUTE parameter': 'EXECUTE parameters',
  'FROM function': 'functions in FROM',
  FILTER: 'FILTER',
  'window RANGE': 'window RANGE',
  'window ROWS': 'window ROWS',
  'window GROUPS': 'window GROUPS',
};

/**
 * Where aggregates (or GROUPING, or window functions) are not allowed, PostgreSQL's error:
 * 42803 "aggregate functions / grouping operations are not allowed in ...", 42P20 for windows.
 */
export function checkAggregateAllowed(cx: ExprContext, kind: 'aggregate' | 'grouping' | 'window', location: number): void {
  const place = kind === 'window' ? WINDOW_PLACES[cx.clause] : AGGREGATE_PLACES[cx.clause];
  if (place === undefined) return;
  const what = kind === 'grouping' ? 'grouping operations' : `${kind} functions`;
  throw cx.ps.error(kind === 'window' ? SqlState.WindowingError : SqlState.GroupingError, `${what} are not allowed in ${place}`, location);
}

const WINDOW_DEFINITION = 'window definitions';
const WINDOW_PLACES: Record<string, string> = {
  ...AGGREGATE_PLACES,
  HAVING: 'HAVING',
  'window PARTITION BY': WINDOW_DEFINITION,
  'window ORDER BY': WINDOW_DEFINITION,
  'window RANGE': WINDOW_DEFINITION,
  'window ROWS': WINDOW_DEFINITION,
  'window GROUPS': WINDOW_DEFINITION,
};

/** Subqueries are not allowed in defaults, constraints and index definitions (0A000). */
export function checkSubqueryAllowed(cx: ExprContext, location: number): void {
  const place =
    cx.clause === 'DEFAULT'
      ? 'DEFAULT expression'
      : cx.clause === 'CHECK'
        ? 'check constraint'
        : cx.clause === 'index expression'
          ? 'index expression'
          : cx.clause === 'index predicate'
            ? 'index predicate'
            : cx.clause === 'GENERATED'
              ? 'column generation expression'
              : cx.clause === 'EXECUTE parameter'
                ? 'EXECUTE parameter'
                : undefined;
  if (place !== undefined) throw cx.ps.error(SqlState.FeatureNotSupported, `cannot use subquery in ${place}`, location);
}

/** Column references are not allowed in a DEFAULT (0A000). */
export function checkColumnRefAllowed(cx: ExprContext, location: number): void {
  if (cx.clause === 'DEFAULT') throw cx.ps.error(SqlState.FeatureNotSupported, 'cannot use column reference in DEFAULT expression', location);
}

/** Where set-returning functions may not appear, PostgreSQL's 0A000. */
const SET_RETURNING_PLACES: Record<string, string> = {
  WHERE: 'WHERE',
  'JOIN/ON': 'JOIN conditions',
  DEFAULT: 'DEFAULT expressions',
  CHECK: 'check constraints',
  VALUES: 'VALUES',
  UPDATE: 'UPDATE',
  DELETE: 'WHERE',
  RETURNING: 'RETURNING',
  LIMIT: 'LIMIT',
  OFFSET: 'OFFSET',
  FILTER: 'FILTER',
  'index expression': 'index expressions',
  'index predicate': 'index predicates',
  GENERATED: 'column generation expressions',
  'EXECUTE parameter': 'EXECUTE parameters',
  'window RANGE': WINDOW_DEFINITION,
  'window ROWS': WINDOW_DEFINITION,
  'window GROUPS': WINDOW_DEFINITION,
};

export function checkSetReturningAllowed(cx: ExprContext, location: number): void {
  const place = SET_RETURNING_PLACES[cx.clause];
  if (place !== undefined) throw cx.ps.error(SqlState.FeatureNotSupported, `set-returning functions are not allowed in ${place}`, location);
}
