// Row comparison for ORDER BY: each key's `<` operator decides the order, DESC reverses it,
// NULLs go first or last as the key asks (PostgreSQL: NULLS LAST for ASC, FIRST for DESC).
import { compileExpr, type RuntimeContext } from '../expr/compile.js';
import type { FuncExpr } from '../expr/expr.js';
import type { SortKey } from '../plan/nodes.js';
import type { Value } from '../types/value.js';

type Less = (a: Value, b: Value) => boolean;

/** `a < b` through the operator's implementation. */
function lessFunction(less: FuncExpr, ctx: RuntimeContext): Less {
  const probe = compileExpr({
    ...less,
    args: [
      { kind: 'column', index: 0, name: 'a', type: less.args[0]!.type, typmod: -1 },
      { kind: 'column', index: 1, name: 'b', type: less.args[1]!.type, typmod: -1 },
    ],
  });
  const pair: Value[] = [null, null];
  return (a, b) => {
    pair[0] = a;
    pair[1] = b;
    return probe(pair, ctx) === true;
  };
}

export function compareForSort(keys: SortKey[], ctx: RuntimeContext): (a: Value[], b: Value[]) => number {
  const compiled = keys.map((k) => ({ ...k, lt: lessFunction(k.less, ctx) }));
  return (a, b) => {
    for (const k of compiled) {
      const x = a[k.index] ?? null;
      const y = b[k.index] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nullsFirst ? -1 : 1;
      }
      if (k.lt(x, y)) return k.descending ? 1 : -1;
      if (k.lt(y, x)) return k.descending ? -1 : 1;
    }
    return 0;
  };
}
