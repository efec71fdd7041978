// EXPLAIN [ANALYZE] [VERBOSE] / EXPLAIN (option [value], ...) of SELECT, VALUES, INSERT,
// UPDATE and DELETE: the plan the statement gets, as PostgreSQL's text format prints it, one
// row per line in a column "QUERY PLAN". ANALYZE runs the statement (its changes happen, as in
// PostgreSQL) with every plan node counting its rows, loops and time, and adds the planning and
// execution times. Options are checked as PostgreSQL checks them (42601 for an unknown one,
// 22023 for a bad value or TIMING/WAL without ANALYZE); formats other than text are 0A000.
import { DbError, SqlState, notSupported } from '../../errors.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { analyzeSelect } from '../analyze/select.js';
import type { Query } from '../analyze/query.js';
import { analyzeDml, type DmlQuery } from '../dml/dml-query.js';
import { Instrumentation, instrumenting } from '../exec/instrument.js';
import { compilePlan, PAUSE, type AnySource } from '../exec/run-plan.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Node, ParsedStatement } from '../parser.js';
import { planSelect } from '../plan/plan-select.js';
import type { Session } from '../session.js';
import type { Portal, Prepared } from '../statement.js';
import { textColumn } from '../statements/utility.js';
import type { Value } from '../types/value.js';
import { explainDml } from './explain-dml.js';
import { PlanExplainer } from './explain-plan.js';
import { explainText } from './explain-text.js';

interface ExplainOptions {
  analyze: boolean;
  verbose: boolean;
  costs: boolean;
  timing: boolean;
  summary: boolean;
}

const BOOLEAN_OPTIONS = new Set(['analyze', 'verbose', 'costs', 'settings', 'buffers', 'wal', 'timing', 'summary']);

/** defGetBoolean: no value, true/false/on/off (any case), or 1/0. */
function booleanOption(ps: ParseState, d: Node): boolean {
  const arg = d.arg as Node | undefined;
  if (!arg) return true;
  if (arg.Integer) {
    const v = arg.Integer.ival ?? 0;
    if (v === 0 || v === 1) return v === 1;
  } else {
    const s = String(arg.String?.sval ?? arg.Boolean?.boolval ?? '').toLowerCase();
    if (['true', 'on'].includes(s)) return true;
    if (['false', 'off'].includes(s)) return false;
  }
  throw ps.error(SqlState.SyntaxError, `${d.defname} requires a Boolean value`);
}

function explainOptions(ps: ParseState, list: readonly Node[]): ExplainOptions {
  const given = new Map<string, boolean>();
  for (const item of list) {
    const d = item.DefElem;
    const name: string = d.defname;
    if (name === 'format') {
      const value = String(d.arg?.String?.sval ?? '').toLowerCase();
      if (value === 'text') continue;
      if (['json', 'xml', 'yaml'].includes(value)) throw notSupported(`EXPLAIN (FORMAT ${value.toUpperCase()})`);
      throw ps.error(SqlState.InvalidParameterValue, `unrecognized value for EXPLAIN option "format": "${value}"`, d.location);
    }
    if (!BOOLEAN_OPTIONS.has(name)) throw ps.error(SqlState.SyntaxError, `unrecognized EXPLAIN option "${name}"`, d.location);
    given.set(name, booleanOption(ps, d));
  }
  const analyze = given.get('analyze') ?? false;
  if (given.get('wal') && !analyze) throw new DbError(SqlState.InvalidParameterValue, 'EXPLAIN option WAL requires ANALYZE');
  if (given.has('timing') && !analyze) throw new DbError(SqlState.InvalidParameterValue, 'EXPLAIN option TIMING requires ANALYZE');
  return {
    analyze,
    verbose: given.get('verbose') ?? false,
    costs: given.get('costs') ?? true,
    timing: given.get('timing') ?? analyze,
    summary: given.get('summary') ?? analyze,
  };
}

type Explained = { kind: 'select'; query: Query } | { kind: 'dml'; query: DmlQuery };

