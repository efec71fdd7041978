// All set-returning function implementations, by prosrc.
import type { ProcRow } from '../../../catalog/builtins.js';
import { arrayAndTextFunctions } from './array-and-text.js';
import { catalogSetFunctions } from './catalog-sets.js';
import { jsonRecordFunctions, jsonRecordsetWithoutColumns } from './json-records.js';
import { jsonSetFunctions } from './json-sets.js';
import { keywordFunctions } from './keywords.js';
import { columnDefinitions } from './record-columns.js';
import type { SetReturningImpl } from './registry.js';
import { seriesFunctions } from './series.js';

const TABLE: Record<string, SetReturningImpl> = {
  ...seriesFunctions,
  ...arrayAndTextFunctions,
  ...catalogSetFunctions,
  ...keywordFunctions,
  ...jsonSetFunctions,
  ...jsonRecordsetWithoutColumns,
};

export function setReturningImpl(proc: ProcRow): SetReturningImpl | undefined {
  if (proc.language !== 'internal') return undefined;
  // a call with a column definition list (record-columns.ts)
  const columns = columnDefinitions(proc);
  if (columns) {
    const impl = jsonRecordFunctions[proc.prosrc];
    return impl && ((args, ctx, call) => impl(args, ctx, call, columns));
  }
  return TABLE[proc.prosrc];
}

/** OUT-parameter columns of a set-returning function (null when it returns one value per row). */
export function outColumns(proc: ProcRow): { name: string; type: number }[] | null {
  if (!proc.proallargtypes || !proc.proargmodes) return null;
  const out: { name: string; type: number }[] = [];
  proc.proargmodes.forEach((mode, i) => {
    if (mode === 'o' || mode === 'b' || mode === 't') out.push({ name: proc.proargnames?.[i] ?? `column${out.length + 1}`, type: proc.proallargtypes![i]! });
  });
  return out.length > 0 ? out : null;
}
