// Row comparison for ORDER BY: each key's `<` operator decides the order, DESC reverses it,
// NULLs go first or last as the key asks (PostgreSQL: NULLS LAST for ASC, FIRST for DESC).
// Compiled once per plan; bound to an execution's context when a sort runs.
import { compileExpr, type RuntimeContext } from '../expr/compile.js';
import type { FuncExpr } from '../expr/expr.js';
import type { SortKey } from '../plan/nodes.js';
import type { Value } from '../types/value.js';

type Comparator = (a: Value[], b: Value[]) => number;

/** `a < b` through the operator's implementation, reading a and b from a two-value row. */
function compileLess(less: FuncExpr) {
  return compileExpr({
    ...less,
    args: [
      { kind: 'column', index: 0, name: 'a', type: less.args[0]!.type, typmod: -1 },
      { kind: 'column', index: 1, name: 'b', type: less.args[1]!.type, typmod: -1 },
    ],
  });
}

export function compileSortComparator(keys: SortKey[]): (ctx: RuntimeContext) => Comparator {
  const compiled = keys.map((k) => ({ index: k.index, descending: k.descending, nullsFirst: k.nullsFirst, less: compileLess(k.less) }));
  return (ctx) => {
    const pair: Value[] = [null, null];
    const lt = (f: (typeof compiled)[number]['less'], x: Value, y: Value) => {
      pair[0] = x;
      pair[1] = y;
      return f(pair, ctx) === true;
    };
    return (a, b) => {
      for (const k of compiled) {
        const x = a[k.index] ?? null;
        const y = b[k.index] ?? null;
        if (x === null || y === null) {
          if (x === y) continue;
          return (x === null) === k.nullsFirst ? -1 : 1;
        }
        if (lt(k.less, x, y)) return k.descending ? 1 : -1;
        if (lt(k.less, y, x)) return k.descending ? -1 : 1;
      }
      return 0;
    };
  };
}
