// A session's SQL cursors (DECLARE ... CURSOR FOR query): each is the query's portal, read
// forward by FETCH and MOVE. Cursors belong to the transaction that declared them (WITH HOLD
// is not supported) and vanish when it ends: the registry remembers that transaction and
// forgets every cursor once the session's transaction is another one.
// Invariant: names are unique among the open cursors; declaring a taken name fails with 42P03.
import { DbError, SqlState } from '../errors.js';
import type { OutputColumn } from './plan/nodes.js';
import type { Portal } from './statement.js';

export interface Cursor {
  readonly name: string;
  readonly portal: Portal;
  readonly columns: readonly OutputColumn[];
  /** Declared NO SCROLL: a backward fetch is refused as PostgreSQL refuses it (55000). */
  readonly noScroll: boolean;
  /** The query string that declared it, and when (pg_cursors). */
  readonly statement: string;
  readonly creationTime: bigint;
  /** The portal has given its last row. */
  done: boolean;
}

/** A portal of the extended protocol as pg_cursors lists it (the connection keeps them). */
export interface ListedPortal {
  readonly name: string;
  readonly statement: string;
  readonly creationTime: bigint;
}

export class SessionCursors {
  private readonly open = new Map<string, Cursor>();
  private owner: object | null = null;

  /** The open cursors of `transaction` (the session's current one, null when idle). */
  private of(transaction: object | null): Map<string, Cursor> {
    if (this.owner !== transaction) {
      this.open.clear();
      this.owner = transaction;
    }
    return this.open;
  }

  add(transaction: object, cursor: Cursor): void {
    const open = this.of(transaction);
    if (open.has(cursor.name)) throw new DbError(SqlState.DuplicateCursor, `cursor "${cursor.name}" already exists`);
    open.set(cursor.name, cursor);
  }

  find(transaction: object | null, name: string): Cursor | undefined {
    return this.of(transaction).get(name);
  }

  require(transaction: object | null, name: string): Cursor {
    const c = this.find(transaction, name);
    if (!c) throw new DbError(SqlState.InvalidCursorName, `cursor "${name}" does not exist`);
    return c;
  }

  /** The open cursors of `transaction`, in the order they were declared. */
  list(transaction: object | null): Cursor[] {
    return [...this.of(transaction).values()];
  }

  /** CLOSE name (34000 when there is none) or, without a name, CLOSE ALL. */
  close(transaction: object | null, name: string | undefined): void {
    if (name === undefined) this.of(transaction).clear();
    else if (!this.of(transaction).delete(name)) this.require(transaction, name);
  }
}
