// The column name PostgreSQL gives a select-list item without an alias (FigureColname):
// the column or function name, the type name of a cast, "case", "coalesce", ... or
// "?column?" when nothing fits.
import type { Node } from '../parser.js';

const SQL_VALUE_NAMES: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

function lastName(list: Node[] | undefined): string | null {
  if (!list || list.length === 0) return null;
  const last = list[list.length - 1];
  return last.String?.sval ?? null;
}

/** [name, strength]: 2 for a real name, 1 for a weak guess (a cast's type), 0 for none. */
function figure(node: Node): [string | null, number] {
  if (!node || typeof node !== 'object') return [null, 0];
  const [kind, body] = Object.entries(node)[0] as [string, Node];
  switch (kind) {
    case 'ColumnRef': {
      // the last field name, ignoring "*" (t.* names its column t)
      const fields: Node[] = body.fields ?? [];
      const last = fields.filter((f) => f.String).at(-1);
      if (last) return [last.String.sval, 2];
      return [null, 0];
    }
    case 'A_Indirection': {
      const ind: Node[] = body.indirection ?? [];
      for (let i = ind.length - 1; i >= 0; i--) {
        if (ind[i].String) return [ind[i].String.sval, 2];
      }
      return figure(body.arg);
    }
    case 'FuncCall':
      return [lastName(body.funcname), 2];
    case 'A_Expr':
      if (body.kind === 'AEXPR_NULLIF') return ['nullif', 2];
      return [null, 0];
    case 'TypeCast': {
      const [name, strength] = figure(body.arg);
      if (strength <= 1) {
        const typeName = lastName(body.typeName?.names);
        if (typeName) return [typeName, 1];
      }
      return [name, strength];
    }
    case 'CollateClause':
      return figure(body.arg);
    case 'SubLink':
      switch (body.subLinkType) {
        case 'EXISTS_SUBLINK':
          return ['exists', 2];
        case 'ARRAY_SUBLINK':
          return ['array', 2];
        case 'EXPR_SUBLINK': {
          const targets: Node[] = body.subselect?.SelectStmt?.targetList ?? [];
          const first = targets[0]?.ResTarget;
          if (first?.name) return [first.name, 2];
          return first ? figure(first.val) : [null, 0];
        }
        default:
          return [null, 0];
      }
    case 'CaseExpr': {
      const [name, strength] = figure(body.defresult);
      return strength <= 1 ? ['case', 1] : [name, strength];
    }
    case 'A_ArrayExpr':
      return ['array', 2];
    case 'RowExpr':
      return ['row', 2];
    case 'CoalesceExpr':
      return ['coalesce', 2];
    case 'MinMaxExpr':
      return [body.op === 'IS_GREATEST' ? 'greatest' : 'least', 2];
    case 'SQLValueFunction':
      return [SQL_VALUE_NAMES[body.op] ?? null, 2];
    case 'XmlExpr':
      return [null, 0];
    case 'GroupingFunc':
      return ['grouping', 2];
    default:
      return [null, 0];
  }
}

export function figureColname(node: Node): string {
  const [name] = figure(node);
  return name ?? '?column?';
}
