// The expression deparser on hand-built trees: constants, operator precedence in plain and
// pretty mode, casts, boolean forms, CASE layout, IN lists, column naming through the resolver
// (bare for catalog expressions, qualified for plan expressions), and the values PostgreSQL's
// ruleutils prints for each (checked against PostgreSQL 15's pg_get_expr / pg_get_constraintdef;
// the same cases run end to end in test/sql/cases/deparse.sql).
import { describe, expect, it } from 'vitest';
import { builtins, type OperatorRow } from '../../../src/catalog/builtins.js';
import { deparseExpr, type DeparseOptions, type NameResolver } from '../../../src/sql/deparse/deparse-expr.js';
import { formatTypeName } from '../../../src/sql/deparse/type-names.js';
import type { Expr, FuncExpr, VarExpr } from '../../../src/sql/expr/expr.js';
import { defaultTypeContext, Numeric } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import type { Value } from '../../../src/sql/types/value.js';

const names: NameResolver = {
  column: (v: VarExpr) => ['qty', 'price', 'name', 'ok'][v.column]!,
  typeName: (oid, typmod) => formatTypeName(oid, typmod, true),
};
const plain: DeparseOptions = { prettyParen: false, prettyIndent: true, names, types: defaultTypeContext() };
const pretty: DeparseOptions = { ...plain, prettyParen: true };

const c = (type: number, value: Value, typmod = -1): Expr => ({ kind: 'const', type, typmod, value, location: -1 });
const int = (n: number) => c(Oid.int4, n);
const col = (column: number, type: number): VarExpr => ({ kind: 'var', range: 0, column, levelsUp: 0, type, typmod: -1, location: -1 });
const qty = col(0, Oid.int4);

function operator(name: string, left: Expr | null, right: Expr): FuncExpr {
  const op = builtins().operatorsByName.get(name)!.find((o: OperatorRow) => o.oprleft === (left?.type ?? 0) && o.oprright === right.type)!;
  const proc = builtins().procByOid.get(op.oprcodeoid)!;
  return { kind: 'func', proc, operator: op, args: left ? [left, right] : [right], type: op.oprresult, typmod: -1, format: 'operator', location: -1 };
}

function cast(arg: Expr, funcOid: number, type: number, typmod = -1): FuncExpr {
  return { kind: 'func', proc: builtins().procByOid.get(funcOid)!, args: [arg], type, typmod, format: 'cast', location: -1 };
}

const bool = (kind: 'and' | 'or' | 'not', ...args: Expr[]): Expr => ({ kind, args, type: Oid.bool, typmod: -1 });

describe('constants', () => {
  it.each([
    ['1', int(1)],
    ["'-1'::integer", int(-1)],
    ['9.99', c(Oid.numeric, Numeric.parse('9.99'))],
    ["'-1.5'::numeric", c(Oid.numeric, Numeric.parse('-1.5'))],
    ["'10000000000'::numeric", c(Oid.numeric, Numeric.parse('10000000000'))],
    ["'9999999999'::bigint", c(Oid.int8, 9999999999n)],
    ['true', c(Oid.bool, true)],
    ["'it''s'::text", c(Oid.text, "it's")],
    ["'back\\slash'::text", c(Oid.text, 'back\\slash')],
    ["'z'::bpchar", c(Oid.bpchar, 'z')],
    ['NULL::text', c(Oid.text, null)],
    ["'raw'", c(Oid.unknown, 'raw')],
    ["'2020-01-01'::date", c(Oid.date, 7305)],
  ])('prints %s', (text, e) => {
    expect(deparseExpr(e, plain)).toBe(text);
  });
});

describe('operators and parentheses', () => {
  const plus = (a: Expr, b: Expr) => operator('+', a, b);
  const minus = (a: Expr, b: Expr) => operator('-', a, b);
  const times = (a: Expr, b: Expr) => operator('*', a, b);

  it('parenthesizes every operator in plain mode', () => {
    expect(deparseExpr(plus(int(2), times(int(3), int(4))), plain)).toBe('(2 + (3 * 4))');
    expect(deparseExpr(operator('>', qty, int(0)), plain)).toBe('(qty > 0)');
  });

  it('keeps only the parentheses precedence needs in pretty mode', () => {
    expect(deparseExpr(plus(int(2), times(int(3), int(4))), pretty)).toBe('2 + 3 * 4');
    expect(deparseExpr(times(plus(int(2), int(3)), int(4)), pretty)).toBe('(2 + 3) * 4');
    expect(deparseExpr(minus(minus(qty, int(1)), int(1)), pretty)).toBe('qty - 1 - 1');
    expect(deparseExpr(minus(qty, minus(int(1), int(1))), pretty)).toBe('qty - (1 - 1)');
    expect(deparseExpr(operator('=', operator('%', qty, int(2)), int(0)), pretty)).toBe('(qty % 2) = 0');
    expect(deparseExpr(operator('<', operator('-', null, qty), int(0)), pretty)).toBe('(- qty) < 0');
  });

  it('prints AND, OR and NOT as PostgreSQL nests them', () => {
    const e = bool('or', bool('and', { kind: 'nulltest', arg: qty, isNull: false, type: Oid.bool, typmod: -1 }, operator('<', qty, int(100))), operator('=', qty, int(-1)));
    expect(deparseExpr(e, plain)).toBe("(((qty IS NOT NULL) AND (qty < 100)) OR (qty = '-1'::integer))");
    expect(deparseExpr(e, pretty)).toBe("qty IS NOT NULL AND qty < 100 OR qty = '-1'::integer");
    expect(deparseExpr(bool('not', operator('>', qty, int(5))), pretty)).toBe('NOT qty > 5');
    expect(deparseExpr(bool('not', operator('>', qty, int(5))), plain)).toBe('(NOT (qty > 5))');
  });
});

