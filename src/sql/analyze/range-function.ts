// Functions in FROM (PostgreSQL's transformRangeFunction): `generate_series(1, 3) AS g(n)`,
// `ROWS FROM (f(...), g(...))` (zipped, shorter ones padded with NULL) and WITH ORDINALITY.
// A function returning one value per row gives one column, named by the column alias, else
// by the table alias, else by the function; one with OUT parameters gives those columns, one
// returning "record" those of its column definition list (column-definitions.ts).
// Functions in FROM may read the FROM items to their left (they are implicitly LATERAL).
import { SqlState } from '../../errors.js';
import { analyzeExpr, exprNodeLocation, type ExprContext } from '../expr/analyze-expr.js';
import type { Expr } from '../expr/expr.js';
import { outColumns } from '../expr/set-returning/index.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import { figureColname } from './figure-colname.js';
import { tooManyColumns, type RangeEntry } from './range-table.js';
import { applyColumnDefinitionList, checkOuterColumnDefinitionList } from './column-definitions.js';

export function analyzeRangeFunction(cx: ExprContext, body: Node): RangeEntry {
  const ps = cx.ps;
  let items = (body.functions as Node[]).map((f) => f.List.items as Node[]);
  // unnest(a, b, ...) in FROM is ROWS FROM (unnest(a), unnest(b), ...)
  const only = items.length === 1 ? items[0]![0]!.FuncCall : undefined;
  if (!body.is_rowsfrom && only && (only.args?.length ?? 0) > 1 && isUnnest(only.funcname as Node[])) {
    items = (only.args as Node[]).map((arg) => [{ FuncCall: { ...only, args: [arg] } }]);
  }
  const location = exprNodeLocation(items[0]![0]!);
  const analyzed = items.map(([node]) => analyzeExpr(cx, node!));
  if (body.coldeflist) checkOuterColumnDefinitionList(ps, body, items.length);
  const functions: Expr[] = [];
  const names: string[] = [];
  const types: number[] = [];
  const typmods: number[] = [];
  for (const [i, [node, inner]] of items.entries()) {
    let e = analyzed[i]!;
    const coldefs: Node[] | undefined = body.coldeflist ?? inner?.List?.items;
    if (coldefs) {
      const defined = applyColumnDefinitionList(ps, e, coldefs);
      e = defined.call;
      functions.push(e);
      for (const c of defined.columns) {
        names.push(c.name);
        types.push(c.type);
        typmods.push(c.typmod);
      }
      continue;
    }
    functions.push(e);
    const out = e.kind === 'func' && e.proc.proretset ? outColumns(e.proc) : null;
    if (out) {
      for (const c of out) {
        names.push(c.name);
        types.push(c.type);
        typmods.push(-1);
      }
    } else if (e.type === Oid.record) {
      throw ps.error(SqlState.SyntaxError, 'a column definition list is required for functions returning "record"', exprNodeLocation(node!));
    } else {
      names.push(figureColname(node!));
      types.push(e.type);
      typmods.push(-1);
    }
  }
  const alias = body.alias;
  const singleScalar = items.length === 1 && names.length === 1 && !(functions[0]!.kind === 'func' && functions[0]!.proc.proretset && outColumns(functions[0]!.proc));
  // one scalar function with a table alias and no column alias: the column takes the alias
  if (singleScalar && alias && !alias.colnames) names[0] = alias.aliasname;
  if (body.ordinality) {
    names.push('ordinality');
    types.push(Oid.int8);
    typmods.push(-1);
  }
  const entry: RangeEntry = {
    kind: 'function',
    alias: alias?.aliasname ?? figureColname(items[0]![0]!),
    columnNames: names,
    columnTypes: types,
    columnTypmods: typmods,
    functions,
    ordinality: body.ordinality === true,
    location,
  };
  const colnames: Node[] = alias?.colnames ?? [];
  if (colnames.length > names.length) throw tooManyColumns(ps, entry.alias, names.length, colnames.length);
  colnames.forEach((c, i) => (entry.columnNames[i] = c.String.sval));
  return entry;
}

function isUnnest(names: Node[]): boolean {
  const parts = names.map((n) => n.String.sval as string);
  return parts[parts.length - 1] === 'unnest' && (parts.length === 1 || parts[0] === 'pg_catalog');
}
