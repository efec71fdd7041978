// The sequence options CREATE SEQUENCE, ALTER SEQUENCE and identity columns share (PostgreSQL's
// init_params): AS type (smallint, integer or bigint), INCREMENT (not zero), MINVALUE / NO
// MINVALUE, MAXVALUE / NO MAXVALUE, START, CACHE (above zero) and [NO] CYCLE, read from their
// DefElems into a state each statement starts from its own defaults; the statement itself
// handles the options only it has (RESTART, OWNED BY) and checks the bounds at the end.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { DbError, SqlState } from '../../errors.js';
import { resolveTypeName } from '../analyze/typename.js';
import { storedExprState } from '../analyze/stored-expr.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { Oid } from '../types/oids.js';

export const TYPE_RANGE: Record<number, [bigint, bigint]> = {
  [Oid.int2]: [-32768n, 32767n],
  [Oid.int4]: [-2147483648n, 2147483647n],
  [Oid.int8]: [-9223372036854775808n, 9223372036854775807n],
};

export const TYPE_NAME: Record<number, string> = { [Oid.int2]: 'smallint', [Oid.int4]: 'integer', [Oid.int8]: 'bigint' };

export function invalid(message: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, message);
}

/** A DefElem's numeric argument (an integer, or a numeric literal too big for one). */
export function numberArg(d: Node): bigint {
  const a = d.arg;
  return BigInt(a?.Integer?.ival ?? a?.Float?.fval ?? a?.A_Const?.ival?.ival ?? a?.A_Const?.fval?.fval ?? 0);
}

/** Options as a statement reads them; `min`/`max` null is NO MINVALUE/MAXVALUE (or not given yet). */
export interface OptionState {
  type: number;
  increment: bigint;
  min: bigint | null | undefined;
  max: bigint | null | undefined;
  start: bigint | null;
  cache: bigint;
  cycle: boolean;
}

/** Applies one shared option to `state`; false for an option the statement must handle itself. */
export function applySequenceOption(session: Session, catalog: CatalogTxn, state: OptionState, d: Node): boolean {
  switch (d.defname) {
    case 'as': {
      const t = resolveTypeName(storedExprState(session, catalog), d.arg.TypeName ?? d.arg);
      if (!TYPE_RANGE[t.oid]) throw invalid('sequence type must be smallint, integer, or bigint');
      state.type = t.oid;
      return true;
    }
    case 'increment':
      state.increment = numberArg(d);
      if (state.increment === 0n) throw invalid('INCREMENT must not be zero');
      return true;
    case 'minvalue':
      state.min = d.arg ? numberArg(d) : null;
      return true;
    case 'maxvalue':
      state.max = d.arg ? numberArg(d) : null;
      return true;
    case 'start':
      state.start = numberArg(d);
      return true;
    case 'cache':
      state.cache = numberArg(d);
      if (state.cache <= 0n) throw invalid(`CACHE (${state.cache}) must be greater than zero`);
      return true;
    case 'cycle':
      state.cycle = d.arg?.Boolean?.boolval === true || d.arg?.Integer?.ival === 1;
      return true;
    default:
      return false;
  }
}
