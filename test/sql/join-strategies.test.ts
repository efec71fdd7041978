// Joins against a model: two tables with NULLs and duplicate join keys, an index on one
// join column, and random joins — inner, LEFT, RIGHT, FULL, written with ON or as a FROM list
// with WHERE — with equality conditions (index lookups, hash joins), extra conditions and
// WHERE filters on either side. Whatever strategy the planner picks, the rows must be those
// of the nested-loop definition of the join.
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface A {
  id: number;
  k: number | null;
  x: number | null;
}
interface B {
  id: number;
  k: bigint | null;
  y: string | null;
}

let server: TestServer;
let c: pg.Client;
const as: A[] = [];
const bs: B[] = [];

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query('CREATE TABLE a (id int PRIMARY KEY, k int, x int)');
  await c.query('CREATE TABLE b (id int PRIMARY KEY, k bigint, y text)');
  await c.query('CREATE INDEX b_k ON b (k)');
  const key = fc.option(fc.integer({ min: 0, max: 8 }), { freq: 6 });
  fc.sample(fc.record({ k: key, x: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 5 }) }), { numRuns: 40, seed: 7 }).forEach((r, i) => as.push({ id: i, ...r }));
  fc.sample(fc.record({ k: key, y: fc.option(fc.constantFrom('p', 'q', 'r'), { freq: 5 }) }), { numRuns: 50, seed: 8 }).forEach((r, i) =>
    bs.push({ id: i, k: r.k === null ? null : BigInt(r.k), y: r.y }),
  );
  for (const r of as) await c.query('INSERT INTO a VALUES ($1, $2, $3)', [r.id, r.k, r.x]);
  for (const r of bs) await c.query('INSERT INTO b VALUES ($1, $2, $3)', [r.id, r.k === null ? null : String(r.k), r.y]);
});
afterAll(async () => {
  await server.stop();
});

type Pair = [A | null, B | null];

/** The nested-loop definition of a join. */
function model(type: 'inner' | 'left' | 'right' | 'full', on: (a: A, b: B) => boolean): Pair[] {
  const out: Pair[] = [];
  const matchedB = new Set<number>();
  for (const a of as) {
    let matched = false;
    for (const b of bs) {
      if (!on(a, b)) continue;
      matched = true;
      matchedB.add(b.id);
      out.push([a, b]);
    }
    if (!matched && (type === 'left' || type === 'full')) out.push([a, null]);
  }
  if (type === 'right' || type === 'full') for (const b of bs) if (!matchedB.has(b.id)) out.push([null, b]);
  return out;
}

const eqK = (a: A, b: B) => a.k !== null && b.k !== null && BigInt(a.k) === b.k;

const joinCase = fc.record({
  type: fc.constantFrom<'inner' | 'left' | 'right' | 'full'>('inner', 'left', 'right', 'full'),
  extra: fc.constantFrom('', 'x', 'y', 'lt'),
  whereA: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  form: fc.constantFrom<'on' | 'where'>('on', 'where'),
});

describe('join strategies', () => {
  it('agree with the nested-loop definition of each join', async () => {
    await fc.assert(
      fc.asyncProperty(joinCase, async ({ type, extra, whereA, form }) => {
        const extraSql = extra === 'x' ? ' AND a.x = 1' : extra === 'y' ? " AND b.y <> 'q'" : extra === 'lt' ? ' AND a.id < b.id' : '';
        const extraFn = (a: A, b: B) =>
          extra === 'x' ? a.x === 1 : extra === 'y' ? b.y !== null && b.y !== 'q' : extra === 'lt' ? a.id < b.id : true;
        const whereSql = whereA === undefined ? '' : `a.x = ${whereA}`;
        let sql: string;
        let pairs: Pair[];
        if (form === 'where' && type === 'inner') {
          sql = `SELECT a.id AS aid, b.id AS bid FROM a, b WHERE a.k = b.k${extraSql}${whereSql ? ` AND ${whereSql}` : ''}`;
          pairs = model('inner', (a, b) => eqK(a, b) && extraFn(a, b));
        } else {
          const kw = type === 'inner' ? 'JOIN' : `${type.toUpperCase()} JOIN`;
          sql = `SELECT a.id AS aid, b.id AS bid FROM a ${kw} b ON a.k = b.k${extraSql}${whereSql ? ` WHERE ${whereSql}` : ''}`;
          pairs = model(type, (a, b) => eqK(a, b) && extraFn(a, b));
        }
        if (whereA !== undefined) pairs = pairs.filter(([a]) => a !== null && a.x === whereA);
        const key = (r: { aid: number | null; bid: number | null }) => `${r.aid ?? 'n'}/${r.bid ?? 'n'}`;
        const got = (await c.query(sql)).rows.map(key).sort();
        const want = pairs.map(([a, b]) => key({ aid: a?.id ?? null, bid: b?.id ?? null })).sort();
        expect(got, sql).toEqual(want);
      }),
      { numRuns: 120 },
    );
  });

  it('join a table with itself through its index and a hash table', async () => {
    const sql = 'SELECT b1.id AS l, b2.id AS r FROM b b1 JOIN b b2 ON b1.k = b2.k AND b1.id <> b2.id';
    const got = (await c.query(sql)).rows.map((r) => `${r.l}/${r.r}`).sort();
    const want = bs.flatMap((x) => bs.filter((y) => x.k !== null && x.k === y.k && x.id !== y.id).map((y) => `${x.id}/${y.id}`)).sort();
    expect(got).toEqual(want);
    const viaText = 'SELECT count(*) AS n FROM a JOIN b ON a.k::text = b.k::text';
    expect(Number((await c.query(viaText)).rows[0].n)).toBe(model('inner', eqK).length);
  });
});
