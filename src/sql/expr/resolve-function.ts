// Function and operator resolution, following PostgreSQL's parse_func.c and parse_oper.c:
// candidates by name and argument count (with VARIADIC and default arguments expanded, and
// named arguments matched to parameters),
// an exact match first, then the candidates the arguments can be implicitly coerced to,
// narrowed by func_select_candidate's heuristics (exact matches, preferred types, the
// category of unknown literals, and the "all known types are the same" last gasp).
import { builtins, type OperatorRow, type ProcRow } from '../../catalog/builtins.js';
import { Oid } from '../types/oids.js';
import { matchNamedCall } from './call-arguments.js';
import { canCoerceTypes, expandedArgTypes, isPreferredType, typeCategory } from './coerce.js';

export interface Candidate<T> {
  item: T;
  /** Declared argument types for this call (variadic expanded, defaults left off). */
  args: number[];
  /** Number of trailing arguments that come from defaults. */
  defaults: number;
  /** The variadic tail is expanded (values passed one by one). */
  variadic: boolean;
  /**
   * A call with named arguments: the parameter each argument fills, then the parameters
   * left to their defaults (call-arguments.ts matchNamedCall); `args` are in call order.
   */
  argNumbers?: number[];
  /** Another function takes exactly the same arguments (choosing this one is ambiguous). */
  ambiguous?: boolean;
}

/**
 * Functions named `name` that can take `nargs` arguments, the last argNames.length of them
 * named; with expandVariadic false (a VARIADIC call) variadic functions take their array.
 */
export function functionCandidates(name: string, nargs: number, schema?: string, argNames: readonly string[] = [], expandVariadic = true): Candidate<ProcRow>[] {
  const procs = builtins().procsByName.get(name) ?? [];
  const out: Candidate<ProcRow>[] = [];
  for (const proc of procs) {
    if (schema ? proc.namespace !== schema : proc.namespace !== 'pg_catalog') continue;
    if (argNames.length > 0) {
      const c = namedCandidate(proc, nargs, argNames, expandVariadic);
      if (c) out.push(c);
      continue;
    }
    if (proc.provariadic !== 0 && expandVariadic) {
      // a VARIADIC function takes its fixed arguments and at least one variadic one
      if (nargs >= proc.pronargs) {
        out.push({ item: proc, args: expandedArgTypes(proc, nargs, true), defaults: 0, variadic: true });
      }
      continue;
    }
    if (proc.pronargs === nargs) {
      out.push({ item: proc, args: proc.proargtypes.slice(), defaults: 0, variadic: false });
    }
    if (proc.pronargdefaults > 0 && nargs < proc.pronargs && nargs >= proc.pronargs - proc.pronargdefaults) {
      out.push({
        item: proc,
        args: proc.proargtypes.slice(0, nargs),
        defaults: proc.pronargs - nargs,
        variadic: false,
      });
    }
  }
  return withoutDuplicates(out);
}

/** The full parameter list a candidate stands for (defaulted parameters included). */
function fullArgs(c: Candidate<ProcRow>): readonly number[] {
  const proc = c.item;
  if (c.argNumbers) return c.argNumbers.map((param) => proc.proargtypes[param]!);
  return c.defaults > 0 ? proc.proargtypes : c.args;
}

/**
 * FuncnameGetCandidates' duplicates: of two candidates with the same parameter types (after
 * variadic expansion or named matching), a non-variadic one beats a variadic one; otherwise
 * the first is kept and marked ambiguous.
 */
function withoutDuplicates(list: Candidate<ProcRow>[]): Candidate<ProcRow>[] {
  const out: Candidate<ProcRow>[] = [];
  for (const c of list) {
    const args = fullArgs(c);
    const i = out.findIndex((p) => sameTypes(fullArgs(p), args));
    if (i < 0) out.push(c);
    else if (c.variadic && !out[i]!.variadic) continue;
    else if (!c.variadic && out[i]!.variadic) out[i] = c;
    else out[i] = { ...out[i]!, ambiguous: true };
  }
  return out;
}

/** A candidate for a call with named arguments (FuncnameGetCandidates with argnames). */
function namedCandidate(proc: ProcRow, nargs: number, argNames: readonly string[], expandVariadic: boolean): Candidate<ProcRow> | null {
  if (proc.provariadic !== 0 && expandVariadic) return null;
  const defaults = proc.pronargs > nargs ? proc.pronargs - nargs : 0;
  if (defaults > proc.pronargdefaults || (defaults === 0 && proc.pronargs !== nargs)) return null;
  const argNumbers = matchNamedCall(proc, nargs, argNames);
  if (!argNumbers) return null;
  const args = argNumbers.slice(0, nargs).map((param) => proc.proargtypes[param]!);
  return { item: proc, args, defaults, variadic: false, argNumbers };
}

/** Operators named `name`: infix ('b') or prefix ('l'). */
export function operatorCandidates(name: string, kind: 'b' | 'l'): Candidate<OperatorRow>[] {
  const ops = builtins().operatorsByName.get(name) ?? [];
  return ops
    .filter((o) => o.oprkind === kind)
    .map((o) => ({
      item: o,
      args: kind === 'b' ? [o.oprleft, o.oprright] : [o.oprright],
      defaults: 0,
      variadic: false,
    }));
}