function analyzeExplained(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null) {
  const params = new ParamTypes(paramTypes ?? [], paramTypes !== null);
  const ps = new ParseState(parsed.query, params, session.types, { session, catalog: session.transaction.catalog });
  const stmt = parsed.stmt.ExplainStmt;
  const options = explainOptions(ps, (stmt.options ?? []) as Node[]);
  const inner = stmt.query as Node;
  const kind = Object.keys(inner)[0]!;
  let explained: Explained;
  if (kind === 'SelectStmt') explained = { kind: 'select', query: analyzeSelect(ps, inner.SelectStmt) };
  else if (kind === 'InsertStmt' || kind === 'UpdateStmt' || kind === 'DeleteStmt') explained = { kind: 'dml', query: analyzeDml(ps, kind, inner[kind]) };
  else throw notSupported(`EXPLAIN of ${kind === 'CreateTableAsStmt' ? 'CREATE TABLE AS' : kind === 'ExecuteStmt' ? 'EXECUTE' : kind.replace(/Stmt$/, '')}`);
  if (explained.query.ctes.some((c) => c.dml)) throw notSupported('EXPLAIN of data-modifying WITH queries');
  return { options, explained, types: params.finish(), notices: ps.notices, catalogVersion: session.cluster.catalog.state.version };
}

export function prepareExplain(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null): Prepared {
  let analyzed = analyzeExplained(session, parsed, paramTypes);
  const types = analyzed.types;
  const columns = [textColumn('QUERY PLAN')];
  return {
    paramTypes: types,
    columns,
    kind: parsed.kind,
    notices: analyzed.notices,
    bind(values: readonly Value[]): Portal {
      if (session.transaction.catalog.changed || analyzed.catalogVersion !== session.cluster.catalog.state.version) {
        analyzed = analyzeExplained(session, parsed, types);
      }
      let lines: Promise<string[]> | null = null;
      let offset = 0;
      return {
        columns,
        async run(maxRows: number) {
          lines ??= explain(session, analyzed.explained, analyzed.options, values);
          const all = await lines;
          const end = maxRows > 0 ? Math.min(all.length, offset + maxRows) : all.length;
          const rows = all.slice(offset, end).map((l) => [l]);
          offset = end;
          if (maxRows > 0 && offset < all.length) return { rows, done: false, tag: '' };
          return { rows, done: true, tag: 'EXPLAIN' };
        },
      };
    },
  };
}

async function explain(session: Session, explained: Explained, o: ExplainOptions, values: readonly Value[]): Promise<string[]> {
  const ctx = session.runtime(values);
  session.snapshotTaken = true;
  const inst = o.analyze ? new Instrumentation(o.timing) : null;
  const started = performance.now();
  let planningMs: number;
  let executionMs = 0;
  let root;
  if (explained.kind === 'select') {
    const plan = planSelect(explained.query, ctx);
    planningMs = performance.now() - started;
    if (inst) {
      const compiled = instrumenting(inst, () => compilePlan(plan.root));
      const t0 = performance.now();
      await drain(compiled(ctx), ctx);
      executionMs = performance.now() - t0;
    }
    root = new PlanExplainer(session, inst, o.verbose, [plan.root], values).build(plan.root).en;
  } else {
    const r = explainDml(session, explained.query, ctx, inst, o.verbose, values);
    planningMs = r.planningMs;
    executionMs = r.executionMs;
    root = r.root;
  }
  const lines = explainText(root, { costs: o.costs, analyze: o.analyze, timing: o.timing });
  if (o.summary) lines.push(`Planning Time: ${planningMs.toFixed(3)} ms`);
  if (o.summary && o.analyze) lines.push(`Execution Time: ${executionMs.toFixed(3)} ms`);
  return lines;
}

/** Runs a plan to its end, letting other connections run when it pauses. */
async function drain(source: AnySource, ctx: RuntimeContext): Promise<void> {
  if (source.async) {
    while ((await source.source.next()) !== null);
    return;
  }
  const s = source.source;
  for (;;) {
    const row = s.next();
    if (row === null) return;
    if (row === PAUSE) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      ctx.checkCancel();
      ctx.newSlice();
    }
  }
}
