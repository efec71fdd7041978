// Row comparisons with PostgreSQL's NULL rules. Column-wise comparisons (ROW() op ROW(), and
// rows against subquery rows) are checked against a model in three-valued logic:
//   =   AND of the columns' =           <>  OR of the columns' <>
//   <   l1 < r1 OR (l1 = r1 AND (l2 < r2 OR ...)), <= / >= true when every column is equal
// (the same answers as PostgreSQL's RowCompareExpr, which stops at the first column that is
// not equal and is NULL if it meets a NULL first). Whole-row comparisons (record_eq / record_cmp)
// treat NULL fields as equal to each other and above every value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtins } from '../../../src/catalog/builtins.js';
import { DbError } from '../../../src/errors.js';
import { compileExpr, type RuntimeContext } from '../../../src/sql/expr/compile.js';
import { makeRowComparer } from '../../../src/sql/expr/compile-row.js';
import type { ColumnExpr, Expr, FuncExpr, OrderStrategy, RowCombine } from '../../../src/sql/expr/expr.js';
import { makeConst } from '../../../src/sql/expr/expr.js';
import { recordCompare, recordEquals } from '../../../src/sql/expr/functions/record-compare.js';
import type { EvalContext } from '../../../src/sql/expr/functions/registry.js';
import { defaultTypeContext } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { RecordValue, type Value } from '../../../src/sql/types/value.js';

const ctx = { types: defaultTypeContext() } as unknown as RuntimeContext & EvalContext;

/** `left op right` over int4 operands (a comparison, or `/`). */
function int4Op(name: string, left: Expr, right: Expr): FuncExpr {
  const op = builtins().operatorsByName.get(name)!.find((o) => o.oprleft === Oid.int4 && o.oprright === Oid.int4)!;
  const proc = builtins().procByOid.get(op.oprcodeoid)!;
  return { kind: 'func', proc, operator: op, args: [left, right], type: op.oprresult, typmod: -1, format: 'operator', location: -1 };
}

const pair = (i: 0 | 1): ColumnExpr => ({ kind: 'column', index: i, name: '', type: Oid.int4, typmod: -1 });
const onPair = (name: string) => int4Op(name, pair(0), pair(1));

type B = boolean | null;
const and3 = (a: B, b: B): B => (a === false || b === false ? false : a === null || b === null ? null : true);
const or3 = (a: B, b: B): B => (a === true || b === true ? true : a === null || b === null ? null : false);
const cmp = (op: string, l: number | null, r: number | null): B => {
  if (l === null || r === null) return null;
  return { '=': l === r, '<>': l !== r, '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r }[op]!;
};

/** The model: the comparison of two rows in three-valued logic. */
function model(op: string, left: (number | null)[], right: (number | null)[]): B {
  if (op === '=') return left.map((l, i) => cmp('=', l, right[i]!)).reduce(and3, true);
  if (op === '<>') return left.map((l, i) => cmp('<>', l, right[i]!)).reduce(or3, false);
  const strict = op === '<' || op === '>' ? op : op === '<=' ? '<' : '>';
  const from = (i: number): B =>
    i === left.length ? op === '<=' || op === '>=' : or3(cmp(strict, left[i]!, right[i]!), and3(cmp('=', left[i]!, right[i]!), from(i + 1)));
  return from(0);
}

function combineFor(op: string, width: number): RowCombine {
  if (op === '=') return { kind: 'and' };
  if (op === '<>') return { kind: 'or' };
  return { kind: 'order', strategy: op as OrderStrategy, equals: Array.from({ length: width }, () => onPair('=')) };
}

const cell = fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 4 });
const rows = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(cell, { minLength: n, maxLength: n }), fc.array(cell, { minLength: n, maxLength: n })));

