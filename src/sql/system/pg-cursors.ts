// pg_catalog.pg_cursors: the SQL cursors open in the session's transaction (DECLARE) and, as
// in PostgreSQL, the extended protocol's portals (the unnamed one as ''), with the query string
// that made each and when. A simple Query's own portal is not listed. Treeline's cursors are
// never holdable, binary or scrollable.
import { defineTables } from './columns.js';

defineTables([
  {
    oid: 12077,
    name: 'pg_cursors',
    relkind: 'v',
    rowType: 12079,
    columns: 'name text, statement text, is_holdable bool, is_binary bool, is_scrollable bool, creation_time timestamptz',
    *rows({ session }) {
      for (const c of session.cursors.list(session.txn)) {
        yield { name: c.name, statement: c.statement, is_holdable: false, is_binary: false, is_scrollable: false, creation_time: c.creationTime };
      }
      for (const p of session.protocolPortals?.() ?? []) {
        yield { name: p.name, statement: p.statement, is_holdable: false, is_binary: false, is_scrollable: false, creation_time: p.creationTime };
      }
    },
  },
]);
