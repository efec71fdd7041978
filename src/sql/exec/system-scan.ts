// Reads a system relation: its rows are computed from the catalog the transaction sees each
// time the scan opens (so a statement sees its own transaction's DDL). A sequence read as a
// relation is one too: its single row is its state when the scan opens.
import { DbError, SqlState } from '../../errors.js';
import type { Session } from '../session.js';
import { systemTableByOid } from '../system/index.js';
import { sequenceRow } from '../system/sequence-relation.js';
import type { Value } from '../types/value.js';
import type { CompiledPlan, Row } from './run-plan.js';

export function compileSystemScan(oid: number, sequence = false): CompiledPlan {
  const table = sequence ? null : systemTableByOid(oid);
  if (!sequence && !table) throw new DbError(SqlState.InternalError, `system relation ${oid} is not known`);
  return (ctx) => {
    const session = ctx.session as Session;
    const catalog = session.transaction.catalog;
    const computed: Iterable<Value[]> = table ? table.rows({ session, catalog }) : [sequenceRow(session, catalog, oid)];
    const rows = computed[Symbol.iterator]();
    let n = 0;
    return {
      async: false,
      source: {
        next: (): Row | null => {
          const r = rows.next();
          if ((++n & 0xfff) === 0) ctx.checkCancel();
          return r.done ? null : r.value;
        },
      },
    };
  };
}
