// SQL-level prepared statements (PostgreSQL's commands/prepare.c): PREPARE name [(types)] AS
// statement analyzes the statement when it runs and keeps it in the session's registry
// (sql/prepared-statements.ts, shared with the protocol's Parse); EXECUTE name [(args)] binds
// the arguments — expressions without columns, assigned to the parameter types — and runs it,
// answering as the statement itself does; DEALLOCATE [PREPARE] name | ALL forgets them.
// EXECUTE finds its statement again at every run, so a cached EXECUTE follows a new PREPARE.
import { DbError, SqlState } from '../../errors.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { resolveTypeName } from '../analyze/typename.js';
import { prepareStatement } from '../engine.js';
import { analyzeExpr, exprNodeLocation } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { compileExpr } from '../expr/compile.js';
import type { Node, ParsedStatement } from '../parser.js';
import { simplify } from '../plan/simplify.js';
import { PreparedStatements } from '../prepared-statements.js';
import type { Session } from '../session.js';
import type { Portal, Prepared } from '../statement.js';
import type { Value } from '../types/value.js';
import { utilityStatement } from './utility.js';

function parseState(session: Session, parsed: ParsedStatement): ParseState {
  return new ParseState(parsed.query, new ParamTypes([], false), session.types, { session, catalog: session.transaction.catalog });
}

export function preparePrepare(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.PrepareStmt;
  return utilityStatement(parsed.kind, null, () => {
    const ps = parseState(session, parsed);
    const types = ((stmt.argtypes ?? []) as Node[]).map((t) => resolveTypeName(ps, t.TypeName ?? t).oid);
    const query = stmt.query as Node;
    const inner: ParsedStatement = { stmt: query, kind: Object.keys(query)[0]!, text: parsed.text, query: parsed.query };
    const prepared = prepareStatement(session, inner, types);
    session.preparedStatements.add(stmt.name as string, {
      parsed: inner,
      prepared,
      source: parsed.query.text,
      fromSql: true,
      prepareTime: session.statementStart,
      genericPlans: 0,
      customPlans: 0,
    });
    return { tag: 'PREPARE' };
  });
}

/** EXECUTE's arguments as values of the statement's parameter types (EvaluateParams). */
function argumentValues(session: Session, parsed: ParsedStatement, name: string, types: readonly number[]): Value[] {
  const args = (parsed.stmt.ExecuteStmt.params ?? []) as Node[];
  if (args.length !== types.length) {
    throw new DbError(SqlState.SyntaxError, `wrong number of parameters for prepared statement "${name}"`, {
      detail: `Expected ${types.length} parameters but got ${args.length}.`,
    });
  }
  if (args.length === 0) return [];
  const ps = parseState(session, parsed);
  const ctx = session.runtime([]);
  return args.map((node, i) => {
    const e = analyzeExpr({ ps, scope: null, clause: 'EXECUTE parameter' }, node);
    const location = exprNodeLocation(node);
    const value = coerceToTargetType(ps, e, types[i]!, -1, 'assignment', location);
    if (!value) {
      throw ps.error(SqlState.DatatypeMismatch, `parameter $${i + 1} of type ${ps.typeText(e.type)} cannot be coerced to the expected type ${ps.typeText(types[i]!)}`, location, {
        hint: 'You will need to rewrite or cast the expression.',
      });
    }
    return compileExpr(simplify(value, ctx))([], ctx);
  });
}

export function prepareExecute(session: Session, parsed: ParsedStatement): Prepared {
  const name = parsed.stmt.ExecuteStmt.name as string;
  const described = session.preparedStatements.require(name);
  return {
    paramTypes: [],
    columns: described.prepared?.columns ?? null,
    kind: parsed.kind,
    bind(): Portal {
      const entry = session.preparedStatements.require(name);
      const values = argumentValues(session, parsed, name, entry.prepared?.paramTypes ?? []);
      PreparedStatements.countRun(entry);
      if (!entry.prepared) return { columns: null, run: () => ({ rows: [], done: true, tag: '' }) };
      return entry.prepared.bind(values);
    },
  };
}

export function prepareDeallocate(session: Session, parsed: ParsedStatement): Prepared {
  const name = parsed.stmt.DeallocateStmt.name as string | undefined;
  return utilityStatement(parsed.kind, null, () => {
    if (name === undefined) {
      session.preparedStatements.clear();
      return { tag: 'DEALLOCATE ALL' };
    }
    if (!session.preparedStatements.delete(name)) session.preparedStatements.require(name);
    return { tag: 'DEALLOCATE' };
  });
}