function sameTypes(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type Resolution<T> = { kind: 'found'; candidate: Candidate<T> } | { kind: 'none' } | { kind: 'ambiguous' };

/** PostgreSQL's func_get_detail core: exact match, then implicit-coercion candidates. */
export function resolveCandidates<T>(inputs: readonly number[], candidates: Candidate<T>[]): Resolution<T> {
  const found = (c: Candidate<T>): Resolution<T> => (c.ambiguous ? { kind: 'ambiguous' } : { kind: 'found', candidate: c });
  for (const c of candidates) {
    if (sameTypes(inputs, c.args)) return found(c);
  }
  const matching = candidates.filter((c) => canCoerceTypes(inputs, c.args, 'implicit'));
  if (matching.length === 0) return { kind: 'none' };
  if (matching.length === 1) return found(matching[0]!);
  const best = selectCandidate(inputs, matching);
  return best ? found(best) : { kind: 'ambiguous' };
}

/** PostgreSQL's func_select_candidate. */
export function selectCandidate<T>(inputs: readonly number[], candidates: Candidate<T>[]): Candidate<T> | null {
  const nargs = inputs.length;
  const unknowns = inputs.filter((t) => t === Oid.unknown).length;

  // Keep the candidates with the most exact matches on known inputs.
  let list = keepBest(candidates, (c) => {
    let n = 0;
    for (let i = 0; i < nargs; i++) if (inputs[i] !== Oid.unknown && c.args[i] === inputs[i]) n++;
    return n;
  });
  if (list.length === 1) return list[0]!;

  // Then those with exact or preferred types where coercion is needed (same category only).
  const categories = inputs.map((t) => typeCategory(t));
  list = keepBest(list, (c) => {
    let n = 0;
    for (let i = 0; i < nargs; i++) {
      if (inputs[i] === Oid.unknown) continue;
      if (c.args[i] === inputs[i] || isPreferredType(categories[i]!, c.args[i]!)) n++;
    }
    return n;
  });
  if (list.length === 1) return list[0]!;
  if (unknowns === 0) return null;

  // Resolve unknown inputs by type category: STRING wins, else all candidates must agree.
  const slotCategory: string[] = [];
  const slotPreferred: boolean[] = [];
  let resolved = true;
  for (let i = 0; i < nargs && resolved; i++) {
    if (inputs[i] !== Oid.unknown) continue;
    let category = '';
    let preferred = false;
    let conflict = false;
    for (const c of list) {
      const t = c.args[i]!;
      const cat = typeCategory(t);
      const pref = isPreferredType(cat, t);
      if (category === '') {
        category = cat;
        preferred = pref;
      } else if (cat === category) {
        preferred ||= pref;
      } else if (cat === 'S') {
        category = cat;
        preferred = pref;
      } else {
        conflict = true;
      }
    }
    if (conflict && category !== 'S') resolved = false;
    slotCategory[i] = category;
    slotPreferred[i] = preferred;
  }
  if (resolved) {
    const kept = list.filter((c) => {
      for (let i = 0; i < nargs; i++) {
        if (inputs[i] !== Oid.unknown) continue;
        const t = c.args[i]!;
        const cat = typeCategory(t);
        if (cat !== slotCategory[i]) return false;
        if (slotPreferred[i] && !isPreferredType(cat, t)) return false;
      }
      return true;
    });
    if (kept.length > 0) list = kept;
    if (list.length === 1) return list[0]!;
  }

  // Last gasp: if all known inputs have one type, assume the unknowns have it too.
  if (unknowns < nargs) {
    let known = Oid.unknown as number;
    for (const t of inputs) {
      if (t === Oid.unknown) continue;
      if (known === Oid.unknown) known = t;
      else if (known !== t) {
        known = Oid.unknown;
        break;
      }
    }
    if (known !== Oid.unknown) {
      const assumed = inputs.map(() => known);
      const fits = list.filter((c) => canCoerceTypes(assumed, c.args, 'implicit'));
      if (fits.length === 1) return fits[0]!;
    }
  }
  return null;
}

function keepBest<T>(list: Candidate<T>[], score: (c: Candidate<T>) => number): Candidate<T>[] {
  let best = -1;
  let out: Candidate<T>[] = [];
  for (const c of list) {
    const s = score(c);
    if (s > best) {
      best = s;
      out = [c];
    } else if (s === best) {
      out.push(c);
    }
  }
  return out;
}

/** PostgreSQL's binary_oper_exact: with one unknown side, try the other side's type for both. */
export function exactBinaryOperator(name: string, left: number, right: number): OperatorRow | undefined {
  let l = left;
  let r = right;
  if (l === Oid.unknown && r !== Oid.unknown) l = r;
  else if (r === Oid.unknown && l !== Oid.unknown) r = l;
  return (builtins().operatorsByName.get(name) ?? []).find(
    (o) => o.oprkind === 'b' && o.oprleft === l && o.oprright === r,
  );
}
