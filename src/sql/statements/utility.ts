// Statements that are not queries (SET, SHOW, BEGIN, ...) run when executed, once, and
// produce at most a few rows. This wraps such an action as a Prepared/Portal pair.
import type { OutputColumn } from '../plan/nodes.js';
import type { Portal, PortalResult, Prepared } from '../statement.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';

export interface UtilityResult {
  rows?: Value[][];
  tag: string;
}

export function textColumn(name: string): OutputColumn {
  return { name, type: Oid.text, typmod: -1, tableOid: 0, columnNumber: 0 };
}

/** A statement whose work happens in `run` (possibly waiting, as COMMIT does), at Execute time. */
export function utilityStatement(
  kind: string,
  columns: OutputColumn[] | null,
  run: () => UtilityResult | Promise<UtilityResult>,
): Prepared {
  return {
    paramTypes: [],
    columns,
    kind,
    bind(): Portal {
      let result: UtilityResult | null = null;
      let offset = 0;
      const step = (r: UtilityResult, maxRows: number): PortalResult => {
        const all = r.rows ?? [];
        const end = maxRows > 0 ? Math.min(all.length, offset + maxRows) : all.length;
        const rows = all.slice(offset, end);
        offset = end;
        if (maxRows > 0 && rows.length === maxRows && columns) return { rows, done: false, tag: '' };
        return { rows, done: true, tag: r.tag };
      };
      return {
        columns,
        run(maxRows: number): PortalResult | Promise<PortalResult> {
          if (result) return step(result, maxRows);
          const pending = run();
          if (pending instanceof Promise) {
            return pending.then((r) => {
              result = r;
              return step(r, maxRows);
            });
          }
          result = pending;
          return step(pending, maxRows);
        },
      };
    },
  };
}
