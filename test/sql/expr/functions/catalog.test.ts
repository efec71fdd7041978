// Every implemented prosrc is an internal function of PostgreSQL 15's pg_proc, and every
// operator and 'f' cast among the scalar types this layer covers has an implementation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionImpl, implementedProsrcs } from '../../../../src/sql/expr/functions/index.js';

interface Proc {
  oid: number;
  prosrc: string;
  language: string;
}
interface Operator {
  oprleft: number;
  oprright: number;
  oprcodeoid: number;
}
interface Cast {
  castsource: number;
  casttarget: number;
  castfunc: number;
  castmethod: string;
}

const catalog = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../catalog/${name}`, import.meta.url), 'utf8'));
const procs = catalog('procs.json') as Proc[];
const operators = catalog('operators.json') as Operator[];
const casts = catalog('casts.json') as Cast[];

// bool, bytea, "char", name, int8, int2, int4, text, oid, float4, float8, bpchar, varchar, uuid
const COVERED_TYPES = new Set([16, 17, 18, 19, 20, 21, 23, 25, 26, 700, 701, 1042, 1043, 2950]);
const procByOid = new Map(procs.map((p) => [p.oid, p]));

describe('implemented prosrcs', () => {
  it('are all internal functions of pg_proc', () => {
    const internal = new Set(procs.filter((p) => p.language === 'internal').map((p) => p.prosrc));
    const unknown = implementedProsrcs().filter((s) => !internal.has(s));
    expect(unknown).toEqual([]);
  });

  it('number several hundred', () => {
    expect(implementedProsrcs().length).toBeGreaterThan(400);
  });

  it('cover every operator among the covered types (text search aside)', () => {
    const missing = operators
      .filter((o) => (o.oprleft === 0 || COVERED_TYPES.has(o.oprleft)) && COVERED_TYPES.has(o.oprright))
      .map((o) => procByOid.get(o.oprcodeoid)!.prosrc)
      .filter((src) => src !== 'ts_match_tt' && !functionImpl(src));
    expect(missing).toEqual([]);
  });

  it('cover every function cast among the covered types', () => {
    const missing = casts
      .filter((c) => c.castmethod === 'f' && COVERED_TYPES.has(c.castsource) && COVERED_TYPES.has(c.casttarget))
      .map((c) => procByOid.get(c.castfunc)!.prosrc)
      .filter((src) => !functionImpl(src));
    expect(missing).toEqual([]);
  });
});
