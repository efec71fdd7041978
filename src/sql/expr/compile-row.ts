// Closures for row values: ROW(...) builds a RecordValue, (row).field reads one, and row
// comparisons combine their column comparisons with PostgreSQL's NULL rules:
//   and (=)      false if some column is false, else NULL if some was NULL, else true
//   or (<>)      true if some column is true, else NULL if some was NULL, else false
//   order (<...) left to right, the first column whose values differ decides by its operator;
//                a NULL in a column reached first makes the result NULL; all equal: true for
//                <= and >=, false for < and >
// IS [NOT] NULL of a row looks at its fields: IS NULL when all are NULL, IS NOT NULL when none is.
import { RecordValue, type Value } from '../types/value.js';
import type { RowFn, RuntimeContext } from './compile.js';
import type { Expr, FieldSelectExpr, FuncExpr, RowCombine, RowCompareExpr, RowExpr } from './expr.js';

/** Compares a left and a right row (value lists of equal length). */
export type RowComparer = (left: readonly Value[], right: readonly Value[], ctx: RuntimeContext) => boolean | null;

/**
 * The comparison of two rows from per-column comparisons that read the pair [left, right] of
 * one column as a two-value row (`compile` turns them into closures).
 */
export function makeRowComparer(compare: readonly FuncExpr[], combine: RowCombine, compile: (e: Expr) => RowFn): RowComparer {
  const columns = compare.map((c) => compile(c));
  const pair: Value[] = [null, null];
  const at = (f: RowFn, l: Value, r: Value, ctx: RuntimeContext): Value => {
    pair[0] = l;
    pair[1] = r;
    return f(pair, ctx);
  };
  switch (combine.kind) {
    case 'and':
    case 'or': {
      const decisive = combine.kind === 'or';
      return (left, right, ctx) => {
        let sawNull = false;
        for (let i = 0; i < columns.length; i++) {
          const v = at(columns[i]!, left[i] ?? null, right[i] ?? null, ctx);
          if (v === null) sawNull = true;
          else if (v === decisive) return decisive;
        }
        return sawNull ? null : !decisive;
      };
    }
    case 'order': {
      const equals = combine.equals.map((c) => compile(c));
      const whenEqual = combine.strategy === '<=' || combine.strategy === '>=';
      return (left, right, ctx) => {
        for (let i = 0; i < columns.length; i++) {
          const l = left[i] ?? null;
          const r = right[i] ?? null;
          if (l === null || r === null) return null;
          if (at(equals[i]!, l, r, ctx) === true) continue;
          return at(columns[i]!, l, r, ctx) as boolean | null;
        }
        return whenEqual;
      };
    }
  }
}

/** IS NULL of a row value: NULL, or every field NULL. */
export function rowIsNull(v: Value): boolean {
  if (v === null) return true;
  return v instanceof RecordValue && v.fields.every((f) => f === null);
}

/** IS NOT NULL of a row value: not NULL, and no field NULL. */
export function rowIsNotNull(v: Value): boolean {
  if (v === null) return false;
  return !(v instanceof RecordValue) || v.fields.every((f) => f !== null);
}

function compileRowConstructor(e: RowExpr, compile: (e: Expr) => RowFn): RowFn {
  const args = e.args.map((a) => compile(a));
  const desc = e.desc;
  const absent = e.absentWhenNull ? compile(e.absentWhenNull) : null;
  return (row, ctx) => {
    if (absent && absent(row, ctx) === null) return null;
    const fields: Value[] = new Array(args.length);
    for (let i = 0; i < args.length; i++) fields[i] = args[i]!(row, ctx);
    return new RecordValue(desc, fields);
  };
}

/** (a, b) < (c, d): a later column's operands are only computed when the earlier ones are equal. */
function compileRowCompare(e: RowCompareExpr, compile: (e: Expr) => RowFn): RowFn {
  const largs = e.largs.map((a) => compile(a));
  const rargs = e.rargs.map((a) => compile(a));
  const compare = e.compare.map((c) => compile(c));
  const equals = e.equals.map((c) => compile(c));
  const whenEqual = e.strategy === '<=' || e.strategy === '>=';
  const pair: Value[] = [null, null];
  return (row, ctx) => {
    for (let i = 0; i < largs.length; i++) {
      const l = largs[i]!(row, ctx);
      const r = rargs[i]!(row, ctx);
      if (l === null || r === null) return null;
      pair[0] = l;
      pair[1] = r;
      if (equals[i]!(pair, ctx) === true) continue;
      pair[0] = l;
      pair[1] = r;
      return compare[i]!(pair, ctx);
    }
    return whenEqual;
  };
}

function compileFieldSelect(e: FieldSelectExpr, compile: (e: Expr) => RowFn): RowFn {
  const arg = compile(e.arg);
  const field = e.field;
  return (row, ctx) => {
    const v = arg(row, ctx);
    return v === null ? null : ((v as RecordValue).fields[field] ?? null);
  };
}

export function compileRowNode(e: RowExpr | RowCompareExpr | FieldSelectExpr, compile: (e: Expr) => RowFn): RowFn {
  switch (e.kind) {
    case 'row':
      return compileRowConstructor(e, compile);
    case 'rowcompare':
      return compileRowCompare(e, compile);
    case 'fieldselect':
      return compileFieldSelect(e, compile);
  }
}
