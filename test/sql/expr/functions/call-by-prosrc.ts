// Test helper: calls a built-in implementation by prosrc the way the executor would, with the
// arguments given as text of their SQL types and the result printed by its type's output
// function, so recorded PostgreSQL answers (psql's text) can be compared literally.
// Errors print as "ERROR <sqlstate> <message>"; SQL NULL is null.
import { readFileSync } from 'node:fs';
import { DbError } from '../../../../src/errors.js';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import type { CallInfo, EvalContext } from '../../../../src/sql/expr/functions/registry.js';
import { sqlLanguageFunction } from '../../../../src/sql/expr/sql-functions.js';
import { defaultTypeContext, resolveTimeZone, typeIO, type TypeContext } from '../../../../src/sql/types/index.js';
import type { Value } from '../../../../src/sql/types/value.js';

interface ProcRow {
  proname: string;
  prosrc: string;
  language: string;
  proisstrict: boolean;
  prorettype: number;
  proargtypes: number[];
}

const catalog = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../catalog/${name}`, import.meta.url), 'utf8'));
const procs = catalog('procs.json') as ProcRow[];
const typeOids = new Map((catalog('types.json') as Array<{ oid: number; typname: string }>).map((t) => [t.typname, t.oid]));

/** 2024-05-06 07:08:09.123456 UTC, the fixed "now" of these tests. */
export const FIXED_NOW = 768294489123456n;

export function testContext(zone = 'UTC', settings: Partial<TypeContext> = {}): EvalContext {
  const timeZone = resolveTimeZone(zone);
  if (timeZone === null) throw new Error(`unknown zone ${zone}`);
  const types: TypeContext = { ...defaultTypeContext(), timeZone, transactionStart: () => FIXED_NOW, ...settings };
  return {
    types,
    session: {} as EvalContext['session'],
    checkCancel: () => {},
    sleep: () => Promise.resolve(),
    statementStart: FIXED_NOW + 1000n,
  };
}

function oidOf(typname: string): number {
  const oid = typeOids.get(typname);
  if (oid === undefined) throw new Error(`unknown type ${typname}`);
  return oid;
}

/**
 * Calls `key` — an internal prosrc, or a SQL-language built-in key such as `round(numeric)` —
 * with text arguments of the comma-separated `argTypes`, in `ctx`.
 */
export function callText(ctx: EvalContext, key: string, argTypes: string, args: Array<string | null>): string | null {
  const oids = argTypes === '' ? [] : argTypes.split(',').map(oidOf);
  const sqlKey = key.includes('(');
  const name = sqlKey ? key.slice(0, key.indexOf('(')) : key;
  const proc = procs.find(
    (p) =>
      (sqlKey ? p.proname === name && p.language === 'sql' : p.prosrc === key && p.language === 'internal') &&
      p.proargtypes.length === oids.length &&
      p.proargtypes.every((o, i) => o === oids[i]),
  );
  if (!proc) throw new Error(`no pg_proc row for ${key}(${argTypes})`);
  const fn = sqlKey ? sqlLanguageFunction(key) : functionImpl(key);
  if (!fn) throw new Error(`${key} is not implemented`);
  try {
    const values: Value[] = args.map((a, i) => (a === null ? null : typeIO(oids[i]!)!.input(a, -1, ctx.types)));
    if (proc.proisstrict && values.some((v) => v === null)) return null;
    const call: CallInfo = { argTypes: oids, resultType: proc.prorettype, resultTypmod: -1, funcOid: 0 };
    const result = fn(values, ctx, call);
    if (result === null) return null;
    const io = typeIO(proc.prorettype);
    if (!io) throw new Error(`no output for type ${proc.prorettype}`);
    return io.output(result, ctx.types);
  } catch (e) {
    if (e instanceof DbError) return `ERROR ${e.code} ${e.message}`;
    throw e;
  }
}

/** A recorded case: [zone, prosrc or SQL key, argument types, argument texts, PostgreSQL's answer]. */
export type RecordedCase = [string, string, string, Array<string | null>, string | null];

const contexts = new Map<string, EvalContext>();

/** Runs a recorded case in its zone (contexts are cached per zone). */
export function runRecorded(c: RecordedCase): string | null {
  const zone = c[0] || 'UTC';
  let ctx = contexts.get(zone);
  if (!ctx) contexts.set(zone, (ctx = testContext(zone)));
  return callText(ctx, c[1], c[2], c[3]);
}
