// Reads a system relation: its rows are computed from the catalog the transaction sees each
// time the scan opens (so a statement sees its own transaction's DDL).
import { DbError, SqlState } from '../../errors.js';
import type { Session } from '../session.js';
import { systemTableByOid } from '../system/index.js';
import type { CompiledPlan, Row } from './run-plan.js';

export function compileSystemScan(oid: number): CompiledPlan {
  const table = systemTableByOid(oid);
  if (!table) throw new DbError(SqlState.InternalError, `system relation ${oid} is not known`);
  return (ctx) => {
    const session = ctx.session as Session;
    const rows = table.rows({ session, catalog: session.transaction.catalog })[Symbol.iterator]();
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
