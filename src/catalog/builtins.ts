// Built-in catalog data recorded from PostgreSQL 15 (the top-level catalog/ folder): types,
// functions, operators, casts, aggregates and settings, loaded once and indexed for lookup.
// The data is read-only and shared by every connection.
// Invariant: OIDs, names and signatures are exactly PostgreSQL 15's (see
// scripts/catalog/extract-builtins.mjs, which recorded them).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TypeRow {
  oid: number;
  typname: string;
  namespace: string;
  typlen: number;
  typbyval: boolean;
  /** b base, c composite, d domain, e enum, p pseudo, r range, m multirange */
  typtype: string;
  /** One-letter type category: N numeric, S string, B boolean, D date/time, ... */
  typcategory: string;
  typispreferred: boolean;
  typisdefined: boolean;
  typdelim: string;
  typrelid: number;
  typelem: number;
  typarray: number;
  typinput: string;
  typoutput: string;
  typreceive: string;
  typsend: string;
  typmodin: string;
  typmodout: string;
  typalign: string;
  typstorage: string;
  typnotnull: boolean;
  typbasetype: number;
  typtypmod: number;
  typndims: number;
  typcollation: number;
}

export interface ProcRow {
  oid: number;
  proname: string;
  namespace: string;
  language: string;
  /** f function, a aggregate, w window, p procedure */
  prokind: string;
  prosecdef: boolean;
  proleakproof: boolean;
  proisstrict: boolean;
  proretset: boolean;
  /** i immutable, s stable, v volatile */
  provolatile: string;
  proparallel: string;
  pronargs: number;
  pronargdefaults: number;
  prorettype: number;
  proargtypes: number[];
  proallargtypes: number[] | null;
  proargmodes: string[] | null;
  proargnames: string[] | null;
  provariadic: number;
  prosrc: string;
  prosupport: string;
  argdefaults: string[] | null;
  description: string | null;
}

export interface OperatorRow {
  oid: number;
  oprname: string;
  /** b infix, l prefix */
  oprkind: string;
  oprcanmerge: boolean;
  oprcanhash: boolean;
  oprleft: number;
  oprright: number;
  oprresult: number;
  oprcom: number;
  oprnegate: number;
  oprcode: string;
  oprcodeoid: number;
}

export interface CastRow {
  oid: number;
  castsource: number;
  casttarget: number;
  castfunc: number;
  /** i implicit, a assignment, e explicit */
  castcontext: string;
  /** f function, i I/O, b binary-coercible */
  castmethod: string;
}

export interface AggregateRow {
  aggfnoid: number;
  aggkind: string;
  aggnumdirectargs: number;
  aggtransfn: number;
  aggfinalfn: number;
  aggcombinefn: number;
  aggsortop: number;
  aggtranstype: number;
  agginitval: string | null;
}

export interface SettingRow {
  name: string;
  unit: string | null;
  category: string;
  short_desc: string;
  extra_desc: string | null;
  context: string;
  vartype: string;
  min_val: string | null;
  max_val: string | null;
  enumvals: string[] | null;
  boot_val: string | null;
}

const catalogDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog');

function load<T>(name: string): T[] {
  return JSON.parse(readFileSync(join(catalogDir, `${name}.json`), 'utf8')) as T[];
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** The indexed built-in catalog. */
export class Builtins {
  readonly types: TypeRow[] = load<TypeRow>('types');
  readonly procs: ProcRow[] = load<ProcRow>('procs');
  readonly operators: OperatorRow[] = load<OperatorRow>('operators');
  readonly casts: CastRow[] = load<CastRow>('casts');
  readonly aggregates: AggregateRow[] = load<AggregateRow>('aggregates');
  readonly settings: SettingRow[] = load<SettingRow>('settings');

  readonly typeByOid = new Map(this.types.map((t) => [t.oid, t]));
  /** pg_catalog types by name. */
  readonly typeByName = new Map(
    this.types.filter((t) => t.namespace === 'pg_catalog').map((t) => [t.typname, t]),
  );
  readonly procByOid = new Map(this.procs.map((p) => [p.oid, p]));
  /** Functions by name; the key is `namespace.name` and, for pg_catalog, also the bare name. */
  readonly procsByName = groupBy(this.procs, (p) => p.proname);
  readonly operatorByOid = new Map(this.operators.map((o) => [o.oid, o]));
  readonly operatorsByName = groupBy(this.operators, (o) => o.oprname);
  readonly aggregateByOid = new Map(this.aggregates.map((a) => [a.aggfnoid, a]));
  private readonly castMap = new Map(this.casts.map((c) => [castKey(c.castsource, c.casttarget), c]));

  /** The pg_cast row for source → target, if any. */
  cast(source: number, target: number): CastRow | undefined {
    return this.castMap.get(castKey(source, target));
  }

  type(oid: number): TypeRow {
    const t = this.typeByOid.get(oid);
    if (!t) throw new Error(`unknown type oid ${oid}`);
    return t;
  }
}

function castKey(source: number, target: number): string {
  return `${source}:${target}`;
}

let instance: Builtins | null = null;

/** The built-in catalog, loaded on first use. */
export function builtins(): Builtins {
  if (!instance) instance = new Builtins();
  return instance;
}
