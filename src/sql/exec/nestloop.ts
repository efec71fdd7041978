// Nested-loop join. The right input is read once into memory and each left row is paired
// with every right row the condition accepts; LEFT/FULL emit unmatched left rows with NULLs on
// the right, RIGHT/FULL then emit the right rows no left row matched, with NULLs on the left.
// A LATERAL right side (params) reads values of the left row: it is run again per left row.
import { compileExpr, type RowFn } from '../expr/compile.js';
import type { PlanNode } from '../plan/nodes.js';
import { PAUSE, type AnySource, type CompiledPlan, type Next, type Row, type RowSource } from './run-plan.js';

export function compileNestLoop(
  node: Extract<PlanNode, { kind: 'nestloop' }>,
  left: CompiledPlan,
  right: CompiledPlan,
  requireSync: (s: AnySource) => RowSource,
): CompiledPlan {
  const qual = node.qual ? compileExpr(node.qual) : null;
  const { type, leftWidth, rightWidth } = node;
  const params: { slot: number; value: RowFn }[] = (node.params ?? []).map((p) => ({ slot: p.slot, value: compileExpr(p.value) }));
  const lateral = params.length > 0;
  const nullsLeft: Row = new Array(leftWidth).fill(null);
  const nullsRight: Row = new Array(rightWidth).fill(null);
  return (ctx) => {
    const outer = requireSync(left(ctx));
    let innerRows: Row[] = [];
    /** The right side being read (first run, or again for a lateral row); null when read. */
    let reading: RowSource | null = lateral ? null : requireSync(right(ctx));
    let matchedRight: Uint8Array | null = null;
    let current: Row | null = null;
    let j = 0;
    let matched = false;
    let tail = -1; // position in the unmatched-right phase
    /** Reads the right side to its end; false when it paused. */
    const readRight = (): boolean => {
      for (;;) {
        const r = reading!.next();
        if (r === PAUSE) return false;
        if (r === null) break;
        innerRows.push(r);
      }
      reading = null;
      if (!lateral && (type === 'right' || type === 'full')) matchedRight = new Uint8Array(innerRows.length);
      return true;
    };
    return {
      async: false,
      source: {
        next: (): Next => {
          for (;;) {
            if (reading && !readRight()) return PAUSE;
            if (tail >= 0) {
              while (tail < innerRows.length) {
                const i = tail++;
                if (!matchedRight![i]) return [...nullsLeft, ...innerRows[i]!];
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
              j = 0;
              matched = false;
              if (lateral) {
                for (const p of params) ctx.execParams[p.slot] = p.value(current, ctx);
                innerRows = [];
                reading = requireSync(right(ctx));
                continue;
              }
            }
            while (j < innerRows.length) {
              const i = j++;
              const row = [...current, ...innerRows[i]!];
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
