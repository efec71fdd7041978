// INSERT, UPDATE and DELETE as prepared statements: analyzed at Parse (so Describe knows the
// parameter types and the RETURNING columns), analyzed again at Bind when the catalog changed
// since, run whole at the first Execute (later Executes with a row limit hand out the rest of
// the RETURNING rows, as PostgreSQL's portal does).
import { DbError, SqlState } from '../../errors.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import type { OutputColumn } from '../plan/nodes.js';
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Portal, PortalResult, Prepared } from '../statement.js';
import type { Value } from '../types/value.js';
import { analyzeDelete, executeDelete } from '../dml/delete.js';
import { analyzeInsert, executeInsert } from '../dml/insert.js';
import { analyzeUpdate, executeUpdate } from '../dml/update.js';
import type { DmlQuery } from '../dml/dml-query.js';
import type { RuntimeContext } from '../expr/compile.js';
import { prepareStatementCtes } from './statement-ctes.js';


function analyze(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null) {
  const params = new ParamTypes(paramTypes ?? [], paramTypes !== null);
  const ps = new ParseState(parsed.query, params, session.types, { session, catalog: session.transaction.catalog });
  const node = parsed.stmt[parsed.kind];
  const query: DmlQuery =
    parsed.kind === 'InsertStmt' ? analyzeInsert(ps, node) : parsed.kind === 'UpdateStmt' ? analyzeUpdate(ps, node) : analyzeDelete(ps, node);
  const types = params.finish();
  return { query, types, columns: query.returning?.columns ?? null, notices: ps.notices, catalogVersion: session.cluster.catalog.state.version };
}

export function prepareDml(session: Session, parsed: ParsedStatement, paramTypes: readonly number[] | null): Prepared {
  let analyzed = analyze(session, parsed, paramTypes);
  const { types, columns } = analyzed;
  return {
    paramTypes: types,
    columns,
    kind: parsed.kind,
    notices: analyzed.notices,
    bind(values: readonly Value[]): Portal {
      if (session.transaction.catalog.changed || analyzed.catalogVersion !== session.cluster.catalog.state.version) {
        const again = analyze(session, parsed, types);
        if (!sameColumns(again.columns, columns)) throw new DbError(SqlState.FeatureNotSupported, 'cached plan must not change result type');
        analyzed = again;
      }
      const query = analyzed.query;
      let result: { rows: Value[][]; tag: string } | null = null;
      let offset = 0;
      return {
        columns,
        run(maxRows: number): PortalResult {
          if (!result) {
            session.requireWritable(commandTag(query));
            const ctx = session.runtime(values);
            session.snapshotTaken = true;
            prepareStatementCtes(session, query.ctes, ctx);
            const r = executeDml(session, query, ctx);
            const tag = query.kind === 'insert' ? `INSERT 0 ${r.count}` : `${commandTag(query)} ${r.count}`;
            result = { rows: r.rows, tag };
          }
          const end = maxRows > 0 ? Math.min(result.rows.length, offset + maxRows) : result.rows.length;
          const rows = result.rows.slice(offset, end);
          offset = end;
          if (maxRows > 0 && rows.length === maxRows && offset < result.rows.length) return { rows, done: false, tag: '' };
          return { rows, done: true, tag: result.tag };
        },
      };
    },
  };
}

/** Runs an INSERT, UPDATE or DELETE: its count and RETURNING rows. */
export function executeDml(session: Session, query: DmlQuery, ctx: RuntimeContext): { count: number; rows: Value[][] } {
  session.requireWritable(commandTag(query));
  return query.kind === 'insert' ? executeInsert(session, query, ctx) : query.kind === 'update' ? executeUpdate(session, query, ctx) : executeDelete(session, query, ctx);
}

function commandTag(q: DmlQuery): string {
  return q.kind === 'insert' ? 'INSERT' : q.kind === 'update' ? 'UPDATE' : 'DELETE';
}

function sameColumns(a: readonly OutputColumn[] | null, b: readonly OutputColumn[] | null): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((c, i) => c.type === b[i]!.type && c.typmod === b[i]!.typmod);
}
