// SELECT and VALUES: analyzed at prepare time (so Describe knows the columns), planned when
// bound (constants folded, as PostgreSQL plans at Bind), run as a pull pipeline that a row
// limit can suspend and resume. A plan is compiled once and reused by later binds while the
// session's settings are unchanged (folding may depend on them); a failed planning is not kept.
import { DbError, SqlState } from '../../errors.js';
import { analyzeSelect } from '../analyze/select.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { compilePlan, PAUSE, type AnySource, type CompiledPlan, type Row, type RowSource } from '../exec/run-plan.js';
import type { RuntimeContext } from '../expr/compile.js';
import { prepareStatementCtes } from './statement-ctes.js';
import type { OutputColumn } from '../plan/nodes.js';
import { planSelect } from '../plan/plan-select.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Portal, PortalResult, Prepared } from '../statement.js';
import type { Value } from '../types/value.js';

function analyze(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null) {
  const params = new ParamTypes(paramTypes ?? [], paramTypes !== null);
  const ps = new ParseState(parsed.query, params, session.types, { session, catalog: session.transaction.catalog });
  const query = analyzeSelect(ps, parsed.stmt.SelectStmt);
  const types = params.finish();
  const columns: OutputColumn[] = query.targets
    .filter((t) => !t.junk)
    .map((t) => ({ name: t.name, type: t.expr.type, typmod: t.expr.typmod, tableOid: 0, columnNumber: 0 }));
  return { query, types, columns, notices: ps.notices, catalogVersion: session.cluster.catalog.state.version };
}

export function prepareSelect(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null): Prepared {
  let analyzed = analyze(session, parsed, paramTypes);
  const { types, columns } = analyzed;
  let cached: { plan: CompiledPlan; columns: readonly OutputColumn[]; settingsVersion: number; catalogVersion: number } | null = null;
  return {
    paramTypes: types,
    columns,
    kind: parsed.kind,
    notices: analyzed.notices,
    bind(values: readonly Value[]): Portal {
      const ctx = session.runtime(values);
      session.snapshotTaken = true;
      const catalogVersion = session.cluster.catalog.state.version;
      const ownDdl = session.transaction.catalog.changed;
      if (ownDdl || analyzed.catalogVersion !== catalogVersion) {
        // the catalog changed since analysis: analyze again, as PostgreSQL revalidates plans
        const again = analyze(session, parsed, types);
        if (!sameColumns(again.columns, columns)) {
          throw new DbError(SqlState.FeatureNotSupported, 'cached plan must not change result type');
        }
        analyzed = again;
        cached = null;
      }
      if (!cached || ownDdl || cached.settingsVersion !== session.settings.version || cached.catalogVersion !== catalogVersion) {
        const plan = planSelect(analyzed.query, ctx);
        cached = { plan: compilePlan(plan.root), columns: plan.columns, settingsVersion: session.settings.version, catalogVersion };
      }
      const compiled = cached.plan;
      const q = analyzed.query;
      return new SelectPortal(
        cached.columns,
        () => {
          // data-modifying WITH queries run (and plain ones register) before the main query
          if (q.ctes.some((c) => c.dml)) prepareStatementCtes(session, q.ctes, ctx);
          return compiled(ctx);
        },
        ctx,
      );
    },
  };
}

function sameColumns(a: readonly OutputColumn[], b: readonly OutputColumn[]): boolean {
  return a.length === b.length && a.every((c, i) => c.type === b[i]!.type && c.typmod === b[i]!.typmod);
}

class SelectPortal implements Portal {
  private source: AnySource | null = null;

  constructor(
    readonly columns: readonly OutputColumn[],
    private readonly open: () => AnySource,
    private readonly ctx: RuntimeContext,
  ) {}

  /**
   * The statement paused (its time slice is used up): other connections run, then it goes on
   * in a new slice, adding to the rows found so far.
   */
  private async resumeLater(rows: Value[][], maxRows: number, s: RowSource): Promise<PortalResult> {
    const width = this.columns.length;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.ctx.checkCancel();
      this.ctx.newSlice();
      for (;;) {
        if (maxRows > 0 && rows.length >= maxRows) return suspended(rows);
        const row = s.next();
        if (row === PAUSE) break;
        if (!row) return completed(rows);
        rows.push(row.length === width ? row : row.slice(0, width));
      }
    }
  }

  run(maxRows: number): PortalResult | Promise<PortalResult> {
    this.source ??= this.open();
    const width = this.columns.length;
    const rows: Value[][] = [];
    const take = (row: Row) => rows.push(row.length === width ? row : row.slice(0, width));
    const src = this.source;
    if (!src.async) {
      const s = src.source;
      for (;;) {
        if (maxRows > 0 && rows.length >= maxRows) return suspended(rows);
        const row = s.next();
        if (row === PAUSE) return this.resumeLater(rows, maxRows, s);
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
