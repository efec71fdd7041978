// SELECT and VALUES: analyzed at prepare time (so Describe knows the columns), planned when
// bound (constants folded, as PostgreSQL plans at Bind), run as a pull pipeline that a row
// limit can suspend and resume. A plan is compiled once and reused by later binds while the
// session's settings are unchanged (folding may depend on them); a failed planning is not kept.
import { analyzeSelect } from '../analyze/select.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { compilePlan, type AnySource, type CompiledPlan, type Row } from '../exec/run-plan.js';
import type { OutputColumn } from '../plan/nodes.js';
import { planSelect } from '../plan/plan-select.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Portal, PortalResult, Prepared } from '../statement.js';
import type { Value } from '../types/value.js';

export function prepareSelect(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null): Prepared {
  const params = new ParamTypes(paramTypes ?? [], paramTypes !== null);
  const ps = new ParseState(parsed.query, params, session.types);
  const query = analyzeSelect(ps, parsed.stmt.SelectStmt);
  const types = params.finish();
  const columns: OutputColumn[] = query.targets
    .filter((t) => !t.junk)
    .map((t) => ({ name: t.name, type: t.expr.type, typmod: t.expr.typmod, tableOid: 0, columnNumber: 0 }));
  let cached: { plan: CompiledPlan; columns: readonly OutputColumn[]; settingsVersion: number } | null = null;
  return {
    paramTypes: types,
    columns,
    kind: parsed.kind,
    notices: ps.notices,
    bind(values: readonly Value[]): Portal {
      const ctx = session.runtime(values);
      session.snapshotTaken = true;
      if (!cached || cached.settingsVersion !== session.settings.version) {
        const plan = planSelect(query, ctx);
        cached = { plan: compilePlan(plan.root), columns: plan.columns, settingsVersion: session.settings.version };
      }
      const compiled = cached.plan;
      return new SelectPortal(cached.columns, () => compiled(ctx));
    },
  };
}

class SelectPortal implements Portal {
  private source: AnySource | null = null;

  constructor(
    readonly columns: readonly OutputColumn[],
    private readonly open: () => AnySource,
  ) {}

  run(maxRows: number): PortalResult | Promise<PortalResult> {
    this.source ??= this.open();
    const width = this.columns.length;
    const rows: Value[][] = [];
    const take = (row: Row) => rows.push(row.length === width ? row : row.slice(0, width));
    const src = this.source;
    if (!src.async) {
      for (;;) {
        if (maxRows > 0 && rows.length >= maxRows) return suspended(rows);
        const row = src.source.next();
        if (!row) return completed(rows);
        take(row);
      }
    }
    return (async () => {
      for (;;) {
        if (maxRows > 0 && rows.length >= maxRows) return suspended(rows);
        const row = await src.source.next();
        if (!row) return completed(rows);
        take(row);
      }
    })();
  }
}

function suspended(rows: Value[][]): PortalResult {
  return { rows, done: false, tag: '' };
}

/** PostgreSQL's tag counts the rows of this Execute only (a resumed portal says fewer). */
function completed(rows: Value[][]): PortalResult {
  return { rows, done: true, tag: `SELECT ${rows.length}` };
}
