// Finds the TypeScript implementation of a pg_proc row: internal functions by their C symbol
// (prosrc, see functions/registry.ts), SQL-language built-ins (whose prosrc is SQL text) by
// name and argument types, and the few functions that wait (pg_sleep) as async ones.
import { builtins, type ProcRow } from '../../catalog/builtins.js';
import { functionImpl } from './functions/index.js';
import type { AsyncFnImpl, FnImpl } from './functions/registry.js';
import { sqlLanguageFunction } from './sql-functions.js';
import { asyncFunctions } from './async-functions.js';

export type Implementation = { async: false; fn: FnImpl } | { async: true; fn: AsyncFnImpl };

/** The key a SQL-language built-in is implemented under: `lpad(text,int4)`. */
export function sqlFunctionKey(proc: ProcRow): string {
  const types = builtins();
  return `${proc.proname}(${proc.proargtypes.map((t) => types.typeByOid.get(t)?.typname ?? String(t)).join(',')})`;
}

export function lookupImplementation(proc: ProcRow): Implementation | undefined {
  if (proc.language === 'internal') {
    const asyncFn = asyncFunctions[proc.prosrc];
    if (asyncFn) return { async: true, fn: asyncFn };
    const fn = functionImpl(proc.prosrc);
    return fn ? { async: false, fn } : undefined;
  }
  if (proc.language === 'sql') {
    const key = sqlFunctionKey(proc);
    const asyncFn = asyncFunctions[key];
    if (asyncFn) return { async: true, fn: asyncFn };
    const fn = sqlLanguageFunction(key);
    return fn ? { async: false, fn } : undefined;
  }
  return undefined;
}

export function hasImplementation(proc: ProcRow): boolean {
  return lookupImplementation(proc) !== undefined;
}
