// Index scans against a model: random tables with a primary key and secondary indexes
// (ascending, descending, multi-column), random WHERE conditions on them — equalities,
// ranges, BETWEEN, IN lists, out-of-range integers, NULLs — and ORDER BY ... LIMIT read in
// index order. Whatever path the planner picks, the rows must be the ones the conditions
// select, in the order asked for; UPDATE and DELETE through an index change the same rows.
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Row {
  id: number;
  a: number | null;
  b: string | null;
  c: bigint | null;
}

let server: TestServer;
let c: pg.Client;
const rows: Row[] = [];

beforeAll(async () => {
  server = await startTestServer();
  c = await server.client();
  await c.query('CREATE TABLE t (id int PRIMARY KEY, a int, b text, c bigint)');
  await c.query('CREATE INDEX t_a ON t (a)');
  await c.query('CREATE INDEX t_b_c ON t (b DESC, c)');
  const gen = fc.record({
    a: fc.option(fc.integer({ min: -5, max: 5 }), { freq: 8 }),
    b: fc.option(fc.constantFrom('a', 'b', 'bb', 'c', ''), { freq: 8 }),
    c: fc.option(fc.bigInt({ min: -3n, max: 3n }), { freq: 8 }),
  });
  const sample = fc.sample(gen, { numRuns: 300, seed: 42 });
  sample.forEach((r, i) => rows.push({ id: i * 3 - 100, a: r.a, b: r.b, c: r.c }));
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50);
    const values = chunk.map((_, k) => `($${k * 4 + 1}, $${k * 4 + 2}, $${k * 4 + 3}, $${k * 4 + 4})`).join(', ');
    await c.query(`INSERT INTO t VALUES ${values}`, chunk.flatMap((r) => [r.id, r.a, r.b, r.c === null ? null : String(r.c)]));
  }
});
afterAll(async () => {
  await server.stop();
});

type Atom = { sql: string; test: (r: Row) => boolean | null };
type Num = number | bigint | null;

/** SQL comparison with NULL: unknown (null). */
function cmp(x: Num | string, op: string, y: Num | string): boolean | null {
  if (x === null || y === null) return null;
  const d = typeof x === 'string' ? (x < (y as string) ? -1 : x > (y as string) ? 1 : 0) : Number(BigInt(x) - BigInt(y as number | bigint));
  return op === '=' ? d === 0 : op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
}

const op = fc.constantFrom('=', '<', '<=', '>', '>=');
const intColumn = fc.constantFrom<'id' | 'a' | 'c'>('id', 'a', 'c');
const intValue = fc.oneof(fc.integer({ min: -110, max: 800 }), fc.integer({ min: -6, max: 6 }), fc.constantFrom(3000000000, -3000000000));

const atom: fc.Arbitrary<Atom> = fc.oneof(
  fc.record({ col: intColumn, op, v: intValue }).map(({ col, op: o, v }) => ({ sql: `${col} ${o} ${v}`, test: (r: Row) => cmp(r[col], o, v) })),
  fc.record({ op, v: fc.constantFrom('a', 'b', 'ba', 'bb', 'c', '') }).map(({ op: o, v }) => ({ sql: `b ${o} '${v}'`, test: (r: Row) => cmp(r.b, o, v) })),
  fc.record({ col: intColumn, lo: intValue, hi: intValue }).map(({ col, lo, hi }) => ({
    sql: `${col} BETWEEN ${lo} AND ${hi}`,
    test: (r: Row) => {
      const x = cmp(r[col], '>=', lo);
      const y = cmp(r[col], '<=', hi);
      return x === false || y === false ? false : x === null || y === null ? null : true;
    },
  })),
  fc.record({ col: intColumn, vs: fc.array(intValue, { minLength: 1, maxLength: 4 }) }).map(({ col, vs }) => ({
    sql: `${col} IN (${vs.join(', ')})`,
    test: (r: Row) => (r[col] === null ? null : vs.some((v) => cmp(r[col], '=', v) === true)),
  })),
);

function and(atoms: Atom[]): (r: Row) => boolean {
  return (r) => atoms.every((a) => a.test(r) === true);
}

describe('index scans', () => {
  it('return exactly the rows the conditions select', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(atom, { minLength: 1, maxLength: 3 }), async (atoms) => {
        const sql = `SELECT id FROM t WHERE ${atoms.map((a) => a.sql).join(' AND ')} ORDER BY id`;
        const got = (await c.query(sql)).rows.map((r) => r.id as number);
        const want = rows.filter(and(atoms)).map((r) => r.id);
        expect(got, sql).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('give ORDER BY order and LIMIT from the index', async () => {
    const order = fc.record({
      col: fc.constantFrom<'id' | 'a' | 'b'>('id', 'a', 'b'),
      desc: fc.boolean(),
      limit: fc.integer({ min: 1, max: 20 }),
      cond: fc.option(atom, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(order, async ({ col, desc, limit, cond }) => {
        // ties are broken by id (the primary key) to make the expected order exact
        const sql = `SELECT id FROM t ${cond ? `WHERE ${cond.sql}` : ''} ORDER BY ${col} ${desc ? 'DESC' : ''}, id ${desc ? 'DESC' : ''} LIMIT ${limit}`;
        const got = (await c.query(sql)).rows.map((r) => r.id as number);
        const sorted = rows.filter((r) => !cond || cond.test(r) === true).sort((x, y) => {
          const xv = x[col];
          const yv = y[col];
          // NULLS LAST ascending, NULLS FIRST descending
          let d = xv === yv ? 0 : xv === null ? 1 : yv === null ? -1 : xv < yv ? -1 : 1;
          if (d === 0) d = x.id - y.id;
          return desc ? -d : d;
        });
        expect(got, sql).toEqual(sorted.slice(0, limit).map((r) => r.id));
      }),
      { numRuns: 150 },
    );
  });

  it('let UPDATE and DELETE change the rows their conditions select', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(atom, { minLength: 1, maxLength: 2 }), async (atoms) => {
        const where = atoms.map((a) => a.sql).join(' AND ');
        const want = rows.filter(and(atoms)).map((r) => r.id);
        await c.query('BEGIN');
        try {
          const u = await c.query(`UPDATE t SET a = a WHERE ${where} RETURNING id`);
          expect(u.rows.map((r) => r.id as number).sort((x, y) => x - y), where).toEqual(want);
          const d = await c.query(`DELETE FROM t WHERE ${where}`);
          expect(d.rowCount, where).toBe(want.length);
          expect(Number((await c.query('SELECT count(*) AS n FROM t')).rows[0].n)).toBe(rows.length - want.length);
        } finally {
          await c.query('ROLLBACK');
        }
      }),
      { numRuns: 60 },
    );
  });
});
