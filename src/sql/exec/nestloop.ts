// Nested-loop join. The right input is read once into memory and each left row is paired
// with every right row the condition accepts; LEFT/FULL emit unmatched left rows with NULLs on
// the right, RIGHT/FULL then emit the right rows no left row matched, with NULLs on the left.
// A LATERAL right side (params) reads values of the left row: it is run again per left row.
import { compileExpr, type RowFn } from '../expr/compile.js';
import type { PlanNode } from '../plan/nodes.js';
import type { AnySource, CompiledPlan, Row, RowSource } from './run-plan.js';

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
    const readRight = (): Row[] => {
      const rows: Row[] = [];
      const inner = requireSync(right(ctx));
      for (let r = inner.next(); r; r = inner.next()) rows.push(r);
      return rows;
    };
    let innerRows: Row[] = lateral ? [] : readRight();
    const matchedRight = !lateral && (type === 'right' || type === 'full') ? new Uint8Array(innerRows.length) : null;
    let current: Row | null = null;
    let j = 0;
    let matched = false;
    let tail = -1; // position in the unmatched-right phase
    return {
      async: false,
      source: {
        next: () => {
          for (;;) {
            if (tail >= 0) {
              while (tail < innerRows.length) {
                const i = tail++;
                if (!matchedRight![i]) return [...nullsLeft, ...innerRows[i]!];
              }
              return null;
            }
            if (!current) {
              current = outer.next();
              if (!current) {
                if (matchedRight) {
                  tail = 0;
                  continue;
                }
                return null;
              }
              if (lateral) {
                for (const p of params) ctx.execParams[p.slot] = p.value(current, ctx);
                innerRows = readRight();
              }
              j = 0;
              matched = false;
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
