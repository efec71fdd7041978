// An aggregate used as a window function (eval_windowaggregates): the aggregate's value over
// the frame of each row, through the same implementations the Agg node uses. While the frame
// head stays put and the tail only grows (and no EXCLUDE clause punches holes), rows are added
// to the running state and the final function is applied again; when the head moves, the state
// is rebuilt from the new head — PostgreSQL does the same for aggregates without an inverse
// transition function, and for the others the result is the same. Rows FILTER rejects are
// skipped. Cost: O(frame size) per row whose frame head moves (sliding ROWS/RANGE frames).
import { ArrayValue, type Value } from '../../types/value.js';
import type { AggregateFunction } from '../aggregates/aggregate-function.js';
import type { WindowArgs, WindowFunction } from './registry.js';

/**
 * Results must not share storage with the running state (array_agg's final result wraps the
 * list later rows are appended to).
 */
function detach(v: Value): Value {
  if (v instanceof ArrayValue) return new ArrayValue(v.elementType, v.elements.slice(), v.dims.slice(), v.lowerBounds.slice());
  return v;
}

/**
 * The window function for one aggregate call. `args(w, pos)` evaluates the aggregate's
 * arguments at a row; `accepts(w, pos)` its FILTER (true without one).
 */
export function windowAggregate(
  impl: () => AggregateFunction,
  args: (w: WindowArgs, pos: number) => Value[],
  accepts: (w: WindowArgs, pos: number) => boolean,
  hasExclusion: boolean,
): WindowFunction {
  return (w) => {
    const agg = impl();
    let state: unknown = undefined;
    /** The frame head the state was started from, and the first row not yet added. */
    let base = -1;
    let upto = -1;
    let result: Value = null;
    let resultTail = -1;
    return () => {
      const frame = w.frame!;
      const { head, tail } = frame;
      if (!hasExclusion && head === base && tail === resultTail) return result;
      if (hasExclusion || head !== base || tail < upto || state === undefined) {
        state = agg.init();
        base = head;
        upto = head;
      }
      for (let pos = upto; pos < tail; pos++) {
        if (frame.inFrame(pos) !== 1 || !accepts(w, pos)) continue;
        state = agg.add(state, args(w, pos));
      }
      upto = Math.max(upto, tail);
      result = detach(agg.final(state));
      resultTail = tail;
      return result;
    };
  };
}
