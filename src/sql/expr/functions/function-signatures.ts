// Function signatures as text (ruleutils' print_function_arguments and friends):
// pg_get_function_arguments ("years integer DEFAULT 0, ..."), pg_get_function_identity_arguments
// (the same without defaults), pg_get_function_result ("SETOF integer", "TABLE(a text)") and
// pg_get_function_arg_default. Arguments print with their mode (OUT, INOUT, VARIADIC) and name;
// an ordered-set aggregate's aggregated arguments follow ORDER BY. Functions are the built-in
// ones (Treeline has no CREATE FUNCTION yet); an OID that names none gives NULL.
// pg_get_functiondef gives NULL for an unknown OID and refuses an aggregate as PostgreSQL does;
// a built-in function's full definition is not printed yet.
import { builtins, type ProcRow } from '../../../catalog/builtins.js';
import { DbError, SqlState, notSupported } from '../../../errors.js';
import { formatTypeName } from '../../deparse/type-names.js';
import { quoteIdentifier } from './string-format.js';
import type { FunctionTable } from './registry.js';

const MODE_NAMES: Record<string, string> = { i: '', o: 'OUT ', b: 'INOUT ', v: 'VARIADIC ', t: '' };

interface Argument {
  mode: string;
  name: string;
  type: number;
}

function argumentsOf(p: ProcRow): Argument[] {
  const types = p.proallargtypes ?? p.proargtypes;
  return types.map((type, i) => ({ mode: p.proargmodes?.[i] ?? 'i', name: p.proargnames?.[i] ?? '', type }));
}

const typeText = (oid: number) => formatTypeName(oid, -1, false);

function printArguments(p: ProcRow, tableArgs: boolean, defaults: boolean): string {
  const args = argumentsOf(p);
  const inputs = args.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v').length;
  const lackDefaults = inputs - p.pronargdefaults;
  const aggregate = p.prokind === 'a' ? builtins().aggregateByOid.get(p.oid) : undefined;
  const orderBy = aggregate && aggregate.aggkind !== 'n' ? aggregate.aggnumdirectargs : -1;
  let out = '';
  let printed = 0;
  let inputNo = 0;
  let withDefaults = defaults;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const isInput = a.mode === 'i' || a.mode === 'b' || a.mode === 'v';
    if (isInput) inputNo++;
    if (tableArgs !== (a.mode === 't')) continue;
    if (printed === orderBy) {
      if (printed > 0) out += ' ';
      out += 'ORDER BY ';
    } else if (printed > 0) out += ', ';
    out += MODE_NAMES[a.mode] ?? '';
    if (a.name) out += `${quoteIdentifier(a.name)} `;
    out += typeText(a.type);
    if (withDefaults && isInput && inputNo > lackDefaults) out += ` DEFAULT ${p.argdefaults?.[inputNo - lackDefaults - 1] ?? ''}`;
    printed++;
    // a variadic ordered-set aggregate repeats its last argument after ORDER BY
    if (printed === orderBy && i === args.length - 1) {
      i--;
      inputNo--;
      withDefaults = false;
    }
  }
  return out;
}

function result(p: ProcRow): string | null {
  if (p.prokind === 'p') return null;
  if (p.proargmodes?.includes('t')) return `TABLE(${printArguments(p, true, false)})`;
  return `${p.proretset ? 'SETOF ' : ''}${typeText(p.prorettype)}`;
}

const proc = (oid: unknown) => builtins().procByOid.get(oid as number);

export const functionSignatureFunctions: FunctionTable = {
  pg_get_function_arguments: (a) => {
    const p = proc(a[0]);
    return p ? printArguments(p, false, true) : null;
  },
  pg_get_function_identity_arguments: (a) => {
    const p = proc(a[0]);
    return p ? printArguments(p, false, false) : null;
  },
  pg_get_function_result: (a) => {
    const p = proc(a[0]);
    return p ? result(p) : null;
  },
  pg_get_functiondef(a) {
    const p = proc(a[0]);
    if (!p) return null;
    if (p.prokind === 'a') throw new DbError(SqlState.WrongObjectType, `"${p.proname}" is an aggregate function`);
    // PostgreSQL prints COST, ROWS and SQL bodies, which the recorded built-in data lacks
    throw notSupported('pg_get_functiondef of a built-in function');
  },
  pg_get_function_arg_default(a) {
    const p = proc(a[0]);
    const n = a[1] as number;
    if (!p || n < 1) return null;
    const inputs = argumentsOf(p).filter((x) => x.mode === 'i' || x.mode === 'b' || x.mode === 'v').length;
    const firstDefault = inputs - p.pronargdefaults + 1;
    return n >= firstDefault && n <= inputs ? (p.argdefaults?.[n - firstDefault] ?? null) : null;
  },
};
