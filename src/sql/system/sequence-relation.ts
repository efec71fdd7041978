// A sequence read as a relation (`SELECT * FROM s`): one row with PostgreSQL's columns
// last_value, log_cnt and is_called, taken from the sequence store when the scan opens
// (sequence values are not transactional, so every reader sees the newest state).
// Invariant: the columns are PostgreSQL's, in its order: FROM-clause analysis, the scan and
// EXPLAIN all take them from SEQUENCE_COLUMNS.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { DbError, SqlState } from '../../errors.js';
import type { Session } from '../session.js';
import type { Value } from '../types/value.js';
import { columns } from './columns.js';
import type { SystemColumn } from './system-table.js';

export const SEQUENCE_COLUMNS: readonly SystemColumn[] = columns('last_value int8!, log_cnt int8!, is_called bool!');

/** The one row of sequence `oid`, as the transaction's catalog describes it. */
export function sequenceRow(session: Session, catalog: CatalogTxn, oid: number): Value[] {
  const r = catalog.get(oid);
  if (r?.kind !== 'relation' || r.relkind !== 'S' || !r.sequence) throw new DbError(SqlState.UndefinedTable, `could not open relation with OID ${oid}`);
  const state = session.cluster.catalog.sequences.peek(r.dbOid, r.oid, r.sequence);
  return [state.last, state.logCnt, state.isCalled];
}