describe('row comparison of columns', () => {
  for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
    it(`${op} follows the three-valued model`, () => {
      fc.assert(
        fc.property(rows, ([left, right]) => {
          const compare = makeRowComparer(left.map(() => onPair(op)), combineFor(op, left.length), compileExpr);
          expect(compare(left, right, ctx)).toBe(model(op, left, right));
        }),
      );
    });
  }

  it('gives the PostgreSQL answers of the documented examples', () => {
    const order = (op: OrderStrategy, l: (number | null)[], r: (number | null)[]) =>
      makeRowComparer(l.map(() => onPair(op)), combineFor(op, l.length), compileExpr)(l, r, ctx);
    expect(order('<', [1, null], [2, null])).toBe(true);
    expect(order('<', [1, null], [1, 2])).toBe(null);
    expect(order('<', [null, 1], [2, 0])).toBe(null);
    expect(order('<=', [1, 2], [1, 2])).toBe(true);
    expect(order('>', [1, 2], [1, 2])).toBe(false);
  });

  it('does not compute the operands of columns after the deciding one', () => {
    // (1, 1 / 0) < (2, 1): the first column decides, 1 / 0 never runs
    const divide = int4Op('/', makeConst(Oid.int4, 1), makeConst(Oid.int4, 0));
    const rowCompare: Expr = {
      kind: 'rowcompare',
      strategy: '<',
      largs: [makeConst(Oid.int4, 1), divide],
      rargs: [makeConst(Oid.int4, 2), makeConst(Oid.int4, 1)],
      compare: [onPair('<'), onPair('<')],
      equals: [onPair('='), onPair('=')],
      type: Oid.bool,
      typmod: -1,
      location: -1,
    };
    expect(compileExpr(rowCompare)([], ctx)).toBe(true);
    expect(() => compileExpr({ ...rowCompare, rargs: [makeConst(Oid.int4, 1), makeConst(Oid.int4, 1)] })([], ctx)).toThrow('division by zero');
  });
});

describe('whole-row comparison (record_eq, record_cmp)', () => {
  const row = (...fields: Value[]) =>
    new RecordValue({ names: fields.map((_, i) => `f${i + 1}`), types: fields.map((f) => (typeof f === 'string' ? Oid.text : Oid.int4)), typmods: fields.map(() => -1) }, fields);
  const typed = (types: number[], fields: Value[]) => new RecordValue({ names: types.map((_, i) => `f${i + 1}`), types, typmods: types.map(() => -1) }, fields);

  it('treats NULL fields as equal to each other and above every value', () => {
    expect(recordEquals(typed([Oid.int4, Oid.int4], [1, null]), typed([Oid.int4, Oid.int4], [1, null]), ctx)).toBe(true);
    expect(recordEquals(typed([Oid.int4, Oid.int4], [1, null]), row(1, 2), ctx)).toBe(false);
    expect(recordCompare(typed([Oid.int4, Oid.int4], [1, null]), row(1, 2), ctx)).toBe(1);
    expect(recordCompare(row(1, 2), row(1, 3), ctx)).toBe(-1);
    expect(recordCompare(row(2, 'a'), row(1, 'z'), ctx)).toBe(1);
    expect(recordCompare(row(1, 'a'), row(1, 'a'), ctx)).toBe(0);
  });

  it('refuses rows whose fields differ in type or number, as PostgreSQL does', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof DbError ? [e.code, e.message] : e;
      }
      return null;
    };
    expect(err(() => recordEquals(row(1, 2), row(1, 'a'), ctx))).toEqual(['42804', 'cannot compare dissimilar column types integer and text at record column 2']);
    expect(err(() => recordEquals(row(1, 2), row(1, 2, 3), ctx))).toEqual(['42804', 'cannot compare record types with different numbers of columns']);
    // unequal before the shorter row ends: no error (PostgreSQL's "feature or bug")
    expect(recordEquals(row(1, 2), row(2, 2, 3), ctx)).toBe(false);
    expect(err(() => recordCompare(typed([Oid.unknown], [null]), typed([Oid.unknown], [null]), ctx))).toEqual(['42883', 'could not identify a comparison function for type unknown']);
  });
});
