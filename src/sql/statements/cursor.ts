// SQL cursors (PostgreSQL's commands/portalcmds.c): DECLARE name [NO SCROLL] CURSOR FOR query
// prepares and binds the query as a portal kept in the session's registry (sql/cursors.ts);
// FETCH [FORWARD] [n | ALL] and MOVE read it onward, answering with the rows (FETCH n) or
// counting them (MOVE n); CLOSE name | ALL drops it. pg_dump --inserts and psql's FETCH_COUNT
// read tables this way.
// Not supported (0A000): WITH HOLD, BINARY, SCROLL, backward and absolute positioning, FETCH 0.
// pg_cursors lists the open ones (system/pg-cursors.ts), none of them scrollable.
// The query's snapshot is the one its scan opens under, at the first FETCH (PostgreSQL takes
// it at DECLARE; the two differ only for READ COMMITTED with a commit in between).
import { DbError, notSupported, SqlState } from '../../errors.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Portal, PortalResult, Prepared } from '../statement.js';
import type { Value } from '../types/value.js';
import { prepareSelect } from './select-statement.js';
import { utilityStatement } from './utility.js';

const CURSOR_OPT_BINARY = 0x1;
const CURSOR_OPT_SCROLL = 0x2;
const CURSOR_OPT_NO_SCROLL = 0x4;
const CURSOR_OPT_HOLD = 0x20;
/** FETCH ALL as the parser gives it (FETCH_ALL, LONG_MAX cut to int4 by the JSON form). */
const FETCH_ALL_FROM = 0x7fffffff;

export function prepareDeclareCursor(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null): Prepared {
  const stmt = parsed.stmt.DeclareCursorStmt;
  const name = stmt.portalname as string;
  const options = (stmt.options ?? 0) as number;
  if (options & CURSOR_OPT_HOLD) throw notSupported('WITH HOLD cursors');
  if (options & CURSOR_OPT_BINARY) throw notSupported('binary cursors');
  if (options & CURSOR_OPT_SCROLL) throw notSupported('SCROLL cursors');
  const query = stmt.query as Node;
  if (!query.SelectStmt) throw notSupported(`DECLARE CURSOR for ${Object.keys(query)[0]}`);
  const inner = prepareSelect(session, { stmt: query, kind: 'SelectStmt', text: parsed.text, query: parsed.query }, paramTypes);
  return {
    paramTypes: inner.paramTypes,
    columns: null,
    kind: parsed.kind,
    notices: inner.notices,
    bind(params: readonly Value[]): Portal {
      return utilityStatement(parsed.kind, null, () => {
        if (!session.inTransactionBlock) throw new DbError(SqlState.NoActiveSqlTransaction, 'DECLARE CURSOR can only be used in transaction blocks');
        const portal = inner.bind(params);
        session.cursors.add(session.transaction, {
          name,
          portal,
          columns: inner.columns ?? [],
          noScroll: (options & CURSOR_OPT_NO_SCROLL) !== 0,
          statement: parsed.query.text,
          creationTime: session.statementStart,
          done: false,
        });
        return { tag: 'DECLARE CURSOR' };
      }).bind([]);
    },
  };
}

/** How many rows a FETCH / MOVE asks for (forward only), or the error for what is not supported. */
function forwardCount(stmt: Node, noScroll: boolean): number {
  const direction = stmt.direction as string;
  const howMany = (stmt.howMany ?? 0) as number;
  const backward = direction === 'FETCH_BACKWARD' || (direction === 'FETCH_FORWARD' && howMany < 0);
  if (backward && noScroll) {
    throw new DbError(SqlState.ObjectNotInPrerequisiteState, 'cursor can only scan forward', { hint: 'Declare it with SCROLL option to enable backward scan.' });
  }
  if (direction !== 'FETCH_FORWARD' || howMany < 0) throw notSupported('FETCH in a direction other than forward');
  if (howMany === 0) throw notSupported('FETCH 0 (re-reading the current row)');
  return howMany >= FETCH_ALL_FROM ? 0 : howMany;
}

export function prepareFetch(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.FetchStmt;
  const name = stmt.portalname as string;
  const move = stmt.ismove === true;
  const declared = session.cursors.find(session.txn, name);
  return {
    paramTypes: [],
    columns: move ? null : (declared?.columns.slice() ?? null),
    kind: parsed.kind,
    bind(): Portal {
      const cursor = session.cursors.require(session.txn, name);
      const count = forwardCount(stmt, cursor.noScroll);
      const finish = (r: PortalResult): PortalResult => {
        if (r.done) cursor.done = true;
        const tag = `${move ? 'MOVE' : 'FETCH'} ${r.rows.length}`;
        return { rows: move ? [] : r.rows, done: true, tag };
      };
      return {
        columns: move ? null : cursor.columns,
        run(): PortalResult | Promise<PortalResult> {
          if (cursor.done) return finish({ rows: [], done: true, tag: '' });
          const r = cursor.portal.run(count);
          return r instanceof Promise ? r.then(finish) : finish(r);
        },
      };
    },
  };
}

export function prepareClosePortal(session: Session, parsed: ParsedStatement): Prepared {
  const name = parsed.stmt.ClosePortalStmt.portalname as string | undefined;
  return utilityStatement(parsed.kind, null, () => {
    session.cursors.close(session.txn, name);
    return { tag: name === undefined ? 'CLOSE CURSOR ALL' : 'CLOSE CURSOR' };
  });
}
