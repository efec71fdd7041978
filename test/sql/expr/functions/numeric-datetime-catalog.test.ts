// Every operator and function cast among numeric, date, time, timestamp, timestamptz and
// interval (and the integer and float types they meet) has an implementation, and so do the
// SQL-language numeric/date-time built-ins (pg_sleep_for/until are async ones); timetz, money, pg_lsn and jsonb are other types.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asyncFunctions } from '../../../../src/sql/expr/async-functions.js';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import { sqlLanguageFunction } from '../../../../src/sql/expr/sql-functions.js';

interface Proc {
  oid: number;
  proname: string;
  prosrc: string;
  language: string;
  namespace: string;
  proargtypes: number[];
  prorettype: number;
}

const catalog = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../catalog/${name}`, import.meta.url), 'utf8'));
const procs = catalog('procs.json') as Proc[];
const operators = catalog('operators.json') as Array<{ oprleft: number; oprright: number; oprcodeoid: number }>;
const casts = catalog('casts.json') as Array<{ castsource: number; casttarget: number; castfunc: number; castmethod: string }>;
const typeNames = new Map((catalog('types.json') as Array<{ oid: number; typname: string }>).map((t) => [t.oid, t.typname]));
const procByOid = new Map(procs.map((p) => [p.oid, p]));

// numeric, date, time, timestamp, timestamptz, interval
const TYPES = new Set([1700, 1082, 1083, 1114, 1184, 1186]);
// those, plus int2/int4/int8/float4/float8 and text (units, zone names)
const PARTNERS = new Set([...TYPES, 20, 21, 23, 700, 701, 25]);

describe('numeric and date/time coverage', () => {
  it('implements every operator among these types', () => {
    const missing = operators
      .filter((o) => (TYPES.has(o.oprleft) || TYPES.has(o.oprright)) && (o.oprleft === 0 || PARTNERS.has(o.oprleft)) && PARTNERS.has(o.oprright))
      .map((o) => procByOid.get(o.oprcodeoid)!)
      .filter((p) => p.language === 'internal' && !functionImpl(p.prosrc))
      .map((p) => p.prosrc);
    expect(missing).toEqual([]);
  });

  it('implements every function cast among these types', () => {
    const missing = casts
      .filter((c) => c.castmethod === 'f' && PARTNERS.has(c.castsource) && PARTNERS.has(c.casttarget))
      .filter((c) => TYPES.has(c.castsource) || TYPES.has(c.casttarget))
      .map((c) => procByOid.get(c.castfunc)!.prosrc)
      .filter((src) => !functionImpl(src));
    expect(missing).toEqual([]);
  });

  it('implements the SQL-language numeric and date/time built-ins', () => {
    const missing = procs
      .filter((p) => p.language === 'sql' && p.namespace === 'pg_catalog')
      .filter((p) => [...p.proargtypes, p.prorettype].some((t) => TYPES.has(t)) && p.proargtypes.every((t) => PARTNERS.has(t)))
      .map((p) => `${p.proname}(${p.proargtypes.map((t) => typeNames.get(t)).join(',')})`)
      .filter((key) => !sqlLanguageFunction(key) && !asyncFunctions[key]);
    expect(missing).toEqual([]);
  });
});
