// SET, RESET, SHOW and SET TRANSACTION / SET SESSION CHARACTERISTICS, as PostgreSQL runs
// them: values flattened from the statement's arguments, SET LOCAL and SET TRANSACTION only
// meaningful inside a transaction block (a WARNING otherwise), SHOW with the setting's own
// name as the column name.
import { DbError, SqlState, notSupported } from '../../errors.js';
import { quoteIdentifierIfNeeded } from '../../catalog/format-type.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import { settingDefinition } from '../settings/definitions.js';
import { formatInterval, INTERVAL_FULL_PRECISION, intervalTypmod, parseInterval } from '../types/interval.js';
import type { TypeContext } from '../types/typeio.js';
import type { Prepared } from '../statement.js';
import { textColumn, utilityStatement } from './utility.js';

/** The text value of one SET argument. */
function argText(arg: Node, quote: boolean): string {
  const c = arg.A_Const;
  if (c) {
    if (c.ival !== undefined) return String(c.ival.ival ?? 0);
    if (c.fval !== undefined) return String(c.fval.fval);
    if (c.sval !== undefined) {
      const s: string = c.sval.sval ?? '';
      return quote ? quoteIdentifierIfNeeded(s) : s;
    }
    if (c.boolval !== undefined) return c.boolval.boolval ? 'true' : 'false';
  }
  if (arg.TypeCast) return intervalArgText(arg.TypeCast);
  throw new DbError(SqlState.SyntaxError, 'invalid SET argument');
}

/**
 * `INTERVAL '...' [fields]` as a SET argument (only SET TIME ZONE has use for one): read with its
 * typmod and written back as `INTERVAL 'value'`, as flatten_set_variable_args does.
 */
function intervalArgText(cast: Node): string {
  const names = ((cast.typeName.names ?? []) as Node[]).map((n) => n.String.sval as string);
  const text = cast.arg?.A_Const?.sval?.sval;
  if (names.at(-1) !== 'interval' || typeof text !== 'string') throw new DbError(SqlState.SyntaxError, 'invalid SET argument');
  const mods = ((cast.typeName.typmods ?? []) as Node[]).map((m) => Number(m.A_Const?.ival?.ival ?? 0));
  const typmod = mods.length === 0 ? -1 : intervalTypmod(mods[1] ?? INTERVAL_FULL_PRECISION, mods[0]!);
  const iv = parseInterval(text, typmod, { intervalStyle: 'postgres' } as TypeContext);
  return `INTERVAL '${formatInterval(iv, 'postgres')}'`;
}

/** PostgreSQL's flatten_set_variable_args. */
function flattenArgs(name: string, args: Node[]): string {
  const def = settingDefinition(name);
  if (args.length > 1 && !def?.listInput) {
    throw new DbError(SqlState.InvalidParameterValue, `SET ${name} takes only one argument`);
  }
  return args.map((a) => argText(a, def?.listQuote ?? false)).join(', ');
}

/** Applies the DefElems of SET TRANSACTION / BEGIN options (transaction_isolation, ...). */
export function applyTransactionOptions(session: Session, options: Node[], local: boolean): void {
  for (const o of options) {
    const d = o.DefElem;
    const value = d.arg.A_Const.sval?.sval ?? (d.arg.A_Const.ival?.ival ? 'on' : 'off');
    if (local && d.defname === 'transaction_isolation' && session.snapshotTaken) {
      throw new DbError(SqlState.ActiveSqlTransaction, 'SET TRANSACTION ISOLATION LEVEL must be called before any query');
    }
    const name = local ? d.defname : `default_${d.defname}`;
    session.settings.set(name, value, { local });
  }
}

export function prepareVariableSet(session: Session, parsed: ParsedStatement): Prepared {
  const s = parsed.stmt.VariableSetStmt;
  const name: string = s.name ?? '';
  const local: boolean = s.is_local === true;
  return utilityStatement(parsed.kind, null, () => {
    switch (s.kind) {
      case 'VAR_SET_VALUE':
      case 'VAR_SET_DEFAULT': {
        if (local && !session.inTransactionBlock) {
          session.warning(SqlState.NoActiveSqlTransaction, 'SET LOCAL can only be used in transaction blocks');
        }
        const value = s.kind === 'VAR_SET_DEFAULT' ? null : flattenArgs(name, s.args ?? []);
        session.settings.set(name, value, { local });
        return { tag: 'SET' };
      }
      case 'VAR_RESET':
        session.settings.set(name, null);
        return { tag: 'RESET' };
      case 'VAR_RESET_ALL':
        session.settings.resetAll();
        return { tag: 'RESET' };
      case 'VAR_SET_MULTI': {
        if (name === 'TRANSACTION') {
          if (!session.inTransactionBlock) {
            session.warning(SqlState.NoActiveSqlTransaction, 'SET TRANSACTION can only be used in transaction blocks');
          }
          applyTransactionOptions(session, s.args ?? [], true);
        } else if (name === 'SESSION CHARACTERISTICS') {
          applyTransactionOptions(session, s.args ?? [], false);
        } else {
          throw notSupported(`SET ${name}`);
        }
        return { tag: 'SET' };
      }
      case 'VAR_SET_CURRENT':
        throw notSupported('SET ... FROM CURRENT');
      default:
        throw notSupported(`SET form ${s.kind}`);
    }
  });
}

export function prepareVariableShow(session: Session, parsed: ParsedStatement): Prepared {
  const name: string = parsed.stmt.VariableShowStmt.name;
  if (name.toLowerCase() === 'all') {
    return utilityStatement(parsed.kind, [textColumn('name'), textColumn('setting'), textColumn('description')], () => ({
      rows: session.settings.showAll().map((s) => [s.name, s.value, s.description]),
      tag: 'SHOW',
    }));
  }
  // Describe must name the column before the statement runs: use the setting's spelling.
  const column = session.settings.has(name) ? session.settings.show(name).name : name;
  return utilityStatement(parsed.kind, [textColumn(column)], () => {
    const shown = session.settings.show(name);
    return { rows: [[shown.value]], tag: 'SHOW' };
  });
}
