// Column definition lists of functions in FROM (PostgreSQL's transformRangeFunction and
// addRangeTableEntryForFunction): `json_to_record(j) AS x(a int, b varchar(3))` or, inside
// ROWS FROM, `json_to_record(j) AS (a int)`. Only a function returning "record" without OUT
// parameters takes one (and then needs one); the columns get the types, typmods and names
// given, which must be distinct and not pseudo-types. The call becomes a call of a proc that
// declares those columns (expr/set-returning/record-columns.ts).
import { builtins } from '../../catalog/builtins.js';
import { formatType } from '../../catalog/format-type.js';
import { SqlState } from '../../errors.js';
import type { Expr } from '../expr/expr.js';
import { outColumns, setReturningImpl } from '../expr/set-returning/index.js';
import { withColumnDefinitions, type DefinedColumn } from '../expr/set-returning/record-columns.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import type { ParseState } from './parse-state.js';
import { resolveTypeName } from './typename.js';

/** PostgreSQL's MaxHeapAttributeNumber. */
const MAX_COLUMNS = 1600;
/** record[] (_record). */
const RECORD_ARRAY = 2287;

function listLocation(coldefs: Node[]): number {
  return coldefs[0]?.ColumnDef?.location ?? -1;
}

/** The checks of a list written after the whole FROM item (`f(...) AS x(a int)`). */
export function checkOuterColumnDefinitionList(ps: ParseState, body: Node, functionCount: number): void {
  const coldefs: Node[] = body.coldeflist;
  if (functionCount !== 1) {
    if (body.is_rowsfrom) {
      throw ps.error(SqlState.SyntaxError, 'ROWS FROM() with multiple functions cannot have a column definition list', listLocation(coldefs), {
        hint: 'Put a separate column definition list for each function inside ROWS FROM().',
      });
    }
    throw ps.error(SqlState.SyntaxError, 'the multi-argument form of UNNEST() cannot have a column definition list', listLocation(coldefs), {
      hint: 'Use separate UNNEST() calls inside ROWS FROM(), and attach a column definition list to each one.',
    });
  }
  if (body.ordinality) {
    throw ps.error(SqlState.SyntaxError, 'WITH ORDINALITY cannot be used with a column definition list', listLocation(coldefs), {
      hint: 'Put the column definition list inside ROWS FROM().',
    });
  }
}

/** A function call of a FROM item with its column definition list applied. */
export function applyColumnDefinitionList(ps: ParseState, call: Expr, coldefs: Node[]): { call: Expr; columns: DefinedColumn[] } {
  const location = listLocation(coldefs);
  const returnsRecord = call.kind === 'func' && call.type === Oid.record;
  if (returnsRecord && outColumns(call.proc)) {
    throw ps.error(SqlState.SyntaxError, 'a column definition list is redundant for a function with OUT parameters', location);
  }
  if (!returnsRecord || call.kind !== 'func') {
    throw ps.error(SqlState.SyntaxError, 'a column definition list is only allowed for functions returning "record"', location);
  }
  if (coldefs.length > MAX_COLUMNS) {
    throw ps.error(SqlState.ProgramLimitExceeded, `column definition lists can have at most ${MAX_COLUMNS} entries`, location);
  }
  const columns: DefinedColumn[] = coldefs.map((node) => {
    const def = node.ColumnDef;
    const name = def.colname as string;
    if (def.typeName.setof) throw ps.error(SqlState.InvalidTableDefinition, `column "${name}" cannot be declared SETOF`, def.location);
    const type = resolveTypeName(ps, def.typeName);
    if (def.collClause) throw ps.error(SqlState.FeatureNotSupported, 'COLLATE in column definition lists is not supported yet', def.collClause.location);
    return { name, type: type.oid, typmod: type.typmod };
  });
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw ps.error(SqlState.DuplicateColumn, `column name "${c.name}" specified more than once`);
    seen.add(c.name);
    if (c.type === Oid.record || c.type === RECORD_ARRAY) {
      throw ps.error(SqlState.FeatureNotSupported, 'record columns in column definition lists are not supported yet', location);
    }
    if (builtins().typeByOid.get(c.type)?.typtype === 'p') {
      throw ps.error(SqlState.InvalidTableDefinition, `column "${c.name}" has pseudo-type ${formatType(c.type)}`);
    }
  }
  const proc = withColumnDefinitions(call.proc, columns);
  if (!setReturningImpl(proc)) {
    throw ps.error(SqlState.FeatureNotSupported, `column definition lists for function ${call.proc.proname} are not supported yet`, location);
  }
  return { call: { ...call, proc }, columns };
}
