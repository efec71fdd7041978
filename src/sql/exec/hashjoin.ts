// Hash join: the right input's rows go into a hash table by their key values, then each left
// row looks up the rows with equal keys and the join condition is checked on each pair.
// NULL keys never match (SQL equality). LEFT/FULL emit unmatched left rows with NULLs on the
// right; RIGHT/FULL then emit the right rows no left row matched, with NULLs on the left.
import { compileExpr } from '../expr/compile.js';
import type { PlanNode } from '../plan/nodes.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';
import { valuesKey } from './row-key.js';
import { PAUSE, type AnySource, type CompiledPlan, type Next, type Row, type RowSource } from './run-plan.js';

/** A key value in the representation of the type keys are hashed as. */
function normalize(v: Value, type: number): Value {
  return type === Oid.int8 && typeof v === 'number' ? BigInt(v) : v;
}

export function compileHashJoin(
  node: Extract<PlanNode, { kind: 'hashjoin' }>,
  left: CompiledPlan,
  right: CompiledPlan,
  requireSync: (s: AnySource) => RowSource,
): CompiledPlan {
  const leftKeys = node.leftKeys.map((k) => compileExpr(k));
  const rightKeys = node.rightKeys.map((k) => compileExpr(k));
  const keyOf = valuesKey(node.keyTypes);
  const qual = node.qual ? compileExpr(node.qual) : null;
  const { type, leftWidth, rightWidth, keyTypes } = node;
  const nullsLeft: Row = new Array(leftWidth).fill(null);
  const nullsRight: Row = new Array(rightWidth).fill(null);
  const keyValues = (fns: typeof leftKeys, row: Row, ctx: Parameters<CompiledPlan>[0]): Value[] | null => {
    const out: Value[] = [];
    for (let i = 0; i < fns.length; i++) {
      const v = fns[i]!(row, ctx);
      if (v === null) return null;
      out.push(normalize(v, keyTypes[i]!));
    }
    return out;
  };
  return (ctx) => {
    const all: Row[] = [];
    const table = new Map<string, number[]>();
    let building: RowSource | null = requireSync(right(ctx));
    let matchedRight: Uint8Array | null = null;
    /** Puts the right side's rows in the hash table; false when it paused. */
    const build = (): boolean => {
      for (;;) {
        const r = building!.next();
        if (r === PAUSE) return false;
        if (r === null) break;
        const i = all.length;
        all.push(r);
        const k = keyValues(rightKeys, r, ctx);
        if (!k) continue;
        const key = keyOf(k);
        const list = table.get(key);
        if (list) list.push(i);
        else table.set(key, [i]);
      }
      building = null;
      if (type === 'right' || type === 'full') matchedRight = new Uint8Array(all.length);
      return true;
    };
    const outer = requireSync(left(ctx));
    let current: Row | null = null;
    let candidates: number[] = [];
    let j = 0;
    let matched = false;
    let tail = -1;
    return {
      async: false,
      source: {
        next: (): Next => {
          if (building && !build()) return PAUSE;
          for (;;) {
            if (tail >= 0) {
              while (tail < all.length) {
                const i = tail++;
                if (!matchedRight![i]) return [...nullsLeft, ...all[i]!];
              }
              return null;
            }
            if (!current) {
              const next = outer.next();
              if (next === PAUSE) return PAUSE;
              current = next;
              if (!current) {
                if (matchedRight) {
                  tail = 0;
                  continue;
                }
                return null;
              }
              const k = keyValues(leftKeys, current, ctx);
              candidates = k ? (table.get(keyOf(k)) ?? []) : [];
              j = 0;
              matched = false;
            }
            while (j < candidates.length) {
              const i = candidates[j++]!;
              const row = [...current, ...all[i]!];
              if (qual && qual(row, ctx) !== true) continue;
              matched = true;
              if (matchedRight) matchedRight[i] = 1;
              return row;
            }
            const unmatched = !matched && (type === 'left' || type === 'full') ? [...current, ...nullsRight] : null;
            current = null;
            if (unmatched) return unmatched;
          }
        },
      },
    };
  };
}