describe('casts', () => {
  const int4ToNumeric = builtins().cast(Oid.int4, Oid.numeric)!.castfunc;
  const numericToFloat8 = builtins().cast(Oid.numeric, Oid.float8)!.castfunc;
  const price = col(1, Oid.numeric);

  it('shows casts inside operators, with a constant of the same type bare before the label', () => {
    expect(deparseExpr(operator('>=', price, cast(int(0), int4ToNumeric, Oid.numeric)), plain)).toBe('(price >= (0)::numeric)');
    expect(deparseExpr(operator('>=', price, cast(int(0), int4ToNumeric, Oid.numeric)), pretty)).toBe('price >= 0::numeric');
    const half = cast(c(Oid.numeric, Numeric.parse('0.5')), numericToFloat8, Oid.float8);
    expect(deparseExpr(operator('>', col(1, Oid.float8), half), plain)).toBe('(price > (0.5)::double precision)');
  });

  it('hides a cast at the top unless asked to show it', () => {
    const e = cast(int(1), builtins().cast(Oid.int4, Oid.int8)!.castfunc, Oid.int8);
    expect(deparseExpr(e, plain)).toBe('1');
    expect(deparseExpr(e, plain, true)).toBe('(1)::bigint');
    expect(deparseExpr(e, pretty, true)).toBe('1::bigint');
  });

  it('shows a binary-compatible relabel in an operator argument', () => {
    const name = col(2, Oid.varchar);
    const relabel: Expr = { kind: 'relabel', arg: name, type: Oid.text, typmod: -1 };
    expect(deparseExpr(operator('<>', relabel, c(Oid.text, '')), plain)).toBe("((name)::text <> ''::text)");
  });
});

describe('other forms', () => {
  it('lays CASE out on indented lines, with ELSE NULL when there was no ELSE', () => {
    const e: Expr = { kind: 'case', arg: null, whens: [{ when: c(Oid.bool, true), then: c(Oid.text, 'a') }], otherwise: c(Oid.text, null), type: Oid.text, typmod: -1 };
    expect(deparseExpr(e, plain)).toBe("\nCASE\n    WHEN true THEN 'a'::text\n    ELSE NULL::text\nEND");
    expect(deparseExpr(e, { ...plain, prettyIndent: false })).toBe("CASE WHEN true THEN 'a'::text ELSE NULL::text END");
  });

  it('prints IN lists as = ANY (ARRAY[...]) and NOT IN as <> ALL', () => {
    const inList = (op: string, any: boolean): Expr => ({ kind: 'inlist', comparisons: [1, 2].map((n) => operator(op, qty, int(n))), any, type: Oid.bool, typmod: -1 });
    expect(deparseExpr(inList('=', true), plain)).toBe('(qty = ANY (ARRAY[1, 2]))');
    expect(deparseExpr(inList('<>', false), pretty)).toBe('qty <> ALL (ARRAY[1, 2])');
  });

  it('prints SQL value functions and function calls', () => {
    expect(deparseExpr({ kind: 'sessionvalue', name: 'current_timestamp', type: Oid.timestamptz, typmod: 3 }, plain)).toBe('CURRENT_TIMESTAMP(3)');
    expect(deparseExpr({ kind: 'sessionvalue', name: 'current_user', type: Oid.name, typmod: -1 }, plain)).toBe('CURRENT_USER');
    const now = builtins().procsByName.get('now')![0]!;
    expect(deparseExpr({ kind: 'func', proc: now, args: [], type: Oid.timestamptz, typmod: -1, format: 'call', location: -1 }, plain)).toBe('now()');
  });

  it('qualifies columns through the resolver, as EXPLAIN will', () => {
    const qualified: DeparseOptions = { ...plain, names: { ...names, column: (v) => `t.${['qty'][v.column]}` } };
    expect(deparseExpr(operator('>', qty, int(0)), qualified)).toBe('(t.qty > 0)');
  });
});

describe('type names', () => {
  it.each([
    [Oid.bpchar, -1, true, 'bpchar'],
    [Oid.bpchar, -1, false, 'character'],
    [Oid.bit, -1, true, '"bit"'],
    [Oid.varchar, 14, true, 'character varying(10)'],
    [Oid.numeric, (8 << 16) + 2 + 4, true, 'numeric(8,2)'],
    [Oid.int4, 5, true, 'integer'],
    [Oid.interval, (0x7fff << 16) | 2, true, 'interval(2)'],
    [Oid.interval, (7176 << 16) | 0xffff, true, 'interval day to second'],
    [Oid.any, -1, false, '"any"'],
    [Oid.char, -1, false, '"char"'],
    [13226, -1, false, 'information_schema.sql_identifier'],
    [Oid.int4Array, -1, false, 'integer[]'],
  ])('format_type(%i, %i, given %s) is %s', (oid, typmod, given, text) => {
    expect(formatTypeName(oid, typmod, given)).toBe(text);
  });
});
